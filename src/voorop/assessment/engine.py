"""The risk-instrument engine: reads a definition (questions, scoring, thresholds) and turns
answers into a score, a level and advice. Pure Python: no database, no request.

A definition comes from the database (``Definition.from_instrument``) or from the YAML file
of the data migration (``Definition.from_dict``); both are checked by ``definition_errors``
with the same rules:

- at least one question; question codes are unique slugs, orders unique;
- per answer type what it needs: a scale with minimum < maximum, at least two options with
  unique codes and scores ≥ 0, bands with increasing "vanaf"; a text question never scores and
  is never critical;
- a critical question says how it fires (ja, an option marked ``kritiek``, or ``critical_from``
  for a scale or number), and there is a threshold for the level it lifts to;
- the thresholds cover every score the questions can give, without gaps or overlaps, and a
  higher score never gives a lower level.

Scoring (``evaluate``): the sum of the questions' scores (see ``InstrumentItem``); the level of
the threshold the sum falls in, lifted to the highest ``critical_level`` of the critical
questions that fired. The advice is that of the (highest) threshold with the resulting level.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from voorop.assessment.choices import RiskFactor
from voorop.assessment.levels import RiskLevel, risk_max, risk_rank
from voorop.assessment.models.instruments import AnswerType, InstrumentTarget
from voorop.organisations.models import OrganisationKind

YES, NO, UNKNOWN = "JA", "NEE", "ONBEKEND"
_SLUG = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
TEXT_MAX_LENGTH = 2000
NUMBER_LIMIT = 1_000_000


@dataclass(frozen=True)
class Option:
    code: str
    label: str
    score: int
    critical: bool = False


@dataclass(frozen=True)
class Band:
    from_value: int
    score: int


@dataclass(frozen=True)
class ItemDef:
    code: str
    order: int
    text: str
    answer_type: str
    help_text: str = ""
    required: bool = True
    allow_unknown: bool = False
    weight: int = 1
    scale_min: int | None = None
    scale_max: int | None = None
    options: tuple[Option, ...] = ()
    bands: tuple[Band, ...] = ()
    critical_level: str = ""
    critical_from: int | None = None
    risk_factor: str = ""

    @property
    def is_critical(self) -> bool:
        return bool(self.critical_level)

    def option(self, code: str) -> Option | None:
        return next((o for o in self.options if o.code == code), None)

    def score_range(self) -> tuple[int, int]:
        """The lowest and highest score this question can add (unanswered counts as 0)."""
        can_be_zero = not self.required or self.allow_unknown
        if self.answer_type == AnswerType.JA_NEE:
            return 0, self.weight
        if self.answer_type == AnswerType.SCHAAL:
            if self.scale_min is None or self.scale_max is None:
                return 0, 0
            return 0, (self.scale_max - self.scale_min) * self.weight
        if self.answer_type == AnswerType.KEUZE:
            scores = [o.score * self.weight for o in self.options] or [0]
            return (0 if can_be_zero else min(scores)), max(scores)
        if self.answer_type == AnswerType.GETAL:
            scores = [b.score * self.weight for b in self.bands]
            below_first = not self.bands or (
                self.scale_min is None or self.scale_min < self.bands[0].from_value
            )
            if below_first or can_be_zero:
                scores.append(0)
            return min(scores), max(scores)
        return 0, 0


@dataclass(frozen=True)
class ThresholdDef:
    min_score: int
    max_score: int | None
    level: str
    advice: str

    def contains(self, score: int) -> bool:
        return self.min_score <= score and (self.max_score is None or score <= self.max_score)


@dataclass(frozen=True)
class Definition:
    code: str
    version: int
    name: str
    target: str
    organisation_kinds: tuple[str, ...]
    items: tuple[ItemDef, ...]
    thresholds: tuple[ThresholdDef, ...]
    description: str = ""
    is_example: bool = True

    @classmethod
    def from_instrument(cls, instrument) -> Definition:
        """From a ``RiskInstrument`` and its saved questions and thresholds."""
        items = tuple(
            ItemDef(
                code=i.code,
                order=i.order,
                text=i.text,
                help_text=i.help_text,
                answer_type=i.answer_type,
                required=i.required,
                allow_unknown=i.allow_unknown,
                weight=i.weight,
                scale_min=i.scale_min,
                scale_max=i.scale_max,
                options=_options(i.options),
                bands=_bands(i.bands),
                critical_level=i.critical_level,
                critical_from=i.critical_from,
                risk_factor=i.risk_factor,
            )
            for i in sorted(instrument.items.all(), key=lambda i: (i.order, i.pk))
        )
        thresholds = tuple(
            ThresholdDef(t.min_score, t.max_score, t.level, t.advice)
            for t in sorted(instrument.thresholds.all(), key=lambda t: (t.min_score, t.pk))
        )
        return cls(
            code=instrument.code,
            version=instrument.version,
            name=instrument.name,
            target=instrument.target,
            organisation_kinds=tuple(instrument.organisation_kinds or ()),
            items=items,
            thresholds=thresholds,
            description=instrument.description,
            is_example=instrument.is_example,
        )

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Definition:
        """From one instrument of the YAML file (keys as in ``fixtures/risk_instruments.yaml``).
        Raises ``DefinitionFormatError`` when a key is missing or has the wrong type."""
        try:
            items = tuple(
                ItemDef(
                    code=str(raw["code"]),
                    order=int(raw.get("order", n)),
                    text=str(raw["text"]),
                    help_text=str(raw.get("help_text", "")),
                    answer_type=str(raw["answer_type"]),
                    required=bool(raw.get("required", True)),
                    allow_unknown=bool(raw.get("allow_unknown", False)),
                    weight=int(raw.get("weight", 1)),
                    scale_min=_int_or_none(raw.get("scale_min")),
                    scale_max=_int_or_none(raw.get("scale_max")),
                    options=_options(raw.get("options", [])),
                    bands=_bands(raw.get("bands", [])),
                    critical_level=str(raw.get("critical_level", "") or ""),
                    critical_from=_int_or_none(raw.get("critical_from")),
                    risk_factor=str(raw.get("risk_factor", "") or ""),
                )
                for n, raw in enumerate(data.get("items", []), start=1)
            )
            thresholds = tuple(
                ThresholdDef(
                    int(raw["min_score"]),
                    _int_or_none(raw.get("max_score")),
                    str(raw["level"]),
                    str(raw["advice"]),
                )
                for raw in data.get("thresholds", [])
            )
            return cls(
                code=str(data["code"]),
                version=int(data.get("version", 1)),
                name=str(data["name"]),
                target=str(data["target"]),
                organisation_kinds=tuple(str(k) for k in data.get("organisation_kinds", [])),
                items=items,
                thresholds=thresholds,
                description=str(data.get("description", "")),
                is_example=bool(data.get("is_example", True)),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise DefinitionFormatError(str(exc)) from exc

    def item(self, code: str) -> ItemDef | None:
        return next((i for i in self.items if i.code == code), None)

    def score_range(self) -> tuple[int, int]:
        ranges = [i.score_range() for i in self.items]
        return sum(r[0] for r in ranges), sum(r[1] for r in ranges)

    def threshold_for(self, score: int) -> ThresholdDef | None:
        return next((t for t in self.thresholds if t.contains(score)), None)

    def advice_for(self, level: str) -> str:
        """The advice of the highest threshold with this level."""
        matching = [t for t in self.thresholds if t.level == level]
        return matching[-1].advice if matching else ""


class DefinitionFormatError(ValueError):
    """A definition file that cannot even be read as a definition."""


def _int_or_none(value: Any) -> int | None:
    return None if value is None or value == "" else int(value)


def _options(raw: Any) -> tuple[Option, ...]:
    if not isinstance(raw, list):
        raise DefinitionFormatError("options")
    return tuple(
        Option(
            code=str(o["code"]),
            label=str(o.get("label", "")),
            score=int(o.get("score", 0)),
            critical=bool(o.get("kritiek", False)),
        )
        for o in raw
    )


def _bands(raw: Any) -> tuple[Band, ...]:
    if not isinstance(raw, list):
        raise DefinitionFormatError("bands")
    return tuple(Band(from_value=int(b["vanaf"]), score=int(b["score"])) for b in raw)


# --- validation of a definition ----------------------------------------------------------------


@dataclass(frozen=True)
class DefinitionError:
    """One problem with a definition: a Dutch message, a stable code, and the question code (or
    "" for the instrument as a whole)."""

    message: str
    code: str
    item: str = ""

    def __str__(self) -> str:
        return f"{self.item}: {self.message}" if self.item else self.message


def _item_errors(item: ItemDef) -> list[DefinitionError]:
    errors: list[DefinitionError] = []

    def add(message: str, code: str) -> None:
        errors.append(DefinitionError(message, code, item.code))

    if not _SLUG.match(item.code):
        add(_("De code mag alleen kleine letters, cijfers, - en _ bevatten."), "code_ongeldig")
    if not item.text.strip():
        add(_("De vraag heeft geen tekst."), "tekst_ontbreekt")
    if item.answer_type not in AnswerType.values:
        add(_("Onbekende soort antwoord: %s.") % item.answer_type, "soort_onbekend")
        return errors
    if item.weight < 0:
        add(_("Het gewicht mag niet negatief zijn."), "gewicht_negatief")
    if item.allow_unknown and item.answer_type != AnswerType.JA_NEE:
        add(_("'Weet niet' kan alleen bij een ja/nee-vraag."), "weet_niet_ongeldig")
    if item.risk_factor and item.risk_factor not in RiskFactor.values:
        add(_("Onbekende risicofactor: %s.") % item.risk_factor, "risicofactor_onbekend")
    if item.risk_factor and item.answer_type != AnswerType.JA_NEE:
        add(_("Alleen een ja/nee-vraag kan een risicofactor invullen."), "risicofactor_soort")
    if item.critical_level and item.critical_level not in RiskLevel.values:
        add(_("Onbekend niveau: %s.") % item.critical_level, "niveau_onbekend")

    kind = item.answer_type
    if kind == AnswerType.SCHAAL and (
        item.scale_min is None or item.scale_max is None or item.scale_min >= item.scale_max
    ):
        add(_("Een schaal heeft een minimum dat kleiner is dan het maximum."), "schaal")
    if kind == AnswerType.GETAL and (
        item.scale_min is not None
        and item.scale_max is not None
        and item.scale_min >= item.scale_max
    ):
        add(_("Het minimum moet kleiner zijn dan het maximum."), "bereik")
    if kind == AnswerType.KEUZE:
        if len(item.options) < 2:
            add(_("Een keuzevraag heeft ten minste twee opties."), "opties_te_weinig")
        codes = [o.code for o in item.options]
        if len(set(codes)) != len(codes):
            add(_("De opties hebben dubbele codes."), "opties_dubbel")
        if any(not o.label.strip() for o in item.options):
            add(_("Elke optie heeft een tekst."), "optie_tekst")
        if any(o.score < 0 for o in item.options):
            add(_("De score van een optie mag niet negatief zijn."), "optie_score")
    elif item.options:
        add(_("Alleen een keuzevraag heeft opties."), "opties_ongeldig")
    if kind == AnswerType.GETAL:
        starts = [b.from_value for b in item.bands]
        if starts != sorted(set(starts)):
            add(_("De scoreklassen lopen op ('vanaf' steeds hoger)."), "klassen_volgorde")
        if any(b.score < 0 for b in item.bands):
            add(_("De score van een klasse mag niet negatief zijn."), "klasse_score")
    elif item.bands:
        add(_("Alleen een getalvraag heeft scoreklassen."), "klassen_ongeldig")

    # How a critical question fires.
    if kind == AnswerType.TEKST and item.critical_level:
        add(_("Een tekstvraag kan niet kritiek zijn."), "tekst_kritiek")
    if kind == AnswerType.KEUZE:
        marked = any(o.critical for o in item.options)
        if item.critical_level and not marked:
            add(_("Markeer ten minste één optie als kritiek."), "kritieke_optie_ontbreekt")
        if marked and not item.critical_level:
            add(_("Kies het niveau waartoe een kritieke optie leidt."), "kritiek_niveau")
    if kind in (AnswerType.SCHAAL, AnswerType.GETAL):
        if item.critical_level and item.critical_from is None:
            add(_("Geef aan vanaf welke waarde de vraag kritiek is."), "kritiek_vanaf")
        if item.critical_from is not None and not item.critical_level:
            add(_("Kies het niveau waartoe de kritieke waarde leidt."), "kritiek_niveau")
    elif item.critical_from is not None:
        add(_("'Kritiek vanaf' geldt alleen voor een schaal of getal."), "kritiek_vanaf_ongeldig")
    return errors


def definition_errors(definition: Definition) -> list[DefinitionError]:
    """Every problem with the definition; empty when it can be used."""
    errors: list[DefinitionError] = []
    if not _SLUG.match(definition.code):
        errors.append(
            DefinitionError(
                _(
                    "De code van het instrument mag alleen kleine letters, cijfers, - en _ "
                    "bevatten."
                ),
                "code_ongeldig",
            )
        )
    if definition.target not in InstrumentTarget.values:
        errors.append(DefinitionError(_("Onbekend doel: %s.") % definition.target, "doel"))
    if not definition.organisation_kinds:
        errors.append(
            DefinitionError(_("Kies ten minste één soort organisatie."), "geen_organisaties")
        )
    unknown_kinds = sorted(set(definition.organisation_kinds) - set(OrganisationKind.values))
    if unknown_kinds:
        errors.append(
            DefinitionError(
                _("Onbekende soort organisatie: %s.") % ", ".join(unknown_kinds),
                "onbekende_organisatie",
            )
        )
    if not definition.items:
        errors.append(DefinitionError(_("Het instrument heeft geen vragen."), "geen_vragen"))
    codes = [i.code for i in definition.items]
    for code in sorted({c for c in codes if codes.count(c) > 1}):
        errors.append(
            DefinitionError(_("De code %s komt meer dan eens voor.") % code, "code_dubbel", code)
        )
    orders = [i.order for i in definition.items]
    if len(set(orders)) != len(orders):
        errors.append(DefinitionError(_("Twee vragen hebben dezelfde volgorde."), "volgorde"))
    for item in definition.items:
        errors += _item_errors(item)
    errors += _threshold_errors(definition)
    return errors


def _threshold_errors(definition: Definition) -> list[DefinitionError]:
    errors: list[DefinitionError] = []

    def add(message: str, code: str) -> None:
        errors.append(DefinitionError(message, code))

    thresholds = sorted(definition.thresholds, key=lambda t: t.min_score)
    if not thresholds:
        add(_("Het instrument heeft geen drempels."), "geen_drempels")
        return errors
    for t in thresholds:
        if t.level not in RiskLevel.values:
            add(_("Onbekend niveau in een drempel: %s.") % t.level, "niveau_onbekend")
        if t.max_score is not None and t.max_score < t.min_score:
            add(
                _("De drempel %(lo)s–%(hi)s loopt achteruit.")
                % {"lo": t.min_score, "hi": t.max_score},
                "drempel_achteruit",
            )
        if not t.advice.strip():
            add(_("Elke drempel heeft een advies."), "advies_ontbreekt")
    low, high = definition.score_range()
    if thresholds[0].min_score > low:
        add(
            _("De drempels beginnen bij %(start)s, maar de laagst mogelijke score is %(low)s.")
            % {"start": thresholds[0].min_score, "low": low},
            "drempels_dekken_niet",
        )
    for previous, current in itertools.pairwise(thresholds):
        if previous.max_score is None or current.min_score <= previous.max_score:
            add(
                _("De drempels vanaf %(a)s en vanaf %(b)s overlappen.")
                % {"a": previous.min_score, "b": current.min_score},
                "drempels_overlappen",
            )
        elif current.min_score > previous.max_score + 1:
            add(
                _("Scores %(lo)s tot en met %(hi)s vallen in geen drempel.")
                % {"lo": previous.max_score + 1, "hi": current.min_score - 1},
                "drempels_gat",
            )
        if risk_rank(current.level) < risk_rank(previous.level):
            add(
                _("Een hogere score mag niet tot een lager niveau leiden (vanaf %(b)s).")
                % {"b": current.min_score},
                "drempels_niet_oplopend",
            )
    last = thresholds[-1]
    if last.max_score is not None and last.max_score < high:
        add(
            _("De drempels eindigen bij %(end)s, maar de hoogst mogelijke score is %(high)s.")
            % {"end": last.max_score, "high": high},
            "drempels_dekken_niet",
        )
    levels = {t.level for t in thresholds}
    for item in definition.items:
        if item.critical_level and item.critical_level not in levels:
            errors.append(
                DefinitionError(
                    _("Er is geen drempel met niveau %s, waartoe deze kritieke vraag leidt.")
                    % item.critical_level,
                    "kritiek_zonder_drempel",
                    item.code,
                )
            )
    return errors


# --- answers and scoring -----------------------------------------------------------------------


class AnswersInvalid(ValueError):
    """Answers that do not fit the definition: ``errors`` maps question codes to messages
    (the key "" for answers to questions the instrument does not have)."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__(errors)
        self.errors = errors


