"""REST API for family systems (with their timeline) and persons."""
