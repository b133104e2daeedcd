"""The rules an incoming melding must meet, the same for every channel (API, web form, CSV
import): each problem is a Dutch message for people beside a stable code for programs.

The channels first read their own format into Python values (a date that does not exist, such
as 31-02, fails there, with the same codes); ``validate_intake`` then checks the values. It
collects every problem before it raises, so that a form or an import report shows all of them
at once. Nothing is stored by this module.

Business rules:

- Only a professional of an organisation records, for that organisation: a user without an
  organisation, or with no role that records case data (``RECORDING_ROLES``), records nothing;
  a submission that names another organisation is refused.
- Each kind of organisation records its own kinds of melding (``KINDS_BY_ORGANISATION_KIND``):
  the police incidents, aangiften and arrests, Veilig Thuis its meldingen and the hospital
  reports it receives, every partner "overige melding". Only Veilig Thuis records medical
  details (read by its vertrouwensarts only).
- Times: nothing happened or came in in the future (``FUTURE_MARGIN`` allows for clocks),
  nothing came in before it happened, no date lies before 1900.
- Text: no control characters, no spreadsheet formulas (a cell starting with ``=``, or with
  ``+``, ``-`` or ``@`` followed by a function call or a ``cmd|``-style link), no HTML markup,
  within the column's length; names, addresses, references and BSNs only in the characters
  they consist of, and a BSN passes the elfproef. So a melding that is exported to a
  spreadsheet later cannot run code there, and no script can end up in a page.
- Persons: between one and ``MAX_PERSONS``; each with a role and something to identify them
  by (an anonymous melder excepted); the same person (BSN, or name and date of birth) once per
  role.
- The kenmerk is unique; references starting with ``VV-`` are given out by voorop itself.
- A family system, an earlier melding to follow from and a reporting organisation must exist
  and be known to the user's organisation (see ``resolve_follows_from`` for the police report
  a Veilig Thuis melding follows from).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from voorop.accounts.models import RoleCode
from voorop.authz import policy
from voorop.meldingen.models import Channel, InvolvementRole, Melding, MeldingKind
from voorop.organisations.models import Organisation, OrganisationKind
from voorop.persons.bsn import is_valid_bsn
from voorop.persons.models import FamilySystem, Person, Sex


class Code:
    """The stable codes of intake problems."""

    REQUIRED = "verplicht"
    INVALID = "ongeldig"
    INVALID_CHOICE = "ongeldige_keuze"
    INVALID_DATE = "datum_ongeldig"
    NONEXISTENT_TIME = "tijd_bestaat_niet"
    KIND_NOT_FOR_ORGANISATION = "soort_niet_voor_organisatie"
    FUTURE = "in_de_toekomst"
    RECEIVED_BEFORE_OCCURRED = "ontvangen_voor_voorval"
    TOO_OLD = "te_oud"
    TOO_LONG = "te_lang"
    CONTROL_CHARACTER = "stuurteken"
    FORMULA = "formule"
    MARKUP = "opmaak"
    INVALID_CHARACTERS = "ongeldige_tekens"
    REFERENCE_TAKEN = "kenmerk_bestaat_al"
    REFERENCE_RESERVED = "kenmerk_gereserveerd"
    POSTCODE_INVALID = "postcode_ongeldig"
    BSN_INVALID = "bsn_ongeldig"
    PERSON_INCOMPLETE = "persoon_onvolledig"
    PERSON_DUPLICATE = "persoon_dubbel"
    PERSON_UNKNOWN = "persoon_onbekend"
    NO_PERSONS = "geen_personen"
    TOO_MANY_PERSONS = "te_veel_personen"
    MEDICAL_ONLY_VT = "medisch_alleen_vt"
    FAMILY_UNKNOWN = "gezinssysteem_onbekend"
    FOLLOWS_UNKNOWN = "volgt_op_onbekend"
    REPORTER_UNKNOWN = "melder_onbekend"
    NO_ORGANISATION = "geen_organisatie"
    NO_RECORDING_ROLE = "geen_rol_om_vast_te_leggen"
    OTHER_ORGANISATION = "andere_organisatie"
    ORGANISATION_RECORDS_NOTHING = "organisatie_legt_niets_vast"


#: Problems that mean "you may not", not "this is wrong" (the API answers 403).
FORBIDDEN_CODES = frozenset(
    {
        Code.NO_ORGANISATION,
        Code.NO_RECORDING_ROLE,
        Code.OTHER_ORGANISATION,
        Code.ORGANISATION_RECORDS_NOTHING,
    }
)

#: Which kinds of melding each kind of organisation records.
KINDS_BY_ORGANISATION_KIND: dict[str, tuple[str, ...]] = {
    OrganisationKind.POLITIE: (
        MeldingKind.POLITIE_INCIDENT,
        MeldingKind.AANGIFTE,
        MeldingKind.AANHOUDING,
        MeldingKind.OVERIG,
    ),
    OrganisationKind.VT: (
        MeldingKind.VT_MELDING,
        MeldingKind.ZIEKENHUISMELDING,
        MeldingKind.OVERIG,
    ),
    OrganisationKind.OM: (MeldingKind.OVERIG,),
    OrganisationKind.RECLASSERING: (MeldingKind.OVERIG,),
    OrganisationKind.RVDK: (MeldingKind.OVERIG,),
}

#: Roles that record case data: every professional role, and functioneel beheer (which runs
#: imports). A privacy officer reads the access log and records no cases.
RECORDING_ROLES = frozenset(RoleCode.values) - {RoleCode.PRIVACY_OFFICER}

MAX_PERSONS = 50
MAX_TEXT = 10_000
FUTURE_MARGIN = dt.timedelta(minutes=5)
EARLIEST_DATE = dt.date(1900, 1, 1)
#: voorop numbers meldingen recorded without a kenmerk itself: VV-<year>-<number>.
GENERATED_REFERENCE_PREFIX = "VV-"

#: The fields ``validate_intake`` accepts (model field names).
MELDING_FIELDS = frozenset(
    {
        "reference",
        "kind",
        "channel",
        "occurred_at",
        "received_at",
        "location",
        "postcode",
        "city",
        "is_acute",
        "label_hg",
        "label_km",
        "label_ex_partnerstalking",
        "label_eergerelateerd",
        "label_ouderenmishandeling",
        "suspect_arrested",
        "child_injury_suspected",
        "narrative",
        "medical_details",
        "family_system",
        "follows_from",
        "reporter_organisation",
    }
)
PERSON_FIELDS = frozenset(
    {
        "person",
        "role",
        "source_record_id",
        "given_names",
        "prefix",
        "surname",
        "date_of_birth",
        "sex",
        "bsn",
        "street",
        "house_number",
        "postcode",
        "city",
    }
)


@dataclass(frozen=True)
class Problem:
    """One reason a melding is refused. ``field`` is a model field name ("" for the melding
    as a whole); ``person`` the index of the person it concerns, if any."""

    field: str
    code: str
    message: str
    person: int | None = None


class IntakeError(ValidationError):
    """A melding that is not recorded, with every problem found."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        super().__init__([ValidationError(p.message, code=p.code) for p in self.problems])

    @property
    def forbidden(self) -> bool:
        return any(p.code in FORBIDDEN_CODES for p in self.problems)


