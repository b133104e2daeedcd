"""Dat-informatie: *that* a partner is involved with a person or family system, never *what*.

Business rules:

- Any active user of one of the five partner organisations may ask, for any person or family
  system, which partner organisations are involved — also when the user's own organisation
  cannot see that person or family system at all. That is the point of dat-informatie (Toolkit
  Bijlage 1): knowing whom to call. Users of other organisations (and anonymous users) get
  nothing.
- The answer per organisation is only: the organisation (code, name, kind), since when it is
  involved, its team's contact route (phone, e-mail) and its reference (kenmerk). Never names of
  persons, meldingen, labels, phases or anything else recorded.
- Only partner organisations are reported: that a hospital or a crisis service is involved would
  itself be (health) content.
- A person's involvement is that of the family systems the person is a member of. Per
  organisation, ``since`` is its earliest involvement and ``reference`` its reference in the
  family system it was most recently active in (the family system's network reference when the
  organisation recorded none of its own).
- An unknown person or family system and one without involvement give the same empty answer
  (no-hit): the answer does not reveal whether someone is in the person index.
- Every question is written to the access log (``DAT_QUERY``) in the same transaction, with the
  person(s) it concerns.

The query path is one indexed join (membership by person → involvement by family system →
organisation and family system by primary key), plus the access-log write.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q, QuerySet

from voorop.audit.models import AccessAction
from voorop.audit.services import access_log_write
from voorop.authz.selectors import is_partner_user
from voorop.organisations.models import PARTNER_KINDS, OrganisationKind
from voorop.persons.bsn import is_valid_bsn
from voorop.persons.models import FamilyMembership, OrganisationInvolvement, Person

#: How many persons a lookup by surname and date of birth reports at most.
LOOKUP_LIMIT = 20

_NOT_PHONE_CHARS = re.compile(r"[^0-9+]")

_ROW_FIELDS = (
    "organisation_id",
    "organisation__code",
    "organisation__name",
    "organisation__kind",
    "organisation__contact_phone",
    "organisation__contact_email",
    "since",
    "last_activity_at",
    "reference",
    "family_system__reference",
    "family_system_id",
)


def may_query(user) -> bool:
    """Only active users of a partner organisation may ask for dat-informatie."""
    return is_partner_user(user)


def _require_partner(user) -> None:
    if not may_query(user):
        raise PermissionDenied("Dat-informatie is alleen voor medewerkers van een partner.")


@dataclass(frozen=True)
class OrganisationRef:
    id: int
    code: str
    name: str
    kind: str


@dataclass(frozen=True)
class InvolvedOrganisation:
    """One partner organisation involved, and all that may be told about that."""

    organisation_id: int
    code: str
    name: str
    kind: str
    since: dt.datetime
    contact_phone: str
    contact_email: str
    reference: str

    @property
    def organisation(self) -> OrganisationRef:
        return OrganisationRef(self.organisation_id, self.code, self.name, self.kind)

    @property
    def kind_label(self) -> str:
        return str(OrganisationKind(self.kind).label)

    @property
    def phone_href(self) -> str:
        """``tel:`` target: the number without spaces, dashes or brackets."""
        return _NOT_PHONE_CHARS.sub("", self.contact_phone)


@dataclass(frozen=True)
class Involvement:
    """The answer to "who else is involved?" for one person or one family system.

    ``family_systems`` maps the family systems behind the answer to their network reference;
    the lookup page needs them to offer emergency access, the API does not show them."""

    person_id: int | None = None
    family_system_id: int | None = None
    organisations: list[InvolvedOrganisation] = field(default_factory=list)
    family_systems: dict[int, str] = field(default_factory=dict)

    @property
    def is_hit(self) -> bool:
        return bool(self.organisations)


def _involvement_rows() -> QuerySet[OrganisationInvolvement]:
    return OrganisationInvolvement.objects.filter(organisation__kind__in=PARTNER_KINDS)


def _aggregate(rows: Iterable[tuple]) -> tuple[list[InvolvedOrganisation], dict[int, str]]:
    """Rows (``_ROW_FIELDS``) of one person or family system → one entry per organisation."""
    by_org: dict[int, dict] = {}
    families: dict[int, str] = {}
    for (
        org_id,
        code,
        name,
        kind,
        phone,
        email,
        since,
        last_activity,
        reference,
        family_reference,
        family_id,
    ) in rows:
        families[family_id] = family_reference
        entry = by_org.get(org_id)
        if entry is None:
            by_org[org_id] = entry = {
                "organisation_id": org_id,
                "code": code,
                "name": name,
                "kind": kind,
                "since": since,
                "contact_phone": phone,
                "contact_email": email,
                "_last": None,
                "reference": "",
            }
        entry["since"] = min(entry["since"], since)
        if entry["_last"] is None or last_activity > entry["_last"]:
            entry["_last"] = last_activity
            entry["reference"] = reference or family_reference
    organisations = []
    for entry in by_org.values():
        entry.pop("_last")
        organisations.append(InvolvedOrganisation(**entry))
    organisations.sort(key=lambda o: (o.since, o.name, o.organisation_id))
    return organisations, families


def _log(*, user, object_type: str, object_id: object, person_ids: Iterable[int], channel: str):
    access_log_write(
        user=user,
        action=AccessAction.DAT_QUERY,
        object_type=object_type,
        object_id=object_id,
        person_ids=person_ids,
        channel=channel,
    )


def involvement_for_person(
    *, user, person_id: int | None = None, bsn: str | None = None, channel: str = "WEB"
) -> Involvement:
    """Who is involved with this person (by person-index id, or by BSN)? See the module
    docstring. Raises PermissionDenied for a user outside the partner organisations and
    ValueError for a malformed BSN."""
    _require_partner(user)
    if (person_id is None) == (bsn is None):
        raise TypeError("Give exactly one of person_id and bsn.")
    if bsn is not None and not is_valid_bsn(bsn):
        raise ValueError("Not a valid BSN.")
    with transaction.atomic():
        asked_id = person_id
        if bsn is not None:
            asked_id = Person.objects.filter(bsn=bsn).values_list("pk", flat=True).first()
        rows = (
            _involvement_rows()
            .filter(family_system__memberships__person_id=asked_id)
            .values_list(*_ROW_FIELDS)
            if asked_id is not None
            else []
        )
        organisations, families = _aggregate(rows)
        _log(
            user=user,
            object_type="persoon",
            object_id=asked_id if asked_id is not None else "",
            person_ids=[asked_id] if asked_id is not None else [],
            channel=channel,
        )
    # Asked by BSN, the person's id is told only with a hit: a person in the index without any
    # involvement must look exactly like a BSN the index does not know.
    shown_id = person_id if bsn is None else (asked_id if organisations else None)
    return Involvement(person_id=shown_id, organisations=organisations, family_systems=families)


def involvement_for_family(*, user, family_system_id: int, channel: str = "WEB") -> Involvement:
    """Who is involved in this family system? See the module docstring."""
    _require_partner(user)
    with transaction.atomic():
        rows = _involvement_rows().filter(family_system_id=family_system_id)
        organisations, families = _aggregate(rows.values_list(*_ROW_FIELDS))
        members = FamilyMembership.objects.filter(family_system_id=family_system_id).values_list(
            "person_id", flat=True
        )
        _log(
            user=user,
            object_type="gezinssysteem",
            object_id=family_system_id,
            person_ids=list(members),
            channel=channel,
        )
    return Involvement(
        family_system_id=family_system_id, organisations=organisations, family_systems=families
    )


@dataclass(frozen=True)
class PersonHit:
    """A person found by a lookup who has partners involved: identified only by birth year."""

    person_id: int
    birth_year: int | None
    involvement: Involvement


def involvement_lookup(
    *,
    user,
    bsn: str = "",
    surname: str = "",
    date_of_birth: dt.date | None = None,
    channel: str = "WEB",
) -> list[PersonHit]:
    """Hit/no-hit for a person given by BSN, or by surname and date of birth (exact, case
    insensitive; the surname may include its tussenvoegsel: "de Vries"). Only persons with a
    partner involved are returned, so a person without involvement and an unknown one look the
    same. One access-log entry names every person the lookup matched."""
    _require_partner(user)
    persons = Person.objects.all()
    if bsn:
        if not is_valid_bsn(bsn):
            raise ValueError("Not a valid BSN.")
        persons = persons.filter(bsn=bsn)
    elif surname.strip() and date_of_birth is not None:
        persons = persons.filter(date_of_birth=date_of_birth).filter(
            _surname_matches(surname.strip())
        )
    else:
        raise TypeError("Give a BSN, or a surname and a date of birth.")
    with transaction.atomic():
        found = dict(persons.order_by("pk").values_list("pk", "date_of_birth")[:LOOKUP_LIMIT])
        rows_by_person: dict[int, list[tuple]] = {pk: [] for pk in found}
        if found:
            rows = (
                _involvement_rows()
                .filter(family_system__memberships__person_id__in=list(found))
                .values_list(*_ROW_FIELDS, "family_system__memberships__person_id")
            )
            for row in rows:
                rows_by_person[row[-1]].append(row[:-1])
        _log(
            user=user,
            object_type="persoon",
            object_id=",".join(str(pk) for pk in found),
            person_ids=list(found),
            channel=channel,
        )
    hits = []
    for pk, rows_of_person in rows_by_person.items():
        organisations, families = _aggregate(rows_of_person)
        if organisations:
            born = found[pk]
            hits.append(
                PersonHit(
                    person_id=pk,
                    birth_year=born.year if born else None,
                    involvement=Involvement(
                        person_id=pk, organisations=organisations, family_systems=families
                    ),
                )
            )
    return hits


def _surname_matches(surname: str) -> Q:
    """The surname alone ("Vries") or with its tussenvoegsel ("de Vries"), any case."""
    condition = Q(surname__iexact=surname)
    words = surname.split()
    for split in range(1, len(words)):
        condition |= Q(
            prefix__iexact=" ".join(words[:split]), surname__iexact=" ".join(words[split:])
        )
    return condition
