"""Reads of the interventiepalet and the veiligheidsplan.

Who reads a veiligheidsplan (the rule in full is in ``docs/adr/0007``):

- The plan is the shared coordination artefact of the partners around a family system. A user
  of a partner organisation reads it when ``policy.family_systems_for`` shows the family system
  *and* the organisation is involved in it in its own right (``policy.is_involved``) — or the
  user holds an active emergency access to it. Knowing a family only through a disclosure of
  some meldingen does not open its plan. Anyone else gets the same 404 as for a missing plan.
- Every reader sees every item's existence, what it is (its description), its owner, dates,
  status and history. The internal note of an item is read by the owner organisation and the
  organisation that recorded the item, by others only once it was disclosed on a legal basis
  (and, as with meldingen, under emergency access).
- An item is changed by the owner organisation or the organisation that recorded it, as long as
  that organisation is involved in its own right. Adding to the plan needs involvement too.

Templates and serializers get ``PlanItemView`` objects, never bare items: a note that may not
be read reads as ``None``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from voorop.authz import policy
from voorop.cases.models import Phase
from voorop.organisations.models import Organisation
from voorop.persons.models import FamilyMembership, FamilySystem, OrganisationInvolvement
from voorop.safetyplan import workflow
from voorop.safetyplan.models import (
    OPEN_STATUSES,
    Intervention,
    LegalDomain,
    PlanItem,
    PlanItemChange,
    PlanItemKind,
    SafetyPlan,
)

# --- the interventiepalet ---------------------------------------------------------------------


def intervention_list(
    *, legal_domain: str = "", phase: str = "", active_only: bool = True
) -> list[Intervention]:
    """The catalogue, in the plan's order (domain, then the catalogue's own order), optionally
    narrowed to one legal domain and to interventions usable in one phase. The phase test runs
    in Python: SQLite cannot look inside a JSON list, and the catalogue has a few dozen rows."""
    qs = Intervention.objects.all()
    if active_only:
        qs = qs.filter(active=True)
    if legal_domain:
        qs = qs.filter(legal_domain=legal_domain)
    domain_order = {d: i for i, d in enumerate(LegalDomain.values)}
    found = [i for i in qs if not phase or phase in (i.phases or ())]
    return sorted(found, key=lambda i: (domain_order.get(i.legal_domain, 99), i.sort_order, i.name))


def intervention_by_id(*, pk: int, active_only: bool = True) -> Intervention | None:
    """The catalogue is not secret: any entry by id (None if unknown or, by default, inactive)."""
    qs = Intervention.objects.filter(pk=pk)
    if active_only:
        qs = qs.filter(active=True)
    return qs.first()


@dataclass(frozen=True)
class DomainGroup:
    domain: str
    label: str
    interventions: list[Intervention]


def intervention_groups(interventions: Iterable[Intervention]) -> list[DomainGroup]:
    """Interventions grouped by legal domain, in the plan's order of domains."""
    by_domain: dict[str, list[Intervention]] = {}
    for intervention in interventions:
        by_domain.setdefault(intervention.legal_domain, []).append(intervention)
    return [
        DomainGroup(domain=value, label=str(label), interventions=by_domain[value])
        for value, label in LegalDomain.choices
        if value in by_domain
    ]


# --- who may read and write a plan ------------------------------------------------------------


def _organisation_id(user) -> int | None:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    organisation = getattr(user, "organisation", None)
    if organisation is None or not organisation.is_partner:
        return None
    return organisation.pk


def plan_families_for(user) -> QuerySet[FamilySystem]:
    """The family systems whose veiligheidsplan the user may read: from
    ``policy.family_systems_for``, those the organisation is involved in on its own account or
    the user holds emergency access to. Partner organisations only."""
    org_id = _organisation_id(user)
    if org_id is None:
        return FamilySystem.objects.none()
    involved = OrganisationInvolvement.objects.filter(organisation_id=org_id).values(
        "family_system_id"
    )
    return policy.family_systems_for(user).filter(
        Q(pk__in=involved) | Q(pk__in=policy.active_emergency_family_ids(user))
    )


def plan_family_get(*, user, pk: int) -> FamilySystem:
    """A family system whose plan the user may read; anything else raises Http404."""
    try:
        return plan_families_for(user).select_related("case").get(pk=pk)
    except FamilySystem.DoesNotExist:
        raise Http404 from None


