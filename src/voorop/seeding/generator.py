"""The synthetic region generator: simulate family systems, write them in bulk, write the truth.

What it makes
    The region "Rijnveen" (``region.py``) and N family systems over ``--years`` years up to a
    fixed reference moment (default 1 November 2026, 00:00 Amsterdam time); per family its
    persons, addresses, memberships, relations, a case, the meldingen of every organisation with
    the persons as reported, and the organisations' involvement (``simulation.py``).

Perfect linkage (a stand-in)
    ``MeldingPerson.person`` points at the true ``Person`` and ``Melding.family_system`` at the
    true family system, although the reported identity on the mention deliberately differs
    (typos, missing date of birth, old address ...; see ``variation.py``). That is the answer a
    perfect linkage would give; it stands in until the linkage work replaces it and can be
    measured against the truth file. Mentions of people outside the family (a neighbour who
    called) are not in the person index and stay unlinked.

Ground truth (``--truth PATH``)
    ``PATH`` has one row per MeldingPerson: ``record_id`` (its source_record_id),
    ``melding_reference``, ``organisation``, ``role``, ``true_person_id`` ("P00001702": family
    17, member 2; "E..." for people outside the family), ``true_family_id`` ("F000017").
    ``PATH`` with suffix ``.families.csv`` has one row per family: its references, household
    type, and per label (hg, km, ex_partnerstalking, eergerelateerd, ouderenmishandeling)
    whether that is truly going on — independent of how the meldingen were labelled — plus
    ``unlabelled_meldingen``: meldingen in a truly unsafe family that carry no label at all (not
    counting arrests of a family member for an offence against a stranger, which rightly carry
    none: their victim's ``true_person_id`` is an "E..." id).
    The ids never depend on database keys.

Determinism
    Same ``--seed``, size and window give the same rows and the same truth files: every family
    has its own random stream, nothing reads the wall clock, and the auto-set ``created_at``
    fields are set from the simulated moments instead.

Seeding again
    Seeded family systems carry references starting with ``GS-S``. If any exist, seeding
    refuses unless ``append`` (add families numbered after the existing ones) or ``flush``
    (first delete the seeded case data: those family systems with their persons, meldingen,
    cases and involvements; organisations and users stay).

Speed
    Everything is simulated in memory first (about 1 ms per family), then written in one
    transaction, model by model in dependency order: family systems and persons with
    ``bulk_create`` (SQLite >= 3.35 and PostgreSQL both return the new primary keys), the
    other tables with plain ``executemany`` (see ``_Inserter``).
"""

from __future__ import annotations

import csv
import re
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from django.apps import apps
from django.db import connection, models, transaction
from django.db.models import ProtectedError, Q
from django.utils.translation import gettext as _

from voorop.actieoverleg.models import AgendaItem, Meeting, Submission
from voorop.cases.models import Case
from voorop.hssk.models import HsskCase
from voorop.intake import routes
from voorop.intake.models import VT_REFERRAL_DEADLINE, ReferralStatus, RouteAdvice, VtReferral
from voorop.intake.services import REFERRAL_KINDS
from voorop.meldingen.models import Label, Melding, MeldingKind, MeldingPerson
from voorop.organisations.models import Organisation, OrganisationKind
from voorop.persons.models import (
    Address,
    FamilyMembership,
    FamilySystem,
    OrganisationInvolvement,
    Person,
    Relation,
)
from voorop.seeding.plans import FamilyPlan, MeldingPlan
from voorop.seeding.pools import Pools
from voorop.seeding.region import OM, RECLASSERING, RVDK, SPEC_BY_CODE, VT, ensure_region
from voorop.seeding.simulation import TRUTH_LABELS, Simulator
from voorop.seeding.timing import Window, local_date
from voorop.sharing.models import Disclosure
from voorop.zsm.models import ZsmCase

