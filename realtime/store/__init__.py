"""Query functions, one module per collection."""
