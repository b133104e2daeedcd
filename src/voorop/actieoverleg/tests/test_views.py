"""Pages of the actieoverleg: the chair walks a meeting with three cases, police and OM see
the agenda and their agreements; every page 404s (logged as DENIED) for whoever may not see
it — 3RO and RvdK when not invited, everyone but the chair for the chair's pages."""

from __future__ import annotations

import datetime as dt
import html

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from voorop.accounts.models import RoleCode
from voorop.actieoverleg import selectors, services, views
from voorop.actieoverleg.models import (
    ItemStatus,
    MeetingStatus,
    OmDecisionKind,
    Participation,
    SubmissionStatus,
)
from voorop.audit.models import AccessAction, AccessLogEntry, AccessOutcome
from voorop.core.testing import factories as f
from voorop.meldingen.models import MeldingKind

from .conftest import ALL_MET

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return html.unescape(response.content.decode())


def last_entry(user) -> AccessLogEntry:
    return AccessLogEntry.objects.filter(username=user.username).latest("seq")


@pytest.fixture
def scheduled(ao):
    """A planned meeting with ``family`` on it (3RO invited; RvdK not)."""
    meeting = ao.meeting()
    item = ao.schedule(meeting)
    return meeting, item


def item_urls(item) -> list[tuple[str, str]]:
    gets = [("get", reverse("actieoverleg:item", args=[item.pk]))]
    posts = [
        ("post", reverse(f"actieoverleg:{name}", args=[item.pk]))
        for name in (
            "item_respond",
            "item_act",
            "item_agreement",
            "item_om_decision",
            "item_disagreement",
            "item_mda",
            "item_discussed",
            "item_share",
            "item_handover",
        )
    ]
    return gets + posts


def meeting_urls(meeting) -> list[tuple[str, str]]:
    return [
        ("get", reverse("actieoverleg:meeting", args=[meeting.pk])),
        ("get", reverse("actieoverleg:meeting_ics", args=[meeting.pk])),
        ("get", reverse("actieoverleg:minutes", args=[meeting.pk])),
    ]


def chair_urls(meeting) -> list[tuple[str, str]]:
    return [
        ("post", reverse("actieoverleg:meeting_start", args=[meeting.pk])),
        ("post", reverse("actieoverleg:meeting_finish", args=[meeting.pk])),
    ]


# --- forbidden ------------------------------------------------------------------------------------


def test_rvdk_not_invited_gets_404_everywhere(client, ao, scheduled):
    meeting, item = scheduled
    user = ao.users["RVDK"]
    client.force_login(user)
    for method, url in item_urls(item) + meeting_urls(meeting) + chair_urls(meeting):
        response = getattr(client, method)(url)
        assert response.status_code == 404, url
    entry = last_entry(user)
    assert entry.outcome == AccessOutcome.DENIED


@pytest.mark.parametrize("kind", ["RECLASSERING", "RVDK"])
def test_3ro_and_rvdk_not_invited_to_a_case_get_404(client, ao, scheduled, kind):
    """Another case on the same agenda without them: its pages 404 for both."""
    meeting, _item = scheduled
    other = ao.schedule(meeting, ao.scenario.vt_only_family, by="CHAIR", position=1)
    client.force_login(ao.users[kind])
    for method, url in item_urls(other):
        assert getattr(client, method)(url).status_code == 404, url
    response = client.get(reverse("actieoverleg:meeting", args=[meeting.pk]))
    if kind == "RECLASSERING":
        assert response.status_code == 200
        assert ao.scenario.vt_only_family.name not in text(response)
        assert ao.family.name in text(response)
    else:
        assert response.status_code == 404


@pytest.mark.parametrize("kind", ["VT", "POLITIE", "OM", "RECLASSERING"])
def test_only_the_chair_runs_the_meeting(client, ao, scheduled, kind):
    meeting, _item = scheduled
    client.force_login(ao.users[kind])
    for _method, url in chair_urls(meeting):
        assert client.post(url).status_code == 404, url
    assert client.get(reverse("actieoverleg:meeting_create")).status_code == 404
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.GEPLAND