#: Seeded family systems (and only those) have references starting with this.
SEED_FAMILY_PREFIX = "GS-S"
BATCH_SIZE = 2000
REFUSE, APPEND, FLUSH = "refuse", "append", "flush"

_LABEL_FIELDS = {
    Label.HG: "label_hg",
    Label.KM: "label_km",
    Label.EX_PARTNERSTALKING: "label_ex_partnerstalking",
    Label.EERGERELATEERD: "label_eergerelateerd",
    Label.OUDERENMISHANDELING: "label_ouderenmishandeling",
}
_FAMILY_NUMBER_RE = re.compile(rf"^{SEED_FAMILY_PREFIX}(\d+)$")
_REFERENCE_RE = re.compile(r"^([A-Z]+)-(\d{4})-(\d+)$")
_INVOLVEMENT_REFERENCES = {
    VT: "VTR-D{year}-{n:05d}",
    OM: "09/{n:06d}-{yy:02d}",
    RECLASSERING: "3RO-{year}-{n:05d}",
    RVDK: "RVDK-{year}-{n:05d}",
}


class SeedingError(Exception):
    """A reason not to seed, in Dutch, for the command to show."""


@dataclass(slots=True)
class SeedOptions:
    seed: int = 1
    families: int = 100
    window: Window = field(default_factory=lambda: Window.from_options(None, 5))
    truth: Path | None = None
    mode: str = REFUSE


@dataclass(slots=True)
class SeedResult:
    counts: dict[str, int]
    elapsed: float
    first_number: int
    last_number: int
    flushed: dict[str, int] = field(default_factory=dict)


def seeded_families() -> models.QuerySet[FamilySystem]:
    return FamilySystem.objects.filter(reference__startswith=SEED_FAMILY_PREFIX)