# -- text ------------------------------------------------------------------------------------

# C0/C1 control characters, and the invisible ones that reorder or hide text.
_CONTROL = re.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]"
)
_LINE_BREAKS = re.compile(r"[\t\n\r]")
_FORMULA = re.compile(r"^\s*(?:=|[+\-@]\s*[A-Za-z_][\w.]*\(|[+\-@]\S*\|)")
_MARKUP = re.compile(r"<\s*/?\s*[A-Za-z!?]")
_REFERENCE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._/-]{0,39}$")
_SOURCE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:/ -]{0,63}$")
_HOUSE_NUMBER = re.compile(r"^[0-9]{1,6}[A-Za-z0-9 /-]{0,14}$")
_POSTCODE = re.compile(r"^\s*(\d{4})\s*([A-Za-z]{2})\s*$")

_NAME_EXTRA = frozenset(" -'’.")
_STREET_EXTRA = frozenset(" -'’.,/()&0123456789")
_CITY_EXTRA = frozenset(" -'’.()")


def _letters_and(value: str, extra: frozenset[str]) -> bool:
    return any(unicodedata.category(c)[0] == "L" for c in value) and all(
        unicodedata.category(c)[0] in "LM" or c in extra for c in value
    )


def text_problems(value: str, *, multiline: bool = False, max_length: int) -> list[tuple[str, str]]:
    """(code, message) for each way ``value`` is unsafe as free text."""
    found = []
    control = _CONTROL.search(value) or (None if multiline else _LINE_BREAKS.search(value))
    if control:
        found.append(
            (
                Code.CONTROL_CHARACTER,
                _("Bevat een onzichtbaar stuurteken (U+%(code)04X) op positie %(pos)d.")
                % {"code": ord(control.group()), "pos": control.start() + 1},
            )
        )
    if _FORMULA.match(value):
        found.append(
            (
                Code.FORMULA,
                _(
                    "Begint als een spreadsheetformule (=, +, - of @ gevolgd door een formule). "
                    "Haal het teken aan het begin weg of zet er een woord voor."
                ),
            )
        )
    if _MARKUP.search(value):
        found.append((Code.MARKUP, _("Bevat HTML-opmaak (zoals <script>); gebruik gewone tekst.")))
    if len(value) > max_length:
        found.append(
            (
                Code.TOO_LONG,
                _("Is %(n)d tekens lang; het maximum is %(max)d.")
                % {"n": len(value), "max": max_length},
            )
        )
    return found