@pytest.mark.parametrize("kind", ["OM", "RECLASSERING", "RVDK"])
def test_submission_pages_404_for_organisations_not_party_to_it(client, ao, kind):
    submission = ao.submit()
    client.force_login(ao.users[kind])
    assert client.get(reverse("actieoverleg:submission", args=[submission.pk])).status_code == 404
    assert client.post(reverse("actieoverleg:submission", args=[submission.pk])).status_code == 404


@pytest.mark.parametrize("kind", ["OM", "RECLASSERING", "RVDK"])
def test_submitting_a_family_the_organisation_cannot_see_404s(client, ao, kind):
    client.force_login(ao.users[kind])
    url = reverse("actieoverleg:submit", args=[ao.scenario.vt_only_family.pk])
    assert client.get(url).status_code == 404


def test_the_submitter_cannot_decide(client, ao):
    submission = ao.submit()
    client.force_login(ao.users["POLITIE"])
    url = reverse("actieoverleg:submission", args=[submission.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"action": "afwijzen"}).status_code == 404


def test_users_outside_the_partners_see_nothing(client, ao, scheduled):
    meeting, item = scheduled
    gemeente = f.OrganisationFactory(code="gemeente-ao", kind="GEMEENTE")
    user = f.UserFactory(organisation=gemeente, username="gemeente.ao")
    client.force_login(user)
    for method, url in item_urls(item) + meeting_urls(meeting):
        assert getattr(client, method)(url).status_code == 404, url
    assert client.get(reverse("actieoverleg:overview")).status_code == 404
    assert client.get(reverse("actieoverleg:follow_up")).status_code == 404


def test_anonymous_is_sent_to_login(client, scheduled):
    meeting, _item = scheduled
    response = client.get(reverse("actieoverleg:meeting", args=[meeting.pk]))
    assert response.status_code in (302, 404)


# --- the whole flow through the pages -------------------------------------------------------------