def seed_region(
    options: SeedOptions, progress: Callable[[str], None] = lambda message: None
) -> SeedResult:
    """Generate and store a synthetic region; see the module docstring for the rules."""
    started = time.perf_counter()

    def say(message: str) -> None:
        progress(f"{message} ({time.perf_counter() - started:.1f} s)")

    organisations = ensure_region()
    flushed: dict[str, int] = {}
    with transaction.atomic():
        if seeded_families().exists():
            if options.mode == REFUSE:
                raise SeedingError(
                    _(
                        "Deze database bevat al gegenereerde gezinssystemen. Gebruik --append "
                        "om gezinnen toe te voegen of --flush om de gegenereerde casusgegevens "
                        "eerst te verwijderen."
                    )
                )
            if options.mode == FLUSH:
                flushed = flush_seeded()
        offset = _highest_family_number()
        pools = Pools(options.seed)
        existing_bsns = [b for b in Person.objects.values_list("bsn", flat=True) if b]
        simulator = Simulator(options.seed, options.window, pools, existing_bsns)
        plans: list[FamilyPlan] = []
        step = max(1, options.families // 10)
        for i in range(1, options.families + 1):
            plans.append(simulator.family(offset + i))
            if i % step == 0 or i == options.families:
                say(
                    _("%(done)d van %(total)d gezinnen gegenereerd")
                    % {"done": i, "total": options.families}
                )
        meldingen = _assign_references(plans, organisations)
        counts = _write(plans, meldingen, organisations, say, options.window.now)
    if options.truth is not None:
        write_truth(options.truth, plans, meldingen)
        say(_("Grondwaarheid geschreven naar %(path)s") % {"path": options.truth})
    return SeedResult(
        counts=counts,
        elapsed=time.perf_counter() - started,
        first_number=offset + 1,
        last_number=offset + options.families,
        flushed=flushed,
    )


def _highest_family_number() -> int:
    highest = 0
    for reference in seeded_families().values_list("reference", flat=True):
        match = _FAMILY_NUMBER_RE.match(reference)
        if match:
            highest = max(highest, int(match.group(1)))
    return highest


def flush_seeded() -> dict[str, int]:
    """Delete the seeded case data: seeded family systems and everything recorded in them, and
    the persons who belong only to seeded family systems. Organisations and users stay."""
    families = seeded_families()
    others = FamilyMembership.objects.exclude(family_system__in=families).values("person_id")
    persons = (
        Person.objects.filter(memberships__family_system__in=families)
        .exclude(pk__in=others)
        .distinct()
    )
    deleted: dict[str, int] = {}
    # The demo's actieoverleg (``voorop demo``): its cases of seeded families, then the meetings
    # that only held those.
    items = AgendaItem.objects.filter(submission__family_system__in=families)
    meetings = set(items.values_list("meeting_id", flat=True))
    try:
        for queryset in (
            items,
            Submission.objects.filter(family_system__in=families),
            # ZSM cases of seeded arrests (``voorop demo``, ``voorop zsm_instroom``).
            ZsmCase.objects.filter(
                Q(family_system__in=families) | Q(suspect__in=persons.values("pk"))
            ),
            # HSSK cases started from seeded meldingen (``voorop demo``), then what was shared
            # about seeded families (their disclosures hold the meldingen).
            HsskCase.objects.filter(identification__family_system__in=families),
            Disclosure.objects.filter(family_system__in=families),
            MeldingPerson.objects.filter(melding__family_system__in=families),
            Melding.objects.filter(family_system__in=families),
            Case.objects.filter(family_system__in=families),
            Person.objects.filter(pk__in=persons.values("pk")),
            families,
            Meeting.objects.filter(pk__in=meetings, items__isnull=True),
        ):
            for model_label, count in queryset.delete()[1].items():
                name = str(apps.get_model(model_label)._meta.verbose_name_plural)
                deleted[name] = deleted.get(name, 0) + count
    except ProtectedError as exc:
        raise SeedingError(
            _(
                "De gegenereerde gegevens kunnen niet worden verwijderd: er zijn andere gegevens "
                "aan gekoppeld (%(detail)s)."
            )
            % {"detail": exc.args[0]}
        ) from exc
    return deleted


def _assign_references(
    plans: list[FamilyPlan], organisations: dict[str, Organisation]
) -> list[MeldingPlan]:
    """Number the meldingen per organisation and year in the order they were received (as a
    source system would), after any numbers already in the database. Returns all meldingen in
    that order. Involvement references (dossier, parket and case numbers) likewise."""
    meldingen = sorted(
        (m for plan in plans for m in plan.meldingen),
        key=lambda m: (m.received_at, m.family_number, m.seq),
    )
    counters: dict[tuple[str, int], int] = {}
    taken = Q()
    for spec in SPEC_BY_CODE.values():
        if spec.record_prefix:
            taken |= Q(reference__startswith=f"{spec.record_prefix}-")
    existing = Melding.objects.filter(taken).values_list("reference", flat=True)
    for reference in existing:
        match = _REFERENCE_RE.match(reference)
        if match:
            key = (match.group(1), int(match.group(2)))
            counters[key] = max(counters.get(key, 0), int(match.group(3)))
    for melding in meldingen:
        prefix = SPEC_BY_CODE[melding.org].record_prefix
        year = local_date(melding.received_at).year
        number = counters.get((prefix, year), 0) + 1
        counters[(prefix, year)] = number
        melding.reference = f"{prefix}-{year}-{number:06d}"
        for i, mention in enumerate(melding.mentions, start=1):
            mention.source_record_id = f"{melding.reference}-{i}"

    involvements = sorted(
        ((plan.number, inv) for plan in plans for inv in plan.involvements),
        key=lambda pair: (pair[1].since, pair[0]),
    )
    issued: dict[str, int] = {
        code: OrganisationInvolvement.objects.filter(organisation=organisations[code]).count()
        for code in _INVOLVEMENT_REFERENCES
    }
    for _number, inv in involvements:
        template = _INVOLVEMENT_REFERENCES.get(inv.org)
        if template:
            issued[inv.org] += 1
            year = local_date(inv.since).year
            inv.reference = template.format(year=year, yy=year % 100, n=issued[inv.org])
    return meldingen


@contextmanager
def _explicit_timestamps(*model_classes: type[models.Model]) -> Iterator[None]:
    """Let bulk_create store the simulated ``created_at`` instead of the wall-clock time that
    ``auto_now_add`` would put there (the field flag is restored afterwards)."""
    fields = [m._meta.get_field("created_at") for m in model_classes]
    saved = [getattr(f, "auto_now_add") for f in fields]  # noqa: B009
    try:
        for f in fields:
            setattr(f, "auto_now_add", False)  # noqa: B010
        yield
    finally:
        for f, value in zip(fields, saved, strict=True):
            setattr(f, "auto_now_add", value)  # noqa: B010


class _Inserter:
    """INSERT rows through ``executemany``, for tables whose primary keys nobody needs back.

    ``bulk_create`` compiles every value through the ORM (a few microseconds each), which made
    meldingpersonen alone take most of a 10,000-family run. This passes plain values, adapted
    for the database the way the ORM would (datetimes and dates via ``connection.ops``), and
    fills every column it is not given from the field's default (the database default, or the
    simulated "now" for an auto timestamp), so a field added to the model later does not break
    seeding."""

    CHUNK = 5000

    def __init__(self, model: type[models.Model], columns: Sequence[str], moment: datetime) -> None:
        ops = connection.ops
        position = {name: i for i, name in enumerate(columns)}
        fields = [
            f
            for f in model._meta.concrete_fields
            if not f.primary_key
            and (f.attname in position or f.has_default() or not f.has_db_default())
        ]
        unknown = set(columns) - {f.attname for f in fields}
        if unknown:
            raise ValueError(f"{model.__name__} has no column(s) {sorted(unknown)}")
        self.plan: list[tuple[int, object, Callable[[Any], Any] | None]] = []
        for f in fields:
            adapt: Callable[[Any], Any] | None = None
            if isinstance(f, models.DateTimeField):
                adapt = ops.adapt_datetimefield_value
            elif isinstance(f, models.DateField):
                adapt = ops.adapt_datefield_value
            if f.attname in position:
                self.plan.append((position[f.attname], None, adapt))
            elif getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                # A timestamp field this code does not know yet: the simulated "now".
                value = moment if isinstance(f, models.DateTimeField) else moment.date()
                self.plan.append((-1, adapt(value) if adapt else value, None))
            else:
                self.plan.append((-1, f.get_db_prep_save(f.get_default(), connection), None))
        qn = ops.quote_name
        # Identifiers come from the model and are quoted; values travel as parameters.
        self.sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608
            qn(model._meta.db_table),
            ", ".join(qn(str(f.column)) for f in fields),
            ", ".join(["%s"] * len(fields)),
        )

    def insert(self, rows: Iterable[Sequence[Any]]) -> int:
        plan = self.plan
        count = 0
        batch: list[tuple[Any, ...]] = []
        with connection.cursor() as cursor:
            for row in rows:
                batch.append(
                    tuple(
                        const if i < 0 else (adapt(row[i]) if adapt else row[i])
                        for i, const, adapt in plan
                    )
                )
                if len(batch) >= self.CHUNK:
                    cursor.executemany(self.sql, batch)
                    count += len(batch)
                    batch = []
            if batch:
                cursor.executemany(self.sql, batch)
                count += len(batch)
        return count


