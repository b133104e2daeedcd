"""Pages of the veiligheidsbeoordeling and risk instruments: what VT does, what partners see,
and the forbidden answers — 404 for every organisation that may not see the family or the
assessment, 403 for one that sees it but may not change it — each logged."""

from __future__ import annotations

import html

import pytest
from django.urls import reverse

from voorop.assessment.choices import Status
from voorop.assessment.models import InstrumentResult, Veiligheidsbeoordeling
from voorop.assessment.tests.conftest import (
    CONDITION,
    FINDINGS,
    OUTCOME_RATIONALE,
    QUICKSCAN,
    QUICKSCAN_HIGH,
    QUICKSCAN_LOW,
    RATIONALE,
    STALKING,
    STALKING_LOW,
)
from voorop.audit.models import AccessAction, AccessLogEntry, AccessOutcome

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return html.unescape(response.content.decode())


def login(client, user):
    client.force_login(user)
    return client


def last_entry(user) -> AccessLogEntry:
    return AccessLogEntry.objects.filter(username=user.username).latest("seq")


def url(name: str, b=None, family=None, **kwargs) -> str:
    family_pk = family.pk if family is not None else b.family_system_id
    args = [family_pk] if b is None else [family_pk, b.pk]
    return reverse(f"assessment:{name}", args=[*args, *kwargs.values()])


PART_A_POST = {
    "acute_level": "HOOG",
    "acute_rationale": RATIONALE,
    **{
        f"factor_{code}": "NEE"
        for code in (
            "KINDEREN_AANWEZIG",
            "EERDER_GEWELD",
            "ANGST",
            "DREIGING",
            "LETSEL",
            "BEPERKTE_ZELFREDZAAMHEID",
            "MIDDELENGEBRUIK",
            "WAPENS",
        )
    },
    "toelichting_WAPENS": "Geen wapens gezien",
}


# --- the VT flow ------------------------------------------------------------------------------


def test_vt_starts_fills_part_a_and_completes_it(client, world):
    vt = world.users["VT"]
    client = login(client, vt)
    start = url("start", family=world.family)
    response = client.get(start)
    assert response.status_code == 200
    assert "Samen op in acuut" in text(response)
    response = client.post(start, {"context": "ZSM"})
    b = Veiligheidsbeoordeling.objects.get()
    assert response.status_code == 302 and response["Location"] == url("part_a", b)

    response = client.get(url("part_a", b))
    body = text(response)
    assert response.status_code == 200
    assert "Checklist risicofactoren" in body and "Kinderen in het huishouden" in body
    assert "Quickscan acute onveiligheid (voorbeeld) invullen" in body
    entry = last_entry(vt)
    assert (entry.action, entry.object_type, entry.object_id) == (
        AccessAction.VIEW,
        "veiligheidsbeoordeling",
        str(b.pk),
    )

    # Saving incomplete is fine; completing incomplete shows the errors, keeps the input.
    response = client.post(url("part_a", b), {"factor_WAPENS": "JA", "afronden": "1"})
    body = text(response)
    assert response.status_code == 200
    assert "Deel A is niet afgerond" in body and "Kies het niveau van acute onveiligheid." in body
    b.refresh_from_db()
    assert b.status == Status.DRAFT and b.risk_factors.get(factor="WAPENS").answer == "JA"

    response = client.post(url("part_a", b), {**PART_A_POST, "afronden": "1"})
    assert response.status_code == 302 and response["Location"] == url("detail", b)
    b.refresh_from_db()
    assert b.status == Status.PART_A_DONE
    body = text(client.get(url("detail", b)))
    assert "Deel A afgerond" in body and "Geen wapens gezien" in body
    # Part A is closed now: its page leads back to the assessment.
    assert client.get(url("part_a", b))["Location"] == url("detail", b)


