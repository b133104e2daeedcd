"""Forms of the veiligheidsbeoordeling and of the risk instruments. They read what the user
typed; the business rules are checked by ``voorop.assessment.services``, whose errors the views
put back on these forms (``add_service_errors``)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from voorop.assessment.choices import (
    ConditionStatus,
    Context,
    FactorAnswer,
    Outcome,
    RiskFactor,
)
from voorop.assessment.engine import NO, UNKNOWN, YES, Definition, ItemDef
from voorop.assessment.levels import AcuteLevel, RiskLevel, StructuralLevel
from voorop.assessment.models import AnswerType
from voorop.core.forms import ErrorSummaryMixin
from voorop.core.forms import add_service_errors as _add_service_errors
from voorop.organisations.models import Organisation, OrganisationKind
from voorop.persons.models import Person
from voorop.sharing import selectors as sharing_selectors
from voorop.sharing.models import CoordinationMoment, LegalBasis

#: Context of the assessment → the coordination moment a disclosure of it usually serves.
CONTEXT_MOMENT = {
    Context.SAMEN_OP_IN_ACUUT: CoordinationMoment.SAMEN_OP_IN_ACUUT,
    Context.ZSM: CoordinationMoment.ZSM,
    Context.ACTIEOVERLEG: CoordinationMoment.ACTIEOVERLEG,
}


class PersonChoiceField(forms.ModelChoiceField):
    """A member of the family system, shown by name."""

    def label_from_instance(self, obj: Any) -> str:
        return obj.full_name


def add_service_errors(form: forms.Form, error: ValidationError, fields: dict[str, str]) -> None:
    """Put a service's ValidationError on the form: ``fields`` maps service argument → field."""
    _add_service_errors(form, error, fields)


class StartForm(ErrorSummaryMixin, forms.Form):
    context = forms.ChoiceField(
        label=_("Waar maakt u de beoordeling?"),
        choices=Context.choices,
        widget=forms.RadioSelect,
        initial=Context.SAMEN_OP_IN_ACUUT,
        error_messages={"required": _("Kies waar u de beoordeling maakt.")},
    )


def factor_field(factor: str) -> str:
    return f"factor_{factor}"


def note_field(factor: str) -> str:
    return f"toelichting_{factor}"


