""" "Wie bel ik nu?" in the two demo regions, whose arrangements differ on purpose
(``seeding/reachability.py``):

- Rijnveen: VT on site from the office on working days 09–17, piket Mon–Thu 17–22 and
  Friday 17–02, a crisis service on site day and night.
- Dommelvliet: VT by video on working days 09–13, on site 13–22, nobody on site otherwise.

The week used: Monday 9 March 2026 – Sunday 15 March 2026.
"""

from __future__ import annotations

import pytest

from voorop.organisations.models import Region
from voorop.reachability.models import Channel, ContactPerson, ReachabilityArrangement
from voorop.reachability.selectors import resolve_place, who_to_call
from voorop.reachability.tests.conftest import at

pytestmark = pytest.mark.django_db

VT_RIJNVEEN = "Bel Veilig Thuis Rijnveen"
CRISIS = (
    "Crisisdienst Jeugd en Gezin Rijnveen komt ter plaatse (088-5550600; jeugdigen tot 23 jaar; "
    "volwassenen als een huisverbod wordt overwogen)"
)
AFTER_RIJNVEEN = f"Na 22:00: Veilig Thuis alleen telefonisch (088-5550100); {CRISIS}."

EXPECTED = {
    # --- Rijnveen ---------------------------------------------------------------------------
    ("vt-regio-rijnveen", "2026-03-10 10:00"): [  # Tuesday, office hours
        "Bel Veilig Thuis Rijnveen (dienst): 088-5550101.",
        "Veilig Thuis kan ter plaatse komen tot 22:00 (dienst tot 17:00, daarna piket).",
        AFTER_RIJNVEEN,
    ],
    ("vt-regio-rijnveen", "2026-03-10 19:30"): [  # Tuesday evening: piket
        "Bel Veilig Thuis Rijnveen (piket): 088-5550102.",
        "Veilig Thuis kan ter plaatse komen tot 22:00 (piket).",
        AFTER_RIJNVEEN,
    ],
    ("vt-regio-rijnveen", "2026-03-10 23:30"): [  # Tuesday night
        "Bel Veilig Thuis Rijnveen (telefonisch): 088-5550100.",
        "Veilig Thuis kan nu niet ter plaatse komen.",
        f"{CRISIS}.",
        "Veilig Thuis kan weer ter plaatse komen vanaf woensdag 09:00.",
    ],
    ("vt-regio-rijnveen", "2026-03-13 23:30"): [  # Friday night: piket until 02:00
        "Bel Veilig Thuis Rijnveen (piket): 088-5550102.",
        "Veilig Thuis kan ter plaatse komen tot zaterdag 02:00 (piket).",
        f"Na 02:00: Veilig Thuis alleen telefonisch (088-5550100); {CRISIS}.",
    ],
    ("vt-regio-rijnveen", "2026-03-14 01:30"): [  # Saturday 01:30: still Friday's piket
        "Bel Veilig Thuis Rijnveen (piket): 088-5550102.",
        "Veilig Thuis kan ter plaatse komen tot 02:00 (piket).",
        f"Na 02:00: Veilig Thuis alleen telefonisch (088-5550100); {CRISIS}.",
    ],
    ("vt-regio-rijnveen", "2026-03-15 12:00"): [  # Sunday
        "Bel Veilig Thuis Rijnveen (telefonisch): 088-5550100.",
        "Veilig Thuis kan nu niet ter plaatse komen.",
        f"{CRISIS}.",
        "Veilig Thuis kan weer ter plaatse komen vanaf maandag 09:00.",
    ],
    # --- Dommelvliet ------------------------------------------------------------------------
    ("vt-regio-dommelvliet", "2026-03-10 10:00"): [  # Tuesday morning: video only
        "Bel Veilig Thuis Dommelvliet (beeldbellen): 088-5551101.",
        "Veilig Thuis kan nu niet ter plaatse komen. Wel beeldbellen tot 13:00.",
        "Veilig Thuis kan weer ter plaatse komen vanaf 13:00.",
    ],
    ("vt-regio-dommelvliet", "2026-03-10 19:30"): [  # Tuesday evening: on site until 22:00
        "Bel Veilig Thuis Dommelvliet (dienst): 088-5551102.",
        "Veilig Thuis kan ter plaatse komen tot 22:00 (dienst).",
        "Na 22:00: Veilig Thuis alleen telefonisch (088-5551100); niemand komt ter plaatse.",
    ],
    ("vt-regio-dommelvliet", "2026-03-10 23:30"): [  # Tuesday night
        "Bel Veilig Thuis Dommelvliet (telefonisch): 088-5551100.",
        "Veilig Thuis kan nu niet ter plaatse komen.",
        "Veilig Thuis kan weer ter plaatse komen vanaf woensdag 13:00.",
    ],
    ("vt-regio-dommelvliet", "2026-03-14 01:30"): [  # Saturday night: no piket here
        "Bel Veilig Thuis Dommelvliet (telefonisch): 088-5551100.",
        "Veilig Thuis kan nu niet ter plaatse komen.",
        "Veilig Thuis kan weer ter plaatse komen vanaf maandag 13:00.",
    ],
    ("vt-regio-dommelvliet", "2026-03-15 12:00"): [  # Sunday
        "Bel Veilig Thuis Dommelvliet (telefonisch): 088-5551100.",
        "Veilig Thuis kan nu niet ter plaatse komen.",
        "Veilig Thuis kan weer ter plaatse komen vanaf maandag 13:00.",
    ],
}


