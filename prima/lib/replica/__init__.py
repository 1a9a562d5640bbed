"""The database backend of the "replica" alias: Django's PostgreSQL backend, except in tests
(see base.py). Named in the settings when DATABASE_REPLICA_URL is set."""
