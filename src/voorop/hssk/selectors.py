"""Reads of Samenwerken bij strafbare kindermishandeling (``docs/adr/0013-hssk.md``).

Who sees what:

- A case is seen by the users of its **participants**: the initiator (Veilig Thuis or the
  Raad), the police it was brought to, the OM when it takes part, and — once identified — the
  organisations invited for the plan and the interventions. Anyone else gets the same 404 as
  for a missing case.
- In the **anonymous phase** (until the initiator decides to proceed, and for good when it
  decides not to) every participant, the initiator included, sees only the anonymous facts:
  age band, kinds of injury, who reported (a kind), circumstances, question, the views. The
  initiator's link to its melding (``HsskIdentification``) is read only by the services, and
  by ``identification_for_initiator`` for the initiator's own decision form. Nothing of it is
  in a page, an answer of the API, a search result, an export or a log record of the case.
- Once identified, a case is read through the family system: participants are involved in it
  (the police and the OM through the melding shared with them, invited organisations through
  their invitation), and the case follows ``policy.family_systems_for``.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from voorop.authz import policy
from voorop.authz.selectors import is_professional
from voorop.hssk import workflow
from voorop.hssk.anonymity import KnownIdentity
from voorop.hssk.choices import (
    INITIATOR_KINDS,
    OPEN_STATUSES,
    PHYSICAL_INJURIES,
    Act,
    InjuryKind,
    MissingInformation,
    ParticipantRole,
    Status,
)
from voorop.hssk.models import (
    HsskAct,
    HsskCase,
    HsskEvaluation,
    HsskIdentification,
    HsskParticipant,
    HsskPlanConfirmation,
    HsskStatusChange,
    HsskView,
)
from voorop.meldingen.models import Melding, MeldingPerson
from voorop.organisations.models import Organisation, OrganisationKind
from voorop.persons.models import Address, FamilyMembership, FamilySystem, Person
from voorop.safetyplan import selectors as plan_selectors
from voorop.safetyplan.models import Intervention
from voorop.sharing import selectors as sharing_selectors
from voorop.sharing.models import CoordinationMoment, LegalBasis

# --- who ----------------------------------------------------------------------------------------


def _organisation_id(user) -> int | None:
    """The user's partner organisation; None for anyone else (and for inactive users)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    organisation = getattr(user, "organisation", None)
    if organisation is None or not organisation.is_partner:
        return None
    return organisation.pk


def may_start(user) -> bool:
    """Veilig Thuis or the Raad, in a casework role."""
    return is_professional(user) and user.organisation.kind in INITIATOR_KINDS


def participant_roles(case: HsskCase) -> dict[int, str]:
    """Organisation id → participant role."""
    return dict(HsskParticipant.objects.filter(case=case).values_list("organisation_id", "role"))


def role_of(*, user, case: HsskCase) -> str | None:
    org_id = _organisation_id(user)
    return participant_roles(case).get(org_id) if org_id is not None else None


def may_write(*, user, case: HsskCase) -> bool:
    """A professional of a participant; once identified, also involved in the family."""
    if not is_professional(user) or role_of(user=user, case=case) is None:
        return False
    family = case.family_system
    return family is None or policy.is_involved(user, family)


# --- cases --------------------------------------------------------------------------------------


def cases_for(user) -> QuerySet[HsskCase]:
    """The cases the user's organisation takes part in: anonymous ones by participation alone,
    identified ones also through the family systems the user may see."""
    org_id = _organisation_id(user)
    if org_id is None:
        return HsskCase.objects.none()
    return HsskCase.objects.filter(
        Q(family_system__isnull=True) | Q(family_system__in=policy.family_systems_for(user)),
        pk__in=HsskParticipant.objects.filter(organisation_id=org_id).values("case_id"),
    )


def _with_details(qs: QuerySet[HsskCase]) -> QuerySet[HsskCase]:
    return qs.select_related(
        "initiator_organisation",
        "police_organisation",
        "om_organisation",
        "started_by",
        "family_system",
        "decided_by",
        "closed_by",
    )