@pytest.mark.parametrize(("region_code", "moment"), list(EXPECTED))
def test_the_answer_in_words(region, region_code, moment):
    place = Region.objects.get(code=region_code)
    assert who_to_call(place=place, moment=at(moment)).sentences == EXPECTED[(region_code, moment)]


def test_parts_of_the_answer_in_rijnveen_on_a_weekday_evening(region):
    answer = who_to_call(
        place=Region.objects.get(code="vt-regio-rijnveen"), moment=at("2026-03-10 19:30")
    )
    assert answer.vt is not None and answer.vt.code == "vt-rijnveen"
    assert answer.vt_can_come
    assert answer.vt_on_site.until == at("2026-03-10 22:00")
    assert answer.call_first.channel == Channel.PIKET
    assert answer.later is not None and answer.later.at == at("2026-03-10 22:00")
    assert [o.organisation.code for o in answer.later.on_site] == ["crisisdienst-rijnveen"]
    # Every line reachable now, Veilig Thuis first; the Raad on its after-hours number.
    assert [(line.organisation.code, line.channel, line.phone) for line in answer.lines] == [
        ("vt-rijnveen", Channel.PIKET, "088-5550102"),
        ("vt-rijnveen", Channel.TELEFOON, "088-5550100"),
        ("crisisdienst-rijnveen", Channel.CRISISTEAM, "088-5550600"),
        ("rvdk-rijnveen-delta", Channel.TELEFOON, "088-5550501"),
        ("om-rijnveen-delta", Channel.TELEFOON, "088-5550300"),
        ("reclassering-rijnveen-delta", Channel.TELEFOON, "088-5550400"),
    ]
    rvdk = answer.lines[3]
    assert rvdk.until == at("2026-03-11 09:00")  # after hours, until the office opens
    assert answer.lines[1].until is None  # 24/7
    assert {p.name for p in answer.contact_persons} == {"Marieke Dijkstra", "Ruud van Leeuwen"}


def test_dommelvliet_has_video_in_the_morning_and_its_own_kartrekker(region):
    answer = who_to_call(
        place=Region.objects.get(code="vt-regio-dommelvliet"), moment=at("2026-03-10 10:00")
    )
    assert not answer.vt_can_come
    assert answer.vt_video is not None and answer.vt_video.until == at("2026-03-10 13:00")
    assert answer.vt_next_on_site == at("2026-03-10 13:00")
    assert answer.others_on_site == []
    assert [p.name for p in answer.contact_persons] == ["Samira El Idrissi"]


