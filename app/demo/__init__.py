"""Demo data: `flask seed demo` runs each feature's step in order, deterministically.

All demo data lives here, one module per feature (plus content modules for the long lists).
This package sits above the features: it may import them, and no feature imports it.
"""