def test_submit_decide_and_run_a_meeting_with_three_cases(client, ao):
    # Three families with a VT melding; police submits one through the page.
    second = ao.scenario.vt_only_family
    third = f.FamilySystemFactory(recorded_by=ao.orgs["VT"], name="Gezin Bakker")
    f.MeldingFactory(
        source_organisation=ao.orgs["VT"],
        family_system=third,
        kind=MeldingKind.VT_MELDING,
        occurred_at=timezone.now() - dt.timedelta(days=3, hours=2),
        received_at=timezone.now() - dt.timedelta(days=3),
    )
    f.InvolvementFactory(family_system=third, organisation=ao.orgs["VT"])

    client.force_login(ao.users["POLITIE"])
    response = client.post(
        reverse("actieoverleg:submit", args=[ao.family.pk]), {"reason": "Aangifte loopt."}
    )
    assert response.status_code == 302
    client.force_login(ao.chair)
    for family in (second, third):
        client.post(reverse("actieoverleg:submit", args=[family.pk]), {"reason": "Samenloop."})
    overview = client.get(reverse("actieoverleg:overview"))
    assert "langer dan een week" in text(overview)  # the police case waits 20 days

    client.post(
        reverse("actieoverleg:meeting_create"),
        {
            "starts_at": "2030-01-07T10:00",
            "ends_at": "2030-01-07T13:00",
            "location": "Zaal 1",
            "standing_organisations": [ao.orgs["POLITIE"].pk, ao.orgs["OM"].pk],
        },
    )
    meeting = services.Meeting.objects.get()
    for n, submission in enumerate(services.Submission.objects.order_by("pk")):
        start = f"2030-01-07T{10 + n}:00"
        response = client.post(
            reverse("actieoverleg:submission", args=[submission.pk]),
            {
                "action": "agenderen",
                "meeting": meeting.pk,
                "slot_start": start,
                "slot_end": f"2030-01-07T{10 + n}:30",
                **{k: "on" for k in ALL_MET},
            },
        )
        assert response.status_code == 302, text(response)
    items = list(meeting.items.order_by("position"))
    assert len(items) == 3

    # Police and OM see the agenda in advance (step 0) and respond.
    for kind in ("POLITIE", "OM"):
        client.force_login(ao.users[kind])
        page = client.get(reverse("actieoverleg:meeting", args=[meeting.pk]))
        assert page.status_code == 200
        assert text(page).count('data-testid="agendapunt"') == 3
        client.post(
            reverse("actieoverleg:item_respond", args=[items[0].pk]), {"response": "VOORBEREID"}
        )
    ics = client.get(reverse("actieoverleg:meeting_ics", args=[meeting.pk]))
    calendar = Calendar.from_ical(ics.content)
    assert len(calendar.walk("VEVENT")) == 4
    assert b"\r\n" in ics.content
    assert ao.family.name.encode() not in ics.content

    # The chair walks the agenda.
    client.force_login(ao.chair)
    client.post(reverse("actieoverleg:meeting_start", args=[meeting.pk]))
    due = (timezone.localdate() + dt.timedelta(days=7)).isoformat()
    for item in items:
        r = client.post(
            reverse("actieoverleg:item_act", args=[item.pk]),
            {
                "description": "Politie hoort moeder",
                "owner_organisation": ao.orgs["POLITIE"].pk,
                "due_on": due,
            },
        )
        assert r.status_code == 302, text(r)
        client.post(
            reverse("actieoverleg:item_agreement", args=[item.pk]),
            {
                "topic": "INFORMEREN",
                "description": "OM informeert VT over het besluit",
                "owner_organisation": ao.orgs["OM"].pk,
                "due_on": due,
            },
        )
    client.force_login(ao.users["OM"])
    r = client.post(
        reverse("actieoverleg:item_om_decision", args=[items[0].pk]),
        {"decision": OmDecisionKind.STRAFRECHTELIJK, "rationale": "Vervolgen."},
    )
    assert r.status_code == 302
    client.force_login(ao.users["POLITIE"])
    r = client.post(
        reverse("actieoverleg:item_om_decision", args=[items[0].pk]),
        {"decision": OmDecisionKind.NIET_STRAFRECHTELIJK},
    )
    assert r.status_code == 400
    assert "Alleen het OM" in text(r)

    client.force_login(ao.chair)
    client.post(reverse("actieoverleg:item_mda", args=[items[2].pk]), {"route": "MDA++ via ZVH"})
    for item in items:
        r = client.post(
            reverse("actieoverleg:item_discussed", args=[item.pk]), {"handover": "VT regie."}
        )
        assert r.status_code == 302
    client.post(reverse("actieoverleg:meeting_finish", args=[meeting.pk]))
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.AFGEROND
    assert all(i.status == ItemStatus.BESPROKEN for i in meeting.items.all())
    assert set(services.Submission.objects.values_list("status", flat=True)) == {
        SubmissionStatus.BESPROKEN
    }

    # Minutes: participants only, each its own items.
    minutes = client.get(reverse("actieoverleg:minutes", args=[meeting.pk]))
    assert text(minutes).count('data-testid="verslag-punt"') == 3
    assert "Strafrechtelijk oppakken" in text(minutes)
    assert last_entry(ao.chair).action == AccessAction.PRINT
    client.force_login(ao.users["RECLASSERING"])
    minutes = client.get(reverse("actieoverleg:minutes", args=[meeting.pk]))
    assert text(minutes).count('data-testid="verslag-punt"') == 1

    # Follow-up: police sees its open agreements.
    client.force_login(ao.users["POLITIE"])
    follow = client.get(reverse("actieoverleg:follow_up"))
    assert text(follow).count("Politie hoort moeder") == 3


def test_family_page_offers_submission(client, ao):
    client.force_login(ao.users["POLITIE"])
    page = client.get(reverse("persons:family_detail", args=[ao.family.pk]))
    assert page.status_code == 200
    assert reverse("actieoverleg:submit", args=[ao.family.pk]) in text(page)