def test_conditions_part_b_completion_and_history(client, world, make):
    vt = world.users["VT"]
    client = login(client, vt)
    b = make.part_a_done()
    conditions = url("conditions", b)
    response = client.get(conditions)
    assert response.status_code == 200 and "Voorwaarde toevoegen" in text(response)
    father = world.persons["father"]
    response = client.post(
        conditions,
        {"text": CONDITION, "person": father.pk, "valid_from": "2026-11-23", "valid_until": ""},
    )
    assert response.status_code == 302
    condition = b.voorwaarden.get()
    assert condition.person == father
    edit = url("condition_edit", b, voorwaarde=condition.pk)
    assert client.get(edit).status_code == 200

    response = client.post(
        url("part_b", b),
        {"structural_level": "HOOG", "structural_findings": FINDINGS, "afronden": "1"},
    )
    assert response.status_code == 302
    response = client.post(
        url("complete", b), {"outcome": "VEILIG", "outcome_rationale": "Alles goed nu."}
    )
    assert "past niet bij acute onveiligheid" in text(response)
    response = client.post(
        url("complete", b),
        {"outcome": "ONVEILIG_STRUCTUREEL", "outcome_rationale": OUTCOME_RATIONALE},
    )
    assert response.status_code == 302
    b.refresh_from_db()
    assert b.status == Status.COMPLETED

    # After completion only the status of a condition changes.
    response = client.post(
        edit,
        {"status": "NIET_NAGELEEFD", "status_note": "Stond voor de deur.", "valid_until": ""},
    )
    assert response.status_code == 302
    condition.refresh_from_db()
    assert (condition.status, condition.text) == ("NIET_NAGELEEFD", CONDITION)

    history = client.get(url("family", family=world.family))
    body = text(history)
    assert b.reference in body and "Onveilig: structureel" in body and CONDITION in body
    entry = last_entry(vt)
    assert (entry.action, entry.object_type, entry.object_id) == (
        AccessAction.LIST,
        "veiligheidsbeoordeling",
        str(b.pk),
    )
    assert str(father.pk) in entry.person_ids.split(",")


def test_family_page_card(client, world, make):
    vt = world.users["VT"]
    b = make.part_a_done()
    make.condition(b)
    body = text(login(client, vt).get(reverse("persons:family_detail", args=[world.family.pk])))
    assert 'data-testid="veiligheidsbeoordeling-kaart"' in body
    assert b.reference in body and "Geldende veiligheidsvoorwaarden" in body and CONDITION in body
    assert "Nieuwe veiligheidsbeoordeling" in body
    assert AccessLogEntry.objects.filter(
        username=vt.username, action=AccessAction.LIST, object_type="veiligheidsbeoordeling"
    ).exists()


# --- instruments ------------------------------------------------------------------------------


def test_the_instrument_form_follows_the_definition(client, world, make):
    b = make.draft()
    client = login(client, world.users["VT"])
    response = client.get(
        url("instrument_fill", family=world.family, code=QUICKSCAN) + f"?beoordeling={b.pk}"
    )
    body = text(response)
    assert response.status_code == 200
    assert "Voorbeeldinstrument, niet gevalideerd." in body
    assert 'name="v_kinderen" id="id_v_kinderen_2" value="ONBEKEND"' in body  # ja/nee/weet niet
    assert 'name="v_angst"' in body and 'value="4"' in body  # scale 0..4
    assert "Met de dood of met een wapen" in body  # an option
    assert 'name="v_opmerkingen"' in body and "<textarea" in body  # text
    assert f'name="beoordeling" value="{b.pk}"' in body
    assert 'hx-post="' + url("instrument_score", family=world.family, code=QUICKSCAN) in body


def test_live_score(client, world):
    client = login(client, world.users["VT"])
    score = url("instrument_score", family=world.family, code=QUICKSCAN)
    body = text(
        client.post(score, {"v_kinderen": "JA", "v_dreiging": "dood"}, HTTP_HX_REQUEST="true")
    )
    assert "Score 6" in body and "nog 7 vragen open" in body
    assert "Kritieke vraag" in body and "Mogelijk direct gevaar" in body
    body = text(client.post(score, {"v_kinderen": "NEE"}, HTTP_HX_REQUEST="true"))
    assert "Score 0" in body and "Deze vragen wijzen niet op direct gevaar" in body