def may_see_plan(*, user, family_system: FamilySystem) -> bool:
    return plan_families_for(user).filter(pk=family_system.pk).exists()


def may_add_to_plan(*, user, family_system: FamilySystem) -> bool:
    """A partner organisation involved in the family system in its own right (emergency access
    reads, it does not write)."""
    return _organisation_id(user) is not None and policy.is_involved(user, family_system)


def may_change_item(*, user, item: PlanItem, involved: bool | None = None) -> bool:
    """The owner organisation or the recording organisation, while involved in its own right."""
    org_id = _organisation_id(user)
    if org_id is None or org_id not in (item.owner_organisation_id, item.recorded_by_id):
        return False
    if involved is None:
        involved = policy.is_involved(user, item.plan.family_system)
    return involved


def may_read_note(*, user, item: PlanItem, emergency: bool = False) -> bool:
    org_id = _organisation_id(user)
    if org_id is None:
        return False
    return (
        org_id in (item.owner_organisation_id, item.recorded_by_id)
        or item.note_disclosed_at is not None
        or emergency
    )


# --- items as a user sees them ----------------------------------------------------------------


def today() -> dt.date:
    return timezone.localdate()


class PlanItemView:
    """An item as this user may see it. ``note`` reads as ``None`` when the user's organisation
    may not read it; everything else is the item's own (``view.owner_organisation``,
    ``view.get_status_display`` …). The item itself is kept under a private name, out of
    reach of templates."""

    def __init__(
        self, item: PlanItem, *, note_visible: bool, may_change: bool, today: dt.date
    ) -> None:
        self._item = item
        self.note_visible = note_visible
        self.may_change = may_change
        self.today = today

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self._item, name)

    @property
    def note(self) -> str | None:
        return self._item.note if self.note_visible else None

    @property
    def has_hidden_note(self) -> bool:
        return bool(self._item.note) and not self.note_visible

    @property
    def overdue(self) -> bool:
        return self._item.is_overdue(self.today)

    @property
    def due_today(self) -> bool:
        item = self._item
        return item.is_open and self.today in (item.reassess_on, item.ends_on)

    @property
    def overdue_reasons(self) -> list[str]:
        """ "herbeoordeling was op 09-03-2026", "einddatum was 11-03-2026"."""
        reasons = []
        for field_name, day in self._item.overdue_dates(self.today):
            if field_name == "reassess_on":
                label = self.reassess_label
                reasons.append(
                    _("%(what)s was op %(date)s") % {"what": label, "date": f"{day:%d-%m-%Y}"}
                )
            else:
                reasons.append(_("einddatum was %(date)s") % {"date": f"{day:%d-%m-%Y}"})
        return reasons

    @property
    def reassess_label(self) -> str:
        intervention = self._item.intervention
        if intervention is not None and intervention.reassess_label:
            return intervention.reassess_label
        return _("herbeoordeling")

    @property
    def status_label(self) -> str:
        """The status, or "Verlopen" when an open item's date passed."""
        return _("Verlopen") if self.overdue else self._item.get_status_display()

    @property
    def transitions(self) -> list[workflow.Transition]:
        return workflow.transitions_from(self._item.status) if self.may_change else []

    @property
    def may_extend(self) -> bool:
        item = self._item
        end = latest_end(item)
        return (
            self.may_change
            and item.is_open
            and end is not None
            and (item.ends_on is None or item.ends_on < end)
        )

    @property
    def latest_end(self) -> dt.date | None:
        return latest_end(self._item)


def latest_end(item: PlanItem) -> dt.date | None:
    """The last day an intervention may run, extensions included (from the catalogue)."""
    intervention = item.intervention
    if intervention is None or intervention.max_duration_days is None:
        return None
    return item.starts_on + dt.timedelta(days=intervention.max_duration_days)


def _items_queryset() -> QuerySet[PlanItem]:
    return PlanItem.objects.select_related(
        "intervention",
        "owner_organisation",
        "owner_user",
        "recorded_by",
        "created_by",
        "note_legal_basis",
        "plan__family_system",
    )


