"""Signals the kernel sends for the apps to act on, so that the kernel imports none of them."""

from django.dispatch import Signal

# Sent by `restore_database` inside its transaction, after the backup's rows are loaded: each
# app rebuilds what it derives from them and does not back up (the story index).
database_restored = Signal()