def test_running_meeting_item_page_for_invited_3ro(client, ao, scheduled):
    meeting, item = scheduled
    services.meeting_start(user=ao.chair, meeting=meeting)
    client.force_login(ao.users["RECLASSERING"])
    page = client.get(reverse("actieoverleg:item", args=[item.pk]))
    assert page.status_code == 200
    assert last_entry(ao.users["RECLASSERING"]).action == AccessAction.VIEW
    r = client.post(
        reverse("actieoverleg:item_disagreement", args=[item.pk]),
        {"description": "3RO ziet meer in toezicht."},
    )
    assert r.status_code == 302
    assert item.disagreements.count() == 1
    services.submission_reject  # noqa: B018 - the module is what the pages call


def test_step_1_share_information_through_the_page(client, ao, scheduled):
    meeting, item = scheduled
    services.meeting_start(user=ao.chair, meeting=meeting)
    melding = ao.scenario.meldingen["POLITIE"][0]
    client.force_login(ao.users["POLITIE"])
    response = client.post(
        reverse("actieoverleg:item_share", args=[item.pk]),
        {
            "to_organisation": ao.orgs["OM"].pk,
            "legal_basis": ao.bases["politie-wpg-16-1-a"].pk,
            "necessity": "Voorbereiding vervolgbeslissing.",
            "meldingen": [melding.pk],
            "field_groups": ["KERN"],
            "interpretation": "Escalerend patroon.",
        },
    )
    assert response.status_code == 302, text(response)
    shared = item.shared_information.get()
    assert shared.disclosure.to_organisation == ao.orgs["OM"]
    page = client.get(reverse("actieoverleg:item", args=[item.pk]))
    assert "Escalerend patroon." in text(page)


def test_sharing_someone_elses_melding_is_refused(client, ao, scheduled):
    meeting, item = scheduled
    services.meeting_start(user=ao.chair, meeting=meeting)
    vt_melding = ao.scenario.meldingen["VT"][0]
    client.force_login(ao.users["POLITIE"])
    response = client.post(
        reverse("actieoverleg:item_share", args=[item.pk]),
        {
            "to_organisation": ao.orgs["OM"].pk,
            "legal_basis": ao.bases["politie-wpg-16-1-a"].pk,
            "necessity": "x",
            "meldingen": [vt_melding.pk],
            "field_groups": ["KERN"],
        },
    )
    assert response.status_code == 400
    assert not item.shared_information.exists()


@pytest.mark.parametrize("kind", ["VT", "POLITIE", "OM", "RECLASSERING"])
def test_only_the_chair_hands_over(client, ao, scheduled, kind):
    _meeting, item = scheduled
    client.force_login(ao.users[kind])
    response = client.post(
        reverse("actieoverleg:item_handover", args=[item.pk]),
        {
            "to_organisation": ao.orgs["VT"].pk,
            "legal_basis": ao.bases["vt-avg-6-1-e-wmo-4-1-1"].pk,
            "necessity": "Verhuisd.",
        },
    )
    assert response.status_code == 400
    assert not item.handovers.exists()


@pytest.mark.parametrize("name", ["item_share", "item_handover"])
def test_new_item_pages_404_for_rvdk(client, ao, scheduled, name):
    _meeting, item = scheduled
    client.force_login(ao.users["RVDK"])
    assert client.post(reverse(f"actieoverleg:{name}", args=[item.pk])).status_code == 404


def test_ics_escapes_text_and_folds_lines(client, ao):
    start = timezone.now() + dt.timedelta(days=3)
    meeting = services.meeting_create(
        user=ao.chair,
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2),
        standing_organisations=[ao.orgs["POLITIE"], ao.orgs["OM"]],
        location="Zaal 3; gebouw B, Stationsplein 1 " + "x" * 80,
    )
    client.force_login(ao.users["POLITIE"])
    body = client.get(reverse("actieoverleg:meeting_ics", args=[meeting.pk])).content
    assert b"Zaal 3\\; gebouw B\\, Stationsplein" in body
    assert all(len(line) <= 75 for line in body.split(b"\r\n"))
    event = Calendar.from_ical(body).walk("VEVENT")[0]
    assert str(event["LOCATION"]).startswith("Zaal 3; gebouw B, Stationsplein 1")
    assert last_entry(ao.users["POLITIE"]).action == AccessAction.EXPORT


