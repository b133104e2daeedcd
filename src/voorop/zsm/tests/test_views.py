"""The ZSM pages: the queue sorted by time left with the clock, the case page per role, and the
release conflict shown on the page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from voorop.accounts.models import RoleCode
from voorop.audit.models import AccessLogEntry
from voorop.core.testing.factories import TEST_PASSWORD
from voorop.zsm import services
from voorop.zsm.choices import Status
from voorop.zsm.models import ZsmCase

pytestmark = pytest.mark.django_db


def login(user) -> Client:
    client = Client()
    assert client.login(username=user.username, password=TEST_PASSWORD)
    return client


def test_index_redirects_to_the_only_location(zsm):
    response = login(zsm.users["OM"]).get(reverse("zsm:index"))
    assert response.status_code == 302
    assert response.url == reverse("zsm:queue", args=[zsm.location.code])


def test_queue_sorted_by_time_left_with_the_clock(zsm, django_assert_max_num_queries):
    later = zsm.case()
    sooner = zsm.case()
    ZsmCase.objects.filter(pk=sooner.pk).update(due_at=timezone.now() + dt.timedelta(minutes=30))
    ZsmCase.objects.filter(pk=later.pk).update(due_at=timezone.now() + dt.timedelta(hours=8))
    client = login(zsm.users["OM"])
    with django_assert_max_num_queries(20):
        response = client.get(reverse("zsm:queue", args=[zsm.location.code]))
    body = response.content.decode()
    assert response.status_code == 200
    assert body.index(sooner.reference) < body.index(later.reference)
    assert "nog 0:2" in body or "nog 0:3" in body  # the clock, 30 minutes left
    assert "nog 7:5" in body or "nog 8:0" in body
    assert AccessLogEntry.objects.filter(action="LIST", object_type="zsm-werkvoorraad").exists()
    assert "al bekend waren bij Veilig Thuis: 2 van 2" in body


def test_case_page_per_role(zsm):
    case = zsm.case(label_hg=False)
    pages = {
        who: login(zsm.users[who]).get(reverse("zsm:case", args=[case.pk])).content.decode()
        for who in ("VT", "OM", "RECLASSERING", "RVDK", "POLITIE")
    }
    assert "Mogelijk huiselijk geweld" in pages["OM"]
    assert "Advies vastleggen" in pages["RECLASSERING"] and "Advies vastleggen" not in pages["OM"]
    assert "Verdachte vrijgelaten" in pages["OM"] and "Verdachte vrijgelaten" not in pages["RVDK"]
    assert "meerderjarige verdachte" in pages["RVDK"]
    assert AccessLogEntry.objects.filter(action="VIEW", object_type="zsm-zaak").count() == 5


def test_release_conflict_is_shown(zsm):
    case = zsm.case(acute=True)
    response = login(zsm.users["OM"]).post(reverse("zsm:release", args=[case.pk]))
    assert response.status_code == 400
    assert "Conflict: er is acute onveiligheid" in response.content.decode()
    case.refresh_from_db()
    assert case.suspect_released_at is None


def test_flow_through_the_pages(zsm):
    case = zsm.case()
    om = login(zsm.users["OM"])
    assert om.post(reverse("zsm:take_up", args=[case.pk])).status_code == 302
    reclassering = login(zsm.users["RECLASSERING"])
    response = reclassering.post(
        reverse("zsm:advice", args=[case.pk]),
        {
            "advice": "Contactverbod, meldplicht.",
            "builds_on_vt": "on",
            "coordinated_with_vt": "on",
            "coordination_minutes": "12",
        },
    )
    assert response.status_code == 302
    response = om.post(
        reverse("zsm:delay", args=[case.pk]),
        {
            "delay_to": "VERDIEPINGSTAFEL",
            "delay_until": (timezone.localdate() + dt.timedelta(days=3)).isoformat(),
            "note": "Eerst verdiepingstafel.",
        },
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == Status.UITGESTELD
    response = om.post(reverse("zsm:return", args=[case.pk]))
    assert response.status_code == 400 and "komt pas op" in response.content.decode()
    services.zsm_case_return(
        user=zsm.users["OM2"], case=case, at=timezone.now() + dt.timedelta(days=3, hours=1)
    )
    body = login(zsm.users["OM2"]).get(reverse("zsm:case", args=[case.pk])).content.decode()
    assert "Eerst verdiepingstafel." in body and "Terug van Verdiepingstafel" in body


def test_afstemmingsoverleg_through_the_page(zsm):
    case = zsm.case()
    response = login(zsm.users["OM"]).post(
        reverse("zsm:overleg", args=[case.pk]),
        {
            "vt_presence": "TELEFONISCH",
            "summary": "VT telefonisch: contactverbod past bij de voorwaarden.",
            "organisations": [zsm.orgs["VT"].pk, zsm.orgs["RECLASSERING"].pk],
        },
    )
    assert response.status_code == 302
    overleg = case.overleggen.get()
    assert {o.kind for o in overleg.organisations.all()} == {"OM", "VT", "RECLASSERING"}
    body = login(zsm.users["VT"]).get(reverse("zsm:case", args=[case.pk])).content.decode()
    assert "Veilig Thuis telefonisch" in body


def test_queue_queries_do_not_grow_with_the_cases(zsm, django_assert_max_num_queries):
    """No query per case on the queue page: ten times the cases, the same number of queries."""
    client = login(zsm.users["OM"])
    url = reverse("zsm:queue", args=[zsm.location.code])
    zsm.case()
    with django_assert_max_num_queries(30) as few:
        client.get(url)
    for _ in range(9):
        zsm.case(label_hg=False)
    delayed = zsm.case()
    services.zsm_case_take_up(user=zsm.users["OM"], case=delayed)
    services.zsm_delay(
        user=zsm.users["OM"],
        case=delayed,
        delay_to="HG_SPREEKUUR",
        delay_until=timezone.localdate() + dt.timedelta(days=2),
        note="Na het spreekuur.",
    )
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert response.content.decode().count('data-testid="zsm-zaak-') == 10


def test_case_page_queries_are_bounded(zsm, django_assert_max_num_queries):
    case = zsm.case()
    for n in range(3):
        services.zsm_advice_record(
            user=zsm.users["RECLASSERING"],
            case=case,
            advice=f"Advies {n}",
            builds_on_vt=False,
            coordinated_with_vt=False,
        )
    client = login(zsm.users["OM"])
    with django_assert_max_num_queries(45) as few:
        client.get(reverse("zsm:case", args=[case.pk]))
    for n in range(5):
        services.zsm_overleg_record(
            user=zsm.users["OM"],
            case=case,
            vt_presence="FYSIEK",
            organisations=[zsm.orgs["OM"], zsm.orgs["VT"]],
            summary=f"Overleg {n}",
        )
    with django_assert_max_num_queries(len(few.captured_queries) + 1):
        client.get(reverse("zsm:case", args=[case.pk]))


def test_history_shows_dutch_status_names(zsm):
    case = zsm.case()
    services.zsm_case_take_up(user=zsm.users["OM"], case=case)
    body = login(zsm.users["OM"]).get(reverse("zsm:case", args=[case.pk])).content.decode()
    assert "→ In behandeling" in body and "IN_BEHANDELING<" not in body


def test_returned_case_shows_the_handover_and_the_new_officier_receives_it(zsm):
    case = zsm.case()
    services.zsm_case_take_up(user=zsm.users["OM"], case=case)
    services.zsm_delay(
        user=zsm.users["OM"],
        case=case,
        delay_to="VERDIEPINGSTAFEL",
        delay_until=timezone.localdate() + dt.timedelta(days=3),
        note="Besluit na de verdiepingstafel; 3RO spreekt de verdachte.",
    )
    services.zsm_case_return(
        user=zsm.users["OM2"], case=case, at=timezone.now() + dt.timedelta(days=3, hours=1)
    )
    client = login(zsm.users["OM2"])
    body = client.get(reverse("zsm:case", args=[case.pk])).content.decode()
    assert 'data-testid="overdracht"' in body
    assert "Olga Officier stelde de zaak uit naar Verdiepingstafel" in body
    assert client.post(reverse("zsm:take_up", args=[case.pk])).status_code == 302
    taken = case.events.filter(to_status=Status.IN_BEHANDELING).last()
    assert taken.note.startswith("Overdracht van Olga Officier aan Otto Dienst: Besluit na")
    body = client.get(reverse("zsm:case", args=[case.pk])).content.decode()
    assert "Overdracht van Olga Officier aan Otto Dienst" in body


def test_hg_confirmed_on_the_page_records_the_vt_melding_like_intake(zsm):
    case = zsm.case(label_hg=False)
    response = login(zsm.users["POLITIE"]).post(reverse("zsm:hg_confirm", args=[case.pk]))
    assert response.status_code == 302
    case.refresh_from_db()
    vt_melding = case.vt_melding
    assert case.hg_label == "BEVESTIGD" and vt_melding.label_hg
    assert vt_melding.source_organisation == zsm.orgs["VT"]
    assert vt_melding.follows_from_id == case.melding_id
    assert vt_melding.route_advice.exists()
    created = AccessLogEntry.objects.get(
        object_type="melding", object_id=str(vt_melding.pk), action="CREATE"
    )
    assert created.username == zsm.users["POLITIE"].username
    assert "HG bevestigd op ZSM" in created.purpose
    # A VT melding does not enter ZSM itself.
    assert not ZsmCase.objects.filter(melding=vt_melding).exists()


def test_overleg_with_an_outsider_is_refused_on_the_page(zsm):
    from voorop.core.testing import factories as f

    case = zsm.case()
    outsider = f.OrganisationFactory(code="gemeente-x", name="Gemeente X", kind="GEMEENTE")
    response = login(zsm.users["OM"]).post(
        reverse("zsm:overleg", args=[case.pk]),
        {"vt_presence": "AFWEZIG", "summary": "Besproken.", "organisations": [outsider.pk]},
    )
    assert response.status_code == 400
    assert "Geen ZSM-partner op deze locatie: Gemeente X" in response.content.decode()
    assert not case.overleggen.exists()


def test_vt_link_refusal_is_dutch(zsm):
    case = zsm.case()
    response = login(zsm.users["VT"]).post(
        reverse("zsm:link", args=[case.pk]), {"beoordeling": "999999"}
    )
    assert response.status_code == 400
    assert "Kies een eigen veiligheidsbeoordeling." in response.content.decode()


@pytest.mark.parametrize("role", [RoleCode.PRIVACY_OFFICER, RoleCode.FUNCTIONEEL_BEHEERDER])
def test_privacy_officer_and_beheerder_read_along_but_do_not_record(zsm, user_for, role):
    """As in every workflow (ADR 0009): the case page without forms, and the services refuse."""
    case = zsm.case()
    reader = user_for(zsm.orgs["OM"], roles=[role], username=f"zsm.{role.lower()}")
    client = login(reader)
    page = client.get(reverse("zsm:case", args=[case.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Zaak oppakken" not in html and "HG bevestigen" not in html
    assert "Overleg vastleggen" not in html and "Verdachte vrijgelaten" not in html
    response = client.post(reverse("zsm:take_up", args=[case.pk]))
    assert response.status_code == 400
    assert "lezen mee" in response.content.decode()
    case.refresh_from_db()
    assert case.status == Status.INSTROOM
    with pytest.raises(PermissionDenied):
        services.zsm_case_take_up(user=reader, case=case)