def _is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _clean_one(item: ItemDef, value: Any) -> Any:
    """The answer in its stored form, or ValueError with a Dutch message."""
    kind = item.answer_type
    if kind == AnswerType.JA_NEE:
        allowed = [YES, NO, *([UNKNOWN] if item.allow_unknown else [])]
        if isinstance(value, bool):
            value = YES if value else NO
        text = str(value).strip().upper()
        if text not in allowed:
            raise ValueError(
                _("Kies ja, nee of weet niet.") if item.allow_unknown else _("Kies ja of nee.")
            )
        return text
    if kind in (AnswerType.SCHAAL, AnswerType.GETAL):
        if isinstance(value, bool):
            raise ValueError(_("Geef een geheel getal."))
        try:
            number = int(str(value).strip())
        except ValueError:
            raise ValueError(_("Geef een geheel getal.")) from None
        low = item.scale_min if item.scale_min is not None else 0
        high = item.scale_max if item.scale_max is not None else NUMBER_LIMIT
        if number < low or number > high:
            raise ValueError(
                _("Kies een waarde van %(lo)s tot en met %(hi)s.") % {"lo": low, "hi": high}
            )
        return number
    if kind == AnswerType.KEUZE:
        code = str(value).strip()
        if item.option(code) is None:
            raise ValueError(_("Kies een van de opties."))
        return code
    text = str(value).strip()
    if len(text) > TEXT_MAX_LENGTH:
        raise ValueError(_("Gebruik niet meer dan %s tekens.") % TEXT_MAX_LENGTH)
    return text