def plan_item_views(
    user, items: Iterable[PlanItem], *, family_system: FamilySystem | None = None
) -> list[PlanItemView]:
    """Wrap items of plans the user may read in what the user may see of them."""
    items = list(items)
    org_id = _organisation_id(user)
    if org_id is None or not items:
        return []
    family_ids = {i.plan.family_system_id for i in items}
    involved = set(
        OrganisationInvolvement.objects.filter(
            organisation_id=org_id, family_system_id__in=family_ids
        ).values_list("family_system_id", flat=True)
    )
    emergency = set(
        policy.active_emergency_family_ids(user)
        .filter(family_system_id__in=family_ids)
        .values_list("family_system_id", flat=True)
    )
    day = today()
    return [
        PlanItemView(
            item,
            note_visible=may_read_note(
                user=user,
                item=item,
                emergency=item.plan.family_system_id in emergency
                and item.plan.family_system_id not in involved,
            ),
            may_change=may_change_item(
                user=user, item=item, involved=item.plan.family_system_id in involved
            ),
            today=day,
        )
        for item in items
    ]


def plan_get(*, family_system: FamilySystem) -> SafetyPlan | None:
    """The plan of a family system from ``plan_family_get`` (None before first use)."""
    return (
        SafetyPlan.objects.select_related("contact_organisation", "contact_user")
        .filter(family_system=family_system)
        .first()
    )


def plan_items(*, user, family_system: FamilySystem) -> list[PlanItemView]:
    """Every item of the family system's plan (``family_system`` from ``plan_family_get``)."""
    items = _items_queryset().filter(plan__family_system=family_system).order_by("starts_on", "id")
    return plan_item_views(user, items)


def plan_item_get(*, user, family_system: FamilySystem, pk: int) -> PlanItemView:
    """One item of this family system's plan; an item of another plan raises Http404."""
    try:
        item = _items_queryset().get(plan__family_system=family_system, pk=pk)
    except PlanItem.DoesNotExist:
        raise Http404 from None
    return plan_item_views(user, [item])[0]


def plan_item_changes(*, item: PlanItemView | PlanItem) -> list[PlanItemChange]:
    """The history of an item (it never holds note content), newest first."""
    return list(
        PlanItemChange.objects.filter(item_id=item.pk)
        .select_related("user", "organisation")
        .order_by("-at", "-id")
    )


def family_member_ids(*, family_system: FamilySystem) -> list[int]:
    """The persons the plan is about, for the access log."""
    return sorted(
        FamilyMembership.objects.filter(family_system=family_system).values_list(
            "person_id", flat=True
        )
    )


# --- the plan, grouped ------------------------------------------------------------------------


@dataclass
class DomainSection:
    domain: str
    label: str
    items: list[PlanItemView] = field(default_factory=list)


@dataclass
class PhaseSection:
    phase: str
    label: str
    domains: list[DomainSection] = field(default_factory=list)
    agreements: list[PlanItemView] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not self.agreements and not any(d.items for d in self.domains)


@dataclass
class GroupedPlan:
    """A plan as the page and the printout show it: open items by phase, interventions by legal
    domain within a phase, agreements after them; closed items (done, cancelled) apart."""

    phases: list[PhaseSection]
    closed: list[PlanItemView]
    overdue: list[PlanItemView]
    open_count: int

    @property
    def all_open(self) -> list[PlanItemView]:
        found = []
        for phase in self.phases:
            for domain in phase.domains:
                found += domain.items
            found += phase.agreements
        return found


def group_plan(views: list[PlanItemView], *, include_closed_in_phases: bool = False) -> GroupedPlan:
    phases = [PhaseSection(phase=value, label=str(label)) for value, label in Phase.choices]
    by_phase = {p.phase: p for p in phases}
    closed: list[PlanItemView] = []
    for view in views:
        if not view.is_open and not include_closed_in_phases:
            closed.append(view)
            continue
        section = by_phase[view.phase]
        if view.kind == PlanItemKind.AGREEMENT:
            section.agreements.append(view)
            continue
        domain = next((d for d in section.domains if d.domain == view.legal_domain), None)
        if domain is None:
            domain = DomainSection(
                domain=view.legal_domain, label=str(LegalDomain(view.legal_domain).label)
            )
            section.domains.append(domain)
        domain.items.append(view)
    order = {d: i for i, d in enumerate(LegalDomain.values)}
    for section in phases:
        section.domains.sort(key=lambda d: order[d.domain])
    return GroupedPlan(
        phases=phases,
        closed=closed,
        overdue=[v for v in views if v.overdue],
        open_count=sum(1 for v in views if v.is_open),
    )


