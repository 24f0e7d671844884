"""governance.app.views."""
