"""Every ZSM page and form answers 404 — as for a missing case — to organisations that are not
ZSM partner at the location (here: the OM of another location, and each partner kind of a
second set of organisations), and to anonymous users a login redirect. Nothing changes, and the
refusal is logged."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from voorop.audit.models import AccessLogEntry
from voorop.core.testing import factories as f
from voorop.core.testing.factories import TEST_PASSWORD
from voorop.zsm.choices import Status

pytestmark = pytest.mark.django_db

CASE_POSTS = (
    "take_up",
    "hg_confirm",
    "hg_reject",
    "link",
    "share",
    "advice",
    "overleg",
    "decide",
    "delay",
    "return",
    "release",
)
KINDS = ("VT", "POLITIE", "OM", "RECLASSERING", "RVDK")
#: Organisations that are no ZSM partner anywhere.
NON_PARTNERS = ("GEMEENTE", "ZIEKENHUIS", "SLACHTOFFERHULP")


@pytest.fixture
def outsiders(zsm):
    users = {"OTHER_OM": zsm.users["OTHER_OM"]}
    for kind in (*KINDS, *NON_PARTNERS):
        org = f.OrganisationFactory(code=f"elders-{kind.lower()}", name=f"Elders {kind}", kind=kind)
        users[kind] = f.UserFactory(organisation=org, username=f"elders.{kind.lower()}")
    return users


def login(user) -> Client:
    client = Client()
    assert client.login(username=user.username, password=TEST_PASSWORD)
    return client


@pytest.mark.parametrize("who", ["OTHER_OM", *KINDS, *NON_PARTNERS])
def test_case_pages_are_404_for_outsiders(zsm, outsiders, who):
    case = zsm.case(acute=False, label_hg=False)
    client = login(outsiders[who])
    assert client.get(reverse("zsm:case", args=[case.pk])).status_code == 404
    for name in CASE_POSTS:
        assert client.post(reverse(f"zsm:{name}", args=[case.pk]), {}).status_code == 404, name
    case.refresh_from_db()
    assert case.status == Status.INSTROOM and case.suspect_released_at is None
    assert case.hg_label == "MOGELIJK_HG" and not case.advices.exists()
    assert not case.overleggen.exists() and not case.decisions.exists()
    assert AccessLogEntry.objects.filter(
        object_type="zsm-zaak", outcome="DENIED"
    ).count() == 1 + len(CASE_POSTS)


@pytest.mark.parametrize("who", ["OTHER_OM", *KINDS, *NON_PARTNERS])
def test_queue_is_404_for_outsiders(zsm, outsiders, who):
    zsm.case()
    client = login(outsiders[who])
    assert client.get(reverse("zsm:queue", args=[zsm.location.code])).status_code == 404
    if who != "OTHER_OM":
        assert client.get(reverse("zsm:index")).status_code == 404
    assert AccessLogEntry.objects.filter(
        object_type="zsm-werkvoorraad", outcome="DENIED"
    ).count() == (1 if who == "OTHER_OM" else 2)


def test_a_forbidden_case_answers_as_a_missing_one(zsm, outsiders):
    """The 404 of a case at another location and of a case that does not exist are the same
    page, for every page and form, and both are logged as DENIED."""
    case = zsm.case()
    client = login(zsm.users["OTHER_OM"])
    for name in ("case", *CASE_POSTS):
        method = client.get if name == "case" else client.post
        forbidden = method(reverse(f"zsm:{name}", args=[case.pk]))
        missing = method(reverse(f"zsm:{name}", args=[case.pk + 1000]))
        assert forbidden.status_code == missing.status_code == 404, name
        assert forbidden.content == missing.content, name
    forbidden = client.get(reverse("zsm:queue", args=[zsm.location.code]))
    missing = client.get(reverse("zsm:queue", args=["bestaat-niet"]))
    assert forbidden.status_code == missing.status_code == 404
    assert forbidden.content == missing.content
    assert AccessLogEntry.objects.filter(
        object_type="zsm-zaak", outcome="DENIED", object_id=str(case.pk + 1000)
    ).count() == 1 + len(CASE_POSTS)
    assert set(
        AccessLogEntry.objects.filter(object_type="zsm-werkvoorraad", outcome="DENIED").values_list(
            "object_id", flat=True
        )
    ) == {zsm.location.code, "bestaat-niet"}


def test_other_location_partner_sees_its_own_queue_only(zsm):
    case = zsm.case()
    client = login(zsm.users["OTHER_OM"])
    body = client.get(reverse("zsm:queue", args=[zsm.other_location.code])).content.decode()
    assert case.reference not in body


def test_anonymous_is_sent_to_login(zsm):
    case = zsm.case()
    client = Client()
    for url in (reverse("zsm:index"), reverse("zsm:case", args=[case.pk])):
        response = client.get(url)
        assert response.status_code == 302 and "inloggen" in response.url


def test_vt_assessment_is_only_shown_after_sharing(zsm):
    from voorop.zsm import services

    from .conftest import VT_BASIS

    case = zsm.case()
    b = zsm.part_a()
    services.zsm_beoordeling_link(user=zsm.users["VT"], case=case, beoordeling=b)
    om = login(zsm.users["OM"])
    body = om.get(reverse("zsm:case", args=[case.pk])).content.decode()
    assert b.reference not in body and "niet met uw organisatie gedeeld" in body
    services.zsm_vt_share(
        user=zsm.users["VT"],
        case=case,
        legal_basis=zsm.bases[VT_BASIS],
        necessity="De ZSM-partners moeten de veiligheidsvoorwaarden kennen voor het besluit.",
    )
    body = om.get(reverse("zsm:case", args=[case.pk])).content.decode()
    assert b.reference in body