def normalise_bsn(value: str) -> str:
    """'1234.56.782' / '1234 56 782' → '123456782'; an 8-digit BSN gets its leading zero."""
    digits = re.sub(r"[\s.]", "", value or "")
    return f"0{digits}" if len(digits) == 8 and digits.isdigit() else digits


def normalise_postcode(value: str) -> str | None:
    match = _POSTCODE.match(value or "")
    return f"{match.group(1)}{match.group(2).upper()}" if match else None


# -- the collector --------------------------------------------------------------------------------


@dataclass
class _Check:
    problems: list[Problem] = field(default_factory=list)

    def add(self, field_name: str, code: str, message: str, person: int | None = None) -> None:
        self.problems.append(Problem(field_name, code, str(message), person))


def _max_length(model, name: str) -> int:
    return model._meta.get_field(name).max_length or MAX_TEXT


def _check_text(
    check: _Check,
    values: dict[str, Any],
    name: str,
    *,
    model,
    person: int | None = None,
    multiline: bool = False,
    characters: str = "",
) -> None:
    value = values.get(name)
    if value in (None, ""):
        values[name] = ""
        return
    if not isinstance(value, str):
        check.add(name, Code.INVALID, _("Geef tekst op."), person)
        return
    value = value.strip()
    values[name] = value
    max_length = MAX_TEXT if multiline else _max_length(model, name)
    problems = text_problems(value, multiline=multiline, max_length=max_length)
    for code, message in problems:
        check.add(name, code, message, person)
    if problems or not characters:
        return
    ok = {
        "name": lambda v: _letters_and(v, _NAME_EXTRA),
        "street": lambda v: _letters_and(v, _STREET_EXTRA),
        "city": lambda v: _letters_and(v, _CITY_EXTRA),
        "house_number": lambda v: bool(_HOUSE_NUMBER.match(v)),
        "reference": lambda v: bool(_REFERENCE.match(v)),
        "source_id": lambda v: bool(_SOURCE_ID.match(v)),
    }[characters](value)
    if not ok:
        check.add(
            name,
            Code.INVALID_CHARACTERS,
            {
                "name": _(
                    "Een naam bestaat uit letters, spaties, koppeltekens, apostroffen en punten."
                ),
                "street": _("Een straatnaam bestaat uit letters, cijfers, spaties en leestekens."),
                "city": _("Een plaatsnaam bestaat uit letters, spaties en koppeltekens."),
                "house_number": _(
                    "Een huisnummer begint met een cijfer, eventueel gevolgd door een "
                    "toevoeging (12, 12A, 12-3, 12 bis)."
                ),
                "reference": _(
                    "Een kenmerk bestaat uit hoogstens 40 letters, cijfers, punten, "
                    "koppeltekens en schuine strepen, en begint met een letter of cijfer."
                ),
                "source_id": _(
                    "Een bronkenmerk bestaat uit hoogstens 64 letters, cijfers en leestekens."
                ),
            }[characters],
            person,
        )


