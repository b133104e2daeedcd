"""Reads of veiligheidsbeoordelingen, veiligheidsvoorwaarden and risk instruments.

Who sees what — every read starts from ``voorop.authz.policy.family_systems_for(user)``:

- A veiligheidsbeoordeling belongs to the Veilig Thuis organisation that made it; its users see
  it in full, in the family systems they may see.
- Another organisation sees only its **summary** — context, status, level of acute and of
  structural unsafety, outcome, the veiligheidsvoorwaarden (with the person each applies to)
  and the level of the risk instruments linked to it — and only while a disclosure of that
  assessment to it is active (``BeoordelingVerstrekking``), or while the user holds emergency
  access to the family system. The rationales, the checklist of risk factors, the findings of
  part B and the answers to instruments are never part of the summary. A draft is never shown
  outside its VT organisation.
- A risk-instrument result belongs to the organisation that recorded it (VT or, for the
  ex-partner stalking screening, the police); only its users see it.
- Instrument definitions are configuration: every user of an organisation may read them.

Who may write: ``may_assess`` (VT, as VT-medewerker or vertrouwensarts) for assessments;
``may_fill`` (an organisation kind the instrument is meant for, in a casework role) for
instruments. A forbidden object and a missing one give the same Http404.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from voorop.accounts.models import RoleCode
from voorop.assessment.choices import ConditionStatus, Status
from voorop.assessment.engine import Definition
from voorop.assessment.models import (
    BeoordelingVerstrekking,
    InstrumentResult,
    RiskInstrument,
    Veiligheidsbeoordeling,
    Veiligheidsvoorwaarde,
)
from voorop.authz import policy
from voorop.authz.policy import Provenance
from voorop.organisations.models import OrganisationKind
from voorop.persons import selectors as person_selectors
from voorop.persons.models import FamilySystem, Person

#: The roles that make a veiligheidsbeoordeling (only within Veilig Thuis).
ASSESSOR_ROLES = (RoleCode.VT_MEDEWERKER, RoleCode.VERTROUWENSARTS)

#: Per kind of organisation, the roles that fill in a risk instrument.
INSTRUMENT_ROLES: dict[str, tuple[str, ...]] = {
    OrganisationKind.VT: ASSESSOR_ROLES,
    OrganisationKind.POLITIE: (RoleCode.AGENT, RoleCode.CASUSREGISSEUR),
    OrganisationKind.OM: (RoleCode.OFFICIER, RoleCode.PARKETSECRETARIS),
    OrganisationKind.RECLASSERING: (RoleCode.RECLASSERINGSWERKER,),
    OrganisationKind.RVDK: (RoleCode.RAADSONDERZOEKER,),
}


#: What a disclosure of an assessment shares, in words (the register and the share form).
SHARED_PARTS = gettext_lazy(
    "context, status, niveau van acute en structurele onveiligheid, uitkomst, "
    "veiligheidsvoorwaarden (met de persoon voor wie ze gelden) en het niveau van gekoppelde "
    "risico-inschattingen"
)


def _organisation_id(user) -> int | None:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    return user.organisation_id


# --- who may write ----------------------------------------------------------------------------


def may_assess(user) -> bool:
    """A user of a Veilig Thuis organisation acting as VT-medewerker or vertrouwensarts."""
    organisation = getattr(user, "organisation", None) if _organisation_id(user) else None
    return bool(
        organisation is not None
        and organisation.kind == OrganisationKind.VT
        and user.has_role(*ASSESSOR_ROLES)
    )


def may_fill(user, instrument: RiskInstrument) -> bool:
    """A user of an organisation kind the instrument is meant for, in a casework role."""
    organisation = getattr(user, "organisation", None) if _organisation_id(user) else None
    if organisation is None or organisation.kind not in (instrument.organisation_kinds or []):
        return False
    return user.has_role(*INSTRUMENT_ROLES.get(organisation.kind, ()))


# --- veiligheidsbeoordelingen -----------------------------------------------------------------


def own_beoordelingen(user) -> QuerySet[Veiligheidsbeoordeling]:
    """The assessments the user's organisation made, in family systems the user may see."""
    org_id = _organisation_id(user)
    if org_id is None:
        return Veiligheidsbeoordeling.objects.none()
    return Veiligheidsbeoordeling.objects.filter(
        organisation_id=org_id, family_system__in=policy.family_systems_for(user)
    )


def _active_links(org_id: int) -> QuerySet[BeoordelingVerstrekking]:
    return BeoordelingVerstrekking.objects.filter(
        disclosure__to_organisation_id=org_id, disclosure__withdrawn_at__isnull=True
    )