def _write(
    plans: list[FamilyPlan],
    meldingen: list[MeldingPlan],
    organisations: dict[str, Organisation],
    say: Callable[[str], None],
    now: datetime,
) -> dict[str, int]:
    """Store the plans. Family systems and persons go through ``bulk_create`` (their new
    primary keys come back from the insert); meldingen are found back by their unique
    reference; everything else nobody needs the keys of is inserted directly."""
    org = {code: o.pk for code, o in organisations.items()}
    counts: dict[str, int] = {}

    def inserter_for(model: type[models.Model], columns: Sequence[str]) -> _Inserter:
        return _Inserter(model, columns, now)

    def done(label: str, count: int) -> None:
        counts[label] = count
        say(_("%(count)d %(model)s opgeslagen") % {"count": count, "model": label})

    with _explicit_timestamps(FamilySystem, Person):
        families = [
            FamilySystem(
                reference=plan.reference,
                name=plan.name,
                recorded_by_id=org[plan.recorded_by],
                created_at=plan.created_at,
            )
            for plan in plans
        ]
        FamilySystem.objects.bulk_create(families, batch_size=BATCH_SIZE)
        for plan, family in zip(plans, families, strict=True):
            plan.pk = family.pk
        done("gezinssystemen", len(families))

        persons = [
            Person(
                given_names=p.given_names,
                prefix=p.prefix,
                surname=p.surname,
                date_of_birth=p.date_of_birth,
                sex=p.sex,
                bsn=p.bsn,
                recorded_by_id=org[p.first_recorded_by],
                created_at=p.first_recorded_at or plan.created_at,
            )
            for plan in plans
            for p in plan.persons
        ]
        Person.objects.bulk_create(persons, batch_size=BATCH_SIZE)
        person_rows = iter(persons)
        for plan in plans:
            for p in plan.persons:
                p.pk = next(person_rows).pk
        done("personen", len(persons))

    inserter = inserter_for(
        Address,
        ("person_id", "street", "house_number", "postcode", "city", "valid_from", "valid_to"),
    )
    done(
        "adressen",
        inserter.insert(
            (
                p.pk,
                r.address.street,
                r.address.house_number,
                r.address.postcode,
                r.address.city,
                r.valid_from,
                r.valid_to,
            )
            for plan in plans
            for p in plan.persons
            for r in p.residences
        ),
    )
    inserter = inserter_for(FamilyMembership, ("family_system_id", "person_id", "since", "until"))
    done(
        "lidmaatschappen",
        inserter.insert(
            (plan.pk, p.pk, p.member_since, None) for plan in plans for p in plan.persons
        ),
    )
    inserter = inserter_for(
        Relation,
        (
            "family_system_id",
            "person_a_id",
            "person_b_id",
            "kind",
            "valid_from",
            "valid_to",
            "recorded_by_id",
        ),
    )
    done(
        "relaties",
        inserter.insert(
            (plan.pk, r.a.pk, r.b.pk, r.kind, r.valid_from, r.valid_to, org[plan.recorded_by])
            for plan in plans
            for r in plan.relations
        ),
    )
    inserter = inserter_for(
        Case,
        (
            "family_system_id",
            "reference",
            "phase",
            "status",
            "recorded_by_id",
            "first_contact_organisation_id",
            "first_contact_user_id",
            "opened_at",
            "phase_changed_at",
            "closed_at",
        ),
    )
    done(
        "zaken",
        inserter.insert(
            (
                plan.pk,
                plan.case.reference,
                plan.case.phase,
                plan.case.status,
                org[plan.case.recorded_by],
                org[plan.case.first_contact],
                None,
                plan.case.opened_at,
                plan.case.phase_changed_at,
                plan.case.closed_at,
            )
            for plan in plans
        ),
    )

    family_pk = {plan.number: plan.pk for plan in plans}
    label_fields = list(_LABEL_FIELDS.values())
    melding_columns = [
        "reference",
        "source_organisation_id",
        "kind",
        "channel",
        "occurred_at",
        "received_at",
        "location",
        "postcode",
        "city",
        "is_acute",
        "narrative",
        "family_system_id",
        "created_at",
        "suspect_arrested",
        "child_injury_suspected",
        "reporter_organisation_id",
        *label_fields,
    ]
    medical = any(f.name == "medical_details" for f in Melding._meta.concrete_fields)
    if medical:
        melding_columns.append("medical_details")
    inserter = inserter_for(Melding, melding_columns)
    done(
        "meldingen",
        inserter.insert(
            (
                m.reference,
                org[m.org],
                m.kind,
                m.channel,
                m.occurred_at,
                m.received_at,
                m.location,
                m.postcode,
                m.city,
                m.is_acute,
                m.narrative,
                family_pk[m.family_number],
                m.received_at,
                m.suspect_arrested or m.kind == MeldingKind.AANHOUDING,
                m.child_injury,
                org[m.reporter] if m.reporter else None,
                *(label in m.labels for label in _LABEL_FIELDS),
                *((m.medical,) if medical else ()),
            )
            for m in meldingen
        ),
    )
    melding_pk: dict[str, int] = {}
    references = [m.reference for m in meldingen]
    for i in range(0, len(references), _Inserter.CHUNK):
        chunk = references[i : i + _Inserter.CHUNK]
        melding_pk.update(
            Melding.objects.filter(reference__in=chunk).values_list("reference", "pk")
        )
    for m in meldingen:
        m.pk = melding_pk[m.reference]
    follows = [(m.follows.pk, m.pk) for m in meldingen if m.follows is not None]
    with connection.cursor() as cursor:
        table = connection.ops.quote_name(Melding._meta.db_table)
        # Identifiers from the model, quoted; values as parameters.
        cursor.executemany(
            f"UPDATE {table} SET follows_from_id = %s WHERE id = %s",  # noqa: S608
            follows,
        )
    inserter = inserter_for(
        MeldingPerson,
        (
            "melding_id",
            "person_id",
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
        ),
    )
    done(
        "meldingpersonen",
        inserter.insert(
            (
                melding_pk[m.reference],
                x.person.pk if x.person is not None else None,
                x.role,
                x.source_record_id,
                x.given_names,
                x.prefix,
                x.surname,
                x.date_of_birth,
                x.sex,
                x.bsn,
                x.street,
                x.house_number,
                x.postcode,
                x.city,
            )
            for m in meldingen
            for x in m.mentions
        ),
    )
    inserter = inserter_for(RouteAdvice, ("melding_id", "position", "route", "rule", "reason"))
    done(
        "route-adviezen",
        inserter.insert(
            (m.pk, position, advice.route, advice.rule, advice.reason[:300])
            for m in meldingen
            for position, advice in enumerate(routes.advise(_facts(m)), start=1)
        ),
    )
    inserter = inserter_for(
        VtReferral,
        ("police_melding_id", "due_at", "status", "vt_known_at", "vt_melding_id", "created_at"),
    )
    done("doormeldingen", inserter.insert(_referral_rows(meldingen, now)))
    inserter = inserter_for(
        OrganisationInvolvement,
        ("family_system_id", "organisation_id", "since", "last_activity_at", "reference"),
    )
    done(
        "betrokkenheden",
        inserter.insert(
            (plan.pk, org[inv.org], inv.since, inv.last_activity_at, inv.reference)
            for plan in plans
            for inv in plan.involvements
        ),
    )
    return counts


