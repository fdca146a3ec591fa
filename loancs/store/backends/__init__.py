"""Store backends other than the default SQLite one (PostgreSQL: postgres.py)."""
