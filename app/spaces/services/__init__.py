"""Spaces use cases, one module per area; each public function owns its commit."""
