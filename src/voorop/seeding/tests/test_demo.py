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


@pytest.mark.django_db
@override_settings(DEMO_MODE=True)
def test_demo_fills_the_zsm_queue_and_plans_an_actieoverleg():
    """The demo's officier, Veilig Thuis, 3RO and Raad users find a working ZSM queue: recent
    seeded arrests with running clocks (one over time, some flagged 'mogelijk huiselijk
    geweld'), and one delayed to the HG-spreekuur; the chair finds an actieoverleg planned."""
    from django.test import Client
    from django.urls import reverse

    from voorop.actieoverleg.models import Meeting, Submission
    from voorop.seeding.region import ZSM
    from voorop.zsm.models import ZsmCase, ZsmPartner

    out = StringIO()
    call_command("demo", "--no-serve", "--families", "120", stdout=out)
    assert "ZSM-werkvoorraad: 9 aanhoudingen ingestroomd." in out.getvalue()
    queue = ZsmCase.objects.filter(location__code=ZSM, status__in=("INSTROOM",))
    assert queue.count() == 8
    assert queue.filter(melding__label_hg=False).exists()
    assert queue.filter(hg_label="MOGELIJK_HG").exists()
    delayed = ZsmCase.objects.get(status="UITGESTELD")
    assert delayed.decisions.get().officier.username == "om.officier"
    kinds = set(ZsmPartner.objects.values_list("organisation__kind", flat=True))
    assert kinds == {"VT", "POLITIE", "OM", "RECLASSERING", "RVDK"}
    for username in (
        "om.officier",
        "vt.medewerker",
        "reclassering.reclasseringswerker",
        "rvdk.raadsonderzoeker",
        "politie.agent",
    ):
        client = Client()
        assert client.login(username=username, password=DEMO_PASSWORD)
        body = client.get(reverse("zsm:queue", args=[ZSM]), follow=True).content.decode()
        assert body.count('data-testid="zsm-zaak-') == 8, username
        assert "over tijd" in body and "Mogelijk huiselijk geweld" in body
    # The actieoverleg: planned on a working day, two cases on the agenda, one waiting for the
    # chair, all submitted by the police through the services.
    meeting = Meeting.objects.get()
    assert meeting.starts_at.weekday() < 5 and meeting.items.count() == 2
    assert Submission.objects.filter(status="INGEDIEND").count() == 1
    chair = Client()
    assert chair.login(username=meeting.chair.username, password=DEMO_PASSWORD)
    overview = chair.get(reverse("actieoverleg:overview")).content.decode()
    assert reverse("actieoverleg:meeting", args=[meeting.pk]) in overview
    assert overview.count("AO-AANM-") == 1  # the one waiting for the chair
    # Again: the queue and the actieoverleg are left as they are.
    call_command("demo", "--no-serve", "--families", "120", stdout=StringIO())
    assert ZsmCase.objects.count() == 9 and Submission.objects.count() == 3
    # Seeding afresh removes the demo's ZSM cases and actieoverleg with the seeded families
    # they belong to.
    call_command("seed", "--families", "3", "--flush", stdout=StringIO())
    assert not ZsmCase.objects.exists()
    assert not Submission.objects.exists() and not Meeting.objects.exists()