@pytest.mark.parametrize(
    ("place", "vt_code", "label"),
    [
        ("2401 AB", "vt-rijnveen", "postcode 2401 AB (Rijnveen)"),
        ("2401", "vt-rijnveen", "postcode 2401 (Rijnveen)"),
        ("2455ab", "vt-rijnveen", "postcode 2455AB (Kreekdijk)"),
        ("Vlietdorp", "vt-dommelvliet", "Vlietdorp"),
        ("zandhoeve", "vt-dommelvliet", "Zandhoeve"),
        ("2462 XY", "vt-dommelvliet", "postcode 2462 XY (Dommelvliet)"),
    ],
)
def test_a_postcode_or_municipality_finds_its_regions(region, place, vt_code, label):
    answer = who_to_call(place=place, moment=at("2026-03-10 19:30"))
    assert answer.vt is not None and answer.vt.code == vt_code
    assert answer.place.label == label


def test_a_basisteam_finds_its_vt_region_through_the_working_areas(region):
    resolved = resolve_place(Region.objects.get(code="basisteam-rijnveen-oost"))
    codes = {r.code for r in resolved.regions}
    assert {
        "basisteam-rijnveen-oost",
        "politie-eenheid-rijnveen-delta",
        "vt-regio-rijnveen",
    } <= codes
    assert "vt-regio-dommelvliet" not in codes


@pytest.mark.parametrize("place", ["Nergenshuizen", "9999", ""])
def test_an_unknown_place_gets_the_national_number(region, place):
    answer = who_to_call(place=place, moment=at("2026-03-10 19:30"))
    assert not answer.place.known and answer.lines == []
    assert answer.sentences == [
        "Voor deze plaats en dit moment zijn geen afspraken over de bereikbaarheid van Veilig "
        "Thuis bekend. Bel het landelijke nummer van Veilig Thuis: 0800-2000."
    ]


def test_inactive_and_expired_arrangements_do_not_count(region):
    dommelvliet = Region.objects.get(code="vt-regio-dommelvliet")
    ReachabilityArrangement.objects.filter(region=dommelvliet, channel=Channel.VIDEO).update(
        active=False
    )
    ReachabilityArrangement.objects.filter(region=dommelvliet, channel=Channel.TER_PLAATSE).update(
        valid_until="2026-03-01"
    )
    answer = who_to_call(place=dommelvliet, moment=at("2026-03-10 19:30"))
    assert answer.sentences == [
        "Bel Veilig Thuis Dommelvliet (telefonisch): 088-5551100.",
        "Veilig Thuis kan nu niet ter plaatse komen.",
        "Veilig Thuis komt volgens de afspraken deze week niet ter plaatse.",
    ]


def test_vt_on_site_day_and_night(region):
    rijnveen = Region.objects.get(code="vt-regio-rijnveen")
    vt = region["vt-rijnveen"]
    ReachabilityArrangement.objects.create(
        region=rijnveen,
        organisation=vt,
        channel=Channel.CRISISTEAM,
        weekdays=list(range(7)),
        time_from="00:00",
        time_until="00:00",
        phone="088-5550199",
    )
    answer = who_to_call(place=rijnveen, moment=at("2026-03-15 04:00"))
    assert answer.vt_on_site is not None and answer.vt_on_site.until is None
    assert answer.sentences[:2] == [
        "Bel Veilig Thuis Rijnveen (crisisteam): 088-5550199.",
        "Veilig Thuis kan ter plaatse komen, dag en nacht.",
    ]


def test_kartrekkers_that_left_are_not_shown(region):
    ContactPerson.objects.filter(name="Ruud van Leeuwen").update(active=False)
    answer = who_to_call(place="Rijnveen", moment=at("2026-03-10 10:00"))
    assert [p.name for p in answer.contact_persons] == ["Marieke Dijkstra"]


def test_seeding_again_leaves_the_arrangements_as_they_are(region):
    from voorop.seeding.region import ensure_region

    count = ReachabilityArrangement.objects.count()
    ReachabilityArrangement.objects.filter(phone="088-5550102").update(phone="088-5550999")
    ensure_region()
    assert ReachabilityArrangement.objects.count() == count
    assert ReachabilityArrangement.objects.filter(phone="088-5550999").count() == 2
