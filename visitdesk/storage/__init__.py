"""Encrypted local storage: models, database, migrations and the audit chain (no Qt)."""
