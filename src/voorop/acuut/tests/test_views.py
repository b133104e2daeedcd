"""The pages: one screen per step, forms that work without JavaScript (POST, redirect, GET),
Dutch reasons when the service refuses, and every view logged."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from voorop.acuut import services
from voorop.acuut.choices import CallOutcome, Status
from voorop.acuut.models import AcuteEpisode, CallLog, ChildCheck
from voorop.audit.models import AccessLogEntry
from voorop.core.testing.factories import TEST_PASSWORD
from voorop.organisations.models import Region, RegionKind
from voorop.reachability.models import Channel, CoverageArea, ReachabilityArrangement

pytestmark = pytest.mark.django_db


def login(world, who: str) -> Client:
    client = Client()
    assert client.login(username=world.users[who].username, password=TEST_PASSWORD)
    return client


def test_the_family_card_starts_and_continues(world, flow):
    police = login(world, "POLITIE")
    page = police.get(f"/gezinssystemen/{world.family.pk}/").content.decode()
    assert "Samen op in acuut starten" in page
    # Veilig Thuis is not involved in this family: no family page at all.
    assert login(world, "VT").get(f"/gezinssystemen/{world.family.pk}/").status_code == 404
    episode = flow.start()
    page = police.get(f"/gezinssystemen/{world.family.pk}/").content.decode()
    assert "Verder met Samen op in acuut" in page and episode.reference in page


def test_start_through_the_form(world):
    police = login(world, "POLITIE")
    form = police.get(f"/gezinssystemen/{world.family.pk}/samen-op/")
    assert form.status_code == 200
    assert "Start Samen op in acuut" in form.content.decode()
    response = police.post(f"/gezinssystemen/{world.family.pk}/samen-op/", {"postcode": "3511 AB"})
    episode = AcuteEpisode.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/samen-op/{episode.pk}/stap-1/"
    assert episode.postcode == "3511 AB"
    # A second start continues the running one.
    again = police.get(f"/gezinssystemen/{world.family.pk}/samen-op/")
    assert again["Location"] == f"/samen-op/{episode.pk}/stap-1/"


def test_start_refusals_come_back_in_dutch(world):
    police = login(world, "POLITIE")
    response = police.post(f"/gezinssystemen/{world.family.pk}/samen-op/", {"postcode": "nergens"})
    assert response.status_code == 400
    assert "Geef een Nederlandse postcode." in response.content.decode()


@pytest.fixture
def reachability(world):
    """Veilig Thuis Testregio on site and by phone day and night around postcode 3511."""
    region = Region.objects.create(code="vt-test-regio", name="Testregio", kind=RegionKind.VT_REGIO)
    area = CoverageArea.objects.create(municipality="Utrecht", postcode_from=3500, postcode_to=3599)
    area.regions.add(region)
    for channel, phone in ((Channel.TELEFOON, "0800-2000"), (Channel.TER_PLAATSE, "030-1112233")):
        ReachabilityArrangement.objects.create(
            region=region,
            organisation=world.orgs["VT"],
            channel=channel,
            weekdays=[0, 1, 2, 3, 4, 5, 6],
            time_from="00:00",
            time_until="00:00",
            phone=phone,
        )
    return region


def test_step_1_answers_who_to_call_and_logs_the_call(world, flow, reachability):
    episode = flow.start(postcode="3511 AB")
    police = login(world, "POLITIE")
    page = police.get(f"/samen-op/{episode.pk}/stap-1/").content.decode()
    assert 'data-testid="wie-bel-ik-nu"' in page
    assert "Bel Veilig Thuis Testregio (dienst): 030-1112233." in page
    assert "Veilig Thuis kan ter plaatse komen, dag en nacht." in page
    response = police.post(
        f"/samen-op/{episode.pk}/gesprek/",
        {"gebeld": world.orgs["VT"].pk, "uitkomst": CallOutcome.ON_SITE, "nummer": "030-1112233"},
    )
    assert response.status_code == 302
    call = CallLog.objects.get()
    assert "Bel Veilig Thuis Testregio (dienst): 030-1112233." in call.reachability_answer
    assert call.phone == "030-1112233"
    page = police.get(f"/samen-op/{episode.pk}/stap-1/").content.decode()
    assert "Gesprek met Veilig Thuis Testregio vastgelegd: komt ter plaatse." in page


def test_a_refused_departure_shows_the_rule(world, flow):
    episode = flow.start()
    flow.call(episode)
    police = login(world, "POLITIE")
    page = police.get(f"/samen-op/{episode.pk}/stap-1/").content.decode()
    assert 'data-testid="vertrek-waarschuwing"' in page
    response = police.post(
        f"/samen-op/{episode.pk}/vertrek/", {"organisatie": world.orgs["POLITIE"].pk}
    )
    assert response.status_code == 400
    assert "De politie vertrekt voordat Veilig Thuis er is." in response.content.decode()


def test_htmx_gets_the_refusal_with_status_200_so_it_is_swapped_in(world, flow):
    episode = flow.start()
    police = login(world, "POLITIE")
    response = police.post(
        f"/samen-op/{episode.pk}/overgang/", {"naar": Status.TER_PLAATSE}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert "Leg eerst het gesprek vast waarin Veilig Thuis zegt ter plaatse te komen." in (
        response.content.decode()
    )


@pytest.mark.parametrize("number", [1, 2, 3, 4, 5])
@pytest.mark.parametrize("who", ["POLITIE", "VT"])
def test_every_step_page_renders_for_both_and_is_logged(world, flow, number, who):
    episode = flow.to(flow.start(), Status.MAATREGELEN)
    client = login(world, who)
    before = AccessLogEntry.objects.count()
    response = client.get(f"/samen-op/{episode.pk}/stap-{number}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert f"Stap {number}:" in html
    assert 'data-testid="voortgang"' in html
    assert_described_by_exists(html)
    entry = AccessLogEntry.objects.order_by("-seq").first()
    assert AccessLogEntry.objects.count() == before + 1
    assert (entry.action, entry.object_type, entry.object_id) == (
        "VIEW",
        "samen-op-in-acuut",
        str(episode.pk),
    )
    assert entry.person_ids


def test_the_kindcheck_form_per_child(world, flow):
    episode = flow.to(flow.start(), Status.ONDERZOEK)
    child = world.members()["child"]
    police = login(world, "POLITIE")
    page = police.get(f"/samen-op/{episode.pk}/stap-3/").content.decode()
    assert "Kindcheck Noor vastleggen" in page
    response = police.post(
        f"/samen-op/{episode.pk}/kindcheck/{child.pk}/",
        {f"kind{child.pk}-uitkomst": "AANWEZIG_ZORGEN", f"kind{child.pk}-letsel": "on"},
    )
    assert response.status_code == 302
    check = ChildCheck.objects.get()
    assert (check.child, check.outcome, check.injury_suspected) == (child, "AANWEZIG_ZORGEN", True)


def test_step_2_shows_the_other_partys_contribution_with_provenance(world, flow):
    episode = flow.to(flow.start(), Status.MOTORKAPOVERLEG)
    police = login(world, "POLITIE")
    response = police.post(
        f"/samen-op/{episode.pk}/inbreng/",
        {
            "soorten": ["REGISTRATIES", "BESCHERMINGSMAATREGELEN"],
            "toelichting": "Contactverbod uit 2025 geldt nog.",
            "grondslag": world.bases["avg-6-1-d-vitaal-belang"].pk,
        },
    )
    assert response.status_code == 302
    page = login(world, "VT").get(f"/samen-op/{episode.pk}/stap-2/").content.decode()
    assert "Contactverbod uit 2025 geldt nog." in page
    assert "Gedeeld door Politie Eenheid Test op" in page
    assert "grondslag art. 6 lid 1 sub d AVG, doel: Samen op in acuut" in page


def test_the_list_shows_episodes_and_requests(world, flow):
    episode = flow.start()
    page = login(world, "POLITIE").get("/samen-op/").content.decode()
    assert episode.reference in page
    assert episode.reference not in login(world, "OM").get("/samen-op/").content.decode()


def assert_described_by_exists(html: str) -> None:
    """Every aria-describedby on the page names elements that are there (help texts and
    error messages are tied to their inputs)."""
    ids = set(re.findall(r'\bid="([^"]+)"', html))
    for value in re.findall(r'aria-describedby="([^"]*)"', html):
        for ref in value.split():
            assert ref in ids, (ref, value)


def _summary_links(html: str) -> list[str]:
    summary = html[html.index('id="foutoverzicht"') :]
    summary = summary[: summary.index("</ul>")]
    return re.findall(r'href="#([^"]+)"', summary)


@pytest.mark.parametrize(
    ("status", "path", "data", "number"),
    [
        (Status.GESTART, "gesprek/", {"uitkomst": "PHONE"}, 1),
        (Status.MOTORKAPOVERLEG, "inbreng/", {"grondslag": "999999"}, 2),
        (Status.MOTORKAPOVERLEG, "raadplegen/", {"vraag": ""}, 2),
        (Status.ONDERZOEK, "onderzoeksafspraak/", {"volgorde": "0"}, 3),
        (Status.ONDERZOEK, "letsel/", {"persoon": "999999"}, 3),
        (Status.MAATREGELEN, "maatregel/", {"start": "morgen"}, 4),
        (Status.MAATREGELEN, "afspraak/", {"onderwerp": "ESCALATIE"}, 4),
        (Status.MAATREGELEN, "afsluiten/", {"vervolg": "NERGENS"}, 5),
    ],
)
def test_the_error_summary_links_to_each_field_and_takes_the_focus(
    world, flow, status, path, data, number
):
    """WCAG 3.3.1 and the NL Design System error summary: every error names its field and
    links to its input (the first option of a group), and the summary gets the focus."""
    episode = flow.to(flow.start(), status)
    response = login(world, "POLITIE").post(f"/samen-op/{episode.pk}/{path}", data)
    assert response.status_code == 400
    html = response.content.decode()
    assert re.search(r'id="foutoverzicht"[^>]*\bautofocus\b', html)
    links = _summary_links(html)
    assert links, html[html.index('id="foutoverzicht"') :][:800]
    for anchor in links:
        assert f'id="{anchor}"' in html, anchor
    assert_described_by_exists(html)
    assert 'aria-invalid="true"' in html
    assert f"Stap {number}:" in html


def test_the_list_pages_closed_episodes_and_logs_what_it_shows(world, flow, monkeypatch):
    from voorop.acuut import views
    from voorop.core.testing import factories as f

    monkeypatch.setattr(views, "LIST_PER_PAGE", 2)
    closed = []
    for i in range(3):
        family = f.FamilySystemFactory(recorded_by=world.orgs["POLITIE"], name=f"Gezin Test{i}")
        f.InvolvementFactory(family_system=family, organisation=world.orgs["POLITIE"])
        episode = flow.start(family=family)
        closed.append(
            services.episode_abort(
                user=flow.police, episode=episode, reason="Toch geen acute onveiligheid."
            )
        )
    running = flow.start()
    police = login(world, "POLITIE")
    first = police.get("/samen-op/").content.decode()
    assert running.reference in first
    assert closed[2].reference in first and closed[1].reference in first
    assert closed[0].reference not in first
    assert "Pagina 1 van 2 (3 resultaten)" in first
    entry = AccessLogEntry.objects.order_by("-seq").first()
    assert (entry.action, entry.object_type) == ("LIST", "samen-op-in-acuut")
    assert set(entry.object_id.split(",")) == {str(e.pk) for e in (running, *closed[1:])}
    second = police.get("/samen-op/?page=2").content.decode()
    assert closed[0].reference in second and running.reference in second


def test_the_requests_to_an_addressee_are_listed_unanswered_first_and_logged(world, flow):
    episode = flow.to(flow.start(), Status.MOTORKAPOVERLEG)
    asked = [
        services.episode_consultation_request(
            user=flow.police,
            episode=episode,
            kind="OM_AFSTEMMING",
            addressed_to=world.orgs["OM"],
            question=f"Vraag {i}: welke bevoegdheden zetten we in?",
        )
        for i in range(2)
    ]
    services.consultation_answer(
        user=world.users["OM"], consultation=asked[1], answer="Aanhouden en voorgeleiden."
    )
    html = login(world, "OM").get("/samen-op/").content.decode()
    listed = re.findall(r"/samen-op/raadpleging/(\d+)/", html)
    assert listed == [str(asked[0].pk), str(asked[1].pk)]  # the unanswered one first
    entry = AccessLogEntry.objects.order_by("-seq").first()
    assert (entry.action, entry.object_type) == ("LIST", "samen-op-raadpleging")
    assert entry.object_id == f"{asked[0].pk},{asked[1].pk}"
    # The OM takes part in no episode: it does not see it in the list.
    assert episode.reference not in html.split('id="verzoeken-kop"')[0]


# "Wie bel ik nu?" inside step 1, in the two regions of the seed whose arrangements differ
# (seeding/reachability.py): Rijnveen has a VT office service, piket in the evening and a crisis
# service at night; Dommelvliet has video in the morning, an on-site service 13–22 and nothing
# after that. Monday 9 – Sunday 15 March 2026.
STEP_1_ANSWERS = [
    (
        "2401 AB",
        "2026-03-10 10:00",  # Tuesday, office hours
        "Veilig Thuis Rijnveen",
        "088-5550101",
        [
            "Bel Veilig Thuis Rijnveen (dienst): 088-5550101.",
            "Veilig Thuis kan ter plaatse komen tot 22:00 (dienst tot 17:00, daarna piket).",
        ],
    ),
    (
        "2401 AB",
        "2026-03-10 19:30",  # Tuesday evening
        "Veilig Thuis Rijnveen",
        "088-5550102",
        [
            "Bel Veilig Thuis Rijnveen (piket): 088-5550102.",
            "Veilig Thuis kan ter plaatse komen tot 22:00 (piket).",
        ],
    ),
    (
        "2401 AB",
        "2026-03-10 23:30",  # Tuesday night
        "Veilig Thuis Rijnveen",
        "088-5550100",
        [
            "Bel Veilig Thuis Rijnveen (telefonisch): 088-5550100.",
            "Veilig Thuis kan nu niet ter plaatse komen.",
            "Crisisdienst Jeugd en Gezin Rijnveen komt ter plaatse (088-5550600;",
            "Veilig Thuis kan weer ter plaatse komen vanaf woensdag 09:00.",
        ],
    ),
    (
        "2462 XY",
        "2026-03-10 10:00",  # Tuesday, office hours: video only
        "Veilig Thuis Dommelvliet",
        "088-5551101",
        [
            "Bel Veilig Thuis Dommelvliet (beeldbellen): 088-5551101.",
            "Veilig Thuis kan nu niet ter plaatse komen. Wel beeldbellen tot 13:00.",
            "Veilig Thuis kan weer ter plaatse komen vanaf 13:00.",
        ],
    ),
    (
        "2462 XY",
        "2026-03-10 19:30",  # Tuesday evening
        "Veilig Thuis Dommelvliet",
        "088-5551102",
        [
            "Bel Veilig Thuis Dommelvliet (dienst): 088-5551102.",
            "Veilig Thuis kan ter plaatse komen tot 22:00 (dienst).",
            "Na 22:00: Veilig Thuis alleen telefonisch (088-5551100); niemand komt ter plaatse.",
        ],
    ),
    (
        "2462 XY",
        "2026-03-10 23:30",  # Tuesday night
        "Veilig Thuis Dommelvliet",
        "088-5551100",
        [
            "Bel Veilig Thuis Dommelvliet (telefonisch): 088-5551100.",
            "Veilig Thuis kan nu niet ter plaatse komen.",
            "Veilig Thuis kan weer ter plaatse komen vanaf woensdag 13:00.",
        ],
    ),
]


@pytest.mark.parametrize(("postcode", "moment", "vt", "phone", "sentences"), STEP_1_ANSWERS)
def test_step_1_answers_who_to_call_for_the_incidents_place_and_moment(
    world, flow, monkeypatch, postcode, moment, vt, phone, sentences
):
    """The answer shown in step 1 is that of the incident's postcode at this moment; the call
    form is filled in with the Veilig Thuis and the number it names, and the answer as shown
    is kept with the call."""
    import datetime as dt
    import html as html_lib
    from zoneinfo import ZoneInfo

    from django.utils import timezone

    from voorop.seeding.region import ensure_region

    ensure_region()
    now = dt.datetime.strptime(moment, "%Y-%m-%d %H:%M").replace(
        tzinfo=ZoneInfo("Europe/Amsterdam")
    )
    monkeypatch.setattr(timezone, "now", lambda: now)
    episode = flow.start(postcode=postcode)
    police = login(world, "POLITIE")
    page = html_lib.unescape(police.get(f"/samen-op/{episode.pk}/stap-1/").content.decode())
    answer = page[page.index('data-testid="antwoord"') :]
    answer = answer[: answer.index("</ol>")]
    for sentence in sentences:
        assert sentence in answer, (sentence, answer)
    assert f'name="nummer" value="{phone}"' in page
    selected = re.search(r'<option value="(\d+)" selected>([^<]+)</option>', page)
    assert selected is not None and selected.group(2) == vt
    response = police.post(
        f"/samen-op/{episode.pk}/gesprek/",
        {"gebeld": selected.group(1), "uitkomst": CallOutcome.ON_SITE, "nummer": phone},
    )
    assert response.status_code == 302
    call = CallLog.objects.get()
    assert call.callee_organisation.name == vt and call.phone == phone
    assert sentences[0] in call.reachability_answer


@pytest.mark.parametrize(
    ("moment", "line"),
    [
        ("2026-03-10 10:00", "088-5550500 (Advies over maatregelen in vrijwillig of gedwongen"),
        ("2026-03-10 23:30", "088-5550501 (Na kantooruren: spoedverzoeken OTS en uithuisplaats"),
    ],
)
def test_veilig_thuis_asks_the_raad_on_the_line_reachable_now(
    world, flow, monkeypatch, moment, line
):
    """Step 2 offers the Raad's number that "wie bel ik nu?" gives for the incident's place
    now — after office hours its urgent line for OTS and uithuisplaatsing — and the request
    records it."""
    import datetime as dt
    from zoneinfo import ZoneInfo

    from django.utils import timezone

    from voorop.acuut.models import Consultation
    from voorop.organisations.models import Organisation
    from voorop.seeding.region import ensure_region

    ensure_region()
    now = dt.datetime.strptime(moment, "%Y-%m-%d %H:%M").replace(
        tzinfo=ZoneInfo("Europe/Amsterdam")
    )
    monkeypatch.setattr(timezone, "now", lambda: now)
    episode = flow.to(flow.start(postcode="2401 AB"), Status.MOTORKAPOVERLEG)
    vt = login(world, "VT")
    page = vt.get(f"/samen-op/{episode.pk}/stap-2/").content.decode()
    raad = Organisation.objects.get(code="rvdk-rijnveen-delta")
    assert f'<option value="{raad.pk}" selected>' in page
    value = re.search(r'name="lijn" value="([^"]*)"', page)
    assert value is not None and value.group(1).startswith(line)
    assert 'data-testid="raadpleging-lijnen"' in page
    response = vt.post(
        f"/samen-op/{episode.pk}/raadplegen/",
        {
            "gericht_aan": raad.pk,
            "vraag": "Is een spoedverzoek voorlopige OTS voor de kinderen nodig?",
            "spoedverzoek": "VOORLOPIGE_OTS",
            "buiten_kantooruren": "on",
            "lijn": value.group(1),
            "grondslag": world.bases["avg-6-1-d-vitaal-belang"].pk,
        },
    )
    assert response.status_code == 302
    consultation = Consultation.objects.get()
    assert consultation.line_used.startswith(line[:11])
    assert consultation.urgent_request == "VOORLOPIGE_OTS"


def test_an_order_out_of_range_is_refused_on_its_field(world, flow):
    episode = flow.to(flow.start(), Status.ONDERZOEK)
    response = login(world, "POLITIE").post(
        f"/samen-op/{episode.pk}/onderzoeksafspraak/",
        {"handeling": "SPOREN", "door": world.orgs["POLITIE"].pk, "volgorde": "40000"},
    )
    assert response.status_code == 400
    assert response.context["investigation_form"].errors["volgorde"] == [
        "Zorg ervoor dat deze waarde hoogstens 999 is."
    ]


def test_the_werkvoorraad_shows_open_episodes_and_requests_waiting_for_an_answer(world, flow):
    """Veilig Thuis, once called, finds the episode on its werkvoorraad; the OM finds the
    question addressed to it until it answers; others see neither."""
    episode = flow.to(flow.start(), Status.MOTORKAPOVERLEG)
    question = services.episode_consultation_request(
        user=flow.police,
        episode=episode,
        kind="OM_AFSTEMMING",
        addressed_to=world.orgs["OM"],
        question="Aanhouden van Mark op verdenking van mishandeling?",
    )
    vt = login(world, "VT").get("/").content.decode()
    assert 'data-testid="samen-op-lopend"' in vt and episode.reference in vt
    entries = list(AccessLogEntry.objects.order_by("-seq")[:3])
    assert ("LIST", "samen-op-in-acuut", str(episode.pk)) in {
        (e.action, e.object_type, e.object_id) for e in entries
    }

    om = login(world, "OM")
    page = om.get("/").content.decode()
    assert 'data-testid="samen-op-verzoeken"' in page
    assert f"/samen-op/raadpleging/{question.pk}/" in page
    assert episode.reference not in page  # the OM takes part in no episode
    assert ("LIST", "samen-op-raadpleging", str(question.pk)) in {
        (e.action, e.object_type, e.object_id) for e in AccessLogEntry.objects.order_by("-seq")[:3]
    }
    services.consultation_answer(
        user=world.users["OM"], consultation=question, answer="Ja, aanhouden en voorgeleiden."
    )
    assert 'data-testid="samen-op-werkvoorraad"' not in om.get("/").content.decode()

    for outsider in ("RVDK", "RECLASSERING", "VT_ANDER", "POLITIE_ANDER"):
        page = login(world, outsider).get("/").content.decode()
        assert 'data-testid="samen-op-werkvoorraad"' not in page, outsider


def test_every_input_on_step_1_has_a_name_of_its_own(world, flow):
    """Several small forms (one per organisation) on one page: each input's label says which
    organisation it is about, so a screen reader user can tell them apart."""
    episode = flow.start()
    flow.call(episode)
    html = login(world, "POLITIE").get(f"/samen-op/{episode.pk}/stap-1/").content.decode()
    labels = re.findall(r'<label class="utrecht-form-label" for="[^"]+">([^<]+)</label>', html)
    assert len(labels) == len(set(labels)), labels
    assert "Toelichting bij het vertrek van Veilig Thuis Testregio (optioneel)" in labels
    assert "Tijdstip aankomst Politie Eenheid Test" in labels