def test_meeting_page_query_count_does_not_grow_with_the_agenda(
    client, ao, django_assert_max_num_queries
):
    meeting = ao.meeting()
    ao.schedule(meeting)
    client.force_login(ao.users["POLITIE"])
    url = reverse("actieoverleg:meeting", args=[meeting.pk])
    with django_assert_max_num_queries(30) as few:
        client.get(url)
    ao.schedule(meeting, ao.scenario.vt_only_family, by="CHAIR", position=1)
    with django_assert_max_num_queries(len(few.captured_queries) + 2):
        client.get(url)


def test_chair_resolves_and_escalates_disagreements_on_the_page(client, ao, scheduled):
    meeting, item = scheduled
    services.meeting_start(user=ao.chair, meeting=meeting)
    first = services.disagreement_record(user=ao.users["POLITIE"], item=item, description="A")
    second = services.disagreement_record(user=ao.users["OM"], item=item, description="B")
    client.force_login(ao.users["POLITIE"])
    url = reverse("actieoverleg:item_disagreement_resolve", args=[item.pk, first.pk])
    assert client.post(url, {"outcome": "Eens."}).status_code == 400
    client.force_login(ao.chair)
    assert client.post(url, {"outcome": "Eens geworden."}).status_code == 302
    url = reverse("actieoverleg:item_disagreement_escalate", args=[item.pk, second.pk])
    assert client.post(url, {"escalated_to": "Stuurgroep ZVH"}).status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == ("OPGELOST", "GEESCALEERD")
    missing = reverse("actieoverleg:item_disagreement_resolve", args=[item.pk, 999999])
    assert client.post(missing, {"outcome": "x"}).status_code == 404
    client.force_login(ao.users["RVDK"])
    assert client.post(url, {"escalated_to": "x"}).status_code == 404


# --- second read of issue #6: page defects ------------------------------------------------------


def test_item_page_title_and_forms_are_where_they_belong(client, ao):
    _meeting, item = ao.running()
    client.force_login(ao.chair)
    page = text(client.get(reverse("actieoverleg:item", args=[item.pk])))
    title = page[page.index("<title>") : page.index("</title>")]
    assert "<form" not in title and item.reference in title
    assert page.count('data-testid="form-overdracht"') == 1


@pytest.mark.parametrize("who", ["chair", "POLITIE"])
def test_selects_offer_a_dutch_first_option(client, ao, who):
    _meeting, item = ao.running()
    client.force_login(ao.chair if who == "chair" else ao.users[who])
    page = text(client.get(reverse("actieoverleg:item", args=[item.pk])))
    assert "Select an option" not in page
    assert "— kies een organisatie —" in page
    assert "— kies een grondslag —" in page


def test_groups_of_checkboxes_are_fieldsets_with_a_legend(client, ao):
    _meeting, item = ao.running()
    client.force_login(ao.users["POLITIE"])
    page = text(client.post(reverse("actieoverleg:item_share", args=[item.pk]), {}))
    for name, legend in (("meldingen", "Meldingen"), ("field_groups", "Te delen gegevens")):
        group = f'id="share_form-{name}"'
        assert group in page
        fieldset = page.rindex("<fieldset", 0, page.index(group))
        assert f"{legend}</legend>" in page[fieldset : page.index(group)]
        # The error summary links to the group, not to "#".
        assert f'href="#share_form-{name}"' in page
    assert 'for=""' not in page
    assert 'href="#"' not in page
    client.force_login(ao.chair)
    page = text(client.get(reverse("actieoverleg:meeting_create")))
    assert "Vaste deelnemers (politie en OM)</legend>" in page
    assert 'for=""' not in page


