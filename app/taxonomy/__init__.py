"""Shared vocabularies: framework elements, People Promise themes, topics, regions and ICSs."""
