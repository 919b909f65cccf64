"""The demo site: fixtures, synthetic archives and the demo editor."""
