"""``voorop demo``: only in demo mode; demo users per role per partner organisation."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings
from rest_framework.authtoken.models import Token

from voorop.accounts.models import User, roles_for_kind
from voorop.cases.models import Case, CaseStatus
from voorop.organisations.models import Organisation
from voorop.persons.models import FamilySystem
from voorop.seeding.demo import DEMO_PASSWORD, demo_username
from voorop.seeding.region import DEMO_ORGANISATIONS


@pytest.mark.django_db
@override_settings(DEMO_MODE=False)
def test_demo_refuses_outside_demo_mode():
    with pytest.raises(CommandError, match="VOOROP_ENV=demo"):
        call_command("demo", "--no-serve", stdout=StringIO())
    assert not User.objects.exists()
    assert not FamilySystem.objects.exists()


@pytest.mark.django_db
@override_settings(DEMO_MODE=True)
def test_demo_prepares_region_and_one_user_per_role():
    out = StringIO()
    call_command("demo", "--no-serve", "--families", "5", stdout=out)
    assert FamilySystem.objects.count() == 5
    output = out.getvalue()
    assert DEMO_PASSWORD in output

    expected = 0
    for code in DEMO_ORGANISATIONS:
        organisation = Organisation.objects.get(code=code)
        for role in roles_for_kind(organisation.kind):
            expected += 1
            user = User.objects.get(username=demo_username(code, role))
            assert user.organisation == organisation
            assert user.role_codes == frozenset({role})
            assert user.check_password(DEMO_PASSWORD)
            token = Token.objects.get(user=user)
            assert user.username in output and token.key in output
    assert User.objects.count() == expected
    assert User.objects.filter(username="vt.vertrouwensarts").exists()
    assert User.objects.filter(username="politie.agent").exists()
    assert User.objects.filter(username="om.officier").exists()
    open_vt = Case.objects.filter(
        status=CaseStatus.OPEN, first_contact_organisation__code="vt-rijnveen"
    )
    assert all(case.first_contact_user is not None for case in open_vt)

    # Running it again keeps the region and resets the same users.
    again = StringIO()
    call_command("demo", "--no-serve", "--families", "5", stdout=again)
    assert FamilySystem.objects.count() == 5
    assert User.objects.count() == expected
    assert "al aanwezig" in again.getvalue()


@pytest.mark.django_db
@override_settings(
    DEMO_MODE=True, PASSWORD_HASHERS=["django.contrib.auth.hashers.Argon2PasswordHasher"]
)
def test_demo_passwords_are_hashed_with_argon2(monkeypatch):
    from voorop.seeding import demo

    monkeypatch.setattr(demo, "DEMO_ORGANISATIONS", ("om-rijnveen-delta",))
    call_command("demo", "--no-serve", "--families", "1", stdout=StringIO())
    user = User.objects.get(username="om.officier")
    assert user.password.startswith("argon2")
