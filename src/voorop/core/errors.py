"""Shared shape of service errors: a Dutch message on one field, with a stable code."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError


def field_error(field: str, message: str, code: str) -> ValidationError:
    """A ValidationError for ``field`` carrying a machine-readable ``code`` beside the text."""
    return ValidationError({field: ValidationError(message, code=code)})


def problems_error(problems: Iterable[Any]) -> ValidationError:
    """A workflow guard's problems (each with ``code`` and ``message``) as one general error."""
    return ValidationError(
        {NON_FIELD_ERRORS: [ValidationError(p.message, code=p.code) for p in problems]}
    )