def _facts(m: MeldingPlan) -> routes.Facts:
    return routes.Facts(
        is_acute=m.is_acute,
        suspect_arrested=m.suspect_arrested or m.kind == MeldingKind.AANHOUDING,
        child_injury_suspected=m.child_injury,
        labels=frozenset(str(label) for label in m.labels),
    )


#: Seeded police reports that never reached Veilig Thuis are tracked (left open) only when they
#: came in during the last this many days of the window: older history predates the tracking.
OPEN_REFERRAL_DAYS = 14


def _referral_rows(meldingen: list[MeldingPlan], now: datetime) -> Iterator[tuple[Any, ...]]:
    """The 24-hour rule for the seeded meldingen, by the rule of ``intake.services``: a labelled
    police incident, aangifte or arrest opens a referral unless it follows (along its chain) a
    police melding that has one, or follows a Veilig Thuis melding; Veilig Thuis knows when its
    first melding following it came in. Unanswered ones: see ``OPEN_REFERRAL_DAYS``."""

    def kind_of(m: MeldingPlan) -> str:
        return SPEC_BY_CODE[m.org].kind

    opened: dict[int, MeldingPlan] = {}  # id(plan) → the plan with the referral

    def referral_of_incident(m: MeldingPlan | None) -> MeldingPlan | None:
        for _step in range(10):
            if m is None:
                return None
            if id(m) in opened:
                return opened[id(m)]
            m = m.follows
        return None

    for m in sorted(meldingen, key=lambda m: (m.received_at, m.family_number, m.seq)):
        if (
            kind_of(m) == OrganisationKind.POLITIE
            and m.kind in REFERRAL_KINDS
            and m.labels
            and not (m.follows is not None and kind_of(m.follows) == OrganisationKind.VT)
            and referral_of_incident(m.follows) is None
        ):
            opened[id(m)] = m
    answers: dict[int, MeldingPlan] = {}
    for m in sorted(meldingen, key=lambda m: (m.received_at, m.family_number, m.seq)):
        if kind_of(m) == OrganisationKind.VT and m.follows is not None:
            police = referral_of_incident(m.follows)
            if police is not None:
                answers.setdefault(id(police), m)  # the first Veilig Thuis melding
    for police in opened.values():
        due = police.received_at + VT_REFERRAL_DEADLINE
        answer = answers.get(id(police))
        if answer is not None:
            status = ReferralStatus.OP_TIJD if answer.received_at <= due else ReferralStatus.TE_LAAT
            yield (police.pk, due, status, answer.received_at, answer.pk, police.received_at)
        elif police.received_at >= now - timedelta(days=OPEN_REFERRAL_DAYS):
            yield (police.pk, due, ReferralStatus.OPEN, None, None, police.received_at)