# --- the owner's werkvoorraad and the family page ---------------------------------------------


@dataclass(frozen=True)
class OverdueBlock:
    """Open plan items owned by the user's organisation that are overdue or due today, the
    most urgent first."""

    items: list[PlanItemView]
    count: int
    limit: int

    @property
    def overdue(self) -> list[PlanItemView]:
        return [v for v in self.items if v.overdue]

    @property
    def due_today(self) -> list[PlanItemView]:
        return [v for v in self.items if not v.overdue]


def owner_attention_items(*, user, limit: int = 10, day: dt.date | None = None) -> OverdueBlock:
    """Overdue (and due-today) open items whose owner is the user's organisation, in plans the
    user may read. Items owned by the user come first, then the oldest passed date."""
    org_id = _organisation_id(user)
    if org_id is None:
        return OverdueBlock(items=[], count=0, limit=limit)
    day = day or today()
    qs = (
        _items_queryset()
        .filter(
            owner_organisation_id=org_id,
            status__in=OPEN_STATUSES,
            plan__family_system__in=plan_families_for(user),
        )
        .filter(Q(reassess_on__lte=day) | Q(ends_on__lte=day))
    )
    count = qs.count()
    items = list(qs.order_by("reassess_on", "ends_on", "id")[: limit * 3])

    def urgency(item: PlanItem) -> tuple:
        dates = [d for d in (item.reassess_on, item.ends_on) if d is not None and d <= day]
        return (item.owner_user_id != user.pk, min(dates), item.pk)

    items.sort(key=urgency)
    return OverdueBlock(items=plan_item_views(user, items[:limit]), count=count, limit=limit)


@dataclass(frozen=True)
class PlanCard:
    """What the family page shows of the plan: the open items (next due first) and counts."""

    family_system: FamilySystem
    plan: SafetyPlan | None
    items: list[PlanItemView]
    open_count: int
    overdue_count: int
    may_add: bool


CARD_SIZE = 5


def plan_card(*, user, family_system: FamilySystem) -> PlanCard | None:
    """The family page's veiligheidsplan card; None when the user may not read the plan."""
    if not may_see_plan(user=user, family_system=family_system):
        return None
    views = [v for v in plan_items(user=user, family_system=family_system) if v.is_open]
    far = dt.date.max

    def next_date(view: PlanItemView) -> tuple:
        dates = [d for d in (view.reassess_on, view.ends_on) if d is not None]
        return (not view.overdue, min(dates) if dates else far, view.pk)

    views.sort(key=next_date)
    return PlanCard(
        family_system=family_system,
        plan=plan_get(family_system=family_system),
        items=views[:CARD_SIZE],
        open_count=len(views),
        overdue_count=sum(1 for v in views if v.overdue),
        may_add=may_add_to_plan(user=user, family_system=family_system),
    )


# --- choices for the forms --------------------------------------------------------------------


def owner_organisation_choices(*, family_system: FamilySystem) -> QuerySet[Organisation]:
    """Organisations that can own an item: any organisation (a gemeente, a crisis service …);
    those involved in the family system are listed first by the form."""
    return Organisation.objects.order_by("name", "id")


def involved_organisation_ids(*, family_system: FamilySystem) -> list[int]:
    return list(
        OrganisationInvolvement.objects.filter(family_system=family_system)
        .order_by("since")
        .values_list("organisation_id", flat=True)
    )


def suggested_owner(
    *, user, family_system: FamilySystem, intervention: Intervention | None
) -> Organisation | None:
    """The organisation an intervention is normally owned by: one of the catalogue's kind that
    is involved in the family system, else the only organisation of that kind, else the user's
    own organisation."""
    if intervention is not None:
        involved = Organisation.objects.filter(
            kind=intervention.owner_kind,
            pk__in=involved_organisation_ids(family_system=family_system),
        ).first()
        if involved is not None:
            return involved
        of_kind = list(Organisation.objects.filter(kind=intervention.owner_kind)[:2])
        if len(of_kind) == 1:
            return of_kind[0]
    return getattr(user, "organisation", None)
