"""The web form /meldingen/nieuw/: an accessible Dutch form that stores nothing until
everything is right, then shows the melding with its route advice and linkage."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from voorop.accounts.models import RoleCode
from voorop.audit.models import AccessAction, AccessLogEntry
from voorop.intake.models import RouteAdvice, VtReferral
from voorop.meldingen.models import Melding, MeldingPerson
from voorop.meldingen.tests import intake_cases as cases

pytestmark = pytest.mark.django_db

URL = "/meldingen/nieuw/"

#: Cases the form already refuses itself (a choice that is not on offer), in its own words.
FORM_OWN_MESSAGES = {
    "soort-niet-voor-politie": "Kies een soort uit de lijst.",
    "onbekende-rol": "Kies een rol uit de lijst.",
}


@pytest.fixture
def agent(client, user_for):
    user = user_for("POLITIE", roles=[RoleCode.AGENT])
    client.force_login(user)
    return user


def stored() -> tuple[int, int, int, int]:
    return (
        Melding.objects.count(),
        MeldingPerson.objects.count(),
        RouteAdvice.objects.count(),
        VtReferral.objects.count(),
    )


def test_the_form_is_reachable_and_accessible(client, agent):
    assert reverse("meldingen:melding_create") == URL
    body = client.get(URL).text
    assert '<h1 class="utrecht-heading-1">Nieuwe melding</h1>' in body
    # Every input has a label; groups are fieldsets with a legend.
    for field_id in re.findall(r'<(?:input|select|textarea)[^>]* id="([^"]+)"', body):
        if field_id.startswith("id_personen-") and field_id.endswith("_FORMS"):
            continue
        assert f'for="{field_id}"' in body, field_id
    assert body.count("<legend") >= 7
    assert body.count('data-testid="persoon-') == 3
    assert "Persoon toevoegen" in body
    # The police choose among their own kinds of melding.
    assert 'value="POLITIE_INCIDENT"' in body and 'value="VT_MELDING"' not in body
    assert 'name="medische_gegevens"' not in body


def test_a_valid_melding_is_stored_and_shown_with_route_advice_and_deadline(client, agent):
    response = client.post(URL, cases.as_form_data(cases.valid_melding()), follow=True)
    melding = Melding.objects.get()
    assert response.redirect_chain == [(f"/meldingen/{melding.pk}/", 302)]
    body = response.text
    assert "Melding BVH-2026-000123 is vastgelegd." in body
    assert "Route-advies" in body and "Samen op in acuut" in body
    assert "(Vermoeden van) acute onveiligheid" in body
    assert "Doormelden aan Veilig Thuis" in body
    assert "nog 2" in body  # received 2.9 hours ago: 21 hours left
    assert "Eva van Dijk: nieuw in de persoonsindex opgenomen." in body or (
        "Eva van Dijk: nog niet gekoppeld, in de beoordelingslijst." in body
    )
    assert melding.persons.count() == 3
    entry = AccessLogEntry.objects.get(action=AccessAction.CREATE)
    assert (entry.channel, entry.object_id) == ("WEB", str(melding.pk))


def test_empty_person_rows_are_left_out(client, agent):
    data = cases.as_form_data(cases.valid_melding(), rows=5)
    client.post(URL, data)
    assert MeldingPerson.objects.count() == 3


@pytest.mark.parametrize("case", cases.BAD_CASES, ids=[c.id for c in cases.BAD_CASES])
def test_bad_input_shows_an_error_summary_linking_to_the_field_and_stores_nothing(
    client, agent, case
):
    before = stored()
    melding = cases.bad_melding(case)
    response = client.post(URL, cases.as_form_data(melding))
    assert response.status_code == 400
    body = response.text
    assert "De melding is niet vastgelegd. Controleer het volgende:" in body
    summary = body[
        body.index('data-testid="foutoverzicht"') : body.index(
            "</ul>", body.index('data-testid="foutoverzicht"')
        )
    ]
    anchor = cases.form_anchor(case.field)
    assert f'href="#{anchor}"' in summary, summary
    message = FORM_OWN_MESSAGES.get(case.id, case.message)
    assert message.replace("'", "&#x27;") in summary or message in summary, summary
    # the field itself says so too, and is marked invalid for assistive technology
    assert f'id="{anchor}"' in body
    field_tag = re.search(rf'<(?:input|select|textarea)[^>]*id="{anchor}"[^>]*>', body).group()
    assert 'aria-invalid="true"' in field_tag
    assert stored() == before


def test_what_was_typed_is_kept_after_an_error(client, agent):
    melding = cases.valid_melding(voorgevallen_op="31-02-2026 22:15")
    body = client.post(URL, cases.as_form_data(melding)).text
    assert "Buren hoorden geschreeuw" in body
    assert 'value="Mark"' in body


def test_required_fields_and_persons(client, agent):
    data = cases.as_form_data(cases.valid_melding(soort="", kanaal="", personen=[]), rows=3)
    body = client.post(URL, data).text
    assert "Kies de soort melding." in body
    assert "Kies het kanaal waarlangs de melding binnenkwam." in body
    assert "Noem ten minste één betrokken persoon" in body
    assert Melding.objects.count() == 0


def test_a_person_row_without_role(client, agent):
    melding = cases.valid_melding()
    del melding["personen"][1]["rol"]
    body = client.post(URL, cases.as_form_data(melding)).text
    assert 'href="#id_personen-1-rol"' in body
    assert "Persoon 2, rol: Kies de rol van deze persoon." in body
    assert Melding.objects.count() == 0


def test_adding_a_person_row_without_javascript(client, agent):
    data = cases.as_form_data(cases.valid_melding(soort=""), rows=3)
    data["persoon_toevoegen"] = "1"
    response = client.post(URL, data)
    assert response.status_code == 200
    body = response.text
    assert body.count('data-testid="persoon-') == 4
    assert "Controleer het volgende" not in body  # not judged yet
    assert 'name="personen-TOTAL_FORMS" value="4"' in body
    assert Melding.objects.count() == 0


def test_adding_a_person_row_with_htmx(client, agent):
    response = client.get(
        reverse("meldingen:person_row"), {"personen-TOTAL_FORMS": "3"}, HTTP_HX_REQUEST="true"
    )
    body = response.text
    assert 'data-testid="persoon-4"' in body
    assert 'id="id_personen-3-rol"' in body and "autofocus" in body
    assert 'hx-swap-oob="true"' in body and 'value="4"' in body
    assert (
        client.get(reverse("meldingen:person_row"), {"personen-TOTAL_FORMS": "x"}).status_code
        == 400
    )


def test_veilig_thuis_records_its_melding_and_closes_the_police_deadline(client, agent, user_for):
    client.post(URL, cases.as_form_data(cases.valid_melding()))
    vt_user = user_for("VT", roles=[RoleCode.VERTROUWENSARTS])
    client.force_login(vt_user)
    assert 'name="medische_gegevens"' in client.get(URL).text
    vt = cases.valid_melding(
        kenmerk="VT-2026-1",
        soort="VT_MELDING",
        kanaal="TELEFOON",
        volgt_op="BVH-2026-000123",
        medische_gegevens="Hematoom bovenarm.",
    )
    body = client.post(URL, cases.as_form_data(vt), follow=True).text
    assert "Doormelding van de politie" in body
    assert "op tijd bij Veilig Thuis" in body
    assert Melding.objects.get(reference="VT-2026-1").medical_details == "Hematoom bovenarm."


@pytest.mark.parametrize("roles", [[RoleCode.PRIVACY_OFFICER], []])
def test_who_may_not_record_gets_403_and_nothing_is_stored(client, user_for, roles):
    client.force_login(user_for("POLITIE", roles=roles))
    page = client.get(URL)
    assert page.status_code == 403
    assert "Uw rol geeft geen toestemming om meldingen vast te leggen." in page.text
    assert client.post(URL, cases.as_form_data(cases.valid_melding())).status_code == 403
    assert Melding.objects.count() == 0
    assert "Nieuwe melding" not in client.get(reverse("meldingen:melding_list")).text


@pytest.mark.parametrize("kind", ["VT", "OM", "RECLASSERING", "RVDK"])
def test_the_new_melding_is_404_for_other_organisations(client, agent, user_for, kind):
    client.post(URL, cases.as_form_data(cases.valid_melding()))
    melding = Melding.objects.get()
    client.force_login(user_for(kind))
    assert client.get(f"/meldingen/{melding.pk}/").status_code == 404
