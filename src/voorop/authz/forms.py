"""Forms of the emergency-access pages and the dat-informatie lookup, with Dutch messages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from voorop.authz.models import ReviewOutcome
from voorop.authz.selectors import QueueStatus
from voorop.authz.services import REASON_MIN_LENGTH
from voorop.sharing.betrokkenheid import is_valid_bsn

DATE_FORMATS = ["%d-%m-%Y", "%Y-%m-%d", "%d/%m/%Y"]


class EmergencyAccessForm(forms.Form):
    reden = forms.CharField(
        label=_("Reden voor noodtoegang"),
        widget=forms.Textarea(attrs={"rows": 5}),
        min_length=REASON_MIN_LENGTH,
        max_length=2000,
        help_text=_(
            "Beschrijf de acute noodsituatie: welk vitaal belang van welke persoon staat op het "
            "spel, en waarom kunt u niet wachten tot een partner informatie deelt?"
        ),
        error_messages={
            "required": _("Geef de reden voor de noodtoegang op."),
            "min_length": _(
                "Beschrijf de acute noodsituatie in ten minste %(limit_value)d tekens "
                "(nu %(show_value)d)."
            ),
            "max_length": _("Gebruik niet meer dan %(limit_value)d tekens."),
        },
    )
    wachtwoord = forms.CharField(
        label=_("Uw wachtwoord"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("Bevestig met uw eigen wachtwoord dat u het zelf bent."),
        error_messages={"required": _("Vul uw wachtwoord in.")},
    )

    #: Service error field → form field.
    SERVICE_FIELDS = {"reason": "reden", "password": "wachtwoord"}


class EmergencyReviewForm(forms.Form):
    oordeel = forms.ChoiceField(
        label=_("Oordeel"),
        choices=ReviewOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Kies of de noodtoegang terecht of onterecht was."),
            "invalid_choice": _("Kies terecht of onterecht."),
        },
    )
    toelichting = forms.CharField(
        label=_("Toelichting"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Verplicht bij onterecht: waarom, en wat er mee gebeurt."),
        error_messages={"max_length": _("Gebruik niet meer dan %(limit_value)d tekens.")},
    )

    SERVICE_FIELDS = {"outcome": "oordeel", "note": "toelichting"}


class EmergencyQueueFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            ("", _("Alle")),
            (QueueStatus.OPEN, _("Te beoordelen")),
            (QueueStatus.REVIEWED, _("Beoordeeld")),
            (QueueStatus.JUSTIFIED, _("Terecht")),
            (QueueStatus.UNJUSTIFIED, _("Onterecht")),
        ],
    )


class InvolvementLookupForm(forms.Form):
    """A BSN, or a surname with a date of birth."""

    bsn = forms.CharField(
        label=_("BSN"),
        required=False,
        max_length=11,
        help_text=_("Negen cijfers."),
    )
    achternaam = forms.CharField(
        label=_("Achternaam"),
        required=False,
        max_length=200,
        help_text=_("Met tussenvoegsel, zoals „de Vries”, of zonder."),
    )
    geboortedatum = forms.DateField(
        label=_("Geboortedatum"),
        required=False,
        input_formats=DATE_FORMATS,
        help_text=_("Bijvoorbeeld 31-12-1985."),
        error_messages={"invalid": _("Vul een geldige datum in, bijvoorbeeld 31-12-1985.")},
    )

    def clean_bsn(self) -> str:
        value = "".join(self.cleaned_data["bsn"].split()).replace(".", "")
        if value and not is_valid_bsn(value):
            raise forms.ValidationError(
                _("Geen geldig BSN: een BSN heeft negen cijfers en voldoet aan de elfproef."),
                code="invalid_bsn",
            )
        return value

    def clean_achternaam(self) -> str:
        return " ".join(self.cleaned_data["achternaam"].split())

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        bsn = cleaned.get("bsn")
        surname, born = cleaned.get("achternaam"), cleaned.get("geboortedatum")
        if bsn and (surname or born):
            raise forms.ValidationError(
                _("Zoek op BSN, of op achternaam en geboortedatum; niet op beide."),
                code="both",
            )
        if not bsn:
            if not surname and not born:
                raise forms.ValidationError(
                    _("Vul een BSN in, of een achternaam en een geboortedatum."), code="empty"
                )
            if not surname:
                self.add_error(
                    "achternaam", _("Vul ook de achternaam in (zonder BSN zijn beide nodig).")
                )
            elif not born:
                self.add_error(
                    "geboortedatum",
                    _("Vul ook de geboortedatum in (zonder BSN zijn beide nodig)."),
                )
        return cleaned
