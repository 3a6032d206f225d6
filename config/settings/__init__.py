"""Settings per use: production.py (the product), test.py (pytest), both on base.py."""
