"""The interventiepalet: seeded from the veiligheidsplan of "Samenwerken aan veiligheid",
filterable by legal domain and phase, with the huisverbod's terms as data, maintained in the
admin, browsable as a page and through the API (configuration: not access-logged)."""

from __future__ import annotations

import datetime as dt
import html

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from voorop.audit.models import AccessLogEntry
from voorop.cases.models import Phase
from voorop.core.testing import factories as f
from voorop.safetyplan import selectors
from voorop.safetyplan.models import Intervention, LegalDomain

pytestmark = pytest.mark.django_db

NAMED_IN_THE_SOURCES = {
    "aanhouding",
    "contactverbod",
    "locatieverbod",
    "gedragsbeinvloedende-voorwaarden",
    "tijdelijk-huisverbod",
    "ondertoezichtstelling",
    "uithuisplaatsing",
    "omgangsregeling",
    "crisisopvang",
    "vrouwenopvang",
    "buddy",
    "ervaringsdeskundige",
    "nieuwe-toekomst",
    "contact-wijkagent",
    "crisispleegzorg",
}


def codes(interventions) -> set[str]:
    return {i.code for i in interventions}


def test_the_seeded_catalogue_covers_the_sources(catalogue):
    assert set(catalogue) >= NAMED_IN_THE_SOURCES
    for intervention in catalogue.values():
        intervention.full_clean()  # every seeded entry is valid as functioneel beheer sees it
    domains = {i.legal_domain for i in catalogue.values()}
    assert domains == set(LegalDomain.values)
    phases = {p for i in catalogue.values() for p in i.phases}
    assert phases == set(Phase.values)


def test_the_huisverbod_terms_are_data(catalogue):
    huisverbod = catalogue["tijdelijk-huisverbod"]
    assert huisverbod.legal_domain == LegalDomain.BESTUURSRECHT
    assert huisverbod.phases == [Phase.ACUUT]
    assert huisverbod.owner_kind == "VT"  # coordinates the help and advises on extension
    assert "burgemeester" in huisverbod.deciding_party
    assert (
        huisverbod.typical_duration_days,
        huisverbod.max_duration_days,
        huisverbod.reassess_after_days,
    ) == (10, 28, 8)


def test_derived_dates_day_n_counts_from_the_start(catalogue):
    derived = catalogue["tijdelijk-huisverbod"].derived_dates(dt.date(2026, 3, 1))
    assert derived.ends_on == dt.date(2026, 3, 11)  # day 10
    assert derived.reassess_on == dt.date(2026, 3, 9)  # day 8: advice on extension
    assert derived.latest_end == dt.date(2026, 3, 29)  # day 28
    no_term = catalogue["aanhouding"].derived_dates(dt.date(2026, 3, 1))
    assert (no_term.ends_on, no_term.reassess_on, no_term.latest_end) == (None, None, None)


@pytest.mark.parametrize(
    ("domain", "phase", "expected_in", "expected_out"),
    [
        ("BESTUURSRECHT", "", {"tijdelijk-huisverbod"}, {"aanhouding", "buddy"}),
        ("STRAFRECHT", "ACUUT", {"aanhouding", "contactverbod"}, {"reclasseringstoezicht"}),
        ("STRAFRECHT", "HERSTELGERICHT", {"reclasseringstoezicht"}, {"aanhouding"}),
        ("", "HERSTELGERICHT", {"buddy", "traumabehandeling"}, {"tijdelijk-huisverbod"}),
        ("CIVIEL_RECHT", "ACUUT", {"voorlopige-ots", "spoeduithuisplaatsing"}, {"omgangsregeling"}),
        ("OVERIG", "RISICOGESTUURD", {"buddy", "contact-wijkagent"}, {"crisisopvang"}),
    ],
)
def test_filters_by_domain_and_phase(catalogue, domain, phase, expected_in, expected_out):
    found = selectors.intervention_list(legal_domain=domain, phase=phase)
    assert expected_in <= codes(found)
    assert not expected_out & codes(found)
    assert all(not domain or i.legal_domain == domain for i in found)
    assert all(not phase or phase in i.phases for i in found)


def test_the_list_follows_the_plans_order_and_hides_inactive_entries(catalogue):
    catalogue["buddy"].active = False
    catalogue["buddy"].save()
    found = selectors.intervention_list()
    order = [LegalDomain.values.index(i.legal_domain) for i in found]
    assert order == sorted(order)
    assert "buddy" not in codes(found)
    assert "buddy" in codes(selectors.intervention_list(active_only=False))


