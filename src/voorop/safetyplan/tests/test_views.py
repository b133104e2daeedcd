"""Pages of the veiligheidsplan: the plan by phase and domain, the printout with its print
stylesheet, adding and changing items, the family page's card and the owner's werkvoorraad —
all logged, and 404 (logged as DENIED) for partners that may not read the plan."""

from __future__ import annotations

import datetime as dt
import html
from pathlib import Path

import pytest
from django.urls import reverse

from voorop.audit.models import AccessAction, AccessLogEntry, AccessOutcome
from voorop.safetyplan import services
from voorop.safetyplan.models import PlanItem, PlanItemStatus
from voorop.safetyplan.tests.conftest import TODAY

pytestmark = pytest.mark.django_db

KINDS = ["VT", "POLITIE", "OM", "RECLASSERING", "RVDK"]
NOTE = "Pleger heeft een jachtgeweer in de schuur."


def text(response) -> str:
    return html.unescape(response.content.decode())


def days(n: int) -> dt.date:
    return TODAY + dt.timedelta(days=n)


def last_entry(user) -> AccessLogEntry:
    return AccessLogEntry.objects.filter(username=user.username).latest("seq")


@pytest.fixture
def plan(world, add):
    """A plan with a huisverbod (gemeente), VT's safety conditions (with an internal note) and
    an agreement (police) — owners that leave OM, 3RO and RvdK uninvolved."""
    items = {
        "huisverbod": add("tijdelijk-huisverbod", owner="GEMEENTE"),
        "voorwaarden": add(
            "veiligheidsvoorwaarden-vt", owner="VT", note=NOTE, description="Geen contact met Eva."
        ),
        "afspraak": services.plan_add_agreement(
            user=world.users["POLITIE"],
            family_system=world.family,
            topic="ESCALATIE",
            description="Politie belt VT als de verdachte vrijkomt.",
            owner_organisation=world.orgs["POLITIE"],
        ),
    }
    return items


def urls(family, item) -> list[str]:
    return [
        reverse("safetyplan:plan", args=[family.pk]),
        reverse("safetyplan:print", args=[family.pk]),
        reverse("safetyplan:item", args=[family.pk, item.pk]),
        reverse("safetyplan:add_intervention", args=[family.pk]),
        reverse("safetyplan:add_agreement", args=[family.pk]),
    ]


@pytest.mark.parametrize("kind", KINDS)
def test_only_involved_partners_reach_the_plan_pages(client, world, plan, kind):
    user = world.users[kind]
    client.force_login(user)
    for url in urls(world.family, plan["huisverbod"]):
        response = client.get(url)
        if kind in ("VT", "POLITIE"):
            assert response.status_code in (200, 302), url
        else:
            assert response.status_code == 404, url
            entry = last_entry(user)
            assert entry.outcome == AccessOutcome.DENIED
            assert entry.object_type == "veiligheidsplan"


@pytest.mark.parametrize("kind", KINDS)
def test_writes_are_refused_with_404_for_uninvolved_partners(client, world, plan, kind):
    if kind in ("VT", "POLITIE"):
        return
    client.force_login(world.users[kind])
    item = plan["huisverbod"]
    for name in (
        "item_transition",
        "item_extend",
        "item_reassess",
        "item_update",
        "item_disclose_note",
    ):
        url = reverse(f"safetyplan:{name}", args=[world.family.pk, item.pk])
        assert client.post(url, {"naar": "DONE"}).status_code == 404
    assert client.post(reverse("safetyplan:contact", args=[world.family.pk])).status_code == 404
    item.refresh_from_db()
    assert item.status == PlanItemStatus.ACTIVE