def _check_moment(
    check: _Check, name: str, value: Any, now: dt.datetime, person: int | None = None
) -> bool:
    if value is None:
        check.add(name, Code.REQUIRED, _("Vul het tijdstip in."), person)
        return False
    if not isinstance(value, dt.datetime) or timezone.is_naive(value):
        check.add(name, Code.INVALID, _("Geef een datum met tijd op."), person)
        return False
    if value > now + FUTURE_MARGIN:
        check.add(
            name,
            Code.FUTURE,
            _("%(when)s ligt in de toekomst.")
            % {"when": timezone.localtime(value).strftime("%d-%m-%Y %H:%M")},
            person,
        )
        return False
    if value.date() < EARLIEST_DATE:
        check.add(name, Code.TOO_OLD, _("Deze datum ligt vóór 1900."), person)
        return False
    return True


def _check_choice(
    check: _Check, values: dict, name: str, choices, required_message: str, person=None
) -> None:
    value = values.get(name)
    if value in (None, ""):
        check.add(name, Code.REQUIRED, required_message, person)
    elif value not in choices.values:
        check.add(
            name,
            Code.INVALID_CHOICE,
            _("„%(value)s” is geen geldige waarde; kies uit %(choices)s.")
            % {"value": str(value)[:40], "choices": ", ".join(choices.values)},
            person,
        )


# -- lookups --------------------------------------------------------------------------------------


def resolve_family_system(*, user, value) -> FamilySystem | None:
    """A family system the user's organisation may see, by object, id or kenmerk; else None."""
    visible = policy.family_systems_for(user)
    if isinstance(value, FamilySystem):
        return value if visible.filter(pk=value.pk).exists() else None
    if isinstance(value, int) or (isinstance(value, str) and value.isdigit() and len(value) < 19):
        found = visible.filter(pk=int(value)).first()
        if found is not None or isinstance(value, int):
            return found
    if isinstance(value, str):
        return visible.filter(reference=value.strip()).first()
    return None


def resolve_follows_from(*, user, value) -> Melding | None:
    """The earlier melding a new one follows from, by object or kenmerk: one the user may see,
    or — for a Veilig Thuis organisation — a police melding under the 24-hour rule that was not
    reported to another Veilig Thuis (the police give Veilig Thuis their kenmerk when they
    report, also by phone). Unknown and not allowed answer alike: None."""
    from voorop.intake.models import VtReferral

    reference = value.reference if isinstance(value, Melding) else str(value or "").strip()
    if not reference:
        return None
    found = policy.meldingen_for(user).filter(reference=reference).first()
    if found is not None:
        return found
    organisation = getattr(user, "organisation", None)
    if organisation is None or organisation.kind != OrganisationKind.VT:
        return None
    referral = (
        VtReferral.objects.filter(police_melding__reference=reference)
        .select_related("police_melding")
        .first()
    )
    if referral is None or referral.vt_organisation_id not in (None, organisation.pk):
        return None
    return referral.police_melding


def resolve_organisation(value) -> Organisation | None:
    if isinstance(value, Organisation):
        return value
    if isinstance(value, int):
        return Organisation.objects.filter(pk=value).first()
    if isinstance(value, str) and value.strip():
        return Organisation.objects.filter(code=value.strip()).first()
    return None


# -- the rules ------------------------------------------------------------------------------------


