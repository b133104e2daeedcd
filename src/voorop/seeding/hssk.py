"""A few HSSK cases for the demo, so that Veilig Thuis, the police and the OM each find one
waiting for them (``voorop demo``).

From the seeded hospital meldingen about a young child's injury (Veilig Thuis's own, newest
first): one anonymous consultation waiting for the police's view; one the police answered and
Veilig Thuis proceeded with, whose onderzoeksplan the police agreed to and Veilig Thuis still
has to; one closed without criminal follow-up. The other hospital meldingen stay on Veilig
Thuis's list of signals without a case.

Unlike the seeded region (ADR 2) these go through the HSSK services as the demo users, so that
the disclosures, involvement and access log are exactly what the users' own actions make.
Created once: nothing happens when any HSSK case exists.
"""

from __future__ import annotations

from django.db import transaction

from voorop.accounts.models import RoleCode, User
from voorop.hssk import selectors, services
from voorop.hssk.choices import Act, Certainty, Decision, InjuryKind, Position, ReporterKind
from voorop.hssk.models import HsskCase
from voorop.meldingen.models import Melding, MeldingKind
from voorop.organisations.models import Organisation, OrganisationKind
from voorop.seeding.demo import demo_username
from voorop.seeding.region import OM, POLITIE_CENTRUM, VT
from voorop.sharing.models import LegalBasis

CIRCUMSTANCES = (
    "Kind van rond de twee jaar op de SEH met blauwe plekken op beide wangen en de bovenarm; "
    "de uitleg van de ouders wisselt. Eerder dit jaar een bezoek aan de huisarts met een "
    "brandwond."
)
QUESTION = "Ziet de politie aanleiding voor een strafrechtelijk onderzoek naar het letsel?"


def _user(organisation: Organisation, role: str) -> User | None:
    return User.objects.filter(username=demo_username(organisation.code, role)).first()


def _police_for(melding: Melding, fallback: Organisation) -> Organisation:
    involved = (
        Organisation.objects.filter(
            kind=OrganisationKind.POLITIE, involvements__family_system=melding.family_system
        )
        .order_by("pk")
        .first()
    )
    return involved or fallback


def ensure_demo_hssk(organisations: dict[str, Organisation]) -> int:
    """Make the demo's HSSK cases; return how many were made."""
    vt, om = organisations[VT], organisations[OM]
    vt_user = _user(vt, RoleCode.VT_MEDEWERKER)
    om_user = _user(om, RoleCode.OFFICIER)
    basis = LegalBasis.objects.filter(code="vt-avg-6-1-e-wmo-4-1-1").first()
    if vt_user is None or om_user is None or basis is None or HsskCase.objects.exists():
        return 0
    candidates = [
        m
        for m in Melding.objects.filter(
            source_organisation=vt,
            kind=MeldingKind.ZIEKENHUISMELDING,
            child_injury_suspected=True,
            family_system__isnull=False,
        ).order_by("-received_at", "-pk")[:20]
        if selectors.melding_children(m)
    ][:3]
    made = 0
    with transaction.atomic():
        for n, melding in enumerate(candidates):
            police = _police_for(melding, organisations[POLITIE_CENTRUM])
            police_user = _user(police, RoleCode.CASUSREGISSEUR)
            if police_user is None:
                continue
            child = selectors.melding_children(melding)[0]
            case = services.case_start(
                user=vt_user,
                melding=melding,
                child=child,
                mode="ANONIEM",
                police_organisation=police,
                om_organisation=om,
                injury_kinds=[InjuryKind.BLAUWE_PLEKKEN, InjuryKind.BRANDWOND],
                certainty=Certainty.VERMOEDEN,
                reporter_kind=ReporterKind.ZIEKENHUIS,
                circumstances=CIRCUMSTANCES,
                question=QUESTION,
                grey_area=n == 2,
            )
            made += 1
            if n == 0:
                continue  # waits for the police's view
            services.view_give(
                user=police_user,
                case=case,
                position=Position.STRAFBAAR if n == 1 else Position.GEEN_STRAFRECHT,
                text="Patroon van letsel past niet bij de uitleg; samen onderzoeken."
                if n == 1
                else "Forensisch arts: letsel past bij de uitleg; geen strafrechtelijk onderzoek.",
            )
            if n == 2:
                services.view_give(
                    user=om_user,
                    case=case,
                    position=Position.GEEN_STRAFRECHT,
                    text="Eens met de politie: zorgroute via Veilig Thuis.",
                )
                services.case_decide(
                    user=vt_user,
                    case=case,
                    decision=Decision.NIET_DOORZETTEN,
                    reason="Geen aanwijzingen voor een strafbaar feit; Veilig Thuis biedt hulp.",
                )
                continue
            services.case_decide(
                user=vt_user,
                case=case,
                decision=Decision.DOORZETTEN,
                reason="De politie ziet aanwijzingen voor een strafbaar feit.",
                legal_basis=basis,
            )
            members = selectors.family_members(user=vt_user, case=case)
            adults = [p for p in members if p.pk != child.pk]
            services.act_add(
                user=police_user,
                case=case,
                act=Act.FORENSISCH_MEDISCH,
                by_organisation=police,
                with_whom=[child],
            )
            services.act_add(
                user=police_user,
                case=case,
                act=Act.HOREN_OUDERS,
                by_organisation=police,
                with_whom=adults[:2],
            )
            services.plan_confirm(user=police_user, case=case)
    return made
