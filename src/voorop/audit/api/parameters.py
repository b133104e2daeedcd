"""Fields for query-parameter serializers, with Dutch error messages of our own.

DRF's Dutch catalogue is incomplete ("Must be a valid boolean.", "Date heeft het verkeerde
formaat"), so every query parameter of the API is declared through these helpers.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

_INVALID_CHOICE = _("„{input}” is geen geldige waarde.")


def text_parameter(*, help_text: str, max_length: int = 200) -> serializers.CharField:
    return serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=max_length,
        help_text=help_text,
        error_messages={
            "max_length": _("Gebruik niet meer dan {max_length} tekens."),
            "invalid": _("Geef tekst op."),
        },
    )


def choice_parameter(
    *, choices: Any, help_text: str, default: str | None = None
) -> serializers.ChoiceField:
    extra: dict[str, Any] = {"required": False}
    if default is not None:
        extra["default"] = default
    return serializers.ChoiceField(
        choices=choices,
        help_text=help_text,
        error_messages={"invalid_choice": _INVALID_CHOICE},
        **extra,
    )


def boolean_parameter(*, help_text: str) -> serializers.BooleanField:
    return serializers.BooleanField(
        required=False,
        default=False,
        help_text=help_text,
        error_messages={"invalid": _("Gebruik true of false.")},
    )


def id_parameter(*, help_text: str) -> serializers.IntegerField:
    return serializers.IntegerField(
        required=False,
        min_value=1,
        help_text=help_text,
        error_messages={
            "invalid": _("Geef een id: een positief geheel getal."),
            "min_value": _("Geef een id: een positief geheel getal."),
            "max_string_length": _("Dit getal is te lang."),
        },
    )


def date_parameter(*, help_text: str) -> serializers.DateField:
    message = _("Geen geldige datum; gebruik JJJJ-MM-DD, bijvoorbeeld 1988-03-14.")
    return serializers.DateField(
        required=False,
        input_formats=["iso-8601"],
        help_text=help_text,
        error_messages={"invalid": message, "datetime": message},
    )