def answers_clean(definition: Definition, raw: Mapping[str, Any]) -> dict[str, Any]:
    """The answers in stored form (question code → value; unanswered questions left out), or
    ``AnswersInvalid`` with a Dutch message per question."""
    errors: dict[str, str] = {}
    unknown = sorted(set(raw) - {i.code for i in definition.items})
    if unknown:
        errors[""] = _("Het instrument heeft geen vraag %s.") % ", ".join(unknown)
    cleaned: dict[str, Any] = {}
    for item in definition.items:
        value = raw.get(item.code)
        if _is_blank(value):
            if item.required:
                errors[item.code] = _("Beantwoord deze vraag.")
            continue
        try:
            cleaned[item.code] = _clean_one(item, value)
        except ValueError as exc:
            errors[item.code] = str(exc)
    if errors:
        raise AnswersInvalid(errors)
    return cleaned


def item_score(item: ItemDef, value: Any) -> int:
    if value is None:
        return 0
    kind = item.answer_type
    if kind == AnswerType.JA_NEE:
        return item.weight if value == YES else 0
    if kind == AnswerType.SCHAAL:
        return (int(value) - (item.scale_min or 0)) * item.weight
    if kind == AnswerType.KEUZE:
        option = item.option(str(value))
        return option.score * item.weight if option else 0
    if kind == AnswerType.GETAL:
        reached = [b for b in item.bands if int(value) >= b.from_value]
        return reached[-1].score * item.weight if reached else 0
    return 0