def test_the_plan_page_shows_measures_with_owners_and_dates(client, world, plan):
    client.force_login(world.users["POLITIE"])
    response = client.get(reverse("safetyplan:plan", args=[world.family.pk]))
    body = text(response)
    order = ["Acuut – directe veiligheid", "Bestuursrecht", "Sociale interventies", "Afspraken"]
    positions = [body.index(heading) for heading in order]
    assert positions == sorted(positions)
    assert "Tijdelijk huisverbod" in body and "Gemeente Test" in body
    assert "10-03-2026" in body and "20-03-2026" in body and "18-03-2026" in body
    assert "advies over verlenging aan de burgemeester" in body
    assert "Geen contact met Eva." in body
    assert "Wie wie belt als de onveiligheid verandert" in body
    assert NOTE not in body  # the police neither own nor recorded the safety conditions
    assert "Er is een interne notitie van de eigenaar." in body
    assert "Veilig Thuis Testregio" in body  # first point of contact (the case's)
    entry = last_entry(world.users["POLITIE"])
    assert (entry.action, entry.object_type, entry.object_id) == (
        AccessAction.VIEW,
        "veiligheidsplan",
        str(world.family.pk),
    )
    assert entry.person_id_list == sorted(p.pk for p in world.scenario.persons.values())


def test_an_overdue_item_is_flagged_on_the_plan(client, world, plan):
    PlanItem.objects.filter(pk=plan["huisverbod"].pk).update(
        starts_on=days(-9), reassess_on=days(-1)
    )
    client.force_login(world.users["VT"])
    body = text(client.get(reverse("safetyplan:plan", args=[world.family.pk])))
    assert "1 onderdeel is verlopen:" in body
    assert "advies over verlenging aan de burgemeester was op 09-03-2026" in body
    assert "voorop-plan-row--overdue" in body


def test_the_print_view(client, world, plan):
    client.force_login(world.users["VT"])
    response = client.get(reverse("safetyplan:print", args=[world.family.pk]))
    assert response.status_code == 200
    body = text(response)
    assert "safetyplan/plan.css" in body
    assert "Veiligheidsplan Gezin de Vries" in body
    assert "Vertrouwelijk" in body and "Interne notities staan niet op deze afdruk." in body
    assert "Tijdelijk huisverbod" in body and "Gemeente Test" in body and "20-03-2026" in body
    assert NOTE not in body  # not even for the organisation that wrote it
    assert "<nav" not in body  # no site navigation on paper
    css = (Path(__file__).resolve().parents[1] / "static/safetyplan/plan.css").read_text()
    assert "@media print" in css and "@page" in css
    entry = last_entry(world.users["VT"])
    assert (entry.action, entry.object_type) == (AccessAction.PRINT, "veiligheidsplan")


def test_the_plan_of_a_family_without_items(client, world):
    client.force_login(world.users["VT"])
    body = text(client.get(reverse("safetyplan:plan", args=[world.family.pk])))
    assert "Er staan geen lopende of geplande maatregelen" in body
    assert "Nog niet afgesproken." in body


# --- adding -----------------------------------------------------------------------------------


def test_adding_a_huisverbod_through_the_form(client, world):
    client.force_login(world.users["VT"])
    huisverbod = world.catalogue["tijdelijk-huisverbod"]
    url = reverse("safetyplan:add_intervention", args=[world.family.pk])
    form = client.get(url, {"interventie": huisverbod.pk})
    assert form.status_code == 200
    # The catalogue's kind (VT), involved in this family: suggested as owner.
    assert form.context["form"].initial["eigenaar"] == world.orgs["VT"].pk
    assert "Veilig Thuis adviseert rond dag 8" in text(form)
    response = client.post(
        url,
        {
            "interventie": huisverbod.pk,
            "eigenaar": world.gemeente.pk,
            "afstemmingsmoment": "SAMEN_OP_IN_ACUUT",
            "omschrijving": "Huisverbod voor Mark.",
        },
    )
    assert response.status_code == 302
    item = PlanItem.objects.get()
    assert (item.starts_on, item.ends_on, item.reassess_on) == (TODAY, days(10), days(8))
    assert item.moment == "SAMEN_OP_IN_ACUUT"


