"""REST API of the disclosure register (/api/v1/verstrekkingen/) and of the sharing
configuration (/api/v1/grondslagen/, /api/v1/deelregels/)."""
