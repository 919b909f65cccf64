"""What every API endpoint shares: strict query parameters, pagination, caching, errors, schema.

The endpoints themselves live in each app's `api/` package; `newsroom/api.py` routes them.
"""
