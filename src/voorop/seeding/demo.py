"""Demo accounts: one user per role per partner organisation of the synthetic region.

Only the ``demo`` command calls this, and that command refuses to run outside demo mode, so
these well-known credentials never exist in a production database.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from rest_framework.authtoken.models import Token

from voorop.accounts.models import RoleCode, User, UserRole, roles_for_kind
from voorop.cases.models import Case, CaseStatus
from voorop.organisations.models import Organisation
from voorop.seeding.region import DEMO_ORGANISATIONS, SPEC_BY_CODE

DEMO_PASSWORD = "veilig-voorop-demo"  # noqa: S105 - printed on purpose, demo mode only

#: The last part of a demo username per role ("vt.vertrouwensarts", "om.officier").
ROLE_SLUGS: dict[str, str] = {
    RoleCode.VT_MEDEWERKER: "medewerker",
    RoleCode.VERTROUWENSARTS: "vertrouwensarts",
    RoleCode.VOORZITTER_ACTIEOVERLEG: "voorzitter",
    RoleCode.AGENT: "agent",
    RoleCode.CASUSREGISSEUR: "casusregisseur",
    RoleCode.OFFICIER: "officier",
    RoleCode.PARKETSECRETARIS: "parketsecretaris",
    RoleCode.RECLASSERINGSWERKER: "reclasseringswerker",
    RoleCode.RAADSONDERZOEKER: "raadsonderzoeker",
    RoleCode.PRIVACY_OFFICER: "privacy",
    RoleCode.FUNCTIONEEL_BEHEERDER: "beheer",
}
#: Which demo role is the first point of contact for the open cases of its organisation.
FIRST_CONTACT_ROLES = (RoleCode.VT_MEDEWERKER, RoleCode.CASUSREGISSEUR)


@dataclass(frozen=True, slots=True)
class DemoAccount:
    username: str
    organisation: str
    role: str
    token: str


def demo_username(organisation_code: str, role: str) -> str:
    prefix = SPEC_BY_CODE[organisation_code].demo_prefix
    return f"{prefix}.{ROLE_SLUGS.get(role, role.lower())}"


def ensure_demo_users(
    organisations: dict[str, Organisation], password: str = DEMO_PASSWORD
) -> list[DemoAccount]:
    """Create or reset the demo users: each with exactly one role, the demo password and an API
    token. Open cases of VT and the police teams get a demo user as first point of contact."""
    accounts: list[DemoAccount] = []
    labels = dict(RoleCode.choices)
    with transaction.atomic():
        for code in DEMO_ORGANISATIONS:
            organisation = organisations[code]
            for role in roles_for_kind(organisation.kind):
                username = demo_username(code, role)
                user, _ = User.objects.get_or_create(username=username)
                user.organisation = organisation
                user.first_name = "Demo"
                user.last_name = str(labels[role])
                user.email = f"{username}@demo.example.nl"
                user.is_active = True
                user.set_password(password)
                user.save()
                UserRole.objects.filter(user=user).exclude(role=role).delete()
                UserRole.objects.get_or_create(user=user, role=role)
                token, _ = Token.objects.get_or_create(user=user)
                accounts.append(
                    DemoAccount(username, organisation.name, str(labels[role]), token.key)
                )
                if role in FIRST_CONTACT_ROLES:
                    Case.objects.filter(
                        first_contact_organisation=organisation,
                        status=CaseStatus.OPEN,
                        first_contact_user__isnull=True,
                    ).update(first_contact_user=user)
    return accounts