def test_owners_offered_are_the_organisations_at_the_table(client, ao):
    _meeting, item = ao.running()
    client.force_login(ao.chair)
    page = text(client.get(reverse("actieoverleg:item", args=[item.pk])))
    form = page[page.index('data-testid="form-afspraak"') :]
    form = form[: form.index("</form>")]
    for kind in ("VT", "POLITIE", "OM", "RECLASSERING"):
        assert f'value="{ao.orgs[kind].pk}"' in form, kind
    assert f'value="{ao.orgs["RVDK"].pk}"' not in form


def test_step_2_intervention_through_the_page(client, ao):
    _meeting, item = ao.running()
    client.force_login(ao.chair)
    url = reverse("actieoverleg:item_agreement", args=[item.pk])
    response = client.post(url, {"soort": "interventie", "intervention": ""})
    assert response.status_code == 400
    assert "Interventie: Dit veld is vereist." in text(response)
    contactverbod = ao.catalogue["contactverbod"]
    response = client.post(
        url,
        {
            "soort": "interventie",
            "intervention": contactverbod.pk,
            "owner_organisation": ao.orgs["OM"].pk,
            "description": "Contactverbod als voorwaarde bij schorsing",
        },
    )
    assert response.status_code == 302, text(response)
    (plan_item,) = selectors.item_plan_items(item)
    assert plan_item.intervention == contactverbod
    assert plan_item.owner_organisation == ao.orgs["OM"]
    assert plan_item.plan.family_system == ao.family
    page = text(client.get(reverse("actieoverleg:item", args=[item.pk])))
    assert "Contactverbod als voorwaarde bij schorsing" in page


def test_a_past_due_date_is_shown_on_its_field(client, ao):
    _meeting, item = ao.running()
    client.force_login(ao.chair)
    response = client.post(
        reverse("actieoverleg:item_act", args=[item.pk]),
        {
            "description": "Politie hoort vader",
            "owner_organisation": ao.orgs["POLITIE"].pk,
            "due_on": (timezone.localdate() - dt.timedelta(days=1)).isoformat(),
        },
    )
    assert response.status_code == 400
    assert 'href="#act_form-due_on">Uiterlijk op: Deze datum ligt in het verleden.' in text(
        response
    )
    assert not item.investigative_acts.exists()


def test_the_chair_walks_from_case_to_case(client, ao):
    meeting = ao.meeting()
    first = ao.schedule(meeting)
    second = ao.schedule(meeting, ao.scenario.vt_only_family, by="CHAIR", position=1)
    client.force_login(ao.chair)
    page = text(client.get(reverse("actieoverleg:item", args=[first.pk])))
    assert reverse("actieoverleg:item", args=[second.pk]) in page
    assert "Volgende casus: Gezin El Amrani" in page
    page = text(client.get(reverse("actieoverleg:item", args=[second.pk])))
    assert "Vorige casus: Gezin de Vries" in page
    client.force_login(ao.users["POLITIE"])
    page = text(client.get(reverse("actieoverleg:item", args=[first.pk])))
    assert 'data-testid="agenda-doorlopen"' not in page


def test_om_without_own_meldingen_is_told_instead_of_an_empty_form(client, ao):
    _meeting, item = ao.running()
    client.force_login(ao.users["OM"])
    page = text(client.get(reverse("actieoverleg:item", args=[item.pk])))
    assert 'data-testid="form-delen"' not in page
    assert "er is hier niets te delen" in page
    assert 'data-testid="form-besluit-om"' in page


def test_an_unreadable_response_is_reported(client, ao):
    meeting = ao.meeting()
    item = ao.schedule(meeting)
    client.force_login(ao.users["OM"])
    url = reverse("actieoverleg:item_respond", args=[item.pk])
    response = client.post(url, {"response": "OPEN"}, follow=True)
    assert "Kies een reactie." in text(response)
    response = client.post(url, {"response": "DOET_MEE"}, follow=True)
    assert "Uw reactie is opgeslagen." in text(response)


