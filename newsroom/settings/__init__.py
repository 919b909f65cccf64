"""Settings per environment: base (shared), dev, test, production. See README "Configuration"."""