class PartAForm(ErrorSummaryMixin, forms.Form):
    """Part A: the level of acute unsafety with its rationale, and the checklist of risk
    factors (ja / nee / weet niet, each with an optional note). Saving may be incomplete;
    completing part A is checked by the service."""

    acute_level = forms.ChoiceField(
        label=_("Acute onveiligheid"),
        choices=AcuteLevel.choices,
        widget=forms.RadioSelect,
        required=False,
        help_text=_("Uw oordeel over direct gevaar, nu en de komende dagen."),
    )
    acute_rationale = forms.CharField(
        label=_("Onderbouwing"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Waarop baseert u dit? Kort is goed."),
    )

    def __init__(self, *args: Any, suggestions: dict[str, str] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.suggestions = suggestions or {}
        for factor in RiskFactor:
            self.fields[factor_field(factor.value)] = forms.ChoiceField(
                label=factor.label,
                choices=FactorAnswer.choices,
                widget=forms.RadioSelect,
                required=False,
            )
            self.fields[note_field(factor.value)] = forms.CharField(
                label=_("Toelichting: %(factor)s") % {"factor": factor.label},
                max_length=500,
                required=False,
            )

    @classmethod
    def initial_for(cls, beoordeling, suggestions: dict[str, str]) -> dict[str, Any]:
        initial: dict[str, Any] = {
            "acute_level": beoordeling.acute_level,
            "acute_rationale": beoordeling.acute_rationale,
        }
        answered = {a.factor: a for a in beoordeling.risk_factors.all()}
        for factor in RiskFactor:
            answer = answered.get(factor.value)
            if answer is not None:
                initial[factor_field(factor.value)] = answer.answer
                initial[note_field(factor.value)] = answer.note
            elif factor.value in suggestions:
                initial[factor_field(factor.value)] = suggestions[factor.value]
        return initial

    def factor_rows(self) -> list[tuple[str, forms.BoundField, forms.BoundField, bool]]:
        """Per factor: code, answer field, note field, whether the answer is a suggestion."""
        rows = []
        for factor in RiskFactor:
            answer = self[factor_field(factor.value)]
            suggested = (
                not self.is_bound
                and factor.value in self.suggestions
                and self.initial.get(factor_field(factor.value)) == self.suggestions[factor.value]
            )
            rows.append((factor.value, answer, self[note_field(factor.value)], suggested))
        return rows

    def risk_factors(self) -> dict[str, tuple[str, str]]:
        data = self.cleaned_data
        return {
            factor.value: (
                data.get(factor_field(factor.value)) or "",
                data.get(note_field(factor.value)) or "",
            )
            for factor in RiskFactor
        }


class PartBForm(ErrorSummaryMixin, forms.Form):
    structural_level = forms.ChoiceField(
        label=_("Structurele onveiligheid"),
        choices=StructuralLevel.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    structural_findings = forms.CharField(
        label=_("Bevindingen"),
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        help_text=_(
            "Patronen en geschiedenis, oorzaken (bijv. middelengebruik, psychische problemen, "
            "schulden), wat goed gaat, en wat nodig is voor stabiele veiligheid."
        ),
    )


class _DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


class ConditionForm(ErrorSummaryMixin, forms.Form):
    text = forms.CharField(
        label=_("Voorwaarde"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Bijvoorbeeld: geen contact met …; start alcoholbehandeling binnen twee weken."
        ),
        error_messages={"required": _("Beschrijf de voorwaarde.")},
    )
    person = PersonChoiceField(
        label=_("Geldt voor"),
        queryset=Person.objects.none(),
        required=False,
        empty_label=_("Het hele gezinssysteem"),
    )
    valid_from = forms.DateField(
        label=_("Vanaf"),
        widget=_DateInput(),
        error_messages={"required": _("Geef aan vanaf wanneer de voorwaarde geldt.")},
    )
    valid_until = forms.DateField(
        label=_("Tot en met"),
        widget=_DateInput(),
        required=False,
        help_text=_("Leeg: tot nader order."),
    )

    def __init__(self, *args: Any, persons: list[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        person_field = self.fields["person"]
        assert isinstance(person_field, forms.ModelChoiceField)
        person_field.queryset = Person.objects.filter(pk__in=[p.pk for p in persons])
        if not self.is_bound and "valid_from" not in self.initial:
            self.initial["valid_from"] = timezone.localdate()


class ConditionEditForm(ConditionForm):
    status = forms.ChoiceField(label=_("Status"), choices=ConditionStatus.choices)
    status_note = forms.CharField(
        label=_("Toelichting op de status"),
        max_length=500,
        required=False,
        help_text=_("Bijvoorbeeld wat er gebeurde toen de voorwaarde niet werd nageleefd."),
    )

    def __init__(self, *args: Any, content_editable: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.content_editable = content_editable
        if not content_editable:
            for name in ("text", "person", "valid_from"):
                self.fields[name].disabled = True


class CompleteForm(ErrorSummaryMixin, forms.Form):
    outcome = forms.ChoiceField(
        label=_("Uitkomst"), choices=Outcome.choices, widget=forms.RadioSelect, required=False
    )
    outcome_rationale = forms.CharField(
        label=_("Onderbouwing"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )


class ShareForm(ErrorSummaryMixin, forms.Form):
    """Share an assessment's summary with a partner. The legal bases on offer are those Veilig
    Thuis has a rule for; whether one fits the recipient and purpose is the service's check."""

    ontvanger = forms.ModelChoiceField(
        label=_("Ontvanger"),
        queryset=Organisation.objects.none(),
        empty_label=_("Kies een organisatie"),
        error_messages={"required": _("Kies de organisatie waarmee u deelt.")},
    )
    doel = forms.ChoiceField(
        label=_("Doel (afstemmingsmoment)"),
        choices=[("", _("Kies een afstemmingsmoment")), *CoordinationMoment.choices],
        error_messages={"required": _("Kies het afstemmingsmoment waarvoor u deelt.")},
    )
    grondslag = forms.ChoiceField(
        label=_("Grondslag"),
        choices=[],
        error_messages={"required": _("Kies de wettelijke grondslag waarop u deelt.")},
    )
    noodzaak = forms.CharField(
        label=_("Waarom heeft de ontvanger dit nodig?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Voor welke wettelijke taak van de ontvanger zijn de voorwaarden nodig?"),
        error_messages={"required": _("Leg uit waarom de ontvanger dit nodig heeft.")},
    )

    def __init__(self, *args: Any, user, context: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        recipients = self.fields["ontvanger"]
        assert isinstance(recipients, forms.ModelChoiceField)
        recipients.queryset = sharing_selectors.recipient_organisations(user=user)
        rules = sharing_selectors.sharing_rule_list(from_kind=OrganisationKind.VT, active_only=True)
        self.bases: dict[str, LegalBasis] = {r.legal_basis.code: r.legal_basis for r in rules}
        self.fields["grondslag"].choices = [  # type: ignore[attr-defined]
            ("", _("Kies een grondslag")),
            *((code, basis.short_label) for code, basis in self.bases.items()),
        ]
        if not self.is_bound and context in CONTEXT_MOMENT:
            self.initial["doel"] = CONTEXT_MOMENT[context]  # type: ignore[index]

    def service_arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "to_organisation": data["ontvanger"],
            "legal_basis": self.bases[data["grondslag"]],
            "moment": data["doel"],
            "necessity": data["noodzaak"],
        }


SHARE_FIELDS = {
    "to_organisation": "ontvanger",
    "legal_basis": "grondslag",
    "moment": "doel",
    "necessity": "noodzaak",
}


# --- instruments --------------------------------------------------------------------------------


def item_field_name(code: str) -> str:
    return f"v_{code}"


def _item_field(item: ItemDef) -> forms.Field:
    common: dict[str, Any] = {
        "label": item.text,
        "help_text": item.help_text,
        "required": False,  # the engine judges completeness, with one message per question
    }
    kind = item.answer_type
    if kind == AnswerType.JA_NEE:
        choices = [(YES, _("Ja")), (NO, _("Nee"))]
        if item.allow_unknown:
            choices.append((UNKNOWN, _("Weet niet")))
        return forms.ChoiceField(choices=choices, widget=forms.RadioSelect, **common)
    if kind == AnswerType.SCHAAL:
        low, high = item.scale_min or 0, item.scale_max or 0
        return forms.ChoiceField(
            choices=[(str(n), str(n)) for n in range(low, high + 1)],
            widget=forms.RadioSelect,
            **common,
        )
    if kind == AnswerType.KEUZE:
        return forms.ChoiceField(
            choices=[(o.code, o.label) for o in item.options], widget=forms.RadioSelect, **common
        )
    if kind == AnswerType.GETAL:
        return forms.CharField(
            widget=forms.TextInput(attrs={"inputmode": "numeric", "pattern": "[0-9]*"}), **common
        )
    return forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), max_length=2000, **common)


class InstrumentForm(ErrorSummaryMixin, forms.Form):
    """One field per question of the definition (by answer type), whom it is about, and the
    professional judgement."""

    subject = PersonChoiceField(
        label=_("Over wie gaat dit?"),
        queryset=Person.objects.none(),
        required=False,
        empty_label=_("Niet één persoon / onbekend"),
    )
    professional_level = forms.ChoiceField(
        label=_("Uw professionele oordeel"),
        choices=[("", _("Zoals berekend")), *RiskLevel.choices],
        required=False,
        help_text=_(
            "U kunt het niveau alleen verhogen, niet verlagen. Verhoogt u het, licht dan toe "
            "waarom."
        ),
    )
    rationale = forms.CharField(
        label=_("Toelichting op uw oordeel"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )

    def __init__(
        self, *args: Any, definition: Definition, persons: list[Person], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.definition = definition
        subject = self.fields["subject"]
        assert isinstance(subject, forms.ModelChoiceField)
        subject.queryset = Person.objects.filter(pk__in=[p.pk for p in persons])
        for item in definition.items:
            self.fields[item_field_name(item.code)] = _item_field(item)
        # Questions first, then subject and judgement.
        order = [item_field_name(i.code) for i in definition.items]
        self.order_fields([*order, "subject", "professional_level", "rationale"])

    def item_rows(self) -> list[tuple[ItemDef, forms.BoundField]]:
        return [(item, self[item_field_name(item.code)]) for item in self.definition.items]

    def raw_answers(self) -> dict[str, Any]:
        """The answers as typed, by question code (for the engine), also for an unbound or
        invalid form (the live score)."""
        source = self.data if self.is_bound else {}
        answers: dict[str, Any] = {}
        for item in self.definition.items:
            value = source.get(item_field_name(item.code), "")
            if value not in ("", None):
                answers[item.code] = value
        return answers

    def add_answer_errors(self, errors: dict[str, str]) -> None:
        for code, message in errors.items():
            name = item_field_name(code)
            self.add_error(name if name in self.fields else None, message)


INSTRUMENT_FIELDS = {"professional_level": "professional_level", "rationale": "rationale"}
