"""governance.core.demo."""