def test_filling_in_links_to_the_assessment_and_shows_computed_and_professional(
    client, world, make
):
    b = make.draft()
    client = login(client, world.users["VT"])
    fill = url("instrument_fill", family=world.family, code=QUICKSCAN)
    answers = {f"v_{k}": v for k, v in QUICKSCAN_LOW.items()}
    response = client.post(fill, {**answers, "beoordeling": b.pk, "professional_level": "MIDDEN"})
    assert "Licht toe waarom u het risiconiveau hoger inschat" in text(response)
    response = client.post(
        fill,
        {
            **answers,
            "beoordeling": b.pk,
            "professional_level": "MIDDEN",
            "rationale": "Moeder durfde niet vrij te spreken.",
            "subject": world.persons["mother"].pk,
        },
    )
    result = InstrumentResult.objects.get()
    assert response.status_code == 302 and result.beoordeling == b
    body = text(client.get(response["Location"]))
    assert "Berekend" in body and "Professioneel oordeel" in body and "(verhoogd)" in body
    assert "Verder met deel A" in body
    # The checklist of part A is pre-filled from the scan.
    body = text(client.get(url("part_a", b)))
    assert "Ingevuld uit het risico-instrument" in body


def test_missing_answers_are_shown_per_question(client, world):
    client = login(client, world.users["VT"])
    response = client.post(
        url("instrument_fill", family=world.family, code=QUICKSCAN), {"v_kinderen": "JA"}
    )
    body = text(response)
    assert "De risico-inschatting is niet opgeslagen" in body
    assert body.count("Beantwoord deze vraag.") >= 8
    assert not InstrumentResult.objects.exists()


def test_police_sees_its_high_stalking_screening_with_the_advice(client, world, make):
    agent = world.users["POLITIE"]
    result = make.result(user=agent, code=STALKING, answers={**STALKING_LOW, "dreigen": "JA"})
    client = login(client, agent)
    body = text(client.get(url("result", family=world.family, result=result.pk)))
    assert "Hoog risico: neem direct contact op met het OM en Veilig Thuis" in body
    card = text(client.get(reverse("persons:family_detail", args=[world.family.pk])))
    assert "Screening ex-partnerstalking (voorbeeld)" in card
    assert (
        'data-testid="kaart-advies"' in card
        and "direct contact op met het OM en Veilig Thuis" in card
    )
    assert "Screening ex-partnerstalking (voorbeeld) invullen" in card
    assert "Nieuwe veiligheidsbeoordeling" not in card
    # VT does not see the police's result.
    vt_client = login(client.__class__(), world.users["VT"])
    assert vt_client.get(url("result", family=world.family, result=result.pk)).status_code == 404


def test_instrument_definitions_are_readable_for_everyone(client, world):
    client = login(client, world.users["OM"])
    body = text(client.get(reverse("assessment:instrument_list")))
    assert "Quickscan acute onveiligheid (voorbeeld)" in body
    instrument = world.instruments[STALKING]
    body = text(client.get(reverse("assessment:instrument_detail", args=[instrument.pk])))
    assert "score 16 en hoger" in body and "direct contact op met het OM en Veilig Thuis" in body


# --- forbidden --------------------------------------------------------------------------------

CHANGE_PAGES = ["part_a", "part_b", "conditions", "complete", "share"]
ALL_PAGES = ["detail", *CHANGE_PAGES]


@pytest.mark.parametrize("kind", ["OM", "RECLASSERING", "RVDK"])
@pytest.mark.parametrize(
    "page", [*ALL_PAGES, "family", "start", "instrument_fill", "result", "condition_edit"]
)
def test_organisations_not_involved_get_404_everywhere(client, world, make, kind, page):
    b = make.part_a_done()
    condition = make.condition(b)
    result = make.result(beoordeling=None)
    target = {
        "family": url("family", family=world.family),
        "start": url("start", family=world.family),
        "instrument_fill": url("instrument_fill", family=world.family, code=QUICKSCAN),
        "result": url("result", family=world.family, result=result.pk),
        "condition_edit": url("condition_edit", b, voorwaarde=condition.pk),
    }.get(page) or url(page, b)
    user = world.users[kind]
    response = login(client, user).get(target)
    assert response.status_code == 404
    entry = last_entry(user)
    assert entry.outcome == AccessOutcome.DENIED


