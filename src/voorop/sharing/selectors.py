"""Reads of the disclosure register and of the sharing configuration.

Which case data a user sees is decided by ``voorop.authz.policy``; this module adds the rule for
the register itself: a disclosure is seen by the two organisations party to it, the one that
shared and the one that received. The sharing organisation sees everything it recorded about the
disclosure; the recipient sees the shared items only while the disclosure is active, and never
the internal reason a disclosure was withdrawn.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from voorop.authz import policy
from voorop.meldingen.models import Melding, MeldingPerson
from voorop.organisations.models import PARTNER_KINDS, Organisation
from voorop.persons.models import FamilySystem
from voorop.sharing import records as shared_records
from voorop.sharing.fields import FieldGroup
from voorop.sharing.models import (
    CoordinationMoment,
    Disclosure,
    DisclosureItem,
    LegalBasis,
    SharingRule,
)

Direction = Literal["gemaakt", "ontvangen"]
MADE: Direction = "gemaakt"
RECEIVED: Direction = "ontvangen"


# --- configuration ----------------------------------------------------------------------------


def is_partner_user(user) -> bool:
    """An active user of one of the five partner organisations."""
    organisation = getattr(user, "organisation", None) if user.is_authenticated else None
    return bool(user.is_active and organisation is not None and organisation.is_partner)


def organisation_by_id(*, pk: int) -> Organisation | None:
    """Any organisation (organisations are not secret: names and contact routes are shared)."""
    return Organisation.objects.filter(pk=pk).first()


def recipient_organisations(*, user) -> QuerySet[Organisation]:
    """The partner organisations the user's organisation could share with: every partner but
    itself. Whether a basis exists for a particular recipient is the rules' business."""
    if not is_partner_user(user):
        return Organisation.objects.none()
    return (
        Organisation.objects.filter(kind__in=PARTNER_KINDS)
        .exclude(pk=user.organisation_id)
        .order_by("name", "id")
    )


def legal_basis_list(*, active_only: bool = False) -> QuerySet[LegalBasis]:
    qs = LegalBasis.objects.all()
    if active_only:
        qs = qs.filter(active=True)
    return qs.order_by("short_label", "id")


def legal_basis_by_code(*, code: str) -> LegalBasis | None:
    return LegalBasis.objects.filter(code=code).first()


def sharing_rule_queryset() -> QuerySet[SharingRule]:
    return SharingRule.objects.select_related("legal_basis").order_by(
        "from_kind", "to_kind", "legal_basis__short_label", "id"
    )


def sharing_rule_list(
    *, from_kind: str = "", to_kind: str = "", moment: str = "", active_only: bool = False
) -> list[SharingRule]:
    """The rules, optionally narrowed. ``moment`` keeps rules that allow it (a rule without
    moments allows every moment); that test runs in Python because SQLite cannot look inside a
    JSON list, and the table has a few dozen rows."""
    qs = sharing_rule_queryset()
    if from_kind:
        qs = qs.filter(from_kind=from_kind)
    if to_kind:
        qs = qs.filter(to_kind=to_kind)
    if active_only:
        qs = qs.filter(active=True, legal_basis__active=True)
    rules = list(qs)
    if moment:
        rules = [rule for rule in rules if rule.allows_moment(moment)]
    return rules


def sharing_rules_for(
    *, user, to_organisation: Organisation | None, moment: str
) -> list[SharingRule]:
    """The active rules on which the user's organisation may share with ``to_organisation`` for
    ``moment``: one per legal basis that can be chosen."""
    if (
        not is_partner_user(user)
        or to_organisation is None
        or not to_organisation.is_partner
        or to_organisation.pk == user.organisation_id
        or moment not in CoordinationMoment.values
    ):
        return []
    return sharing_rule_list(
        from_kind=user.organisation.kind,
        to_kind=to_organisation.kind,
        moment=moment,
        active_only=True,
    )


def legal_bases_for(*, user, to_organisation: Organisation | None, moment: str) -> list[LegalBasis]:
    """The legal bases the user may choose for sharing with ``to_organisation`` for ``moment``."""
    rules = sharing_rules_for(user=user, to_organisation=to_organisation, moment=moment)
    return sorted({r.legal_basis for r in rules}, key=lambda b: (b.short_label, b.pk))


def sharing_rule_find(
    *, from_kind: str, to_kind: str, legal_basis: LegalBasis
) -> SharingRule | None:
    """The rule for this direction and basis, active or not (the service says why it fails)."""
    return (
        SharingRule.objects.select_related("legal_basis")
        .filter(from_kind=from_kind, to_kind=to_kind, legal_basis=legal_basis)
        .first()
    )