def test_the_form_shows_the_services_errors(client, world):
    client.force_login(world.users["VT"])
    response = client.post(
        reverse("safetyplan:add_intervention", args=[world.family.pk]),
        {
            "interventie": world.catalogue["tijdelijk-huisverbod"].pk,
            "eigenaar": world.gemeente.pk,
            "afstemmingsmoment": "VEILIGHEIDSPLAN",
            "einde": "2026-04-30",
            "ik_ben_eigenaar": "on",
        },
    )
    assert response.status_code == 200
    body = text(response)
    assert "U kunt alleen eigenaar zijn als uw eigen organisatie de eigenaar is." in body
    response = client.post(
        reverse("safetyplan:add_intervention", args=[world.family.pk]),
        {
            "interventie": world.catalogue["tijdelijk-huisverbod"].pk,
            "eigenaar": world.gemeente.pk,
            "afstemmingsmoment": "VEILIGHEIDSPLAN",
            "einde": "2026-04-30",
        },
    )
    assert "duurt ten hoogste 28 dagen" in text(response)
    assert not PlanItem.objects.exists()


def test_adding_an_agreement_through_the_form(client, world):
    client.force_login(world.users["POLITIE"])
    response = client.post(
        reverse("safetyplan:add_agreement", args=[world.family.pk]),
        {
            "onderwerp": "OVERLEG",
            "omschrijving": "VT en politie overleggen dinsdag over het vervolg.",
            "eigenaar": world.orgs["POLITIE"].pk,
            "ik_ben_eigenaar": "on",
            "afstemmingsmoment": "SAMEN_OP_IN_ACUUT",
            "herbeoordeling": "2026-03-17",
        },
    )
    assert response.status_code == 302
    item = PlanItem.objects.get()
    assert item.owner_user == world.users["POLITIE"] and item.reassess_on == days(7)


# --- one item ---------------------------------------------------------------------------------


def test_the_owner_sees_the_forms_others_only_the_facts(client, world, plan):
    item = plan["voorwaarden"]  # recorded and owned by VT
    client.force_login(world.users["VT"])
    body = text(client.get(reverse("safetyplan:item", args=[world.family.pk, item.pk])))
    assert NOTE in body and "Gegevens wijzigen" in body and "Notitie delen" in body
    assert "Welke statuswijzigingen kunnen?" in body
    client.force_login(world.users["POLITIE"])
    body = text(client.get(reverse("safetyplan:item", args=[world.family.pk, item.pk])))
    assert NOTE not in body and "Gegevens wijzigen" not in body
    assert "die is niet met uw organisatie gedeeld" in body
    assert "Geschiedenis" in body and "vastgelegd" in body


def test_status_extension_and_reassessment_through_the_pages(client, world, plan):
    item = plan["huisverbod"]
    client.force_login(world.users["VT"])
    base = [world.family.pk, item.pk]
    response = client.post(
        reverse("safetyplan:item_extend", args=base), {"einde": "2026-04-08"}
    )  # day 29
    assert response.status_code == 400
    assert "ten hoogste 28 dagen" in text(response)
    assert (
        client.post(
            reverse("safetyplan:item_extend", args=base),
            {"einde": "2026-04-07", "herbeoordeling": "2026-04-01"},
        ).status_code
        == 302
    )
    assert (
        client.post(
            reverse("safetyplan:item_reassess", args=base), {"volgende": "2026-04-03"}
        ).status_code
        == 302
    )
    item.refresh_from_db()
    assert (item.ends_on, item.reassess_on) == (days(28), dt.date(2026, 4, 3))
    assert (
        client.post(reverse("safetyplan:item_transition", args=base), {"naar": "DONE"}).status_code
        == 302
    )
    bad = client.post(reverse("safetyplan:item_transition", args=base), {"naar": "ACTIVE"})
    assert bad.status_code == 400 and "Van afgerond naar lopend kan niet." in text(bad)
    item.refresh_from_db()
    assert item.status == PlanItemStatus.DONE


