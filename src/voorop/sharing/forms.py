"""Forms of the disclosure register. They read what the user typed; the rules of sharing are
checked by ``voorop.sharing.services``, whose errors the views put back on these forms."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.forms.utils import ErrorDict
from django.utils.translation import gettext_lazy as _

from voorop.core.forms import add_service_errors as _add_service_errors
from voorop.meldingen.models import Melding
from voorop.organisations.models import Organisation
from voorop.persons.models import FamilySystem
from voorop.sharing import selectors
from voorop.sharing.fields import FieldGroup
from voorop.sharing.models import CoordinationMoment, LegalBasis, SharingRule
from voorop.sharing.services import NECESSITY_MIN_LENGTH, REASON_MIN_LENGTH

#: Field groups a professional chooses; KERN always travels along and is shown fixed.
CHOOSABLE_GROUPS = [g for g in FieldGroup if g != FieldGroup.KERN]

#: Where the services' errors go on the form (service argument → form field).
SERVICE_FIELDS = {
    "to_organisation": "ontvanger",
    "moment": "doel",
    "legal_basis": "grondslag",
    "necessity": "noodzaak",
    "items": "meldingen",
    "reason": "reden",
    NON_FIELD_ERRORS: None,
}


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form, each message under its own field."""
    _add_service_errors(form, error, SERVICE_FIELDS)


def groups_field_name(melding_pk: int) -> str:
    return f"gegevens_{melding_pk}"


@dataclass(frozen=True)
class MeldingChoice:
    """One own melding in the checklist, with its two bound fields."""

    melding: Melding
    groups: forms.BoundField
    checked: bool