MENTION_COLUMNS = (
    "record_id",
    "melding_reference",
    "organisation",
    "role",
    "true_person_id",
    "true_family_id",
)
FAMILY_COLUMNS = (
    "true_family_id",
    "family_reference",
    "case_reference",
    "family_type",
    *(str(label).lower() for label in TRUTH_LABELS),
    "persons",
    "meldingen",
    "unlabelled_meldingen",
    "first_received_at",
    "last_received_at",
    "case_phase",
    "case_status",
)


def families_truth_path(path: Path) -> Path:
    return path.with_name(path.name.removesuffix(".csv") + ".families.csv")


def write_truth(path: Path, plans: list[FamilyPlan], meldingen: list[MeldingPlan]) -> None:
    """Write the two ground-truth CSV files (see the module docstring)."""
    family_key = {plan.number: plan.key for plan in plans}
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(MENTION_COLUMNS)
        for m in meldingen:
            for x in m.mentions:
                writer.writerow(
                    (
                        x.source_record_id,
                        m.reference,
                        m.org,
                        x.role,
                        x.truth_key,
                        family_key[m.family_number] if x.person is not None else "",
                    )
                )
    with families_truth_path(path).open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(FAMILY_COLUMNS)
        for plan in plans:
            unsafe = any(plan.truth.values())
            received = [m.received_at for m in plan.meldingen]
            writer.writerow(
                (
                    plan.key,
                    plan.reference,
                    plan.case.reference,
                    plan.family_type,
                    *(int(plan.truth[str(label)]) for label in TRUTH_LABELS),
                    len(plan.persons),
                    len(plan.meldingen),
                    sum(1 for m in plan.meldingen if unsafe and not m.labels and not m.stranger),
                    min(received).isoformat(),
                    max(received).isoformat(),
                    plan.case.phase,
                    plan.case.status,
                )
            )