def summarised_beoordelingen(user) -> QuerySet[Veiligheidsbeoordeling]:
    """Other organisations' assessments the user may see the summary of: disclosed to the
    user's organisation (active), or in a family system the user holds emergency access to.
    Never a draft."""
    org_id = _organisation_id(user)
    if org_id is None:
        return Veiligheidsbeoordeling.objects.none()
    return (
        Veiligheidsbeoordeling.objects.exclude(organisation_id=org_id)
        .exclude(status=Status.DRAFT)
        .filter(family_system__in=policy.family_systems_for(user))
        .filter(
            Q(pk__in=_active_links(org_id).values("beoordeling_id"))
            | Q(family_system_id__in=policy.active_emergency_family_ids(user))
        )
    )


@dataclass(frozen=True)
class ConditionSummary:
    pk: int
    text: str
    person_id: int | None
    person_name: str
    valid_from: dt.date
    valid_until: dt.date | None
    status: str
    status_label: str

    @property
    def holds(self) -> bool:
        return self.status == ConditionStatus.GELDT


@dataclass(frozen=True)
class ResultSummary:
    pk: int
    instrument_name: str
    is_example: bool
    level: str
    level_label: str
    assessed_at: dt.datetime


@dataclass(frozen=True)
class BeoordelingSummary:
    """What may be shown of an assessment outside its VT organisation (and on cards)."""

    pk: int
    reference: str
    family_system_id: int
    organisation_name: str
    organisation_phone: str
    context: str
    context_label: str
    status: str
    status_label: str
    started_at: dt.datetime
    part_a_completed_at: dt.datetime | None
    acute_level: str
    acute_level_label: str
    part_b_completed_at: dt.datetime | None
    structural_level: str
    structural_level_label: str
    outcome: str
    outcome_label: str
    completed_at: dt.datetime | None
    conditions: list[ConditionSummary]
    results: list[ResultSummary]
    own: bool
    emergency: bool = False
    provenance: list[Provenance] = field(default_factory=list)

    @property
    def person_ids(self) -> list[int]:
        return sorted({c.person_id for c in self.conditions if c.person_id})

    @property
    def holding_conditions(self) -> list[ConditionSummary]:
        return [c for c in self.conditions if c.holds]


def _condition_summaries(beoordeling: Veiligheidsbeoordeling) -> list[ConditionSummary]:
    return [
        ConditionSummary(
            pk=c.pk,
            text=c.text,
            person_id=c.person_id,
            person_name=c.person.full_name if c.person else _("het hele gezinssysteem"),
            valid_from=c.valid_from,
            valid_until=c.valid_until,
            status=c.status,
            status_label=c.get_status_display(),
        )
        for c in beoordeling.voorwaarden.all()
    ]


def _result_summaries(beoordeling: Veiligheidsbeoordeling) -> list[ResultSummary]:
    return [
        ResultSummary(
            pk=r.pk,
            instrument_name=r.instrument.name,
            is_example=r.instrument.is_example,
            level=r.professional_level,
            level_label=r.get_professional_level_display(),
            assessed_at=r.assessed_at,
        )
        for r in beoordeling.instrument_results.all()
    ]


def _summary(
    beoordeling: Veiligheidsbeoordeling,
    *,
    own: bool,
    emergency: bool = False,
    provenance: list[Provenance] | None = None,
) -> BeoordelingSummary:
    b = beoordeling
    return BeoordelingSummary(
        pk=b.pk,
        reference=b.reference,
        family_system_id=b.family_system_id,
        organisation_name=b.organisation.name,
        organisation_phone=b.organisation.contact_phone,
        context=b.context,
        context_label=b.get_context_display(),
        status=b.status,
        status_label=b.get_status_display(),
        started_at=b.started_at,
        part_a_completed_at=b.part_a_completed_at,
        acute_level=b.acute_level,
        acute_level_label=b.get_acute_level_display() if b.acute_level else "",
        part_b_completed_at=b.part_b_completed_at,
        structural_level=b.structural_level if b.part_b_completed_at else "",
        structural_level_label=(
            b.get_structural_level_display() if b.part_b_completed_at and b.structural_level else ""
        ),
        outcome=b.outcome if b.completed_at else "",
        outcome_label=b.get_outcome_display() if b.completed_at and b.outcome else "",
        completed_at=b.completed_at,
        conditions=_condition_summaries(b),
        results=_result_summaries(b),
        own=own,
        emergency=emergency,
        provenance=provenance or [],
    )


