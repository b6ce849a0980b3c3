"""Storage: SQLModel tables, the async engine, keyword-only queries and migrations. Never imports telegram."""
