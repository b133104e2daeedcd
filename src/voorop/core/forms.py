from collections.abc import Mapping
from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext_lazy as _


class OwnIdsMixin:
    """For a page that holds several forms with the same field names: each form's element ids
    start with its own ``id_prefix`` (``<prefix>_<field>``), so every label points at its own
    field."""

    id_prefix = "id"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", f"{self.id_prefix}_%s")
        super().__init__(*args, **kwargs)


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _(
            "Deze combinatie van gebruikersnaam en wachtwoord is onbekend. "
            "Let op hoofdletters en kleine letters."
        ),
        "inactive": _("Dit account is niet actief. Neem contact op met uw functioneel beheerder."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Gebruikersnaam")
        self.fields["password"].label = _("Wachtwoord")


def add_service_errors(
    form: forms.Form, error: ValidationError, fields: Mapping[str, str | None] | None = None
) -> None:
    """Put a service's ValidationError on the form: each message under its field (``fields``
    maps a service argument to a form field where the names differ); a message for an argument
    the form has no field for, and a general one, goes above the form."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    fields = fields or {}
    for key, errors in error.error_dict.items():
        field = fields.get(key, key)
        if field == NON_FIELD_ERRORS or field not in form.fields:
            field = None
        form.add_error(field, errors)


class ErrorSummaryMixin:
    """(anchor, message) for the error summary above a form: general messages first, then each
    field's, linked to the field."""

    def error_summary(self) -> list[tuple[str, str]]:
        form: Any = self
        summary = [("", str(e)) for e in form.non_field_errors()]
        for name, errors in form.errors.items():
            if name == NON_FIELD_ERRORS:
                continue
            anchor = form[name].auto_id if name in form.fields else ""
            label = form.fields[name].label if name in form.fields else name
            summary += [(anchor, f"{label}: {e}") for e in errors]
        return summary
