"""Use cases over storage and the standards engine (no Qt)."""