def check_may_record(*, user, organisation: Organisation | None = None) -> list[Problem]:
    """May this user record meldingen (for ``organisation``, when a channel names one)?"""
    check = _Check()
    own = getattr(user, "organisation", None) if user.is_authenticated else None
    if own is None or not user.is_active:
        check.add(
            "", Code.NO_ORGANISATION, _("U hoort bij geen organisatie en kunt niets vastleggen.")
        )
        return check.problems
    if organisation is not None and organisation.pk != own.pk:
        check.add(
            "",
            Code.OTHER_ORGANISATION,
            _("U kunt alleen meldingen vastleggen voor uw eigen organisatie (%(org)s).")
            % {"org": own.name},
        )
    if own.kind not in KINDS_BY_ORGANISATION_KIND:
        check.add(
            "",
            Code.ORGANISATION_RECORDS_NOTHING,
            _("%(kind)s legt in voorop geen meldingen vast.") % {"kind": own.get_kind_display()},
        )
    if not user.has_role(*RECORDING_ROLES):
        check.add(
            "",
            Code.NO_RECORDING_ROLE,
            _("Uw rol geeft geen toestemming om meldingen vast te leggen."),
        )
    return check.problems


@dataclass
class CleanIntake:
    """A validated melding: model field values, resolved objects, normalised text."""

    melding: dict[str, Any]
    persons: list[dict[str, Any]]


def validate_intake(
    *,
    user,
    organisation: Organisation,
    melding: dict[str, Any],
    persons: Sequence[dict[str, Any]],
    now: dt.datetime | None = None,
    check_reference: bool = True,
) -> CleanIntake:
    """Check one melding recorded by ``organisation`` (the module docstring has the rules).
    Returns normalised copies; raises ``IntakeError`` with every problem found."""
    unknown = (set(melding) - MELDING_FIELDS) | {k for p in persons for k in set(p) - PERSON_FIELDS}
    if unknown:
        raise TypeError(f"unknown melding/person fields: {sorted(unknown)}")
    now = now or timezone.now()
    check = _Check()
    values = dict(melding)
    kind = values.get("kind")

    # What and how.
    _check_choice(check, values, "kind", MeldingKind, _("Kies de soort melding."))
    allowed = KINDS_BY_ORGANISATION_KIND.get(organisation.kind, ())
    if kind in MeldingKind.values and kind not in allowed:
        check.add(
            "kind",
            Code.KIND_NOT_FOR_ORGANISATION,
            _("%(org)s legt geen %(kind)s vast; kies uit: %(allowed)s.")
            % {
                "org": organisation.get_kind_display(),
                "kind": MeldingKind(kind).label.lower(),
                "allowed": ", ".join(str(MeldingKind(k).label).lower() for k in allowed),
            },
        )
    _check_choice(
        check, values, "channel", Channel, _("Kies het kanaal waarlangs de melding binnenkwam.")
    )

    # When.
    occurred: Any = values.get("occurred_at")
    received: Any = values.get("received_at")
    occurred_ok = _check_moment(check, "occurred_at", occurred, now)
    received_ok = _check_moment(check, "received_at", received, now)
    if occurred_ok and received_ok and received < occurred:
        check.add(
            "received_at",
            Code.RECEIVED_BEFORE_OCCURRED,
            _("De melding kan niet zijn ontvangen (%(received)s) vóór het voorval (%(occurred)s).")
            % {
                "received": timezone.localtime(received).strftime("%d-%m-%Y %H:%M"),
                "occurred": timezone.localtime(occurred).strftime("%d-%m-%Y %H:%M"),
            },
        )

    # Flags.
    for name in (
        "is_acute",
        "label_hg",
        "label_km",
        "label_ex_partnerstalking",
        "label_eergerelateerd",
        "label_ouderenmishandeling",
        "suspect_arrested",
        "child_injury_suspected",
    ):
        value = values.get(name, False)
        if not isinstance(value, bool):
            check.add(name, Code.INVALID, _("Geef ja of nee op."))
        values[name] = bool(value)
    if kind == MeldingKind.AANHOUDING:
        values["suspect_arrested"] = True  # an arrest report is a suspect in custody

    # Text.
    _check_text(check, values, "reference", model=Melding, characters="reference")
    reference = values["reference"]
    if reference and not any(p.field == "reference" for p in check.problems):
        if reference.upper().startswith(GENERATED_REFERENCE_PREFIX):
            check.add(
                "reference",
                Code.REFERENCE_RESERVED,
                _(
                    "Kenmerken die met %(prefix)s beginnen geeft voorop zelf uit; laat het "
                    "kenmerk leeg."
                )
                % {"prefix": GENERATED_REFERENCE_PREFIX},
            )
        elif check_reference and Melding.objects.filter(reference=reference).exists():
            check.add(
                "reference",
                Code.REFERENCE_TAKEN,
                _("Er is al een melding met kenmerk %(ref)s.") % {"ref": reference},
            )
    _check_text(check, values, "location", model=Melding)
    _check_text(check, values, "city", model=Melding, characters="city")
    _check_postcode(check, values, "postcode")
    _check_text(check, values, "narrative", model=Melding, multiline=True)
    _check_text(check, values, "medical_details", model=Melding, multiline=True)
    if values["medical_details"] and organisation.kind != OrganisationKind.VT:
        check.add(
            "medical_details",
            Code.MEDICAL_ONLY_VT,
            _("Alleen Veilig Thuis legt medische gegevens vast (voor de vertrouwensarts)."),
        )

    # Links to what is already known.
    if values.get("family_system") not in (None, ""):
        family = resolve_family_system(user=user, value=values["family_system"])
        if family is None:
            check.add(
                "family_system",
                Code.FAMILY_UNKNOWN,
                _("Dit gezinssysteem bestaat niet of uw organisatie mag het niet zien."),
            )
        values["family_system"] = family
    else:
        values["family_system"] = None
    if values.get("follows_from") not in (None, ""):
        earlier = resolve_follows_from(user=user, value=values["follows_from"])
        if earlier is None:
            check.add(
                "follows_from",
                Code.FOLLOWS_UNKNOWN,
                _("Er is geen melding met kenmerk %(ref)s waar u deze melding aan kunt koppelen.")
                % {"ref": str(values["follows_from"])[:40]},
            )
        elif occurred_ok and earlier.occurred_at > occurred + FUTURE_MARGIN:
            check.add(
                "follows_from",
                Code.INVALID,
                _("Een melding kan niet volgen op een melding over een later voorval."),
            )
        values["follows_from"] = earlier
    else:
        values["follows_from"] = None
    if values.get("reporter_organisation") not in (None, ""):
        reporter = resolve_organisation(values["reporter_organisation"])
        if reporter is None:
            check.add(
                "reporter_organisation",
                Code.REPORTER_UNKNOWN,
                _("De organisatie die meldde is niet bekend in voorop."),
            )
        values["reporter_organisation"] = reporter
    else:
        values["reporter_organisation"] = None

    cleaned_persons = _check_persons(check, user=user, persons=persons, now=now)
    if check.problems:
        raise IntakeError(check.problems)
    return CleanIntake(melding=values, persons=cleaned_persons)


