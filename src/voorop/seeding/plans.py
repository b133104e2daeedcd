"""In-memory plans of what the generator will write: plain dataclasses, no database.

The simulation builds these first; the writer turns them into model rows in bulk. Keeping the
plan free of the ORM makes the simulation fast and lets tests inspect it directly.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from voorop.seeding.pools import AddressPlan


@dataclass(slots=True)
class Residence:
    address: AddressPlan
    valid_from: date | None
    valid_to: date | None = None


@dataclass(slots=True, eq=False)
class PersonPlan:
    """One true person of a family system."""

    key: str
    given_names: str
    prefix: str
    surname: str
    date_of_birth: date
    sex: str
    bsn: str | None
    residences: list[Residence] = field(default_factory=list)
    member_since: date | None = None
    #: A (former) partner whose surname reporters sometimes use for this person.
    partner: PersonPlan | None = None
    #: The other parent's (prefix, surname): reporters sometimes give a child that name.
    other_parent_name: tuple[str, str] | None = None
    #: Organisation code and moment of the first record that mentions this person.
    first_recorded_by: str = ""
    first_recorded_at: datetime | None = None
    pk: int | None = None

    def residence_at(self, day: date) -> Residence | None:
        current = None
        for residence in self.residences:
            started = residence.valid_from is None or residence.valid_from <= day
            if started and (residence.valid_to is None or day < residence.valid_to):
                current = residence
        return current

    def address_at(self, day: date) -> AddressPlan | None:
        residence = self.residence_at(day)
        return residence.address if residence else None

    def previous_address(self, day: date, within_days: int = 730) -> AddressPlan | None:
        """The address this person left within ``within_days`` before ``day``, if any."""
        for residence in self.residences:
            left = residence.valid_to
            if left is not None and left <= day and (day - left).days <= within_days:
                return residence.address
        return None

    def age_at(self, day: date) -> int:
        dob = self.date_of_birth
        return day.year - dob.year - ((day.month, day.day) < (dob.month, dob.day))

    def exists_at(self, day: date) -> bool:
        return self.date_of_birth <= day


@dataclass(slots=True, eq=False)
class ExternalPerson:
    """Someone outside the family system (a neighbour, a relative) who reports or witnesses.

    Not in the person index: mentions of them stay unlinked."""

    key: str
    given_names: str
    prefix: str
    surname: str
    sex: str
    date_of_birth: date | None
    address: AddressPlan


@dataclass(slots=True)
class MentionPlan:
    role: str
    truth_key: str
    person: PersonPlan | None
    given_names: str = ""
    prefix: str = ""
    surname: str = ""
    date_of_birth: date | None = None
    sex: str = "O"
    bsn: str = ""
    street: str = ""
    house_number: str = ""
    postcode: str = ""
    city: str = ""
    source_record_id: str = ""


@dataclass(slots=True, eq=False)
class MeldingPlan:
    family_number: int
    seq: int
    org: str
    kind: str
    channel: str
    occurred_at: datetime
    received_at: datetime
    is_acute: bool
    labels: frozenset[str]
    location: str
    postcode: str
    city: str
    narrative: str
    mentions: list[MentionPlan] = field(default_factory=list)
    #: Medical findings, only for hospital reports (seen by the vertrouwensarts only).
    medical: str = ""
    #: What the route advice reads besides kind, labels and acute (intake).
    suspect_arrested: bool = False
    child_injury: bool = False
    #: Code of the organisation that reported it (a hospital; the police for a zorgmelding).
    reporter: str = ""
    #: The earlier melding this one follows from (the incident of an arrest, aangifte or
    #: zorgmelding; the previous incident of a stalking series; the hospital report of HSSK).
    follows: MeldingPlan | None = None
    reference: str = ""
    pk: int | None = None
    #: Not huiselijk geweld: an arrest for an offence against someone outside the family
    #: (``simulation._Family.stranger_arrest``); its lack of labels is right, not a miss.
    stranger: bool = False


@dataclass(slots=True)
class RelationPlan:
    a: PersonPlan
    b: PersonPlan
    kind: str
    valid_from: date | None
    valid_to: date | None = None


@dataclass(slots=True)
class InvolvementPlan:
    org: str
    since: datetime
    last_activity_at: datetime
    reference: str = ""


@dataclass(slots=True)
class CasePlan:
    reference: str
    phase: str
    status: str
    opened_at: datetime
    phase_changed_at: datetime
    closed_at: datetime | None
    recorded_by: str
    first_contact: str


@dataclass(slots=True, eq=False)
class FamilyPlan:
    number: int
    key: str
    reference: str
    name: str
    family_type: str
    #: Ground truth per label (HG, KM, EX_PARTNERSTALKING, EERGERELATEERD, OUDERENMISHANDELING).
    truth: dict[str, bool]
    persons: list[PersonPlan]
    relations: list[RelationPlan]
    meldingen: list[MeldingPlan]
    involvements: list[InvolvementPlan]
    case: CasePlan
    recorded_by: str
    created_at: datetime
    pk: int | None = None