@pytest.mark.parametrize("page", CHANGE_PAGES)
def test_police_may_not_change_vts_assessment(client, world, make, page):
    """The police is involved in the family; VT's assessment is not the police's: not visible
    (404) until shared, and then readable but not changeable (403)."""
    b = make.part_a_done()
    agent = world.users["POLITIE"]
    client = login(client, agent)
    assert client.get(url(page, b)).status_code == 404
    make.share(b, to="POLITIE")
    response = client.get(url(page, b))
    assert response.status_code == 403
    entry = last_entry(agent)
    assert (entry.action, entry.outcome) == (AccessAction.UPDATE, AccessOutcome.DENIED)
    assert client.post(url(page, b), {"acute_level": "GEEN"}).status_code == 403


def test_non_assessors_cannot_start(client, world):
    for who in ("POLITIE", "VT_PRIVACY"):
        user = world.users[who]
        response = login(client, user).post(url("start", family=world.family), {"context": "ZSM"})
        assert response.status_code == 403
        assert last_entry(user).outcome == AccessOutcome.DENIED
    assert not Veiligheidsbeoordeling.objects.exists()


@pytest.mark.parametrize("page", CHANGE_PAGES)
def test_vt_privacy_officer_reads_but_does_not_change(client, world, make, page):
    b = make.part_a_done()
    client = login(client, world.users["VT_PRIVACY"])
    assert client.get(url("detail", b)).status_code == 200
    assert client.get(url(page, b)).status_code == 403


def test_an_assessment_of_another_family_is_404_under_this_family(client, world, make):
    b = make.part_a_done(family=world.scenario.vt_only_family)
    client = login(client, world.users["VT"])
    assert client.get(reverse("assessment:detail", args=[world.family.pk, b.pk])).status_code == 404


def test_instrument_not_for_the_organisation_is_403(client, world):
    client = login(client, world.users["VT_PRIVACY"])
    assert (
        client.get(url("instrument_fill", family=world.family, code=QUICKSCAN)).status_code == 403
    )
    client = login(client, world.users["POLITIE"])
    assert (
        client.get(url("instrument_fill", family=world.family, code="bestaat-niet")).status_code
        == 404
    )


def test_a_draft_is_invisible_to_partners_even_when_an_earlier_version_was_shared(
    client, world, make
):
    shared = make.part_a_done()
    make.share(shared, to="POLITIE")
    draft = make.draft()
    client = login(client, world.users["POLITIE"])
    assert client.get(url("detail", draft)).status_code == 404
    body = text(client.get(url("family", family=world.family)))
    assert shared.reference in body and draft.reference not in body


def test_quickscan_high_then_part_a_lower_is_refused(client, world, make):
    b = make.draft()
    make.result(answers=QUICKSCAN_HIGH, beoordeling=b)
    client = login(client, world.users["VT"])
    response = client.post(
        url("part_a", b), {**PART_A_POST, "acute_level": "LAAG", "afronden": "1"}
    )
    assert "Het professionele oordeel kan het risiconiveau alleen verhogen, niet verlagen." in text(
        response
    )


def test_history_and_card_queries_do_not_grow_with_the_number_of_assessments(client, world, make):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login(client, world.users["VT"])
    pages = [
        url("family", family=world.family),
        reverse("persons:family_detail", args=[world.family.pk]),
    ]

    def counts() -> list[int]:
        found = []
        for page in pages:
            with CaptureQueriesContext(connection) as queries:
                assert client.get(page).status_code == 200
            found.append(len(queries))
        return found

    b = make.part_a_done()
    make.condition(b)
    make.result(beoordeling=None)
    first = counts()
    for _ in range(3):
        more = make.part_a_done()
        make.condition(more)
        make.condition(more, text="Alcoholbehandeling", person=world.persons["mother"])
        make.result(beoordeling=None, answers=QUICKSCAN_HIGH)
    assert counts() == first


@pytest.mark.parametrize("kind", ["OM", "RECLASSERING", "RVDK"])
def test_live_score_is_404_for_organisations_not_involved(client, world, kind):
    user = world.users[kind]
    response = login(client, user).post(
        url("instrument_score", family=world.family, code=STALKING), {"v_dreigen": "JA"}
    )
    assert response.status_code == 404
    assert last_entry(user).outcome == AccessOutcome.DENIED
