"""The simulation of one family system over the reporting window, into an in-memory plan.

A family is drawn as a household type (couple with children, separating couple, ex-partners
living apart, single parent with a new partner, elderly parent with an adult child), with a
severity that sets how often episodes come back. Structural unsafety shows as episodes over the
years; each episode produces the records different organisations make of it: a police incident
after a 112 call, often an arrest or an aangifte, the police's zorgmelding to Veilig Thuis
(usually within three days, sometimes late), a professional's melding under the Meldcode, a
hospital's report of a child's injury (recorded by Veilig Thuis), a series of small ex-partner
stalking incidents after a separation, and now and then eergerelateerd geweld or
ouderenmishandeling. A small share of families is reported out of concern while nothing was
going on: their ground truth is negative.

Every family is drawn from its own random stream, ``Random(f"{seed}:{number}")``, so family
number 17 is the same whether 20 or 10,000 families are generated.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterable
from datetime import date, datetime, timedelta

from voorop.cases.models import CaseStatus, Phase
from voorop.meldingen.models import Channel, InvolvementRole, Label, MeldingKind
from voorop.persons.models import RelationKind
from voorop.seeding import narratives
from voorop.seeding.bsn import random_bsn
from voorop.seeding.narratives import Context
from voorop.seeding.plans import (
    CasePlan,
    ExternalPerson,
    FamilyPlan,
    InvolvementPlan,
    MeldingPlan,
    MentionPlan,
    PersonPlan,
    RelationPlan,
    Residence,
)
from voorop.seeding.pools import AddressPlan, Pools, surname_alone
from voorop.seeding.region import OM, RECLASSERING, RVDK, VT
from voorop.seeding.timing import (
    Window,
    add_years,
    daytime,
    hours,
    incident_time,
    local,
    local_date,
    minutes,
    office_after,
)
from voorop.seeding.variation import HOSPITAL, POLICE, VEILIG_THUIS, report_external, report_person

GEZIN = "gezin"
STEL = "stel"
SCHEIDING = "scheiding"
EX_PARTNERS = "ex_partners"
EENOUDER = "eenouder"
OUDEREN = "ouderen"
FAMILY_TYPES = (GEZIN, STEL, SCHEIDING, EX_PARTNERS, EENOUDER, OUDEREN)
FAMILY_TYPE_WEIGHTS = (34, 8, 14, 13, 15, 6)

#: Share of families of which a member is once arrested for an offence against a stranger.
STRANGER_ARREST_SHARE = 0.05

#: Share of families reported out of concern where nothing was going on.
UNFOUNDED_SHARE = 0.06
_UNFOUNDED_TYPES = (GEZIN, STEL, EENOUDER)
_P_UNFOUNDED = (
    UNFOUNDED_SHARE
    * sum(FAMILY_TYPE_WEIGHTS)
    / sum(
        w for t, w in zip(FAMILY_TYPES, FAMILY_TYPE_WEIGHTS, strict=True) if t in _UNFOUNDED_TYPES
    )
)
SEVERITIES = ("laag", "midden", "hoog")
SEVERITY_WEIGHTS = (55, 33, 12)
_MEDIAN_GAP_DAYS = {"laag": 300, "midden": 120, "hoog": 50}
_P_CONTINUE = {"laag": 0.35, "midden": 0.65, "hoog": 0.82}
_MAX_EPISODES = {"laag": 3, "midden": 8, "hoog": 16}

TRUTH_LABELS = (
    Label.HG,
    Label.KM,
    Label.EX_PARTNERSTALKING,
    Label.EERGERELATEERD,
    Label.OUDERENMISHANDELING,
)
_HOSPITALS = ("Rijnveen Ziekenhuis", "Medisch Centrum Oudewaard")
#: The region's organisation code of each hospital (``region.ORGANISATIONS``).
_HOSPITAL_CODES = {
    "Rijnveen Ziekenhuis": "ziekenhuis-rijnveen",
    "Medisch Centrum Oudewaard": "ziekenhuis-oudewaard",
}
_PUBLIC_PLACES = (
    "Stationsplein",
    "parkeerplaats supermarkt",
    "schoolplein",
    "bushalte Dorpsstraat",
    "fietsenstalling station",
)


def _between(rng: random.Random, a: date, b: date) -> date:
    if b <= a:
        return a
    return a + timedelta(days=rng.randint(0, (b - a).days))


class _Family:
    """Builds one FamilyPlan. Holds the family's random stream and what happened so far."""

    def __init__(
        self, sim: Simulator, number: int, rng: random.Random, key: str, reference: str
    ) -> None:
        self.sim = sim
        self.pools = sim.pools
        self.window = sim.window
        self.rng = rng
        self.number = number
        self.key = key
        self.reference = reference
        self.persons: list[PersonPlan] = []
        self.externals: list[ExternalPerson] = []
        self.relations: list[RelationPlan] = []
        self.meldingen: list[MeldingPlan] = []
        self.truth = {str(label): False for label in TRUTH_LABELS}
        # Moments at which OM, 3RO and RvdK became or were active, per organisation.
        self.partner_events: dict[str, list[tuple[datetime, datetime]]] = {}
        self.victim: PersonPlan
        self.suspect: PersonPlan
        self.mother: PersonPlan | None = None
        self.father: PersonPlan | None = None
        self.children: list[PersonPlan] = []
        self.stepparent: PersonPlan | None = None
        self.relation_word = "partner"
        self.separation: date | None = None
        self.mutual = False
        self.severity = "laag"
        self.unfounded = False
        self.honour = False
        self.honour_victim: PersonPlan | None = None

    # -- persons and households ----------------------------------------------------------------

    def person(
        self, sex: str, dob: date, name: tuple[str, str] | None = None, since: date | None = None
    ) -> PersonPlan:
        rng = self.rng
        prefix, surname = name or self.pools.surname(rng)
        bsn = None
        if rng.random() < 0.95:
            bsn = random_bsn(rng)
            while bsn in self.sim.bsns:
                bsn = random_bsn(rng)
            self.sim.bsns.add(bsn)
        person = PersonPlan(
            key=f"P{self.number:06d}{len(self.persons) + 1:02d}",
            given_names=self.pools.given_names(rng, sex, dob.year),
            prefix=prefix,
            surname=surname,
            date_of_birth=dob,
            sex=sex,
            bsn=bsn,
            member_since=since,
        )
        self.persons.append(person)
        return person

    def external(self, near: AddressPlan | None) -> ExternalPerson:
        rng = self.rng
        sex = rng.choice("MV")
        dob = _between(rng, date(1945, 1, 1), date(2000, 12, 31))
        prefix, surname = self.pools.surname(rng)
        address = self.pools.neighbour_address(rng, near) if near else self.pools.address(rng)
        ext = ExternalPerson(
            key=f"E{self.number:06d}{len(self.externals) + 1:02d}",
            given_names=self.pools.first_name(rng, sex, dob.year),
            prefix=prefix,
            surname=surname,
            sex=sex,
            date_of_birth=dob,
            address=address,
        )
        self.externals.append(ext)
        return ext

    def relate(
        self, a: PersonPlan, b: PersonPlan, kind: str, since: date | None, until: date | None = None
    ) -> None:
        self.relations.append(RelationPlan(a, b, kind, since, until))

    def children_born(self, mother_dob: date, first: date, last: date, count: int) -> list[date]:
        rng = self.rng
        earliest = max(first, add_years(mother_dob, 18))
        latest = min(last, add_years(mother_dob, 44), self.window.end_date - timedelta(days=40))
        days: list[date] = []
        for _ in range(count):
            if latest <= earliest:
                break
            day = _between(rng, earliest, latest)
            days.append(day)
            if rng.random() < 0.03:  # twins
                days.append(day)
        return sorted(days)

    def build_household(self, family_type: str) -> None:
        rng, window = self.rng, self.window
        start = window.start_date
        if family_type == OUDEREN:
            self._elderly()
            return
        woman_age = rng.randint(26 if family_type == EX_PARTNERS else 21, 47)
        woman = self.person("V", add_years(start, -woman_age) - timedelta(days=rng.randrange(365)))
        if family_type == EENOUDER:
            self._single_parent(woman)
            return
        same_sex = rng.random() < 0.03
        man_sex = "V" if same_sex else "M"
        partner_age = woman_age + rng.randint(-3, 8)
        man = self.person(
            man_sex, add_years(start, -partner_age) - timedelta(days=rng.randrange(365))
        )
        together = _between(rng, add_years(woman.date_of_birth, 19), start - timedelta(days=200))
        woman.member_since = man.member_since = together
        woman.partner, man.partner = (man, woman) if man_sex == "M" else (None, None)
        if family_type == EX_PARTNERS:
            self.separation = start - timedelta(days=rng.randint(60, 1500))
            together = max(
                min(together, self.separation - timedelta(days=800)),
                add_years(woman.date_of_birth, 17),
            )
            woman.member_since = man.member_since = together
        elif family_type == SCHEIDING:
            self.separation = window.day(rng, 0.1, 0.85)
        kids_count = 0
        if family_type != STEL:
            kids_count = rng.choices((1, 2, 3, 4), weights=(35, 37, 19, 9))[0]
        last_birth = self.separation - timedelta(days=60) if self.separation else window.end_date
        births = self.children_born(
            woman.date_of_birth, together + timedelta(days=300), last_birth, kids_count
        )
        father_name = (man.prefix, man.surname)
        mother_name = (woman.prefix, woman.surname)
        kids_name = father_name if man_sex == "M" and rng.random() < 0.8 else mother_name
        for dob in births:
            kid = self.person(rng.choice("MV"), dob, kids_name, since=dob)
            kid.other_parent_name = mother_name if kids_name == father_name else father_name
            self.children.append(kid)
        self.mother, self.father = woman, man
        # Who uses violence: mostly the man; sometimes the woman; sometimes both.
        roll = rng.random()
        self.victim, self.suspect = (man, woman) if roll < 0.12 else (woman, man)
        self.mutual = 0.12 <= roll < 0.20
        # Relations.
        if self.separation:
            self.relate(woman, man, RelationKind.PARTNER, together, self.separation)
            self.relate(woman, man, RelationKind.EX_PARTNER, self.separation)
            self.relation_word = "ex-partner"
        else:
            self.relate(woman, man, RelationKind.PARTNER, together)
        for kid in self.children:
            self.relate(woman, kid, RelationKind.OUDER_KIND, kid.date_of_birth)
            self.relate(man, kid, RelationKind.OUDER_KIND, kid.date_of_birth)
        self._siblings()
        # Addresses: the family home, perhaps a move, a separation with one partner moving out.
        home_from = _between(rng, together, start - timedelta(days=60))
        town = self.pools.town(rng)
        home = self.pools.address(rng, town)
        events: list[tuple[date, int, str, object]] = []
        if family_type == EX_PARTNERS and self.separation:
            home_from = min(home_from, self.separation)
        self._live([woman, man], home, home_from)
        for kid in self.children:
            events.append((max(kid.date_of_birth, home_from), 0, "birth", kid))
        if self.separation:
            events.append((self.separation, 1, "separate", self.suspect))
        if rng.random() < 0.3:
            events.append((window.day(rng, 0.05, 0.95), 2, "move", None))
        self._run_events(events, anchor=woman if self.victim is woman else man)

    def _single_parent(self, mother: PersonPlan) -> None:
        rng, window = self.rng, self.window
        start = window.start_date
        mother.member_since = _between(rng, add_years(mother.date_of_birth, 19), start)
        absent_father = self.pools.surname(rng)
        kids_name = absent_father if rng.random() < 0.7 else (mother.prefix, mother.surname)
        births = self.children_born(
            mother.date_of_birth,
            mother.member_since,
            start + timedelta(days=window.days // 2),
            rng.choices((1, 2, 3), weights=(45, 38, 17))[0],
        )
        for dob in births:
            kid = self.person(rng.choice("MV"), dob, kids_name, since=dob)
            if kids_name == absent_father:
                kid.other_parent_name = (mother.prefix, mother.surname)
            self.children.append(kid)
        if not self.children:
            dob = _between(rng, add_years(mother.date_of_birth, 19), start)
            self.children.append(self.person(rng.choice("MV"), dob, kids_name, since=dob))
        for kid in self.children:
            self.relate(mother, kid, RelationKind.OUDER_KIND, kid.date_of_birth)
        self._siblings()
        self.mother = mother
        home_from = _between(rng, mother.member_since, start - timedelta(days=60))
        home = self.pools.address(rng)
        self._live([mother], home, home_from)
        events: list[tuple[date, int, str, object]] = [
            (max(kid.date_of_birth, home_from), 0, "birth", kid) for kid in self.children
        ]
        if rng.random() < 0.6:
            since = _between(rng, start - timedelta(days=700), window.day(rng, 0.1, 0.7))
            age = self.window.start_date.year - mother.date_of_birth.year + rng.randint(-4, 8)
            step = self.person(
                "M", add_years(start, -age) - timedelta(days=rng.randrange(365)), since=since
            )
            step.partner, mother.partner = mother, step
            self.stepparent = step
            self.relate(mother, step, RelationKind.PARTNER, since)
            for kid in self.children:
                self.relate(step, kid, RelationKind.VERZORGER, max(since, kid.date_of_birth))
            self._live([step], self.pools.address(rng), since - timedelta(days=rng.randint(0, 900)))
            if rng.random() < 0.5:
                events.append((since + timedelta(days=rng.randint(30, 400)), 1, "move_in", step))
            self.victim, self.suspect = mother, step
        else:
            # The mother herself is the one the children are unsafe with.
            self.victim, self.suspect = self.children[0], mother
        if rng.random() < 0.3:
            events.append((window.day(rng, 0.05, 0.95), 2, "move", None))
        self._run_events(events, anchor=mother)

    def _elderly(self) -> None:
        rng, window = self.rng, self.window
        start = window.start_date
        elder_sex = "V" if rng.random() < 0.65 else "M"
        elder_age = rng.randint(74, 91)
        elder = self.person(
            elder_sex, add_years(start, -elder_age) - timedelta(days=rng.randrange(365))
        )
        child_sex = "M" if rng.random() < 0.55 else "V"
        child_age = elder_age - rng.randint(24, 36)
        family_name = (elder.prefix, elder.surname)
        carer = self.person(
            child_sex,
            add_years(start, -child_age) - timedelta(days=rng.randrange(365)),
            family_name,
        )
        self.relate(elder, carer, RelationKind.OUDER_KIND, carer.date_of_birth)
        care_from = _between(rng, start - timedelta(days=1500), window.day(rng, 0.0, 0.5))
        self.relate(carer, elder, RelationKind.VERZORGER, care_from)
        home = self.pools.address(rng)
        self._live([elder], home, _between(rng, date(1975, 1, 1), start - timedelta(days=400)))
        self._live([carer], self.pools.address(rng), start - timedelta(days=rng.randint(100, 4000)))
        events: list[tuple[date, int, str, object]] = []
        if rng.random() < 0.35:
            events.append((care_from, 1, "move_in", carer))
        if rng.random() < 0.4:
            sibling_age = child_age + rng.randint(-6, 6)
            sibling = self.person(
                rng.choice("MV"),
                add_years(start, -sibling_age) - timedelta(days=rng.randrange(365)),
                family_name,
            )
            self.relate(elder, sibling, RelationKind.OUDER_KIND, sibling.date_of_birth)
            self.relate(carer, sibling, RelationKind.BROER_ZUS, None)
            self._live(
                [sibling], self.pools.address(rng), start - timedelta(days=rng.randint(100, 4000))
            )
        self.victim, self.suspect = elder, carer
        self.relation_word = "zoon" if child_sex == "M" else "dochter"
        self._run_events(events, anchor=elder)

    def _siblings(self) -> None:
        kids = self.children
        for i, a in enumerate(kids):
            for b in kids[i + 1 :]:
                self.relate(a, b, RelationKind.BROER_ZUS, b.date_of_birth)

    def _live(self, persons: Iterable[PersonPlan], address: AddressPlan, since: date) -> None:
        for person in persons:
            since_for = max(since, person.date_of_birth)
            current = person.residences[-1] if person.residences else None
            if current is not None and current.valid_to is None:
                if current.valid_from is not None and current.valid_from >= since_for:
                    person.residences.pop()  # moved on before that address began
                else:
                    current.valid_to = since_for
            person.residences.append(Residence(address, since_for))

    def _run_events(self, events: list[tuple[date, int, str, object]], anchor: PersonPlan) -> None:
        """Apply births, separations, moves and moving in, in date order."""
        rng = self.rng
        for day, _, kind, subject in sorted(events, key=lambda e: (e[0], e[1])):
            if day >= self.window.end_date:
                continue
            home = anchor.address_at(day) or anchor.residences[-1].address
            if kind == "birth" and isinstance(subject, PersonPlan):
                self._live([subject], home, day)
            elif kind == "separate" and isinstance(subject, PersonPlan):
                same_town = rng.random() < 0.7
                new = self.pools.address(rng) if not same_town else self._address_in(home.city)
                self._live([subject], new, day)
            elif kind == "move_in" and isinstance(subject, PersonPlan):
                self._live([subject], home, day)
            elif kind == "move":
                household = [
                    p
                    for p in self.persons
                    if p.residences and p.address_at(day) == home and p.exists_at(day)
                ]
                new = self._address_in(home.city) if rng.random() < 0.7 else self.pools.address(rng)
                self._live(household, new, day)

    def _address_in(self, city: str) -> AddressPlan:
        for town in self.pools.towns:
            if town.name == city:
                return self.pools.address(self.rng, town)
        return self.pools.address(self.rng)

    # -- who is there ----------------------------------------------------------------------------

    def minors_with(self, person: PersonPlan, day: date) -> list[PersonPlan]:
        home = person.address_at(day)
        return [
            k
            for k in self.children
            if k.exists_at(day) and k.age_at(day) < 18 and k.address_at(day) == home
        ]

    def roles(self) -> tuple[PersonPlan, PersonPlan]:
        if self.mutual and self.rng.random() < 0.35:
            return self.suspect, self.victim
        return self.victim, self.suspect

    # -- records ---------------------------------------------------------------------------------

    def record(
        self,
        *,
        org: str,
        kind: str,
        channel: str,
        occurred: datetime,
        received: datetime,
        acute: bool,
        labels: Iterable[str],
        place: AddressPlan | None,
        narrative: str,
        mentions: list[tuple[PersonPlan | ExternalPerson, str]],
        source: str,
        public_place: str = "",
        medical: str = "",
    ) -> MeldingPlan | None:
        """Add one melding unless it would be received after the reference moment."""
        if received >= self.window.now:
            return None
        rng = self.rng
        day = local_date(occurred)
        plan = MeldingPlan(
            family_number=self.number,
            seq=len(self.meldingen),
            org=org,
            kind=kind,
            channel=channel,
            occurred_at=occurred,
            received_at=received,
            is_acute=acute,
            labels=frozenset(labels),
            location=public_place or (place.line if place else ""),
            postcode="" if public_place or not place else place.postcode,
            city=place.city if place else "",
            narrative=narrative,
            medical=medical,
        )
        for subject, role in mentions:
            mention: MentionPlan
            if isinstance(subject, PersonPlan):
                mention = report_person(rng, subject, role, source, day)
                if subject.first_recorded_at is None or received < subject.first_recorded_at:
                    subject.first_recorded_at = received
                    subject.first_recorded_by = org
            else:
                mention = report_external(rng, subject, role, source)
            plan.mentions.append(mention)
        self.meldingen.append(plan)
        return plan

    def partner_event(self, org: str, since: datetime, last: datetime) -> None:
        now = self.window.now
        if since >= now:
            return
        last = min(max(last, since), now - timedelta(minutes=1))
        self.partner_events.setdefault(org, []).append((since, last))

    def ctx(self, victim: PersonPlan, suspect: PersonPlan, kids: list[PersonPlan]) -> Context:
        return Context(
            victim=victim.given_names.split()[0],
            suspect=suspect.given_names.split()[0],
            pronoun="haar" if victim.sex == "V" else "hem",
            relation=self.relation_word,
            children=tuple(k.given_names.split()[0] for k in kids),
        )

    # -- episodes --------------------------------------------------------------------------------

    def police_incident(self, day: date, handover: bool = False) -> None:
        """A 112 call about violence at home, and what follows from it."""
        rng, sev = self.rng, self.severity
        victim, suspect = self.roles()
        occurred = incident_time(rng, day, self.window)
        d = local_date(occurred)
        if not (victim.exists_at(d) and suspect.exists_at(d)):
            return
        place = victim.address_at(d)
        if place is None:
            return
        kids = [k for k in self.minors_with(victim, d) if rng.random() < 0.8]
        acute = rng.random() < (0.7 if sev == "hoog" else 0.5) and not handover
        channel = Channel.NOODNUMMER if rng.random() < 0.85 else Channel.TELEFOON
        # Many incidents between ex-partners are not recognised as huiselijk geweld.
        recognised = rng.random() < (0.7 if handover else 0.92)
        labels: set[str] = set()
        if recognised:
            labels.add(Label.HG)
            if kids and rng.random() < 0.85:
                labels.add(Label.KM)
            if self.honour:
                labels.add(Label.EERGERELATEERD)
        self.truth[Label.HG] = True
        if kids:
            self.truth[Label.KM] = True
        ctx = self.ctx(victim, suspect, kids)
        ctx.date = d.strftime("%d-%m-%Y")
        callers = ["buren", "het slachtoffer zelf", "een voorbijganger", "een familielid"]
        if kids and any(k.age_at(d) >= 10 for k in kids):
            callers.append("een van de kinderen")
        ctx.caller = rng.choice(callers)
        narrative = (
            narratives.stalking(rng, ctx) if handover else narratives.police_incident(rng, ctx)
        )
        mentions: list[tuple[PersonPlan | ExternalPerson, str]] = [
            (victim, InvolvementRole.SLACHTOFFER),
            (suspect, InvolvementRole.VERDACHTE),
        ]
        mentions += [(k, InvolvementRole.KIND_AANWEZIG) for k in kids]
        if ctx.caller == "buren" and rng.random() < 0.6:
            mentions.append((self.neighbour(place), InvolvementRole.MELDER))
        elif rng.random() < 0.1:
            mentions.append((self.neighbour(place), InvolvementRole.GETUIGE))
        org = place.basisteam
        incident = self.record(
            org=org,
            kind=MeldingKind.POLITIE_INCIDENT,
            channel=channel,
            occurred=occurred,
            received=occurred + minutes(rng, 2, 25),
            acute=acute,
            labels=labels,
            place=place,
            narrative=narrative,
            mentions=mentions,
            source=POLICE,
        )
        if incident is None:
            return
        self.follow_up(incident, victim, suspect, kids, place, what="een incident")

    def follow_up(
        self,
        incident: MeldingPlan,
        victim: PersonPlan,
        suspect: PersonPlan,
        kids: list[PersonPlan],
        place: AddressPlan,
        what: str,
        stalking: bool = False,
    ) -> None:
        """Arrest, aangifte and the zorgmelding to Veilig Thuis after a police incident."""
        rng = self.rng
        ctx = self.ctx(victim, suspect, kids)
        ctx.date = local_date(incident.occurred_at).strftime("%d-%m-%Y")
        labels = set(incident.labels)
        if stalking:
            labels |= {Label.HG, Label.EX_PARTNERSTALKING}
        p_arrest = 0.35 if incident.is_acute else 0.08
        if self.severity == "hoog":
            p_arrest += 0.15
        if rng.random() < p_arrest:
            arrested = incident.occurred_at + minutes(rng, 10, 150)
            arrest = self.record(
                org=incident.org,
                kind=MeldingKind.AANHOUDING,
                channel=Channel.SURVEILLANCE,
                occurred=arrested,
                received=arrested + minutes(rng, 5, 90),
                acute=incident.is_acute,
                labels=labels,
                place=place,
                narrative=narratives.aanhouding(rng, ctx, stalking),
                mentions=[
                    (suspect, InvolvementRole.VERDACHTE),
                    (victim, InvolvementRole.SLACHTOFFER),
                ],
                source=POLICE,
            )
            if arrest is not None:
                arrest.suspect_arrested = True
                arrest.follows = incident
                self.arrested(
                    arrest,
                    has_children=bool(self.minors_with(suspect, local_date(arrested)) or kids),
                )
        if rng.random() < (0.4 if stalking else 0.35 if incident.is_acute else 0.15):
            online = rng.random() < 0.3
            received = (
                incident.occurred_at + hours(rng, 6, 24 * 10)
                if online
                else office_after(rng, incident.received_at, 0, 12)
            )
            team = victim.address_at(local_date(received)) or place
            complaint = self.record(
                org=team.basisteam,
                kind=MeldingKind.AANGIFTE,
                channel=Channel.ONLINE if online else Channel.BALIE,
                occurred=incident.occurred_at,
                received=received,
                acute=False,
                labels=labels | {Label.HG},
                place=place,
                narrative=narratives.aangifte(rng, ctx, stalking),
                mentions=[
                    (victim, InvolvementRole.SLACHTOFFER),
                    (suspect, InvolvementRole.VERDACHTE),
                ],
                source=POLICE,
            )
            if complaint is not None:
                complaint.follows = incident
            if complaint is not None and rng.random() < 0.7:  # the case goes to the parket
                since = complaint.received_at + timedelta(days=rng.randint(7, 45))
                self.partner_event(OM, since, since + timedelta(days=rng.randint(0, 150)))
        p_vt = 0.9 if incident.labels else 0.2
        if rng.random() < p_vt:
            if incident.is_acute and rng.random() < 0.6:
                # Samen op in acuut: the police phone Veilig Thuis from the scene.
                received = incident.received_at + minutes(rng, 15, 120)
                channel, acute, on_scene = Channel.TELEFOON, True, True
            else:
                roll = rng.random()
                if roll < 0.55:
                    delay = hours(rng, 1, 24)
                elif roll < 0.85:
                    delay = hours(rng, 24, 72)
                else:
                    delay = hours(rng, 96, 24 * 14)
                received = incident.received_at + delay
                channel, acute, on_scene = Channel.POLITIE_ZORGMELDING, False, False
            mentions: list[tuple[PersonPlan | ExternalPerson, str]] = [
                (victim, InvolvementRole.SLACHTOFFER),
                (suspect, InvolvementRole.VERDACHTE),
            ]
            mentions += [(k, InvolvementRole.KIND_AANWEZIG) for k in kids]
            vt_labels = labels | {Label.HG}
            if kids:
                vt_labels.add(Label.KM)
            zorgmelding = self.record(
                org=VT,
                kind=MeldingKind.VT_MELDING,
                channel=channel,
                occurred=incident.occurred_at,
                received=received,
                acute=acute,
                labels=vt_labels,
                place=place,
                narrative=narratives.zorgmelding(rng, ctx, what, on_scene),
                mentions=mentions,
                source=VEILIG_THUIS,
            )
            if zorgmelding is not None:
                zorgmelding.follows = incident
                zorgmelding.reporter = incident.org

    def arrested(self, arrest: MeldingPlan, has_children: bool) -> None:
        """At ZSM the OM decides, 3RO advises on the suspect, and RvdK looks at the children."""
        rng = self.rng
        at = arrest.received_at
        since = at + hours(rng, 2, 9)
        self.partner_event(OM, since, since + timedelta(days=rng.randint(0, 120)))
        if rng.random() < 0.85:
            since = at + hours(rng, 2, 8)
            supervision = rng.random() < 0.4
            last = since + timedelta(
                days=rng.randint(60, 540) if supervision else rng.randint(0, 14)
            )
            self.partner_event(RECLASSERING, since, last)
        if has_children and rng.random() < 0.5:
            since = at + hours(rng, 3, 10)
            self.partner_event(RVDK, since, since + timedelta(days=rng.randint(20, 200)))

    def stranger_arrest(self, rng: random.Random) -> None:
        """Now and then a family member is arrested for an offence against someone outside the
        family — a fight when going out, a row with a neighbour, a shop theft. Not huiselijk
        geweld: the arrest carries no label, and rightly so. Often it is the family's own
        suspect (violence is not only at home), which is what makes these arrests a test for the
        'mogelijk huiselijk geweld' flag (``voorop.zsm.detector``): a rule that flags every
        arrest of someone known from huiselijk geweld would flag these too.

        Drawn from its own random stream (``rng``), after the family's own simulation, so adding
        it changed nothing else of the family."""
        if rng.random() >= STRANGER_ARREST_SHARE:
            return
        day = _between(rng, self.window.start_date, self.window.end_date - timedelta(days=2))
        adults = [p for p in self.persons if p.exists_at(day) and p.age_at(day) >= 16]
        if not adults:
            return
        suspect = (
            self.suspect if self.suspect in adults and rng.random() < 0.6 else rng.choice(adults)
        )
        home = suspect.address_at(day)
        if home is None:
            return
        saved, self.rng = self.rng, rng  # record() and external() draw from self.rng
        try:
            at_home = rng.random() < 0.35
            victim = self.external(home if at_home else None)
            place_name = "" if at_home else rng.choice(_PUBLIC_PLACES)
            ctx = self.ctx(victim=suspect, suspect=suspect, kids=[])
            ctx.victim = victim.given_names.split()[0]
            arrested = incident_time(rng, day, self.window)
            arrest = self.record(
                org=home.basisteam,
                kind=MeldingKind.AANHOUDING,
                channel=Channel.SURVEILLANCE,
                occurred=arrested,
                received=arrested + minutes(rng, 10, 120),
                acute=False,
                labels=(),
                place=home,
                public_place=place_name,
                narrative=narratives.stranger_arrest(rng, ctx, place_name or home.line),
                mentions=[
                    (suspect, InvolvementRole.VERDACHTE),
                    (victim, InvolvementRole.SLACHTOFFER),
                ],
                source=POLICE,
            )
        finally:
            self.rng = saved
        if arrest is not None:
            arrest.suspect_arrested = True
            arrest.stranger = True

    def neighbour(self, near: AddressPlan) -> ExternalPerson:
        if self.externals and self.rng.random() < 0.6:
            return self.rng.choice(self.externals)
        return self.external(near)

    def professional_melding(self, day: date) -> None:
        """A professional reports under the Meldcode: about a child, or about violence between
        the parents that the children live with."""
        rng = self.rng
        occurred = daytime(rng, day)
        d = local_date(occurred)
        victim, suspect = self.victim, self.suspect
        if not (victim.exists_at(d) and suspect.exists_at(d)):
            return
        household = victim if victim.age_at(d) >= 18 else (self.mother or victim)
        kids = self.minors_with(household, d)
        place = household.address_at(d)
        labels: set[str] = set()
        mentions: list[tuple[PersonPlan | ExternalPerson, str]] = []
        ctx = self.ctx(victim, suspect, kids)
        about_child = bool(kids) and (rng.random() < 0.6 or victim.age_at(d) < 18)
        if about_child:
            child = victim if victim in kids else rng.choice(kids)
            ctx.child = child.given_names.split()[0]
            labels.add(Label.KM)
            self.truth[Label.KM] = True
            mentions.append((child, InvolvementRole.SLACHTOFFER))
            if rng.random() < 0.7:
                mentions.append((suspect, InvolvementRole.VERDACHTE))
            mentions += [(k, InvolvementRole.KIND_AANWEZIG) for k in kids if k is not child]
        else:
            ctx.child = ctx.children[0] if ctx.children else ""
            labels.add(Label.HG)
            self.truth[Label.HG] = True
            if kids:
                labels.add(Label.KM)
                self.truth[Label.KM] = True
            mentions.append((victim, InvolvementRole.SLACHTOFFER))
            mentions.append((suspect, InvolvementRole.VERDACHTE))
            mentions += [(k, InvolvementRole.KIND_AANWEZIG) for k in kids]
        if self.honour:
            labels.add(Label.EERGERELATEERD)
        self.record(
            org=VT,
            kind=MeldingKind.VT_MELDING,
            channel=Channel.PROFESSIONAL,
            occurred=occurred,
            received=office_after(rng, occurred, 0, 10),
            acute=rng.random() < 0.08,
            labels=labels,
            place=place,
            narrative=narratives.professional(rng, ctx, about_child),
            mentions=mentions,
            source=VEILIG_THUIS,
        )
        self.child_protection_check()

    def citizen_melding(self, day: date) -> None:
        """A neighbour or relative phones Veilig Thuis."""
        rng = self.rng
        occurred = incident_time(rng, day, self.window)
        d = local_date(occurred)
        victim, suspect = self.victim, self.suspect
        if victim.age_at(d) < 18 and self.mother is not None:
            victim = self.mother
        if not (victim.exists_at(d) and suspect.exists_at(d)) or victim is suspect:
            return
        place = victim.address_at(d)
        kids = self.minors_with(victim, d)
        labels = {Label.HG} | ({Label.KM} if kids else set())
        self.truth[Label.HG] = True
        if kids:
            self.truth[Label.KM] = True
        mentions: list[tuple[PersonPlan | ExternalPerson, str]] = [
            (victim, InvolvementRole.SLACHTOFFER),
            (suspect, InvolvementRole.VERDACHTE),
        ]
        mentions += [(k, InvolvementRole.KIND_AANWEZIG) for k in kids]
        if place is not None:
            mentions.append((self.neighbour(place), InvolvementRole.MELDER))
        self.record(
            org=VT,
            kind=MeldingKind.VT_MELDING,
            channel=Channel.TELEFOON if rng.random() < 0.75 else Channel.ONLINE,
            occurred=occurred,
            received=occurred + hours(rng, 0.2, 72),
            acute=rng.random() < 0.1,
            labels=labels,
            place=place,
            narrative=narratives.citizen(rng, self.ctx(victim, suspect, kids)),
            mentions=mentions,
            source=VEILIG_THUIS,
        )

    def hospital_melding(self, day: date) -> None:
        """A hospital reports a young child's injury to Veilig Thuis; HSSK may follow."""
        rng = self.rng
        occurred = local(day, rng.randrange(24), rng.randrange(60))
        d = local_date(occurred)
        young = [k for k in self.children if k.exists_at(d) and k.age_at(d) < 6]
        if not young:
            self.professional_melding(day)
            return
        child = rng.choice(young)
        place = child.address_at(d)
        parents = [
            p
            for p in (self.mother, self.father, self.stepparent)
            if p is not None and p.exists_at(d) and place is not None and p.address_at(d) == place
        ]
        mentions: list[tuple[PersonPlan | ExternalPerson, str]] = [
            (child, InvolvementRole.SLACHTOFFER)
        ]
        mentions += [(p, InvolvementRole.GETUIGE) for p in parents]
        self.truth[Label.KM] = True
        ctx = self.ctx(self.victim, self.suspect, [])
        ctx.child = child.given_names.split()[0]
        ctx.child_age = child.age_at(d)
        ctx.hospital = rng.choice(_HOSPITALS)
        received = occurred + (hours(rng, 6, 72) if rng.random() < 0.8 else hours(rng, 72, 240))
        narrative, medical = narratives.hospital(rng, ctx)
        report = self.record(
            org=VT,
            kind=MeldingKind.ZIEKENHUISMELDING,
            channel=Channel.PROFESSIONAL,
            occurred=occurred,
            received=received,
            acute=rng.random() < 0.5,
            labels={Label.KM},
            place=place,
            narrative=narrative,
            medical=medical,
            mentions=mentions,
            source=HOSPITAL,
        )
        if report is not None:
            report.child_injury = True
            report.reporter = _HOSPITAL_CODES[ctx.hospital]
        if report is None or place is None:
            return
        if rng.random() < 0.55:
            suspect_role = (
                InvolvementRole.VERDACHTE if rng.random() < 0.5 else InvolvementRole.GETUIGE
            )
            police_mentions: list[tuple[PersonPlan | ExternalPerson, str]] = [
                (child, InvolvementRole.SLACHTOFFER)
            ]
            police_mentions += [
                (p, suspect_role if p is self.suspect else InvolvementRole.GETUIGE) for p in parents
            ]
            hssk = self.record(
                org=place.basisteam,
                kind=MeldingKind.POLITIE_INCIDENT,
                channel=Channel.PROFESSIONAL,
                occurred=occurred,
                received=office_after(rng, report.received_at, 1, 10),
                acute=False,
                labels={Label.KM},
                place=place,
                narrative=narratives.hssk_police(rng, ctx),
                mentions=police_mentions,
                source=POLICE,
            )
            if hssk is not None:  # Veilig Thuis reported the injury to the police
                hssk.child_injury = True
                hssk.follows = report
                hssk.reporter = VT
        if rng.random() < 0.6:
            since = report.received_at + timedelta(days=rng.randint(1, 14))
            self.partner_event(RVDK, since, since + timedelta(days=rng.randint(30, 240)))

    def child_protection_check(self) -> None:
        """After the third melding about a child, the Raad is often asked to investigate."""
        km = [m for m in self.meldingen if Label.KM in m.labels and m.org == VT]
        if len(km) == 3 and self.rng.random() < 0.4:
            since = km[-1].received_at + timedelta(days=self.rng.randint(5, 30))
            self.partner_event(RVDK, since, since + timedelta(days=self.rng.randint(30, 240)))

    def stalking_series(self, day: date) -> None:
        """Many small incidents over weeks after a separation, some reported, few recognised."""
        rng = self.rng
        victim, suspect = self.victim, self.suspect
        count = rng.randint(4, 20 if self.severity == "hoog" else 12)
        span = rng.randint(14, 70)
        days = sorted(day + timedelta(days=rng.randint(0, span)) for _ in range(count))
        self.truth[Label.HG] = True
        self.truth[Label.EX_PARTNERSTALKING] = True
        reported_incidents: list[MeldingPlan] = []
        for i, d in enumerate(days):
            occurred = (
                incident_time(rng, d, self.window) if rng.random() < 0.75 else daytime(rng, d)
            )
            ld = local_date(occurred)
            home = victim.address_at(ld)
            if home is None:
                continue
            public = rng.choice(_PUBLIC_PLACES) if rng.random() < 0.3 else ""
            kids = [k for k in self.minors_with(victim, ld) if rng.random() < 0.2]
            roll = rng.random()
            if roll < 0.2:
                labels: set[str] = set()
            elif roll < 0.45:
                labels = {Label.HG}
            elif roll < 0.8:
                labels = {Label.HG, Label.EX_PARTNERSTALKING}
            else:
                labels = {Label.EX_PARTNERSTALKING}
            channel = rng.choices(
                (Channel.TELEFOON, Channel.NOODNUMMER, Channel.BALIE), weights=(60, 25, 15)
            )[0]
            if channel == Channel.BALIE:
                received = office_after(rng, occurred, 0, 3)
            else:
                received = occurred + minutes(rng, 5, 60)
            mentions: list[tuple[PersonPlan | ExternalPerson, str]] = [
                (victim, InvolvementRole.SLACHTOFFER)
            ]
            if rng.random() < 0.85:
                mentions.append((suspect, InvolvementRole.VERDACHTE))
            mentions += [(k, InvolvementRole.KIND_AANWEZIG) for k in kids]
            incident = self.record(
                org=home.basisteam,
                kind=MeldingKind.POLITIE_INCIDENT,
                channel=channel,
                occurred=occurred,
                received=received,
                acute=rng.random() < 0.08,
                labels=labels,
                place=home,
                narrative=narratives.stalking(rng, self.ctx(victim, suspect, kids)),
                mentions=mentions,
                source=POLICE,
                public_place=public,
            )
            if incident is None:
                continue
            if reported_incidents:  # one stalking case: the same report to Veilig Thuis
                incident.follows = reported_incidents[-1]
            reported_incidents.append(incident)
            if len(reported_incidents) == 3 or (i == len(days) - 1 and len(reported_incidents) < 3):
                self.follow_up(
                    incident, victim, suspect, kids, home, what="belaging", stalking=True
                )

    def elder_melding(self, day: date) -> None:
        """Ouderenmishandeling: neglect, financial abuse or violence by the caring child."""
        rng = self.rng
        victim, suspect = self.victim, self.suspect
        police = rng.random() < 0.3
        occurred = incident_time(rng, day, self.window) if police else daytime(rng, day)
        d = local_date(occurred)
        place = victim.address_at(d)
        if place is None:
            return
        self.truth[Label.HG] = True
        self.truth[Label.OUDERENMISHANDELING] = True
        ctx = self.ctx(victim, suspect, [])
        ctx.age = victim.age_at(d)
        mentions: list[tuple[PersonPlan | ExternalPerson, str]] = [
            (victim, InvolvementRole.SLACHTOFFER),
            (suspect, InvolvementRole.VERDACHTE),
        ]
        others = [p for p in self.persons if p not in (victim, suspect)]
        if others and rng.random() < 0.3:
            mentions.append((others[0], InvolvementRole.GETUIGE))
        labels = {Label.OUDERENMISHANDELING} | ({Label.HG} if rng.random() < 0.6 else set())
        if police:
            incident = self.record(
                org=place.basisteam,
                kind=MeldingKind.POLITIE_INCIDENT,
                channel=Channel.TELEFOON,
                occurred=occurred,
                received=occurred + minutes(rng, 5, 40),
                acute=rng.random() < 0.3,
                labels=labels,
                place=place,
                narrative=narratives.elder(rng, ctx),
                mentions=mentions,
                source=POLICE,
            )
            if incident is not None:
                self.follow_up(incident, victim, suspect, [], place, what="een incident")
            return
        self.record(
            org=VT,
            kind=MeldingKind.VT_MELDING,
            channel=Channel.PROFESSIONAL if rng.random() < 0.7 else Channel.TELEFOON,
            occurred=occurred,
            received=office_after(rng, occurred, 0, 7),
            acute=rng.random() < 0.05,
            labels=labels,
            place=place,
            narrative=narratives.elder(rng, ctx),
            mentions=mentions,
            source=VEILIG_THUIS,
        )

    def honour_melding(self, day: date) -> None:
        """Eergerelateerd geweld against a daughter, by her father (and sometimes a brother)."""
        rng = self.rng
        daughter = self.honour_victim
        if daughter is None or self.father is None:
            return
        police = rng.random() < 0.4
        occurred = incident_time(rng, day, self.window) if police else daytime(rng, day)
        d = local_date(occurred)
        place = daughter.address_at(d)
        if place is None or not daughter.exists_at(d):
            return
        minor = daughter.age_at(d) < 18
        self.truth[Label.HG] = True
        self.truth[Label.EERGERELATEERD] = True
        if minor:
            self.truth[Label.KM] = True
        ctx = self.ctx(daughter, self.father, [])
        ctx.age = daughter.age_at(d)
        mentions: list[tuple[PersonPlan | ExternalPerson, str]] = [
            (daughter, InvolvementRole.SLACHTOFFER),
            (self.father, InvolvementRole.VERDACHTE),
        ]
        brothers = [
            k for k in self.children if k.sex == "M" and k.exists_at(d) and k.age_at(d) >= 16
        ]
        if brothers and rng.random() < 0.4:
            mentions.append((brothers[0], InvolvementRole.VERDACHTE))
        if self.mother is not None and rng.random() < 0.5:
            mentions.append((self.mother, InvolvementRole.GETUIGE))
        labels = {Label.EERGERELATEERD, Label.HG} | ({Label.KM} if minor else set())
        org = place.basisteam if police else VT
        melding = self.record(
            org=org,
            kind=MeldingKind.POLITIE_INCIDENT if police else MeldingKind.VT_MELDING,
            channel=Channel.TELEFOON if police else Channel.PROFESSIONAL,
            occurred=occurred,
            received=occurred + minutes(rng, 5, 60)
            if police
            else office_after(rng, occurred, 0, 3),
            acute=rng.random() < 0.4,
            labels=labels,
            place=place,
            narrative=narratives.honour(rng, ctx),
            mentions=mentions,
            source=POLICE if police else VEILIG_THUIS,
        )
        if melding is not None and police:
            self.follow_up(
                melding, daughter, self.father, [], place, what="eergerelateerde dreiging"
            )

    def fallback_melding(self, day: date) -> None:
        """A plain professional's melding about the victim, so that no family goes unrecorded."""
        rng = self.rng
        occurred = daytime(rng, day)
        d = local_date(occurred)
        victim = self.victim if self.victim.exists_at(d) else self.persons[0]
        mentions: list[tuple[PersonPlan | ExternalPerson, str]] = [
            (victim, InvolvementRole.SLACHTOFFER)
        ]
        if self.suspect is not victim and self.suspect.exists_at(d):
            mentions.append((self.suspect, InvolvementRole.VERDACHTE))
        child = victim.age_at(d) < 18
        self.truth[Label.KM if child else Label.HG] = True
        self.record(
            org=VT,
            kind=MeldingKind.VT_MELDING,
            channel=Channel.PROFESSIONAL,
            occurred=occurred,
            received=occurred + minutes(rng, 10, 600),
            acute=False,
            labels={Label.KM if child else Label.HG},
            place=victim.address_at(d),
            narrative=narratives.professional(
                rng, self.ctx(victim, self.suspect, []), about_child=child
            ),
            mentions=mentions,
            source=VEILIG_THUIS,
        )

    def unfounded_melding(self, day: date) -> None:
        """A worried neighbour or professional; on assessment nothing was going on."""
        rng = self.rng
        truth = dict(self.truth)
        if rng.random() < 0.5:
            self.citizen_melding(day)
        else:
            self.professional_melding(day)
        self.truth = truth

    # -- the timeline ----------------------------------------------------------------------------

    def simulate(self, family_type: str) -> None:
        rng, window = self.rng, self.window
        self.severity = rng.choices(SEVERITIES, weights=SEVERITY_WEIGHTS)[0]
        self.unfounded = family_type in _UNFOUNDED_TYPES and rng.random() < _P_UNFOUNDED
        if family_type == GEZIN and not self.unfounded and rng.random() < 0.12:
            daughters = [
                k
                for k in self.children
                if k.sex == "V"
                and k.age_at(window.end_date) >= 12
                and k.age_at(window.start_date) <= 21
            ]
            if daughters:
                self.honour, self.honour_victim = True, daughters[0]
        last_day = window.end_date - timedelta(days=21)
        first = _between(rng, window.start_date, last_day)
        # Not before both victim and suspect are there (born, or the new partner has come).
        earliest = max(
            self.victim.date_of_birth + timedelta(days=30),
            self.suspect.date_of_birth,
            self.suspect.member_since or window.start_date,
        )
        if self.honour_victim is not None:
            earliest = max(earliest, add_years(self.honour_victim.date_of_birth, 12))
        if earliest > first:
            first = _between(rng, min(earliest, last_day), last_day)
        days = [first]
        if self.unfounded:
            if rng.random() < 0.3:
                days.append(first + timedelta(days=rng.randint(30, 400)))
            for day in days:
                if day < window.end_date:
                    self.unfounded_melding(day)
            if not self.meldingen:
                self.fallback_melding(first)
                self.truth = {label: False for label in self.truth}
            return
        median = _MEDIAN_GAP_DAYS[self.severity]
        while (
            len(days) < _MAX_EPISODES[self.severity] and rng.random() < _P_CONTINUE[self.severity]
        ):
            gap = max(3, int(rng.lognormvariate(math.log(median), 0.9)))
            nxt = days[-1] + timedelta(days=gap)
            if nxt >= window.end_date:
                break
            days.append(nxt)
        stalking_day: date | None = None
        if family_type in (SCHEIDING, EX_PARTNERS) and rng.random() < 0.55:
            if family_type == SCHEIDING and self.separation:
                stalking_day = self.separation + timedelta(days=rng.randint(0, 56))
            else:
                stalking_day = window.day(rng, 0.0, 0.97)
        if family_type == SCHEIDING and self.separation and rng.random() < 0.5:
            days.append(self.separation - timedelta(days=rng.randint(0, 30)))
        for day in sorted(days):
            if day >= window.end_date:
                continue
            self.episode(family_type, day)
        if stalking_day is not None and stalking_day < window.end_date - timedelta(days=3):
            self.stalking_series(stalking_day)
        if not self.meldingen:  # make sure every family is known somewhere
            self.fallback_melding(first)

    def episode(self, family_type: str, day: date) -> None:
        rng = self.rng
        young = any(k.exists_at(day) and k.age_at(day) < 6 for k in self.children)
        minors = any(k.exists_at(day) and k.age_at(day) < 18 for k in self.children)
        if family_type == OUDEREN:
            if rng.random() < 0.85:
                self.elder_melding(day)
            else:
                self.citizen_melding(day)
            return
        if self.honour and rng.random() < 0.5:
            self.honour_melding(day)
            return
        separated = self.separation is not None and day >= self.separation
        options: list[tuple[str, int]]
        if separated:
            options = [("handover", 35), ("professional", 30 if minors else 5), ("citizen", 10)]
        elif family_type == EENOUDER:
            step = self.stepparent
            step_there = step is not None and (step.member_since or day) <= day
            options = [
                ("police", 30 if step_there and self.suspect is step else 0),
                ("professional", 35),
                ("citizen", 15),
                ("hospital", 15 if young else 0),
            ]
        else:
            options = [
                ("police", 45),
                ("professional", 20 if minors else 3),
                ("citizen", 12),
                ("hospital", 6 if young else 0),
            ]
        kind = rng.choices([o[0] for o in options], weights=[o[1] for o in options])[0]
        if kind == "police":
            self.police_incident(day)
        elif kind == "handover":
            self.police_incident(day, handover=True)
        elif kind == "professional":
            self.professional_melding(day)
        elif kind == "citizen":
            self.citizen_melding(day)
        else:
            self.hospital_melding(day)

    # -- the family's case, involvements and name ------------------------------------------------

    def finish(self, family_type: str) -> FamilyPlan:
        rng, window = self.rng, self.window
        now = window.now
        self.meldingen.sort(key=lambda m: (m.received_at, m.seq))
        first = self.meldingen[0]
        created_at, recorded_by = first.received_at, first.org
        involvements: dict[str, InvolvementPlan] = {}
        for m in self.meldingen:
            inv = involvements.get(m.org)
            if inv is None:
                involvements[m.org] = InvolvementPlan(m.org, m.received_at, m.received_at)
            else:
                inv.since = min(inv.since, m.received_at)
                inv.last_activity_at = max(inv.last_activity_at, m.received_at)
        for org, events in sorted(self.partner_events.items()):
            involvements[org] = InvolvementPlan(
                org, min(e[0] for e in events), max(e[1] for e in events)
            )
        for person in self.persons:
            if person.first_recorded_at is None:
                born = local(person.date_of_birth, 12, 0)
                person.first_recorded_at = max(created_at, born)
                person.first_recorded_by = recorded_by
        last_record = self.meldingen[-1].received_at
        last_activity = max(inv.last_activity_at for inv in involvements.values())
        recent_acute = [
            m for m in self.meldingen if m.is_acute and m.received_at >= now - timedelta(days=30)
        ]
        acute_ever = [m for m in self.meldingen if m.is_acute]
        closed_at: datetime | None = None
        status = CaseStatus.OPEN
        if recent_acute:
            phase, changed = Phase.ACUUT, recent_acute[0].received_at
        elif (now - last_activity).days > 365 and rng.random() < 0.85:
            status = CaseStatus.GESLOTEN
            closed_at = min(
                last_activity + timedelta(days=rng.randint(30, 150)), now - timedelta(days=1)
            )
            phase = Phase.HERSTELGERICHT if rng.random() < 0.7 else Phase.RISICOGESTUURD
            changed = min(last_record + timedelta(days=rng.randint(14, 60)), closed_at)
        elif (now - last_record).days <= 180:
            phase = Phase.RISICOGESTUURD
            base = acute_ever[-1].received_at if acute_ever else last_record
            changed = base + timedelta(days=rng.randint(1, 21))
        else:
            phase = Phase.HERSTELGERICHT
            changed = last_record + timedelta(days=rng.randint(90, 180))
        changed = max(min(changed, now - timedelta(minutes=1)), created_at)
        first_contact = VT if VT in involvements else recorded_by
        police_orgs = [m.org for m in self.meldingen if m.org.startswith("politie-")]
        if police_orgs:
            busiest = max(sorted(set(police_orgs)), key=police_orgs.count)
            if (
                (self.truth[Label.EX_PARTNERSTALKING] and rng.random() < 0.6)
                or (recorded_by == busiest and rng.random() < 0.15)
                or first_contact not in involvements
            ):
                first_contact = busiest
        case = CasePlan(
            reference=f"Z-S{self.number:06d}",
            phase=phase,
            status=status,
            opened_at=created_at,
            phase_changed_at=changed,
            closed_at=closed_at,
            recorded_by=recorded_by,
            first_contact=first_contact,
        )
        return FamilyPlan(
            number=self.number,
            key=self.key,
            reference=self.reference,
            name=self.family_name(family_type),
            family_type=family_type,
            truth=self.truth,
            persons=self.persons,
            relations=self.relations,
            meldingen=self.meldingen,
            involvements=list(involvements.values()),
            case=case,
            recorded_by=recorded_by,
            created_at=created_at,
        )

    def family_name(self, family_type: str) -> str:
        if family_type == OUDEREN:
            return f"Familie {surname_alone(self.persons[0].prefix, self.persons[0].surname)}"
        names: list[str] = []
        for p in (self.mother, self.father, self.stepparent):
            if p is not None:
                name = surname_alone(p.prefix, p.surname)
                if name not in names:
                    names.append(name)
        return "Gezin " + " / ".join(names)


class Simulator:
    """Draws family systems one by one. BSNs stay unique across all families of a run (and
    the BSNs already in the database, passed in as ``existing_bsns``)."""

    def __init__(
        self, seed: int, window: Window, pools: Pools, existing_bsns: Iterable[str] = ()
    ) -> None:
        self.seed = seed
        self.window = window
        self.pools = pools
        self.bsns: set[str] = set(existing_bsns)

    def family(self, number: int) -> FamilyPlan:
        rng = random.Random(f"{self.seed}:{number}")
        family_type = rng.choices(FAMILY_TYPES, weights=FAMILY_TYPE_WEIGHTS)[0]
        builder = _Family(self, number, rng, key=f"F{number:06d}", reference=f"GS-S{number:06d}")
        builder.build_household(family_type)
        builder.simulate(family_type)
        builder.stranger_arrest(random.Random(f"{self.seed}:{number}:vreemde"))
        return builder.finish(family_type)
