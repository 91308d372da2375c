"""Demo data: `flask seed demo` runs each feature's step in order, deterministically."""