@pytest.mark.parametrize(
    ("changes", "field", "code"),
    [
        ({"phases": []}, "phases", "fase_ontbreekt"),
        ({"phases": ["ROOD"]}, "phases", "fase_onbekend"),
        (
            {"typical_duration_days": 10, "max_duration_days": 5},
            "max_duration_days",
            "maximum_te_kort",
        ),
        (
            {"typical_duration_days": 10, "reassess_after_days": 12},
            "reassess_after_days",
            "herbeoordeling_te_laat",
        ),
    ],
)
def test_an_invalid_entry_is_refused(changes, field, code):
    intervention = Intervention(
        code="test", name="Test", legal_domain="OVERIG", phases=["ACUUT"], owner_kind="VT"
    )
    for name, value in changes.items():
        setattr(intervention, name, value)
    with pytest.raises(ValidationError) as error:
        intervention.full_clean()
    assert [e.code for e in error.value.error_dict[field]] == [code]


# --- the page ---------------------------------------------------------------------------------


def test_the_page_groups_by_domain_and_filters(client, world):
    client.force_login(world.users["POLITIE"])
    before = AccessLogEntry.objects.count()
    body = html.unescape(client.get("/interventiepalet/").content.decode())
    assert "Interventiepalet" in body
    assert body.index("Strafrecht") < body.index("Bestuursrecht") < body.index("Civiel recht")
    assert "Tijdelijk huisverbod" in body and "10 dagen" in body and "ten hoogste 28" in body
    filtered = html.unescape(
        client.get(
            "/interventiepalet/",
            {"domein": "BESTUURSRECHT", "fase": "ACUUT"},
            headers={"HX-Request": "true", "HX-Target": "palet"},
        ).content.decode()
    )
    assert "<h1" not in filtered
    assert "Tijdelijk huisverbod" in filtered and "Aanhouding" not in filtered
    assert AccessLogEntry.objects.count() == before  # configuration, not case data


# --- the API ----------------------------------------------------------------------------------


def test_api_lists_and_filters(api_client, world):
    api_client.force_authenticate(world.users["RVDK"])
    data = api_client.get("/api/v1/interventiepalet/", {"rechtsdomein": "BESTUURSRECHT"}).json()
    huisverbod = next(i for i in data if i["code"] == "tijdelijk-huisverbod")
    assert huisverbod["duur_dagen"] == 10
    assert huisverbod["maximale_duur_dagen"] == 28
    assert huisverbod["herbeoordeling_op_dag"] == 8
    assert huisverbod["uitvoerder"] == "VT"
    assert {i["rechtsdomein"] for i in data} == {"BESTUURSRECHT"}
    herstel = api_client.get("/api/v1/interventiepalet/", {"fase": "HERSTELGERICHT"}).json()
    assert all("HERSTELGERICHT" in i["fasen"] for i in herstel)
    bad = api_client.get("/api/v1/interventiepalet/", {"fase": "ROOD"})
    assert bad.status_code == 400 and bad.json()["code"] == "ongeldige_parameters"


def test_api_is_for_partner_organisations(api_client, catalogue):
    hospital = f.OrganisationFactory(code="zkh", kind="ZIEKENHUIS")
    api_client.force_authenticate(f.UserFactory(organisation=hospital))
    assert api_client.get("/api/v1/interventiepalet/").status_code == 403


# --- the admin --------------------------------------------------------------------------------


def test_functioneel_beheer_maintains_the_catalogue(client, catalogue):
    client.force_login(f.UserFactory(organisation=None, is_staff=True, is_superuser=True))
    changelist = html.unescape(
        client.get(
            reverse("admin:safetyplan_intervention_changelist"),
            {"legal_domain__exact": "STRAFRECHT"},
        ).content.decode()
    )
    assert "Contactverbod" in changelist and "Tijdelijk huisverbod" not in changelist
    assert client.get(reverse("admin:safetyplan_intervention_add")).status_code == 200
    response = client.post(
        reverse("admin:safetyplan_intervention_add"),
        {
            "code": "alarmknop-test",
            "name": "Alarmknop (test)",
            "legal_domain": "OVERIG",
            "phases": ["ACUUT", "RISICOGESTUURD"],
            "owner_kind": "POLITIE",
            "typical_duration_days": "90",
            "sort_order": "5",
            "active": "on",
        },
    )
    assert response.status_code == 302
    added = Intervention.objects.get(code="alarmknop-test")
    assert added.phases == ["ACUUT", "RISICOGESTUURD"]
    assert "alarmknop-test" in codes(
        selectors.intervention_list(legal_domain="OVERIG", phase="ACUUT")
    )