def _with_details(qs: QuerySet[Veiligheidsbeoordeling]) -> QuerySet[Veiligheidsbeoordeling]:
    return qs.select_related("organisation", "family_system", "created_by").prefetch_related(
        Prefetch(
            "voorwaarden",
            queryset=Veiligheidsvoorwaarde.objects.select_related("person").order_by(
                "valid_from", "id"
            ),
        ),
        Prefetch(
            "instrument_results",
            queryset=InstrumentResult.objects.select_related("instrument").order_by(
                "assessed_at", "id"
            ),
        ),
    )


def _provenance(org_id: int, beoordeling_ids: Iterable[int]) -> dict[int, list[Provenance]]:
    links = (
        _active_links(org_id)
        .filter(beoordeling_id__in=list(beoordeling_ids))
        .select_related("disclosure__from_organisation", "disclosure__legal_basis")
        .order_by("disclosure__shared_at", "disclosure_id")
    )
    found: dict[int, list[Provenance]] = {}
    for link in links:
        d = link.disclosure
        found.setdefault(link.beoordeling_id, []).append(
            Provenance(
                organisation=d.from_organisation.name,
                shared_at=d.shared_at,
                legal_basis=d.legal_basis.short_label,
                moment=d.get_moment_display(),
                disclosure_reference=d.reference,
            )
        )
    return found


def beoordeling_summaries(user, beoordelingen: Iterable[Veiligheidsbeoordeling]):
    """Summaries of assessments from ``own_beoordelingen`` or ``summarised_beoordelingen``,
    with provenance for the shared ones."""
    org_id = _organisation_id(user)
    beoordelingen = list(beoordelingen)
    if org_id is None or not beoordelingen:
        return []
    foreign = [b.pk for b in beoordelingen if b.organisation_id != org_id]
    provenance = _provenance(org_id, foreign) if foreign else {}
    summaries = []
    for b in beoordelingen:
        own = b.organisation_id == org_id
        summaries.append(
            _summary(
                b,
                own=own,
                emergency=not own and b.pk not in provenance,
                provenance=provenance.get(b.pk, []),
            )
        )
    return summaries


def family_beoordelingen(*, user, family_system: FamilySystem) -> list[BeoordelingSummary]:
    """All assessments of the family the user may see, newest first: the organisation's own
    and the summaries of others' (``family_system`` from ``policy.family_systems_for``)."""
    qs = own_beoordelingen(user) | summarised_beoordelingen(user)
    qs = _with_details(qs.filter(family_system=family_system)).order_by("-started_at", "-id")
    return beoordeling_summaries(user, qs)


def beoordeling_list(*, user, family_system_id: int | None = None):
    """Assessments the user may see (own or summary) as a queryset, newest first."""
    qs = own_beoordelingen(user) | summarised_beoordelingen(user)
    if family_system_id is not None:
        qs = qs.filter(family_system_id=family_system_id)
    return _with_details(qs).order_by("-started_at", "-id")


def own_beoordeling_get(
    *, user, pk: int, family_system: FamilySystem | None = None
) -> Veiligheidsbeoordeling:
    """An assessment of the user's own organisation (optionally: of this family system);
    anything else raises Http404."""
    qs = own_beoordelingen(user)
    if family_system is not None:
        qs = qs.filter(family_system=family_system)
    try:
        return _with_details(qs).prefetch_related("risk_factors").get(pk=pk)
    except Veiligheidsbeoordeling.DoesNotExist:
        raise Http404 from None


@dataclass(frozen=True)
class BeoordelingAccess:
    """An assessment as the user may see it: ``own`` is the full record for its own VT
    organisation (None for anyone else), ``summary`` what may be shown to anyone who sees it."""

    summary: BeoordelingSummary
    own: Veiligheidsbeoordeling | None = None


def beoordeling_get(*, user, pk: int, family_system: FamilySystem | None = None):
    """An assessment the user may see, in full or as summary; anything else raises Http404."""
    qs = own_beoordelingen(user) | summarised_beoordelingen(user)
    if family_system is not None:
        qs = qs.filter(family_system=family_system)
    try:
        beoordeling = _with_details(qs).prefetch_related("risk_factors").get(pk=pk)
    except Veiligheidsbeoordeling.DoesNotExist:
        raise Http404 from None
    summary = beoordeling_summaries(user, [beoordeling])[0]
    return BeoordelingAccess(summary=summary, own=beoordeling if summary.own else None)


def beoordeling_shares(*, user, beoordeling: Veiligheidsbeoordeling):
    """With whom an own assessment was shared (withdrawn ones included), newest first."""
    if beoordeling.organisation_id != _organisation_id(user):
        return []
    return list(
        BeoordelingVerstrekking.objects.filter(beoordeling=beoordeling)
        .select_related("disclosure__to_organisation", "disclosure__legal_basis")
        .order_by("-disclosure__shared_at", "-disclosure_id")
    )