def _check_postcode(check: _Check, values: dict, name: str, person: int | None = None) -> None:
    value = values.get(name) or ""
    if not value:
        values[name] = ""
        return
    normalised = normalise_postcode(value) if isinstance(value, str) else None
    if normalised is None:
        check.add(
            name,
            Code.POSTCODE_INVALID,
            _("„%(value)s” is geen postcode; gebruik vier cijfers en twee letters (1234 AB).")
            % {"value": str(value)[:10]},
            person,
        )
        return
    values[name] = normalised


def no_persons_message() -> str:
    return _("Noem ten minste één betrokken persoon (slachtoffer, verdachte, kind of melder).")


def _check_persons(
    check: _Check, *, user, persons: Sequence[dict[str, Any]], now: dt.datetime
) -> list[dict[str, Any]]:
    if not persons:
        check.add("persons", Code.NO_PERSONS, no_persons_message())
        return []
    if len(persons) > MAX_PERSONS:
        check.add(
            "persons",
            Code.TOO_MANY_PERSONS,
            _("Een melding noemt hoogstens %(max)d personen; deze noemt er %(n)d.")
            % {"max": MAX_PERSONS, "n": len(persons)},
        )
        return []
    from voorop.meldingen.models import MeldingPerson

    cleaned: list[dict[str, Any]] = []
    seen: dict[tuple, int] = {}
    given_persons = [p["person"] for p in persons if isinstance(p.get("person"), Person)]
    visible = (
        set(
            policy.persons_for(user)
            .filter(pk__in=[p.pk for p in given_persons])
            .values_list("pk", flat=True)
        )
        if given_persons
        else set()
    )
    for index, raw in enumerate(persons):
        values = dict(raw)
        _check_choice(
            check, values, "role", InvolvementRole, _("Kies de rol van deze persoon."), index
        )
        values["sex"] = values.get("sex") or Sex.ONBEKEND
        _check_choice(check, values, "sex", Sex, _("Kies het geslacht."), index)
        for name in ("given_names", "prefix", "surname"):
            _check_text(check, values, name, model=MeldingPerson, person=index, characters="name")
        _check_text(check, values, "street", model=MeldingPerson, person=index, characters="street")
        _check_text(
            check,
            values,
            "house_number",
            model=MeldingPerson,
            person=index,
            characters="house_number",
        )
        _check_text(check, values, "city", model=MeldingPerson, person=index, characters="city")
        _check_postcode(check, values, "postcode", index)
        _check_text(
            check,
            values,
            "source_record_id",
            model=MeldingPerson,
            person=index,
            characters="source_id",
        )
        bsn = values.get("bsn") or ""
        if bsn:
            normalised = normalise_bsn(bsn) if isinstance(bsn, str) else ""
            if not is_valid_bsn(normalised):
                check.add(
                    "bsn",
                    Code.BSN_INVALID,
                    _(
                        "Dit BSN klopt niet (negen cijfers die de elfproef doorstaan). "
                        "Controleer het of laat het leeg."
                    ),
                    index,
                )
            else:
                values["bsn"] = normalised
        else:
            values["bsn"] = ""
        dob = values.get("date_of_birth")
        if dob is not None:
            if not isinstance(dob, dt.date) or isinstance(dob, dt.datetime):
                check.add("date_of_birth", Code.INVALID, _("Geef een geboortedatum op."), index)
            elif dob > timezone.localdate(now):
                check.add(
                    "date_of_birth",
                    Code.FUTURE,
                    _("Geboortedatum %(date)s ligt in de toekomst.")
                    % {"date": dob.strftime("%d-%m-%Y")},
                    index,
                )
            elif dob < EARLIEST_DATE:
                check.add(
                    "date_of_birth", Code.TOO_OLD, _("Deze geboortedatum ligt vóór 1900."), index
                )
        person = values.get("person")
        if person is not None and (not isinstance(person, Person) or person.pk not in visible):
            check.add(
                "person",
                Code.PERSON_UNKNOWN,
                _("Deze persoon bestaat niet of uw organisatie mag hem niet zien."),
                index,
            )
        identifying = (
            values.get("given_names") or values.get("surname") or values["bsn"] or dob or person
        )
        if not identifying and values.get("role") != InvolvementRole.MELDER:
            check.add(
                "surname",
                Code.PERSON_INCOMPLETE,
                _(
                    "Geef ten minste een naam, geboortedatum of BSN op (alleen een melder mag "
                    "anoniem zijn)."
                ),
                index,
            )
        # The same person may appear in two roles (the victim who also called 112), not twice
        # in one.
        key: tuple | None = None
        if values["bsn"] and is_valid_bsn(values["bsn"]):
            key = ("bsn", values.get("role"), values["bsn"])
        elif values.get("surname") and dob:
            key = (
                "naam",
                values.get("role"),
                str(values.get("given_names", "")).lower(),
                str(values.get("surname", "")).lower(),
                dob,
            )
        if key is not None:
            if key in seen:
                check.add(
                    "surname" if key[0] == "naam" else "bsn",
                    Code.PERSON_DUPLICATE,
                    _("Deze persoon staat al eerder in de melding (persoon %(n)d).")
                    % {"n": seen[key] + 1},
                    index,
                )
            else:
                seen[key] = index
        cleaned.append(values)
    return cleaned
