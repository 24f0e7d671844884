"""governance.core."""