def item_fires(item: ItemDef, value: Any) -> bool:
    """Whether a critical question's answer lifts the level."""
    if not item.critical_level or value is None:
        return False
    kind = item.answer_type
    if kind == AnswerType.JA_NEE:
        return value == YES
    if kind == AnswerType.KEUZE:
        option = item.option(str(value))
        return bool(option and option.critical)
    if kind in (AnswerType.SCHAAL, AnswerType.GETAL) and item.critical_from is not None:
        return int(value) >= item.critical_from
    return False


@dataclass(frozen=True)
class Evaluation:
    """What the instrument says about a set of answers."""

    score: int
    score_level: str  # the threshold's level
    level: str  # after the critical questions
    advice: str
    critical_items: tuple[str, ...] = ()
    unanswered: tuple[str, ...] = field(default=())

    @property
    def lifted_by_critical(self) -> bool:
        return risk_rank(self.level) > risk_rank(self.score_level)


def evaluate(definition: Definition, answers: Mapping[str, Any]) -> Evaluation:
    """Score cleaned answers (``answers_clean``); unanswered questions count as 0."""
    score = sum(item_score(i, answers.get(i.code)) for i in definition.items)
    threshold = definition.threshold_for(score)
    score_level = threshold.level if threshold else ""
    fired = [i for i in definition.items if item_fires(i, answers.get(i.code))]
    level = risk_max(score_level, *(i.critical_level for i in fired))
    return Evaluation(
        score=score,
        score_level=score_level,
        level=level,
        advice=definition.advice_for(level),
        critical_items=tuple(i.code for i in fired),
        unanswered=tuple(i.code for i in definition.items if i.code not in answers),
    )


def evaluate_partial(definition: Definition, raw: Mapping[str, Any]) -> Evaluation:
    """Score whatever can be read of answers still being filled in (the live score): invalid
    or missing answers count as unanswered."""
    answers: dict[str, Any] = {}
    for item in definition.items:
        value = raw.get(item.code)
        if _is_blank(value):
            continue
        try:
            answers[item.code] = _clean_one(item, value)
        except ValueError:
            continue
    return evaluate(definition, answers)
