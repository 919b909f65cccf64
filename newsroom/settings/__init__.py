"""Settings per environment: base (shared), dev, test, production (docs/reference/settings.md)."""