class DisclosureForm(forms.Form):
    """Share selected own meldingen of a family system with another partner organisation.

    The legal-basis choices depend on the recipient and the purpose the user picked: only
    bases with an active rule for (own kind → recipient kind, moment) are offered."""

    ontvanger = forms.ModelChoiceField(
        label=_("Ontvanger"),
        queryset=Organisation.objects.none(),
        empty_label=_("Kies een organisatie"),
        help_text=_("De partnerorganisatie die de gegevens nodig heeft."),
        error_messages={
            "required": _("Kies de organisatie waarmee u deelt."),
            "invalid_choice": _("Kies een partnerorganisatie uit de lijst."),
        },
    )
    doel = forms.ChoiceField(
        label=_("Doel (afstemmingsmoment)"),
        choices=[("", _("Kies een afstemmingsmoment")), *CoordinationMoment.choices],
        help_text=_("Het afstemmingsmoment waarvoor de ontvanger de gegevens nodig heeft."),
        error_messages={
            "required": _("Kies het afstemmingsmoment waarvoor u deelt."),
            "invalid_choice": _("Kies een afstemmingsmoment uit de lijst."),
        },
    )
    grondslag = forms.ChoiceField(
        label=_("Grondslag"),
        choices=[],
        error_messages={
            "required": _("Kies de wettelijke grondslag waarop u deelt."),
            "invalid_choice": _(
                "Deze grondslag past niet bij de gekozen ontvanger en het doel. Kies een "
                "grondslag uit de lijst."
            ),
        },
    )
    meldingen = forms.MultipleChoiceField(
        label=_("Welke meldingen deelt u?"),
        choices=[],
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Kies ten minste één melding om te delen."),
            "invalid_choice": _("Kies alleen meldingen uit de lijst."),
        },
    )
    noodzaak = forms.CharField(
        label=_("Waarom heeft de ontvanger deze gegevens nodig?"),
        help_text=_(
            "Leg uit waarom de gegevens nodig zijn voor de wettelijke taak van de ontvanger. "
            "Deel niet meer dan nodig is."
        ),
        widget=forms.Textarea(attrs={"rows": 4}),
        min_length=NECESSITY_MIN_LENGTH,
        error_messages={
            "required": _("Leg uit waarom de ontvanger deze gegevens nodig heeft."),
            "min_length": _(
                "Leg uit waarom de ontvanger deze gegevens nodig heeft (ten minste "
                "%(limit_value)d tekens)."
            ),
        },
    )

    def __init__(
        self,
        data: Any = None,
        *,
        user,
        family_system: FamilySystem,
        show_errors: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(data, **kwargs)
        # False while the user is still filling in (refreshing the bases on offer): the form
        # is bound to what was typed so far, but nothing is judged yet.
        self.show_errors = show_errors
        self.user = user
        self.family_system = family_system
        recipients = selectors.recipient_organisations(user=user)
        ontvanger_field = self.fields["ontvanger"]
        assert isinstance(ontvanger_field, forms.ModelChoiceField)
        ontvanger_field.queryset = recipients
        self.own_meldingen: list[Melding] = list(
            selectors.shareable_meldingen(user=user, family_system=family_system)
        )
        self.fields["meldingen"].choices = [  # type: ignore[attr-defined]
            (str(m.pk), f"{m.get_kind_display()} {m.reference}") for m in self.own_meldingen
        ]
        for m in self.own_meldingen:
            self.fields[groups_field_name(m.pk)] = forms.MultipleChoiceField(
                label=_("Gegevens van melding %(ref)s") % {"ref": m.reference},
                choices=[(g.value, g.label) for g in CHOOSABLE_GROUPS],
                required=False,
                widget=forms.CheckboxSelectMultiple,
                error_messages={"invalid_choice": _("Kies alleen gegevensgroepen uit de lijst.")},
            )
        # The legal bases on offer follow the recipient and purpose as submitted so far.
        self.recipient = self._raw_recipient(recipients)
        self.moment = str(self.data.get("doel", "")) if self.is_bound else ""
        self.rules: list[SharingRule] = selectors.sharing_rules_for(
            user=user, to_organisation=self.recipient, moment=self.moment
        )
        self.bases: dict[str, LegalBasis] = {r.legal_basis.code: r.legal_basis for r in self.rules}
        placeholder = (
            _("Kies een grondslag")
            if self.bases
            else _("Kies eerst een ontvanger en een doel")
            if not (self.recipient and self.moment)
            else _("Geen grondslag voor deze ontvanger en dit doel")
        )
        self.fields["grondslag"].choices = [  # type: ignore[attr-defined]
            ("", placeholder),
            *((code, basis.short_label) for code, basis in self.bases.items()),
        ]

    @property
    def errors(self) -> ErrorDict:
        if not self.show_errors:
            return ErrorDict()
        return super().errors

    def _raw_recipient(self, recipients) -> Organisation | None:
        raw = str(self.data.get("ontvanger", "")) if self.is_bound else ""
        if not raw.isdigit():
            return None
        return recipients.filter(pk=int(raw)).first()

    @property
    def selected_rule(self) -> SharingRule | None:
        """The rule of the basis chosen so far (for its help text), if it is on offer."""
        code = str(self.data.get("grondslag", "")) if self.is_bound else ""
        return next((r for r in self.rules if r.legal_basis.code == code), None)

    @property
    def selected_rule_group_labels(self) -> list[str]:
        rule = self.selected_rule
        groups = rule.field_groups if rule else []
        return [str(g.label) for g in FieldGroup if g.value in groups]

    @property
    def no_basis_available(self) -> bool:
        return bool(self.recipient and self.moment in CoordinationMoment.values and not self.rules)

    def melding_choices(self) -> list[MeldingChoice]:
        chosen = set(self.data.getlist("meldingen")) if self.is_bound else set()  # type: ignore[attr-defined]
        return [
            MeldingChoice(
                melding=m,
                groups=self[groups_field_name(m.pk)],
                checked=str(m.pk) in chosen,
            )
            for m in self.own_meldingen
        ]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        chosen = set(cleaned.get("meldingen") or [])
        stray = [
            m.reference
            for m in self.own_meldingen
            if str(m.pk) not in chosen and cleaned.get(groups_field_name(m.pk))
        ]
        if stray:
            self.add_error(
                "meldingen",
                ValidationError(
                    _(
                        "U koos gegevens van %(refs)s, maar niet de melding zelf. Vink de melding "
                        "aan, of haal de gekozen gegevens weg."
                    )
                    % {"refs": ", ".join(stray)},
                    code="gegevens_zonder_melding",
                ),
            )
        return cleaned

    def service_arguments(self) -> dict[str, Any]:
        """The validated form as arguments of ``services.disclosure_create``."""
        data = self.cleaned_data
        by_pk = {str(m.pk): m for m in self.own_meldingen}
        return {
            "to_organisation": data["ontvanger"],
            "legal_basis": self.bases[data["grondslag"]],
            "moment": data["doel"],
            "necessity": data["noodzaak"],
            "items": [
                (by_pk[pk], [FieldGroup.KERN.value, *data.get(groups_field_name(int(pk)), [])])
                for pk in data["meldingen"]
            ],
        }

    def error_summary(self) -> list[tuple[str, str]]:
        """(anchor, message) for every error, in the order of the form, for the summary."""
        anchors = {
            "ontvanger": "id_ontvanger",
            "doel": "id_doel",
            "grondslag": "id_grondslag",
            "meldingen": "meldingen-keuze",
            "noodzaak": "id_noodzaak",
        }
        summary = [("", str(e)) for e in self.non_field_errors()]
        for name in ("ontvanger", "doel", "grondslag", "meldingen", "noodzaak"):
            summary += [(anchors[name], str(e)) for e in self.errors.get(name, [])]
        for m in self.own_meldingen:
            name = groups_field_name(m.pk)
            summary += [(f"gegevens-{m.pk}", str(e)) for e in self.errors.get(name, [])]
        return summary


class WithdrawForm(forms.Form):
    """Withdraw a disclosure: a reason, and a confirmation."""

    reden = forms.CharField(
        label=_("Reden van intrekken"),
        help_text=_("Bijvoorbeeld: gedeeld met de verkeerde organisatie, of niet meer nodig."),
        widget=forms.Textarea(attrs={"rows": 3}),
        min_length=REASON_MIN_LENGTH,
        error_messages={
            "required": _("Geef de reden van het intrekken op."),
            "min_length": _(
                "Geef de reden van het intrekken op (ten minste %(limit_value)d tekens)."
            ),
        },
    )
    bevestigd = forms.BooleanField(required=False, widget=forms.HiddenInput)
