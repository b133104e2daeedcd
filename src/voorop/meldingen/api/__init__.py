"""REST API for meldingen: /api/v1/meldingen/ and the entries of a family's timeline."""
