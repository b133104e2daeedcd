"""REST API representation of organisations (only as part of other resources for now)."""