def test_the_overview_pages_its_meetings(client, ao):
    start = timezone.now() + dt.timedelta(days=1)
    for n in range(views.MEETINGS_PER_PAGE + 2):
        services.meeting_create(
            user=ao.chair,
            starts_at=start + dt.timedelta(days=7 * n),
            ends_at=start + dt.timedelta(days=7 * n, hours=1),
            standing_organisations=[ao.orgs["POLITIE"], ao.orgs["OM"]],
        )
    client.force_login(ao.users["POLITIE"])
    first = text(client.get(reverse("actieoverleg:overview")))
    assert first.count('href="/actieoverleg/overleggen/') == views.MEETINGS_PER_PAGE
    assert "Pagina 1 van 2" in first
    second = text(client.get(reverse("actieoverleg:overview"), {"page": 2}))
    assert second.count('href="/actieoverleg/overleggen/') == 2


def test_empty_states(client, ao):
    client.force_login(ao.users["OM"])
    assert "Geen overleggen." in text(client.get(reverse("actieoverleg:overview")))
    assert "Geen openstaande afspraken." in text(client.get(reverse("actieoverleg:follow_up")))
    meeting = ao.meeting()
    page = text(client.get(reverse("actieoverleg:meeting", args=[meeting.pk])))
    assert "Nog geen casussen op de agenda." in page
    minutes = text(client.get(reverse("actieoverleg:minutes", args=[meeting.pk])))
    assert "Geen agendapunten." in minutes


# --- queries do not grow with the agenda ----------------------------------------------------------


def _fill(ao, meeting, families):
    """Put ``families`` on the running ``meeting`` with an act, an agreement, an OM decision,
    a disagreement, information shared and an escalation each."""
    due = timezone.localdate() + dt.timedelta(days=5)
    items = []
    for n, family in enumerate(families):
        f.InvolvementFactory(family_system=family, organisation=ao.orgs["POLITIE"])
        items.append(ao.schedule(meeting, family, by="CHAIR", position=n))
    services.meeting_start(user=ao.chair, meeting=meeting)
    for item in items:
        item.refresh_from_db()
        services.item_add_investigative_act(
            user=ao.chair,
            item=item,
            description="Politie hoort moeder",
            owner_organisation=ao.orgs["POLITIE"],
            due_on=due,
        )
        services.item_add_agreement(
            user=ao.chair,
            item=item,
            topic="INFORMEREN",
            description="OM informeert VT",
            owner_organisation=ao.orgs["OM"],
            due_on=due,
        )
        services.om_decision_record(
            user=ao.users["OM"], item=item, decision=OmDecisionKind.NADER_ONDERZOEK
        )
        services.disagreement_record(user=ao.users["POLITIE"], item=item, description="x")
        services.item_escalate_mda(user=ao.chair, item=item, route="MDA++")
    return items


def _families(ao, n):
    found = []
    for i in range(n):
        family = f.FamilySystemFactory(recorded_by=ao.orgs["VT"], name=f"Gezin Q{i}")
        for _ in range(3):
            f.FamilyMembershipFactory(family_system=family, person=f.PersonFactory())
        f.MeldingFactory(
            source_organisation=ao.orgs["VT"],
            family_system=family,
            kind=MeldingKind.VT_MELDING,
            occurred_at=timezone.now() - dt.timedelta(days=3, hours=1),
            received_at=timezone.now() - dt.timedelta(days=3),
        )
        f.InvolvementFactory(family_system=family, organisation=ao.orgs["VT"])
        found.append(family)
    return found


def _queries(client, django_assert_max_num_queries, url) -> int:
    with django_assert_max_num_queries(200) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize("who", ["chair", "RECLASSERING"])