# --- what may be shared ---------------------------------------------------------------------


def shareable_meldingen(*, user, family_system: FamilySystem) -> QuerySet[Melding]:
    """The meldingen of this family system that the user's organisation recorded itself: the
    only ones it may share onward."""
    return (
        policy.own_meldingen_for(user)
        .filter(family_system=family_system)
        .select_related("source_organisation")
        .order_by("-occurred_at", "-id")
    )


def own_meldingen_by_id(*, user, ids: Iterable[int]) -> dict[int, Melding]:
    """Own meldingen by primary key; ids of meldingen that do not exist or belong to another
    organisation are simply absent."""
    wanted = {int(pk) for pk in ids}
    if not wanted:
        return {}
    return {m.pk: m for m in policy.own_meldingen_for(user).filter(pk__in=wanted)}


def shareable_family_system_get(*, user, pk: int) -> FamilySystem:
    """A family system the user may share from: visible to the user and one its organisation is
    involved in on its own account. Anything else raises Http404."""
    try:
        family = policy.family_systems_for(user).get(pk=pk)
    except FamilySystem.DoesNotExist:
        raise Http404 from None
    if not may_share_about(user=user, family_system=family):
        raise Http404
    return family


def may_share_about(*, user, family_system: FamilySystem) -> bool:
    """Whether the user may share about this family system (from ``policy.family_systems_for``):
    a partner organisation involved in it on its own account."""
    return is_partner_user(user) and policy.is_involved(user, family_system)


# --- the register -----------------------------------------------------------------------------


def field_group_labels(groups: Iterable[str]) -> list[str]:
    """The groups' labels in their fixed order: "Kerngegevens: …", "Toelichting", …"""
    chosen = set(groups)
    return [str(g.label) for g in FieldGroup if g.value in chosen]


@dataclass(frozen=True)
class SharedItem:
    """One shared melding of a disclosure with the groups of fields shared of it."""

    melding: Melding
    field_groups: list[str]

    @property
    def melding_id(self) -> int:
        return self.melding.pk

    @property
    def field_group_labels(self) -> list[str]:
        return field_group_labels(self.field_groups)


@dataclass(frozen=True)
class DisclosureView:
    """A disclosure as one of its two parties sees it.

    ``items`` are the shared meldingen with their field groups, ``records`` the other records it
    shares (``voorop.sharing.records``); the recipient of a withdrawn disclosure gets neither.
    ``withdrawal_reason`` is for the sharing organisation only."""

    disclosure: Disclosure
    direction: Direction
    items: list[SharedItem]
    records: list[shared_records.SharedRecord] = field(default_factory=list)

    @property
    def made(self) -> bool:
        return self.direction == MADE

    @property
    def received(self) -> bool:
        return self.direction == RECEIVED

    @property
    def withdrawal_reason(self) -> str | None:
        return self.disclosure.withdrawal_reason if self.made else None

    @property
    def melding_ids(self) -> list[int]:
        return [item.melding_id for item in self.items]


def _organisation_id(user) -> int | None:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    return user.organisation_id


def visible_disclosures(user) -> QuerySet[Disclosure]:
    """Every disclosure the user's organisation is party to, as sharer or as recipient."""
    org_id = _organisation_id(user)
    if org_id is None:
        return Disclosure.objects.none()
    return Disclosure.objects.filter(Q(from_organisation_id=org_id) | Q(to_organisation_id=org_id))


def _items_prefetch() -> Prefetch:
    return Prefetch(
        "items",
        queryset=DisclosureItem.objects.select_related("melding").order_by(
            "-melding__occurred_at", "melding_id"
        ),
    )


def _with_details(qs: QuerySet[Disclosure]) -> QuerySet[Disclosure]:
    return qs.select_related(
        "family_system",
        "from_organisation",
        "to_organisation",
        "legal_basis",
        "shared_by",
        "withdrawn_by",
    ).prefetch_related(_items_prefetch())


