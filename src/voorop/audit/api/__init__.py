"""Shared plumbing for the REST API views that read case data.

Every such view derives from :class:`voorop.audit.api.views.CaseDataViewSet`, which writes each
read — allowed or refused — to the access log, turns a forbidden object into the same 404 as a
missing one, and validates query parameters with Dutch messages and stable codes.
"""
