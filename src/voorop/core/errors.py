"""Shared shape of service errors: a Dutch message on one field, with a stable code."""

from __future__ import annotations

from django.core.exceptions import ValidationError


def field_error(field: str, message: str, code: str) -> ValidationError:
    """A ValidationError for ``field`` carrying a machine-readable ``code`` beside the text."""
    return ValidationError({field: ValidationError(message, code=code)})