@pytest.mark.parametrize(
    "target", ["meeting", "minutes", "meeting_ics", "follow_up", "overview", "api-detail"]
)
def test_pages_cost_the_same_for_one_case_or_three(
    client, ao, django_assert_max_num_queries, who, target
):
    """Two equal meetings, with one case and with three (each with plan, decision,
    disagreement, escalation; an earlier meeting's agreements open at the start of both):
    every page costs the same number of queries."""
    earlier = _fill(ao, ao.meeting(days=1), _families(ao, 1))  # open agreements to start with
    small = _fill(ao, ao.meeting(days=2), _families(ao, 1))
    big = _fill(ao, ao.meeting(days=3), _families(ao, 3))
    for items in (earlier, small, big):
        for item in items:
            Participation.objects.create(
                item=item, organisation=ao.orgs["RECLASSERING"], basis="BETROKKEN"
            )
    user = ao.chair if who == "chair" else ao.users[who]
    client.force_login(user)

    def url(items):
        meeting_pk = items[0].meeting_id
        if target == "api-detail":
            return f"/api/v1/actieoverleggen/{meeting_pk}/"
        if target in ("follow_up", "overview"):
            return reverse(f"actieoverleg:{target}")
        return reverse(f"actieoverleg:{target}", args=[meeting_pk])

    if target in ("follow_up", "overview"):
        # One list grows with every case of every meeting: compare before and after.
        before = _queries(client, django_assert_max_num_queries, url(small))
        _fill(ao, ao.meeting(days=4), _families(ao, 3))
        after = _queries(client, django_assert_max_num_queries, url(small))
        assert after == before
        return
    assert _queries(client, django_assert_max_num_queries, url(small)) == _queries(
        client, django_assert_max_num_queries, url(big)
    )


def test_the_chair_sees_whether_vt_assessed_the_case(client, ao):
    """Veilig Thuis assesses the case before it is discussed (Significant §5.5.1): the chair's
    decision page says whether it did; the submitter does not see VT's assessment."""
    from voorop.assessment import services as assessment_services

    submission = ao.submit()
    url = reverse("actieoverleg:submission", args=[submission.pk])
    client.force_login(ao.chair)
    assert "nog niet gemaakt" in text(client.get(url))
    beoordeling = assessment_services.beoordeling_start(
        user=ao.chair, family_system=ao.family, context="ACTIEOVERLEG"
    )
    page = text(client.get(url))
    assert f"{beoordeling.reference}: concept" in page
    client.force_login(ao.users["POLITIE"])
    assert 'data-testid="veiligheidsbeoordeling"' not in text(client.get(url))


@pytest.mark.parametrize("role", [RoleCode.PRIVACY_OFFICER, RoleCode.FUNCTIONEEL_BEHEERDER])
def test_privacy_officer_of_a_participant_reads_along_but_does_not_record(
    client, ao, scheduled, user_for, role
):
    """As in every workflow (ADR 0009): the item without forms; the services refuse."""
    meeting, item = scheduled
    services.meeting_start(user=ao.chair, meeting=meeting)
    reader = user_for(ao.orgs["POLITIE"], roles=[role], username=f"ao.{role.lower()}")
    client.force_login(reader)
    page = client.get(reverse("actieoverleg:item", args=[item.pk]))
    assert page.status_code == 200
    assert 'data-testid="form-verschil"' not in text(page)
    assert 'data-testid="form-delen"' not in text(page)
    client.post(
        reverse("actieoverleg:item_disagreement", args=[item.pk]),
        {"description": "Meegelezen, niet vastgelegd."},
    )
    assert item.disagreements.count() == 0
    family_page = client.get(reverse("persons:family_detail", args=[ao.family.pk]))
    assert reverse("actieoverleg:submit", args=[ao.family.pk]) not in text(family_page)
    with pytest.raises(ValidationError) as excinfo:
        services.submission_create(user=reader, family_system=ao.family, reason="Meelezer")
    assert "lezen mee" in " ".join(excinfo.value.messages)


def test_a_refused_form_that_is_not_on_the_page_says_so_at_the_top(client, ao, scheduled):
    """A form the user is not offered (here: the chair's, posted by the police) is not on
    the page; its refusal is shown at the top instead of a silent 400."""
    meeting, item = scheduled
    services.meeting_start(user=ao.chair, meeting=meeting)
    client.force_login(ao.users["POLITIE"])
    response = client.post(
        reverse("actieoverleg:item_mda", args=[item.pk]), {"route": "Naar MDA++"}
    )
    assert response.status_code == 400
    body = text(response)
    assert 'data-testid="geweigerd"' in body and "voorzitter" in body
    assert 'data-testid="form-mda"' not in body
