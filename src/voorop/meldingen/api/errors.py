"""Error answers of POST /api/v1/meldingen/: a Dutch ``detail`` and a stable ``code`` for the
whole, and in ``fouten`` one entry per problem (``veld``, ``code``, ``bericht``) — the shape of
the disclosure register's answers (``voorop.sharing.api.errors``)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers, status
from rest_framework.response import Response

from voorop.audit.api.errors import FoutSerializer
from voorop.meldingen.api.serializers import API_FIELDS, API_PERSON_FIELDS
from voorop.meldingen.validation import Problem

INVALID = "ongeldige_melding"
INVALID_DETAIL = _("De melding is niet vastgelegd. Er is niets opgeslagen.")
FORBIDDEN_DETAIL = _("U mag deze melding niet vastleggen. Er is niets opgeslagen.")
KEY_INVALID = "idempotency_key_ongeldig"
KEY_REUSED = "idempotency_key_hergebruikt"

#: DRF's field error codes, as the stable codes of the intake rules.
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
    "not_a_dict": "ongeldig",
    "parse_error": "ongeldig",
}


class FoutRegelSerializer(serializers.Serializer):
    veld = serializers.CharField(
        allow_null=True,
        help_text="Waar in het verzoek, bijvoorbeeld personen[0].bsn; null: geheel.",
    )
    code = serializers.CharField(help_text="Vaste foutcode, bijvoorbeeld bsn_ongeldig.")
    bericht = serializers.CharField(help_text="Foutmelding voor mensen (Nederlands).")


class MeldingFoutSerializer(FoutSerializer):
    """A melding that was not recorded. ``code`` is ``ongeldige_melding`` (400), the code of the
    refusal (403: ``andere_organisatie``, ``geen_rol_om_vast_te_leggen``, ``geen_organisatie``,
    ``organisatie_legt_niets_vast``), ``idempotency_key_ongeldig`` (400) or
    ``idempotency_key_hergebruikt`` (422); ``fouten`` lists every problem."""

    fouten = FoutRegelSerializer(many=True, required=False)


def error(field: str | None, code: str, message: str) -> dict[str, Any]:
    return {"veld": field, "code": code, "bericht": str(message)}


def _flatten(errors: Any, path: str) -> Iterator[dict[str, Any]]:
    if isinstance(errors, dict):
        for key, value in errors.items():
            if key == "non_field_errors":
                yield from _flatten(value, path)
            elif isinstance(key, int):
                yield from _flatten(value, f"{path}[{key}]")
            else:
                yield from _flatten(value, f"{path}.{key}" if path else str(key))
    elif isinstance(errors, list):
        for index, value in enumerate(errors):
            if isinstance(value, dict):
                yield from _flatten(value, f"{path}[{index}]")
            else:
                yield from _flatten(value, path)
    else:
        code = getattr(errors, "code", None) or "ongeldig"
        yield error(path or None, DRF_CODES.get(code, code), str(errors))


def serializer_errors(errors: Any) -> list[dict[str, Any]]:
    return list(_flatten(errors, ""))


def problem_field(problem: Problem) -> str | None:
    """Where a service problem is in the request body."""
    if problem.person is not None:
        name = API_PERSON_FIELDS.get(problem.field, problem.field)
        return f"personen[{problem.person}].{name}"
    if not problem.field:
        return None
    if problem.field == "persons":
        return "personen"
    if problem.field.startswith("label_"):
        return "labels"
    return API_FIELDS.get(problem.field, problem.field)


def problems(found: list[Problem]) -> list[dict[str, Any]]:
    return [error(problem_field(p), p.code, p.message) for p in found]


def invalid(fouten: list[dict[str, Any]]) -> Response:
    return Response(
        {"detail": str(INVALID_DETAIL), "code": INVALID, "fouten": fouten},
        status=status.HTTP_400_BAD_REQUEST,
    )


def forbidden(fouten: list[dict[str, Any]]) -> Response:
    return Response(
        {"detail": str(FORBIDDEN_DETAIL), "code": fouten[0]["code"], "fouten": fouten},
        status=status.HTTP_403_FORBIDDEN,
    )
