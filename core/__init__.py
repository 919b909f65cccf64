"""The shared kernel that every app uses and that imports no app."""
