"""Error answers of the sharing writes: a Dutch ``detail`` and a stable ``code`` for the whole,
and in ``fouten`` one entry per problem (``veld``, ``code``, ``bericht``)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from rest_framework import status
from rest_framework.response import Response

#: Where a service argument appears in the request body.
SERVICE_FIELDS = {
    "to_organisation": "ontvanger",
    "legal_basis": "grondslag",
    "moment": "doel",
    "necessity": "noodzaak",
    "items": "items",
    "reason": "reden",
}

#: DRF's field error codes, as the stable Dutch codes of this API.
DRF_CODES = {
    "required": "verplicht",
    "null": "verplicht",
    "blank": "verplicht",
    "invalid": "ongeldig",
    "min_value": "ongeldig",
    "max_value": "ongeldig",
    "max_string_length": "ongeldig",
    "max_length": "te_lang",
    "not_a_list": "ongeldig",
    "empty": "verplicht",
    "invalid_choice": "ongeldige_keuze",
}


def error(field: str | None, code: str, message: str) -> dict[str, Any]:
    return {"veld": field, "code": code, "bericht": str(message)}


def _flatten(errors: Any, path: str) -> Iterator[dict[str, Any]]:
    if isinstance(errors, dict):
        for key, value in errors.items():
            if key in ("non_field_errors", NON_FIELD_ERRORS):
                yield from _flatten(value, path)
            elif isinstance(key, int):  # a list field's errors, by index
                yield from _flatten(value, f"{path}[{key}]")
            else:
                yield from _flatten(value, f"{path}.{key}" if path else str(key))
    elif isinstance(errors, list):
        if all(isinstance(e, str) for e in errors):
            for e in errors:
                code = getattr(e, "code", None) or "ongeldig"
                yield error(path or None, DRF_CODES.get(code, code), str(e))
        else:
            # A list serializer: one entry per item, empty dicts for items without errors.
            for index, value in enumerate(errors):
                yield from _flatten(value, f"{path}[{index}]")
    else:
        code = getattr(errors, "code", None) or "ongeldig"
        yield error(path or None, DRF_CODES.get(code, code), str(errors))


def serializer_errors(errors: Any) -> list[dict[str, Any]]:
    """A DRF serializer's ``errors`` as a flat list of ``fouten``."""
    return list(_flatten(errors, ""))


def service_errors(exc: ValidationError) -> list[dict[str, Any]]:
    """A service's ValidationError as a flat list of ``fouten``."""
    if not hasattr(exc, "error_dict"):
        return [error(None, e.code or "ongeldig", " ".join(e.messages)) for e in exc.error_list]
    found = []
    for key, errors in exc.error_dict.items():
        field = SERVICE_FIELDS.get(key)
        for e in errors:
            found.append(error(field, e.code or "ongeldig", " ".join(e.messages)))
    return found


def invalid(
    detail: str, code: str, fouten: list[dict[str, Any]], *, status_code: int = 400
) -> Response:
    return Response({"detail": str(detail), "code": code, "fouten": fouten}, status=status_code)


FORBIDDEN = status.HTTP_403_FORBIDDEN