def disclosure_views(user, disclosures: Iterable[Disclosure]) -> list[DisclosureView]:
    """Wrap disclosures from ``visible_disclosures`` in what the user's organisation sees of
    them. Expects ``items`` prefetched (``_with_details``)."""
    org_id = _organisation_id(user)
    disclosures = list(disclosures)
    items_by_id = {
        d.pk: [SharedItem(melding=i.melding, field_groups=i.field_groups) for i in d.items.all()]
        for d in disclosures
    }
    # A disclosure shares either meldingen or another record (``records``): only those
    # without meldingen are asked about.
    other = shared_records.records_for(pk for pk, items in items_by_id.items() if not items)
    views = []
    for d in disclosures:
        items = items_by_id[d.pk]
        records = other.get(d.pk, [])
        if d.from_organisation_id == org_id:
            views.append(DisclosureView(disclosure=d, direction=MADE, items=items, records=records))
        elif d.to_organisation_id == org_id:
            active = d.is_active
            views.append(
                DisclosureView(
                    disclosure=d,
                    direction=RECEIVED,
                    items=items if active else [],
                    records=records if active else [],
                )
            )
    return views


def disclosure_list(
    *, user, family_system_id: int | None = None, direction: str = ""
) -> QuerySet[Disclosure]:
    """Disclosures made or received by the user's organisation, newest first."""
    qs = visible_disclosures(user)
    org_id = _organisation_id(user)
    if direction == MADE:
        qs = qs.filter(from_organisation_id=org_id)
    elif direction == RECEIVED:
        qs = qs.filter(to_organisation_id=org_id)
    if family_system_id is not None:
        qs = qs.filter(family_system_id=family_system_id)
    return _with_details(qs).order_by("-shared_at", "-id")


def disclosure_get(*, user, pk: int) -> DisclosureView:
    """One disclosure the user's organisation is party to; any other raises Http404."""
    try:
        disclosure = _with_details(visible_disclosures(user)).get(pk=pk)
    except Disclosure.DoesNotExist:
        raise Http404 from None
    return disclosure_views(user, [disclosure])[0]


def family_disclosures_made(*, user, family_system: FamilySystem) -> QuerySet[Disclosure]:
    """What the user's organisation shared about this family system (``family_system`` comes
    from ``policy.family_systems_for``)."""
    return disclosure_list(user=user, family_system_id=family_system.pk, direction=MADE)


def family_disclosures_received(*, user, family_system: FamilySystem) -> QuerySet[Disclosure]:
    """What was shared with the user's organisation about this family system."""
    return disclosure_list(user=user, family_system_id=family_system.pk, direction=RECEIVED)


def own_disclosure_get(*, user, pk: int, family_system: FamilySystem | None = None) -> Disclosure:
    """A disclosure the user's organisation made (optionally: about this family system), for
    withdrawing it. Anything else raises Http404."""
    org_id = _organisation_id(user)
    qs = _with_details(Disclosure.objects.filter(from_organisation_id=org_id))
    if family_system is not None:
        qs = qs.filter(family_system=family_system)
    try:
        return qs.get(pk=pk)
    except Disclosure.DoesNotExist:
        raise Http404 from None


def own_melding_get(*, user, pk: int) -> Melding:
    """A melding the user's organisation recorded itself; anything else raises Http404."""
    try:
        return (
            policy.own_meldingen_for(user)
            .select_related("source_organisation", "family_system")
            .get(pk=pk)
        )
    except Melding.DoesNotExist:
        raise Http404 from None


@dataclass(frozen=True)
class MeldingDisclosure:
    """One disclosure of one own melding: with whom, when, on which basis, which groups."""

    disclosure: Disclosure
    field_groups: list[str]

    @property
    def field_group_labels(self) -> list[str]:
        return field_group_labels(self.field_groups)


def melding_disclosures(*, user, melding: Melding) -> list[MeldingDisclosure]:
    """Where an own melding was shared, newest first (withdrawn ones included). A melding of
    another organisation has no disclosures as far as this user is concerned."""
    org_id = _organisation_id(user)
    if org_id is None or melding.source_organisation_id != org_id:
        return []
    items = (
        DisclosureItem.objects.filter(melding=melding, disclosure__from_organisation_id=org_id)
        .select_related(
            "disclosure__to_organisation",
            "disclosure__legal_basis",
            "disclosure__shared_by",
            "disclosure__withdrawn_by",
        )
        .order_by("-disclosure__shared_at", "-disclosure_id")
    )
    return [MeldingDisclosure(disclosure=i.disclosure, field_groups=i.field_groups) for i in items]


def disclosed_person_ids(*, melding_ids: Iterable[int]) -> list[int]:
    """The person-index ids of the persons mentioned in these meldingen (for the access log)."""
    ids = list(melding_ids)
    if not ids:
        return []
    return sorted(
        set(
            MeldingPerson.objects.filter(melding_id__in=ids, person_id__isnull=False)
            .values_list("person_id", flat=True)
            .distinct()
        )
    )
