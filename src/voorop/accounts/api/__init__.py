"""REST API about the current user: /api/v1/ik/."""
