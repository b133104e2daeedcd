"""The authorization policy: the one place that decides which case data a user may see.

- An organisation sees a family system where it is involved (it recorded something in it or
  has a task in it: ``OrganisationInvolvement``), where it received a disclosure about it that
  is not withdrawn, or where the user holds an active emergency access (doorbraak).
- Within a family system it sees its own records fully, another organisation's records only
  as far as they were shared with it (which meldingen, which groups of fields), and under
  emergency access everything but medical details.
- Medical details of a VT melding are read only by a vertrouwensarts of the recording VT.
- Persons are visible through the family systems the organisation is involved in (or holds
  emergency access to); through a disclosure only the persons of shared meldingen whose
  PERSONEN group was shared.
- A user without an organisation (an operator account), or an inactive one, sees nothing.

Callers never filter on organisation themselves: lists, search, detail pages, API, exports and
the timeline all start from these functions, and redact through ``melding_views``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from voorop.accounts.models import RoleCode
from voorop.authz.models import EmergencyAccess
from voorop.meldingen.models import Melding, MeldingPerson
from voorop.organisations.models import OrganisationKind
from voorop.persons.models import FamilySystem, OrganisationInvolvement, Person
from voorop.sharing.fields import ALL_GROUPS, GROUP_ATTRIBUTES, FieldGroup
from voorop.sharing.models import Disclosure, DisclosureItem


def _organisation_id(user) -> int | None:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    return user.organisation_id


def active_emergency_family_ids(user, *, now: datetime | None = None) -> QuerySet:
    return EmergencyAccess.objects.filter(
        user_id=user.pk, organisation_id=user.organisation_id, expires_at__gt=now or timezone.now()
    ).values("family_system_id")


def _received_family_ids(org_id: int) -> QuerySet:
    return Disclosure.objects.filter(to_organisation_id=org_id, withdrawn_at__isnull=True).values(
        "family_system_id"
    )


def family_systems_for(user) -> QuerySet[FamilySystem]:
    org_id = _organisation_id(user)
    if org_id is None:
        return FamilySystem.objects.none()
    return FamilySystem.objects.filter(
        _family_ids_in_own_right(user, org_id) | Q(pk__in=_received_family_ids(org_id))
    )


EMERGENCY_PURPOSE = "noodtoegang: art. 6 lid 1 sub d AVG"
DISCLOSURE_PURPOSE = "verstrekking"


def access_purpose(user, family_system_id: int | None) -> str:
    """On what basis the user reads this family system, for the access log: "" when the
    organisation is involved in its own right, otherwise through a disclosure or (checked last,
    as the exceptional route) an emergency access."""
    org_id = _organisation_id(user)
    if org_id is None or family_system_id is None:
        return ""
    if OrganisationInvolvement.objects.filter(
        organisation_id=org_id, family_system_id=family_system_id
    ).exists():
        return ""
    if _received_family_ids(org_id).filter(family_system_id=family_system_id).exists():
        return DISCLOSURE_PURPOSE
    if active_emergency_family_ids(user).filter(family_system_id=family_system_id).exists():
        return EMERGENCY_PURPOSE
    return ""


def is_involved(user, family_system: FamilySystem) -> bool:
    """Involved in its own right (not only through a disclosure or emergency access)."""
    org_id = _organisation_id(user)
    return (
        org_id is not None
        and OrganisationInvolvement.objects.filter(
            organisation_id=org_id, family_system=family_system
        ).exists()
    )


def _family_ids_in_own_right(user, org_id: int) -> Q:
    """Family systems the organisation is involved in, or the user holds emergency access to:
    there the whole family (members, relations) is visible."""
    involved = OrganisationInvolvement.objects.filter(organisation_id=org_id).values(
        "family_system_id"
    )
    return Q(pk__in=involved) | Q(pk__in=active_emergency_family_ids(user))


def persons_for(user) -> QuerySet[Person]:
    """Members of the family systems the organisation is involved in (or has emergency access
    to); from a family known only through a disclosure, only the persons of shared meldingen
    whose PERSONEN group was shared."""
    org_id = _organisation_id(user)
    if org_id is None:
        return Person.objects.none()
    own_right = FamilySystem.objects.filter(_family_ids_in_own_right(user, org_id))
    shared_persons = MeldingPerson.objects.filter(
        melding__disclosure_items__shares_persons=True,
        melding__disclosure_items__disclosure__to_organisation_id=org_id,
        melding__disclosure_items__disclosure__withdrawn_at__isnull=True,
        person__isnull=False,
    ).values("person_id")
    return Person.objects.filter(
        Q(pk__in=Person.objects.filter(memberships__family_system__in=own_right).values("pk"))
        | Q(pk__in=shared_persons)
    )


def _shared_melding_ids(org_id: int) -> QuerySet:
    return DisclosureItem.objects.filter(
        disclosure__to_organisation_id=org_id, disclosure__withdrawn_at__isnull=True
    ).values("melding_id")


def meldingen_for(user) -> QuerySet[Melding]:
    org_id = _organisation_id(user)
    if org_id is None:
        return Melding.objects.none()
    return Melding.objects.filter(
        Q(source_organisation_id=org_id)
        | Q(pk__in=_shared_melding_ids(org_id))
        | Q(family_system_id__in=active_emergency_family_ids(user))
    )


def own_meldingen_for(user) -> QuerySet[Melding]:
    """Only the records the user's organisation recorded itself (what it may share onward)."""
    org_id = _organisation_id(user)
    if org_id is None:
        return Melding.objects.none()
    return Melding.objects.filter(source_organisation_id=org_id)


