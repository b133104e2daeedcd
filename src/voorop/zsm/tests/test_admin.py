"""Functioneel beheer maintains the ZSM partners and werkgebieden in /beheer/; nobody else
reaches those pages, and a werkgebied must join a police region to a ZSM location."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from voorop.accounts.models import RoleCode
from voorop.core.testing import factories as f
from voorop.core.testing.factories import TEST_PASSWORD
from voorop.organisations.models import RegionKind
from voorop.zsm.models import ZsmCatchment, ZsmPartner

pytestmark = pytest.mark.django_db

PAGES = (
    "admin:zsm_zsmpartner_changelist",
    "admin:zsm_zsmpartner_add",
    "admin:zsm_zsmcatchment_changelist",
    "admin:zsm_zsmcatchment_add",
)


def login(user) -> Client:
    client = Client()
    assert client.login(username=user.username, password=TEST_PASSWORD)
    return client


def test_functioneel_beheer_maintains_partners_and_werkgebied(zsm, user_for):
    beheer = user_for(
        "VT", roles=[RoleCode.FUNCTIONEEL_BEHEERDER], is_staff=True, is_superuser=True
    )
    client = login(beheer)
    for name in PAGES:
        assert client.get(reverse(name)).status_code == 200, name
    eenheid = f.RegionFactory(code="eenheid-beheer", kind=RegionKind.POLITIE_EENHEID)
    response = client.post(
        reverse("admin:zsm_zsmcatchment_add"),
        {"location": zsm.location.pk, "region": eenheid.pk},
    )
    assert response.status_code == 302
    assert ZsmCatchment.objects.get(region=eenheid).location == zsm.location
    gemeente = f.OrganisationFactory(code="gemeente-beheer", kind="GEMEENTE")
    response = client.post(
        reverse("admin:zsm_zsmpartner_add"),
        {"location": zsm.location.pk, "organisation": gemeente.pk},
    )
    assert response.status_code == 302
    assert ZsmPartner.objects.filter(organisation=gemeente).exists()


def test_a_werkgebied_is_a_police_region_in_the_admin_too(zsm, user_for):
    beheer = user_for(
        "VT", roles=[RoleCode.FUNCTIONEEL_BEHEERDER], is_staff=True, is_superuser=True
    )
    vt_regio = f.RegionFactory(code="vt-regio-beheer", kind=RegionKind.VT_REGIO)
    response = login(beheer).post(
        reverse("admin:zsm_zsmcatchment_add"), {"location": zsm.location.pk, "region": vt_regio.pk}
    )
    assert response.status_code == 200  # the form again, with the error
    assert not ZsmCatchment.objects.exists()


@pytest.mark.parametrize("who", ["VT", "POLITIE", "OM", "RECLASSERING", "RVDK"])
def test_zsm_partners_do_not_reach_beheer(zsm, who):
    client = login(zsm.users[who])
    for name in PAGES:
        response = client.get(reverse(name))
        assert response.status_code == 302 and "login" in response.url, name
    response = client.post(
        reverse("admin:zsm_zsmpartner_add"),
        {"location": zsm.location.pk, "organisation": zsm.orgs["VT"].pk},
    )
    assert response.status_code == 302
    assert ZsmPartner.objects.count() == 6
