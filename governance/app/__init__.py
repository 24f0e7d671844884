"""governance.app."""