def own_voorwaarde_get(*, user, beoordeling: Veiligheidsbeoordeling, pk: int):
    """A condition of an own assessment (``beoordeling`` from ``own_beoordeling_get``)."""
    if beoordeling.organisation_id != _organisation_id(user):
        raise Http404
    try:
        return beoordeling.voorwaarden.select_related("person").get(pk=pk)
    except Veiligheidsvoorwaarde.DoesNotExist:
        raise Http404 from None


def beoordeling_person_ids(beoordeling: Veiligheidsbeoordeling) -> list[int]:
    """The persons an assessment concerns (for the access log): those its conditions and its
    linked instrument results name."""
    ids = {c.person_id for c in beoordeling.voorwaarden.all() if c.person_id}
    ids |= {r.subject_id for r in beoordeling.instrument_results.all() if r.subject_id}
    return sorted(ids)


def family_persons(*, user, family_system: FamilySystem) -> list[Person]:
    """The members of the family the user may see (to choose for whom a condition holds or
    whom an instrument is about)."""
    return [
        m.person for m in person_selectors.family_members(user=user, family_system=family_system)
    ]


# --- risk instruments -------------------------------------------------------------------------


def instrument_list(*, active_only: bool = True) -> QuerySet[RiskInstrument]:
    """Instrument definitions (configuration, not case data)."""
    qs = RiskInstrument.objects.all()
    if active_only:
        qs = qs.filter(active=True)
    return qs.prefetch_related("items", "thresholds").order_by("name", "-version")


def instrument_get(*, pk: int) -> RiskInstrument:
    try:
        return RiskInstrument.objects.prefetch_related("items", "thresholds").get(pk=pk)
    except RiskInstrument.DoesNotExist:
        raise Http404 from None


def active_instrument_by_code(*, code: str) -> RiskInstrument:
    """The version in use of the instrument with this code; Http404 when there is none."""
    try:
        return (
            RiskInstrument.objects.prefetch_related("items", "thresholds")
            .filter(active=True)
            .get(code=code)
        )
    except RiskInstrument.DoesNotExist:
        raise Http404 from None


def instruments_for(*, user) -> list[RiskInstrument]:
    """The instruments in use that the user may fill in."""
    return [i for i in instrument_list() if may_fill(user, i)]


def definition(instrument: RiskInstrument) -> Definition:
    return Definition.from_instrument(instrument)


def own_results(user) -> QuerySet[InstrumentResult]:
    """The results the user's organisation recorded, in family systems the user may see."""
    org_id = _organisation_id(user)
    if org_id is None:
        return InstrumentResult.objects.none()
    return InstrumentResult.objects.filter(
        organisation_id=org_id, family_system__in=policy.family_systems_for(user)
    )


def _results_with_details(qs: QuerySet[InstrumentResult]) -> QuerySet[InstrumentResult]:
    return qs.select_related(
        "instrument", "subject", "assessed_by", "organisation", "beoordeling", "family_system"
    ).prefetch_related("instrument__items", "instrument__thresholds")


def result_list(*, user, family_system_id: int | None = None) -> QuerySet[InstrumentResult]:
    qs = own_results(user)
    if family_system_id is not None:
        qs = qs.filter(family_system_id=family_system_id)
    return _results_with_details(qs).order_by("-assessed_at", "-id")


def family_results(*, user, family_system: FamilySystem) -> list[InstrumentResult]:
    return list(result_list(user=user, family_system_id=family_system.pk))


def result_get(*, user, pk: int, family_system: FamilySystem | None = None) -> InstrumentResult:
    qs = own_results(user)
    if family_system is not None:
        qs = qs.filter(family_system=family_system)
    try:
        return _results_with_details(qs).get(pk=pk)
    except InstrumentResult.DoesNotExist:
        raise Http404 from None


# --- for the disclosure register ----------------------------------------------------------------


def shared_records(disclosure_ids: list[int]):
    """The register's provider (``voorop.sharing.records``): which disclosures share an
    assessment. Says what is shared, never the content."""
    from voorop.sharing.records import SharedRecord

    links = BeoordelingVerstrekking.objects.filter(disclosure_id__in=disclosure_ids).select_related(
        "beoordeling"
    )
    return {
        link.disclosure_id: [
            SharedRecord(
                kind="veiligheidsbeoordeling",
                record_id=link.beoordeling_id,
                label=_("Veiligheidsbeoordeling %(ref)s") % {"ref": link.beoordeling.reference},
                shared=str(SHARED_PARTS),
                url=reverse(
                    "assessment:detail",
                    args=[link.beoordeling.family_system_id, link.beoordeling_id],
                ),
            )
        ]
        for link in links
    }
