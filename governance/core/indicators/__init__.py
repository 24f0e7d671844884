"""governance.core.indicators."""