def case_get(*, user, pk: int) -> HsskCase:
    try:
        return _with_details(cases_for(user)).get(pk=pk)
    except (HsskCase.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def case_list(*, user, status: str = "", query: str = "") -> QuerySet[HsskCase]:
    """The user's cases, open ones first, newest first; ``status`` "open", "gesloten" or a
    status; ``query`` searches the reference only (the cases hold no names to search)."""
    qs = _with_details(cases_for(user))
    if status == "open":
        qs = qs.filter(status__in=OPEN_STATUSES)
    elif status == "gesloten":
        qs = qs.exclude(status__in=OPEN_STATUSES)
    elif status in Status.values:
        qs = qs.filter(status=status)
    if query:
        qs = qs.filter(reference__icontains=query.strip())
    return qs.order_by("-started_at", "-id")


def person_ids_for_log(case: HsskCase) -> list[int]:
    """Whose data a read or write of the case touches: nobody's while it is anonymous, the
    family's members once identified."""
    if case.family_system_id is None:
        return []
    return family_member_ids(family_system_id=case.family_system_id)


def family_member_ids(*, family_system_id: int) -> list[int]:
    return sorted(
        FamilyMembership.objects.filter(family_system_id=family_system_id).values_list(
            "person_id", flat=True
        )
    )


def family_members(*, user, case: HsskCase) -> list[Person]:
    """The members of an identified case's family the user may see; nobody while anonymous."""
    if case.family_system_id is None:
        return []
    return list(
        Person.objects.filter(
            pk__in=FamilyMembership.objects.filter(
                family_system_id=case.family_system_id, person__in=policy.persons_for(user)
            ).values("person_id")
        ).order_by("date_of_birth", "surname", "id")
    )


# --- the initiator's identification (services and the initiator's own decision form) -----------


def identification_of(case: HsskCase) -> HsskIdentification:
    """For the services only: the initiator's link (melding, child, family system)."""
    return HsskIdentification.objects.select_related("melding", "child", "family_system").get(
        case=case
    )


def identification_for_initiator(*, user, case: HsskCase) -> HsskIdentification | None:
    """The link, for a user of the initiating organisation (its own melding); None for anyone
    else."""
    if _organisation_id(user) != case.initiator_organisation_id:
        return None
    return identification_of(case)


def known_identity(case: HsskCase) -> KnownIdentity:
    """Everything that would identify the persons of the initiator's melding and of the
    family: for the anonymity check of the initiator's own texts."""
    ident = identification_of(case)
    return known_identity_of(melding=ident.melding, family_system=ident.family_system)


def known_identity_of(*, melding: Melding, family_system: FamilySystem) -> KnownIdentity:
    people: list[Any] = list(
        MeldingPerson.objects.filter(melding=melding).values(
            "given_names", "prefix", "surname", "bsn", "date_of_birth", "street", "postcode"
        )
    )
    member_ids = FamilyMembership.objects.filter(family_system=family_system).values("person_id")
    people += list(
        Person.objects.filter(pk__in=member_ids).values(
            "given_names", "prefix", "surname", "bsn", "date_of_birth"
        )
    )
    people += list(Address.objects.filter(person_id__in=member_ids).values("street", "postcode"))
    return KnownIdentity.build(
        people=people,
        references=[melding.reference, family_system.reference, family_system.name],
    )


# --- starting -----------------------------------------------------------------------------------


def _adult_from(born: dt.date) -> dt.date:
    try:
        return born.replace(year=born.year + 18)
    except ValueError:
        return dt.date(born.year + 18, 3, 1)


def age_on(born: dt.date, day: dt.date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def melding_children(melding: Melding) -> list[Person]:
    """The persons of the melding (linked to the index) who were minors when it happened, or
    whose date of birth is unknown (the initiator then chooses the age band)."""
    day = timezone.localdate(melding.occurred_at)
    people = Person.objects.filter(
        pk__in=MeldingPerson.objects.filter(melding=melding, person__isnull=False).values(
            "person_id"
        )
    ).order_by("date_of_birth", "id")
    return [p for p in people if p.date_of_birth is None or day < _adult_from(p.date_of_birth)]


def startable_melding_get(*, user, pk: int) -> Melding:
    """The initiator's own melding, in a family system its organisation is involved in, with a
    child in it; anything else raises Http404."""
    if not may_start(user):
        raise Http404
    melding = (
        policy.own_meldingen_for(user)
        .filter(pk=pk, family_system__isnull=False)
        .select_related("family_system", "reporter_organisation")
        .first()
    )
    if (
        melding is None
        or melding.family_system is None
        or not policy.is_involved(user, melding.family_system)
        or not melding_children(melding)
    ):
        raise Http404
    return melding


def case_of_melding(*, user, melding: Melding) -> HsskCase | None:
    """The case the user's organisation started from this (its own) melding."""
    if _organisation_id(user) != melding.source_organisation_id:
        return None
    ident = HsskIdentification.objects.filter(melding=melding).select_related("case").first()
    return ident.case if ident else None


def signals_without_case(*, user, limit: int = 20) -> list[Melding]:
    """The initiator's own meldingen with (suspected) injury of a child that have no HSSK case
    yet, newest first: candidates for a consultation with the police."""
    if not may_start(user):
        return []
    has_case = HsskIdentification.objects.filter(melding=OuterRef("pk"))
    return list(
        policy.own_meldingen_for(user)
        .filter(child_injury_suspected=True, family_system__isnull=False)
        .exclude(Exists(has_case))
        .select_related("family_system")
        .order_by("-received_at", "-id")[:limit]
    )


def police_organisations() -> QuerySet[Organisation]:
    return Organisation.objects.filter(kind=OrganisationKind.POLITIE).order_by("name")


def om_organisations() -> QuerySet[Organisation]:
    return Organisation.objects.filter(kind=OrganisationKind.OM).order_by("name")


def invitable_organisations(case: HsskCase) -> QuerySet[Organisation]:
    """The Raad, the reclassering and the OM, when not yet a participant."""
    return (
        Organisation.objects.filter(
            kind__in=[OrganisationKind.RVDK, OrganisationKind.RECLASSERING, OrganisationKind.OM]
        )
        .exclude(pk__in=HsskParticipant.objects.filter(case=case).values("organisation_id"))
        .order_by("kind", "name")
    )


# --- facts for the workflow ---------------------------------------------------------------------


def case_acts(case: HsskCase) -> list[HsskAct]:
    return list(
        HsskAct.objects.filter(case=case)
        .select_related("by_organisation", "recording_organisation")
        .prefetch_related("with_whom")
        .order_by("sequence", "id")
    )


def hssk_plan_items(*, user, case: HsskCase) -> list:
    """The veiligheidsplan items recorded for this case (moment HSSK, its reference)."""
    if case.family_system is None:
        return []
    return [
        item
        for item in plan_selectors.plan_items(user=user, family_system=case.family_system)
        if item.moment == CoordinationMoment.HSSK and item.moment_reference == case.reference
    ]


def _count_plan_items(case: HsskCase) -> int:
    plan = plan_selectors.plan_get(family_system=case.family_system) if case.family_system else None
    if plan is None:
        return 0
    return plan.items.filter(
        moment=CoordinationMoment.HSSK, moment_reference=case.reference
    ).count()


def case_facts(case: HsskCase) -> workflow.Facts:
    roles = participant_roles(case)
    view_orgs = set(HsskView.objects.filter(case=case).values_list("organisation_id", flat=True))
    child_id = (
        HsskIdentification.objects.filter(case=case).values_list("child_id", flat=True).first()
        if case.family_system_id
        else None
    )
    acts = tuple(
        workflow.ActFact(
            act=a.act,
            sequence=a.sequence,
            status=a.status,
            persons=frozenset(p.pk for p in a.with_whom.all()),
            repeat_reason=bool(a.repeat_reason.strip()),
            order_note=bool(a.order_note.strip()),
            label=str(a.get_act_display()),
        )
        for a in case_acts(case)
    )
    confirmed = {
        roles.get(org_id, "")
        for org_id in HsskPlanConfirmation.objects.filter(case=case).values_list(
            "organisation_id", flat=True
        )
    }
    evaluated = {
        roles.get(org_id, "")
        for org_id in HsskEvaluation.objects.filter(case=case).values_list(
            "organisation_id", flat=True
        )
    }
    return workflow.Facts(
        status=case.status,
        grey_area=case.grey_area,
        police_view=case.police_organisation_id in view_orgs,
        om_view=case.om_organisation_id is not None and case.om_organisation_id in view_orgs,
        physical_injury=bool(set(case.injury_kinds) & PHYSICAL_INJURIES),
        child_id=child_id,
        acts=acts,
        confirmed_by=frozenset(confirmed),
        plan_items=_count_plan_items(case),
        no_interventions_reason=bool(case.no_interventions_reason.strip()),
        evaluated_by=frozenset(evaluated),
    )


# --- the case page ------------------------------------------------------------------------------


@dataclass
class CaseView:
    case: HsskCase
    role: str | None
    may_write: bool
    participants: list[HsskParticipant]
    views: list[HsskView]
    acts: list[HsskAct]
    confirmations: list[HsskPlanConfirmation]
    evaluations: list[HsskEvaluation]
    history: list[HsskStatusChange]
    members: list[Person]
    plan_items: list
    facts: workflow.Facts
    next_problems: list[workflow.Problem] = field(default_factory=list)

    @property
    def is_initiator(self) -> bool:
        return self.role == ParticipantRole.INITIATOR

    @property
    def is_police(self) -> bool:
        return self.role == ParticipantRole.POLITIE

    @property
    def injury_labels(self) -> list[str]:
        return [str(InjuryKind(k).label) for k in self.case.injury_kinds if k in InjuryKind.values]

    @property
    def own_view_given(self) -> bool:
        org_ids = {v.organisation_id for v in self.views}
        return any(p.organisation_id in org_ids for p in self.participants if p.role == self.role)

    @property
    def own_confirmation(self) -> bool:
        return any(c.organisation.pk == self._org_id for c in self.confirmations)

    @property
    def own_evaluation(self) -> bool:
        return any(e.organisation.pk == self._org_id for e in self.evaluations)

    _org_id: int | None = None

    @property
    def durations(self) -> dict[str, float | None]:
        return case_durations(self.case)


def case_view(*, user, case: HsskCase) -> CaseView:
    org_id = _organisation_id(user)
    facts = case_facts(case)
    next_rows = workflow.rows_from(case.status)
    problems: list[workflow.Problem] = []
    for row in next_rows:
        problems += workflow.check(row, facts)
    view = CaseView(
        case=case,
        role=participant_roles(case).get(org_id) if org_id is not None else None,
        may_write=may_write(user=user, case=case),
        participants=list(HsskParticipant.objects.filter(case=case).select_related("organisation")),
        views=list(HsskView.objects.filter(case=case).select_related("organisation", "given_by")),
        acts=case_acts(case),
        confirmations=list(
            HsskPlanConfirmation.objects.filter(case=case).select_related("organisation", "user")
        ),
        evaluations=list(
            HsskEvaluation.objects.filter(case=case).select_related("organisation", "given_by")
        ),
        history=list(
            HsskStatusChange.objects.filter(case=case).select_related("organisation", "user")
        ),
        members=family_members(user=user, case=case),
        plan_items=hssk_plan_items(user=user, case=case),
        facts=facts,
        next_problems=list(dict.fromkeys(problems)),
    )
    view._org_id = org_id
    return view


def _hours(start: dt.datetime | None, end: dt.datetime | None) -> float | None:
    if start is None or end is None:
        return None
    return round((end - start).total_seconds() / 3600, 1)


def case_durations(case: HsskCase) -> dict[str, float | None]:
    """Hours from the signal at Veilig Thuis (or the Raad) to each milestone."""
    return {
        "naar_politie": _hours(case.signal_received_at, case.police_informed_at),
        "tot_besluit": _hours(case.signal_received_at, case.decided_at),
        "tot_onderzoeksplan": _hours(case.signal_received_at, case.plan_agreed_at),
        "tot_afsluiting": _hours(case.signal_received_at, case.closed_at),
    }


# --- monitoring ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Monitoring:
    """Figures over the cases the user's organisation took part in (no person data)."""

    total: int
    by_status: dict[str, int]
    anonymous_started: int
    proceeded: int
    not_proceeded: int
    grey_area: int
    grey_area_om_consulted: int
    median_hours_to_police: float | None
    median_hours_to_plan: float | None
    evaluations: int
    mean_score: float | None
    in_each_others_way: int
    missing_information: list[tuple[str, int]]
    acts: list[tuple[str, int]]

    @property
    def share_proceeded(self) -> float | None:
        decided = self.proceeded + self.not_proceeded
        return round(100 * self.proceeded / decided) if decided else None


def monitoring_rows(*, user) -> list[dict]:
    """One row per case, for the export: timings and counts, never a person or family."""
    cases = list(cases_for(user).order_by("started_at", "id"))
    ids = [c.pk for c in cases]
    evaluations = Counter(
        HsskEvaluation.objects.filter(case_id__in=ids).values_list("case_id", flat=True)
    )
    acts = Counter(HsskAct.objects.filter(case_id__in=ids).values_list("case_id", flat=True))
    rows = []
    for c in cases:
        durations = case_durations(c)
        rows.append(
            {
                "kenmerk": c.reference,
                "status": c.status,
                "start": c.mode,
                "leeftijd_kind": c.age_band,
                "letsel": "|".join(c.injury_kinds),
                "zekerheid": c.certainty,
                "gemeld_door": c.reporter_kind,
                "grijs_gebied": int(c.grey_area),
                "besluit": c.decision,
                "uren_naar_politie": durations["naar_politie"],
                "uren_tot_besluit": durations["tot_besluit"],
                "uren_tot_onderzoeksplan": durations["tot_onderzoeksplan"],
                "uren_tot_afsluiting": durations["tot_afsluiting"],
                "onderzoekshandelingen": acts[c.pk],
                "evaluaties": evaluations[c.pk],
            }
        )
    return rows


def monitoring(*, user) -> Monitoring:
    cases = list(cases_for(user))
    ids = [c.pk for c in cases]
    om_views = set(
        HsskView.objects.filter(
            case_id__in=ids, organisation__kind=OrganisationKind.OM
        ).values_list("case_id", flat=True)
    )
    evaluations = list(HsskEvaluation.objects.filter(case_id__in=ids))
    missing: Counter[str] = Counter()
    for e in evaluations:
        missing.update(k for k in e.missing_information if k in MissingInformation.values)
    act_counts = Counter(HsskAct.objects.filter(case_id__in=ids).values_list("act", flat=True))

    def median(values: list[float | None]) -> float | None:
        present = [v for v in values if v is not None]
        return round(statistics.median(present), 1) if present else None

    durations = [case_durations(c) for c in cases]
    return Monitoring(
        total=len(cases),
        by_status={
            str(label): sum(1 for c in cases if c.status == value)
            for value, label in Status.choices
        },
        anonymous_started=sum(1 for c in cases if c.mode == "ANONIEM"),
        proceeded=sum(1 for c in cases if c.decision == "DOORZETTEN"),
        not_proceeded=sum(1 for c in cases if c.decision == "NIET_DOORZETTEN"),
        grey_area=sum(1 for c in cases if c.grey_area),
        grey_area_om_consulted=sum(1 for c in cases if c.grey_area and c.pk in om_views),
        median_hours_to_police=median([d["naar_politie"] for d in durations]),
        median_hours_to_plan=median([d["tot_onderzoeksplan"] for d in durations]),
        evaluations=len(evaluations),
        mean_score=round(statistics.mean(e.collaboration_score for e in evaluations), 1)
        if evaluations
        else None,
        in_each_others_way=sum(1 for e in evaluations if e.in_each_others_way),
        missing_information=[
            (str(MissingInformation(k).label), n) for k, n in missing.most_common()
        ],
        acts=[(str(Act(k).label), n) for k, n in act_counts.most_common() if k in Act.values],
    )


def attention_for(*, user, limit: int = 10) -> list[tuple[HsskCase, str]]:
    """Open cases waiting for the user's organisation: a view to give, a decision to take, a
    plan to agree to, an evaluation to write — for the werkvoorraad. A fixed number of
    queries, whatever the number of cases."""
    org_id = _organisation_id(user)
    if org_id is None:
        return []
    cases = list(case_list(user=user, status="open")[:200])
    ids = [c.pk for c in cases]
    roles = {
        case_id: role
        for case_id, role in HsskParticipant.objects.filter(
            case_id__in=ids, organisation_id=org_id
        ).values_list("case_id", "role")
    }
    views: dict[int, set[int]] = {}
    for case_id, view_org in HsskView.objects.filter(case_id__in=ids).values_list(
        "case_id", "organisation_id"
    ):
        views.setdefault(case_id, set()).add(view_org)
    confirmed = set(
        HsskPlanConfirmation.objects.filter(case_id__in=ids, organisation_id=org_id).values_list(
            "case_id", flat=True
        )
    )
    evaluated = set(
        HsskEvaluation.objects.filter(case_id__in=ids, organisation_id=org_id).values_list(
            "case_id", flat=True
        )
    )
    waiting: list[tuple[HsskCase, str]] = []
    for case in cases:
        role = roles.get(case.pk)
        given = views.get(case.pk, set())
        if case.status == Status.OVERLEG and role in ("POLITIE", "OM"):
            if org_id not in given:
                waiting.append((case, "zienswijze"))
        elif case.status == Status.OVERLEG and role == "INITIATOR":
            consulted = case.police_organisation_id in given and (
                not case.grey_area or case.om_organisation_id in given
            )
            if consulted:
                waiting.append((case, "besluit"))
        elif case.status == Status.ONDERZOEKSPLAN and role in ("INITIATOR", "POLITIE"):
            if case.pk not in confirmed:
                waiting.append((case, "akkoord"))
        elif case.status == Status.EVALUATIE and case.pk not in evaluated:
            waiting.append((case, "evaluatie"))
        if len(waiting) >= limit:
            break
    return waiting


# --- choices for the forms ----------------------------------------------------------------------


def is_partner_user(user) -> bool:
    return _organisation_id(user) is not None


def persons_queryset(persons: list[Person]) -> QuerySet[Person]:
    """A queryset of exactly these (already permitted) persons, for a form's choices."""
    return Person.objects.filter(pk__in=[p.pk for p in persons]).order_by("date_of_birth", "id")


def participant_organisations(case: HsskCase) -> QuerySet[Organisation]:
    return Organisation.objects.filter(
        pk__in=HsskParticipant.objects.filter(case=case).values("organisation_id")
    ).order_by("kind", "name")


def default_police(*, user, melding: Melding) -> Organisation | None:
    """The police organisation already involved in the family, else the only one there is."""
    involved = police_organisations().filter(
        involvements__family_system_id=melding.family_system_id
    )
    return involved.first() or (
        police_organisations().first() if police_organisations().count() == 1 else None
    )


def legal_bases(*, user, to_organisation: Organisation | None) -> QuerySet[LegalBasis]:
    """The bases on which the user's organisation may share with ``to_organisation`` for HSSK;
    the one of its own law first (art. 4.1.1 Wmo for Veilig Thuis, art. 1:238 BW for the
    Raad), the vital-interest basis is for acute emergencies only and not offered here."""
    bases = sharing_selectors.legal_bases_for(
        user=user, to_organisation=to_organisation, moment=CoordinationMoment.HSSK
    )
    return LegalBasis.objects.filter(
        pk__in=[b.pk for b in bases], is_vital_interest=False
    ).order_by("short_label")


def invite_bases(*, user) -> QuerySet[LegalBasis]:
    """Bases the user's organisation may share on with the Raad, the reclassering or the OM."""
    kinds = (OrganisationKind.RVDK, OrganisationKind.RECLASSERING, OrganisationKind.OM)
    pks = {
        rule.legal_basis_id
        for kind in kinds
        if kind != getattr(getattr(user, "organisation", None), "kind", None)
        for rule in sharing_selectors.sharing_rule_list(
            from_kind=user.organisation.kind,
            to_kind=kind,
            moment=CoordinationMoment.HSSK,
            active_only=True,
        )
    }
    return LegalBasis.objects.filter(pk__in=pks, is_vital_interest=False).order_by("short_label")


def interventions() -> QuerySet[Intervention]:
    return Intervention.objects.filter(active=True).order_by("legal_domain", "sort_order", "name")


def act_get(*, case: HsskCase, pk: int) -> HsskAct:
    try:
        return HsskAct.objects.get(case=case, pk=pk)
    except HsskAct.DoesNotExist:
        raise Http404 from None


MONITORING_COLUMNS = (
    "kenmerk",
    "status",
    "start",
    "leeftijd_kind",
    "letsel",
    "zekerheid",
    "gemeld_door",
    "grijs_gebied",
    "besluit",
    "uren_naar_politie",
    "uren_tot_besluit",
    "uren_tot_onderzoeksplan",
    "uren_tot_afsluiting",
    "onderzoekshandelingen",
    "evaluaties",
)
