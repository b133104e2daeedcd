"""Reads of meldingen, through the authorization policy."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404

from voorop.authz import policy
from voorop.authz.policy import MeldingView
from voorop.intake import selectors as intake_selectors
from voorop.intake.models import RouteAdvice, VtReferral
from voorop.meldingen.models import Melding
from voorop.organisations.models import Organisation, OrganisationKind
from voorop.persons.models import OrganisationInvolvement


def melding_get(*, user, pk: int) -> MeldingView:
    """One melding as the user may see it (own, shared or under emergency access)."""
    try:
        melding = (
            policy.meldingen_for(user)
            .select_related("source_organisation", "family_system")
            .prefetch_related("persons__person")
            .get(pk=pk)
        )
    except Melding.DoesNotExist:
        raise Http404 from None
    return policy.melding_views(user, [melding])[0]


def melding_list(*, user, kind: str = "", acute_only: bool = False) -> QuerySet[Melding]:
    qs = policy.meldingen_for(user).select_related("source_organisation", "family_system")
    if kind:
        qs = qs.filter(kind=kind)
    if acute_only:
        qs = qs.filter(is_acute=True)
    return qs.order_by("-occurred_at", "-id")


@dataclass
class IntakeDetails:
    """What intake added to a melding, for its own organisation (and under emergency access):
    the facts the route advice read, the advice, and the 24-hour rule — for a police melding
    its referral, for a Veilig Thuis melding the police reports it answered. Recipients of a
    shared melding do not see these (they are in no field group of ``voorop.sharing.fields``).
    """

    suspect_arrested: bool
    child_injury_suspected: bool
    follows_from: Melding | None
    #: Whether the user may open the melding this one follows from.
    follows_from_visible: bool
    reporter: Organisation | None
    advice: list[RouteAdvice]
    referral: VtReferral | None
    answered: list[VtReferral]


def melding_intake(*, user, view: MeldingView) -> IntakeDetails | None:
    """The intake details of a melding the user obtained through ``melding_get``."""
    if not (view.own or view.emergency):
        return None
    melding = view.melding
    follows_from = (
        Melding.objects.filter(pk=melding.follows_from_id).first()
        if melding.follows_from_id
        else None
    )
    return IntakeDetails(
        suspect_arrested=melding.suspect_arrested,
        child_injury_suspected=melding.child_injury_suspected,
        follows_from=follows_from,
        follows_from_visible=bool(
            follows_from and policy.meldingen_for(user).filter(pk=follows_from.pk).exists()
        ),
        reporter=melding.reporter_organisation,
        advice=intake_selectors.route_advice_for(melding=melding),
        referral=intake_selectors.referral_of(melding=melding),
        answered=intake_selectors.referrals_answered_by(melding=melding),
    )


def own_melding_get(*, user, pk: int) -> Melding:
    """One melding the user's own organisation recorded (to act on it: report it to VT)."""
    try:
        return (
            policy.own_meldingen_for(user)
            .select_related("source_organisation", "family_system")
            .get(pk=pk)
        )
    except Melding.DoesNotExist:
        raise Http404 from None


def vt_organisations(*, melding: Melding | None = None) -> list[Organisation]:
    """The Veilig Thuis organisations a police melding can be reported to; the one involved in
    the melding's family system first (organisations are not secret)."""
    organisations = list(
        Organisation.objects.filter(kind=OrganisationKind.VT).order_by("name", "pk")
    )
    if melding is not None and melding.family_system_id:
        involved = set(
            OrganisationInvolvement.objects.filter(
                family_system_id=melding.family_system_id, organisation__in=organisations
            ).values_list("organisation_id", flat=True)
        )
        organisations.sort(key=lambda o: o.pk not in involved)
    return organisations