def meldingen_with_persons_for(user) -> QuerySet[Melding]:
    """Meldingen whose persons (as reported) the user may see: own records, records shared
    with the PERSONEN group, and records under an active emergency access."""
    org_id = _organisation_id(user)
    if org_id is None:
        return Melding.objects.none()
    shared_with_persons = DisclosureItem.objects.filter(
        disclosure__to_organisation_id=org_id,
        disclosure__withdrawn_at__isnull=True,
        shares_persons=True,
    ).values("melding_id")
    return Melding.objects.filter(
        Q(source_organisation_id=org_id)
        | Q(pk__in=shared_with_persons)
        | Q(family_system_id__in=active_emergency_family_ids(user))
    )


def melding_persons_for(user) -> QuerySet[MeldingPerson]:
    return MeldingPerson.objects.filter(melding__in=meldingen_with_persons_for(user))


def may_read_medical_details(user, melding: Melding) -> bool:
    return (
        melding.source_organisation_id == _organisation_id(user)
        and user.organisation.kind == OrganisationKind.VT
        and user.has_role(RoleCode.VERTROUWENSARTS)
    )


@dataclass(frozen=True)
class Provenance:
    """How a record reached the user: "gedeeld door Politie op 12-03 om 21:40, grondslag
    art. 18 Wpg, doel: Samen op in acuut"."""

    organisation: str
    shared_at: datetime
    legal_basis: str
    moment: str
    disclosure_reference: str


@dataclass
class MeldingView:
    """A melding as this user may see it. Attributes outside the visible field groups read as
    ``None`` (``persons`` as an empty list), so a template or serializer cannot leak them."""

    melding: Melding
    groups: frozenset[str]
    own: bool
    medical: bool = False
    emergency: bool = False
    provenance: list[Provenance] = field(default_factory=list)

    def __getattr__(self, name: str) -> Any:
        melding = self.__dict__["melding"]
        for group in self.__dict__["groups"]:
            if name in GROUP_ATTRIBUTES[group]:
                if name == "persons":
                    return list(melding.persons.all())
                return getattr(melding, name)
        if name == "medical_details":
            return melding.medical_details if self.__dict__["medical"] else None
        if name in {"labels", "get_kind_display", "get_channel_display", "LABEL_FIELDS"}:
            return getattr(melding, name)
        if name == "persons":
            return []
        if any(name in attrs for attrs in GROUP_ATTRIBUTES.values()):
            return None
        raise AttributeError(name)

    def shows(self, group: str) -> bool:
        return group in self.groups

    @property
    def visible_groups(self) -> list[str]:
        return [g for g in FieldGroup if g in self.groups]

    @property
    def shows_persons(self) -> bool:
        return FieldGroup.PERSONEN in self.groups

    @property
    def shows_location(self) -> bool:
        return FieldGroup.LOCATIE in self.groups

    @property
    def shows_narrative(self) -> bool:
        return FieldGroup.TOELICHTING in self.groups

    @property
    def hidden_group_labels(self) -> list[str]:
        """What was not shared, in words (for the recipient's "niet gedeeld: …")."""
        labels = {
            FieldGroup.LOCATIE: _("locatie"),
            FieldGroup.TOELICHTING: _("toelichting"),
            FieldGroup.PERSONEN: _("betrokken personen"),
        }
        return [str(label) for group, label in labels.items() if group not in self.groups]


def melding_views(user, meldingen: Iterable[Melding]) -> list[MeldingView]:
    """Wrap meldingen the user may see (from ``meldingen_for``) in what they may see of them."""
    meldingen = list(meldingen)
    org_id = _organisation_id(user)
    if org_id is None or not meldingen:
        return []
    foreign_ids = [m.pk for m in meldingen if m.source_organisation_id != org_id]
    shared: dict[int, set[str]] = {}
    provenance: dict[int, list[Provenance]] = {}
    if foreign_ids:
        items = DisclosureItem.objects.filter(
            melding_id__in=foreign_ids,
            disclosure__to_organisation_id=org_id,
            disclosure__withdrawn_at__isnull=True,
        ).select_related("disclosure__from_organisation", "disclosure__legal_basis")
        for item in items:
            shared.setdefault(item.melding_id, set()).update(item.field_groups)
            d = item.disclosure
            provenance.setdefault(item.melding_id, []).append(
                Provenance(
                    organisation=d.from_organisation.name,
                    shared_at=d.shared_at,
                    legal_basis=d.legal_basis.short_label,
                    moment=d.get_moment_display(),
                    disclosure_reference=d.reference,
                )
            )
    emergency_families = (
        set(active_emergency_family_ids(user).values_list("family_system_id", flat=True))
        if foreign_ids
        else set()
    )
    views = []
    for m in meldingen:
        if m.source_organisation_id == org_id:
            views.append(
                MeldingView(
                    melding=m,
                    groups=ALL_GROUPS,
                    own=True,
                    medical=may_read_medical_details(user, m),
                )
            )
        elif m.family_system_id in emergency_families:
            views.append(
                MeldingView(
                    melding=m,
                    groups=ALL_GROUPS,
                    own=False,
                    emergency=True,
                    provenance=provenance.get(m.pk, []),
                )
            )
        elif m.pk in shared:
            views.append(
                MeldingView(
                    melding=m,
                    groups=frozenset(shared[m.pk] | {FieldGroup.KERN}),
                    own=False,
                    provenance=provenance[m.pk],
                )
            )
    return views