def test_updating_and_disclosing_through_the_pages(client, world, plan):
    from voorop.sharing.models import LegalBasis

    basis = LegalBasis.objects.create(code="t", short_label="art. T", citation="art. T")
    item = plan["voorwaarden"]
    client.force_login(world.users["VT"])
    base = [world.family.pk, item.pk]
    response = client.post(
        reverse("safetyplan:item_update", args=base),
        {"omschrijving": "Geen contact met Eva en Noor.", "eigenaar": world.orgs["VT"].pk,
         "start": "2026-03-10", "einde": "2026-06-08", "notitie": NOTE},
    )  # fmt: skip
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.description == "Geen contact met Eva en Noor."
    assert (
        client.post(
            reverse("safetyplan:item_disclose_note", args=base), {"grondslag": basis.pk}
        ).status_code
        == 302
    )
    client.force_login(world.users["POLITIE"])
    assert NOTE in text(client.get(reverse("safetyplan:item", args=base)))


def test_setting_the_first_point_of_contact(client, world, plan):
    client.force_login(world.users["POLITIE"])
    response = client.post(
        reverse("safetyplan:contact", args=[world.family.pk]),
        {"organisatie": world.orgs["POLITIE"].pk},
    )
    assert response.status_code == 302
    body = text(client.get(reverse("safetyplan:plan", args=[world.family.pk])))
    assert (
        "Politie Eenheid Test"
        in body.split("Eerste aanspreekpunt voor de veiligheidsmaatregelen")[1][:200]
    )


# --- the family page and the werkvoorraad -----------------------------------------------------


def test_the_family_page_shows_the_plan_card(client, world, plan):
    client.force_login(world.users["POLITIE"])
    body = text(client.get(reverse("persons:family_detail", args=[world.family.pk])))
    assert 'data-testid="veiligheidsplan-kaart"' in body
    assert "3 lopende of geplande onderdelen" in body
    assert "Tijdelijk huisverbod" in body and "Naar het veiligheidsplan" in body
    entry = AccessLogEntry.objects.filter(object_type="planonderdeel").latest("seq")
    assert entry.action == AccessAction.LIST and entry.username == world.users["POLITIE"].username


def test_the_werkvoorraad_shows_overdue_items_to_their_owner_only(client, world, plan):
    # The police own the agreement; its reassessment passed yesterday.
    PlanItem.objects.filter(pk=plan["afspraak"].pk).update(starts_on=days(-8), reassess_on=days(-1))
    client.force_login(world.users["POLITIE"])
    body = text(client.get("/"))
    assert 'data-testid="veiligheidsplan-verlopen"' in body
    assert "Wie wie belt als de onveiligheid verandert" in body
    assert "herbeoordeling was op 09-03-2026" in body and "Gezin de Vries" in body
    entry = AccessLogEntry.objects.filter(object_type="planonderdeel").latest("seq")
    assert (entry.action, entry.object_id) == (AccessAction.LIST, str(plan["afspraak"].pk))
    for kind in ("VT", "OM"):
        client.force_login(world.users[kind])
        assert 'data-testid="veiligheidsplan-verlopen"' not in text(client.get("/"))


# --- queries ----------------------------------------------------------------------------------


def _count_queries(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("page", ["plan", "print", "home", "family"])
def test_pages_query_the_same_for_three_items_or_twelve(client, world, add, page):
    url = {
        "plan": reverse("safetyplan:plan", args=[world.family.pk]),
        "print": reverse("safetyplan:print", args=[world.family.pk]),
        "home": "/",
        "family": reverse("persons:family_detail", args=[world.family.pk]),
    }[page]
    client.force_login(world.users["VT"])

    def add_overdue(n: int) -> None:
        for _ in range(n):
            item = add("contactverbod", owner="VT", owner_user=world.users["VT"], note="x")
            PlanItem.objects.filter(pk=item.pk).update(starts_on=days(-5), reassess_on=days(-1))

    add_overdue(3)
    few = _count_queries(client, url)
    add_overdue(9)
    assert _count_queries(client, url) == few
