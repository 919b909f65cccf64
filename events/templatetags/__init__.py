"""Template tags of the world's pages."""
