"""The 24-hour rule: a police report of (suspected) HG/KM must reach Veilig Thuis within 24
hours — opened, shown, closed by a VT melding or by reporting through voorop, alerted, measured."""

from __future__ import annotations

import json
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from voorop.accounts.models import RoleCode
from voorop.audit.models import AccessAction, AccessLogEntry
from voorop.core.testing import factories as f
from voorop.intake import display, selectors
from voorop.intake.models import ReferralStatus, VtReferral
from voorop.meldingen.models import Channel, Melding, MeldingKind
from voorop.meldingen.services import melding_record, vt_referral_send
from voorop.meldingen.validation import IntakeError
from voorop.sharing.models import Disclosure

pytestmark = pytest.mark.django_db


def police_melding(user, *, hours_ago: float = 2, **overrides):
    now = timezone.now()
    values = {
        "reference": overrides.pop("reference", "BVH-1"),
        "kind": MeldingKind.POLITIE_INCIDENT,
        "channel": Channel.NOODNUMMER,
        "occurred_at": now - timedelta(hours=hours_ago + 0.5),
        "received_at": now - timedelta(hours=hours_ago),
        "label_hg": True,
        **overrides,
    }
    persons = [{"role": "SLACHTOFFER", "surname": "Dijk", "given_names": "Eva"}]
    return melding_record(user=user, melding=values, persons=persons)


def vt_melding(user, *, follows: str, hours_ago: float = 1, **overrides):
    now = timezone.now()
    values = {
        "kind": MeldingKind.VT_MELDING,
        "channel": Channel.TELEFOON,
        # about the same incident as the police report it follows
        "occurred_at": Melding.objects.get(reference=follows).occurred_at,
        "received_at": now - timedelta(hours=hours_ago),
        "label_hg": True,
        "follows_from": follows,
        **overrides,
    }
    return melding_record(
        user=user, melding=values, persons=[{"role": "SLACHTOFFER", "surname": "Dijk"}]
    )


@pytest.fixture
def agent(user_for):
    return user_for("POLITIE", roles=[RoleCode.AGENT])


@pytest.fixture
def vt_user(user_for):
    return user_for("VT", roles=[RoleCode.VT_MEDEWERKER])


# --- opened --------------------------------------------------------------------------------------


def test_a_police_report_of_hg_opens_a_referral_due_in_24_hours(agent):
    melding = police_melding(agent)
    referral = melding.intake_outcome.referral
    assert referral == VtReferral.objects.get(police_melding=melding)
    assert referral.due_at == melding.received_at + timedelta(hours=24)
    assert referral.status == ReferralStatus.OPEN
    assert referral.vt_known_at is None


@pytest.mark.parametrize(
    ("kind", "labels", "opens"),
    [
        (MeldingKind.POLITIE_INCIDENT, {"label_km": True}, True),
        (MeldingKind.AANGIFTE, {"label_ex_partnerstalking": True}, True),
        (MeldingKind.AANHOUDING, {"label_hg": True}, True),
        (MeldingKind.POLITIE_INCIDENT, {}, False),
        (MeldingKind.OVERIG, {"label_hg": True}, False),
    ],
)
def test_which_police_reports_open_a_referral(agent, kind, labels, opens):
    values = {"label_hg": False, **labels}
    melding = police_melding(agent, kind=kind, **values)
    assert VtReferral.objects.filter(police_melding=melding).exists() == opens


def test_an_arrest_report_is_a_suspect_in_custody(agent):
    melding = police_melding(agent, kind=MeldingKind.AANHOUDING)
    assert melding.suspect_arrested is True
    assert [a.route for a in melding.intake_outcome.advice] == ["ZSM"]


def test_the_aangifte_of_an_incident_already_being_reported_opens_none(agent):
    incident = police_melding(agent)
    aangifte = police_melding(
        agent, reference="BVH-2", kind=MeldingKind.AANGIFTE, follows_from=incident.reference
    )
    arrest = police_melding(
        agent, reference="BVH-3", kind=MeldingKind.AANHOUDING, follows_from=aangifte.reference
    )
    assert VtReferral.objects.count() == 1
    assert aangifte.follows_from == incident
    assert arrest.intake_outcome.referral is None


def test_veilig_thuis_reports_open_none(vt_user):
    now = timezone.now()
    melding = melding_record(
        user=vt_user,
        melding={
            "kind": MeldingKind.VT_MELDING,
            "channel": Channel.TELEFOON,
            "occurred_at": now - timedelta(hours=3),
            "received_at": now,
            "label_hg": True,
        },
        persons=[{"role": "SLACHTOFFER", "surname": "Dijk"}],
    )
    assert melding.intake_outcome.referral is None


# --- closed by Veilig Thuis' melding -------------------------------------------------------


def test_a_vt_melding_following_the_police_report_closes_it_on_time(agent, vt_user):
    police = police_melding(agent, hours_ago=5)
    vt = vt_melding(vt_user, follows="BVH-1", hours_ago=1)
    referral = VtReferral.objects.get()
    assert referral.status == ReferralStatus.OP_TIJD
    assert referral.vt_known_at == vt.received_at
    assert referral.vt_melding == vt
    assert vt.follows_from == police
    assert vt.intake_outcome.answered == [referral]
    assert referral.incident_to_vt == vt.received_at - police.occurred_at


def test_late_is_late(agent, vt_user):
    police_melding(agent, hours_ago=40)
    vt_melding(vt_user, follows="BVH-1", hours_ago=1)
    assert VtReferral.objects.get().status == ReferralStatus.TE_LAAT


def test_the_earliest_moment_veilig_thuis_knew_counts(agent, vt_user):
    police_melding(agent, hours_ago=40)
    vt_melding(vt_user, follows="BVH-1", hours_ago=1, reference="VT-LAAT")
    vt_melding(vt_user, follows="BVH-1", hours_ago=30, reference="VT-VROEG")  # recorded later
    referral = VtReferral.objects.get()
    assert referral.status == ReferralStatus.OP_TIJD
    assert referral.vt_melding.reference == "VT-LAAT"  # the first melding stays the answer


def test_a_vt_melding_cannot_follow_a_police_report_sent_to_another_vt(agent, vt_user):
    police_melding(agent)
    other_vt = f.OrganisationFactory(kind="VT", code="vt-elders")
    VtReferral.objects.update(vt_organisation=other_vt)
    with pytest.raises(IntakeError) as exc:
        vt_melding(vt_user, follows="BVH-1")
    assert [p.code for p in exc.value.problems] == ["volgt_op_onbekend"]


def test_only_veilig_thuis_may_follow_a_police_report_it_cannot_see(agent, user_for):
    police_melding(agent)
    om = user_for("OM", roles=[RoleCode.OFFICIER])
    now = timezone.now()
    with pytest.raises(IntakeError) as exc:
        melding_record(
            user=om,
            melding={
                "kind": MeldingKind.OVERIG,
                "channel": Channel.TELEFOON,
                "occurred_at": now - timedelta(hours=3),
                "received_at": now,
                "follows_from": "BVH-1",
            },
            persons=[{"role": "SLACHTOFFER", "surname": "Dijk"}],
        )
    assert [p.code for p in exc.value.problems] == ["volgt_op_onbekend"]


# --- closed by reporting through voorop -----------------------------------------------------------


@pytest.fixture
def placed_police_melding(agent, family_scenario):
    melding = police_melding(
        agent, family_system=family_scenario.family, narrative="Geschreeuw gehoord.", is_acute=True
    )
    return melding


def test_reporting_to_vt_creates_the_vt_melding_and_a_disclosure(
    agent, vt_user, placed_police_melding, organisations
):
    referral = vt_referral_send(
        user=agent, melding=placed_police_melding, vt_organisation=organisations["VT"]
    )
    assert referral.status == ReferralStatus.OP_TIJD
    assert referral.sent_at == referral.vt_known_at
    assert referral.sent_by == agent
    vt = referral.vt_melding
    assert vt.source_organisation == organisations["VT"]
    assert (vt.kind, vt.channel) == (MeldingKind.VT_MELDING, Channel.POLITIE_ZORGMELDING)
    assert vt.follows_from == placed_police_melding
    assert vt.reporter_organisation == organisations["POLITIE"]
    assert vt.family_system == placed_police_melding.family_system
    assert vt.narrative == "Geschreeuw gehoord."
    assert vt.is_acute and vt.label_hg
    assert [p.surname for p in vt.persons.all()] == ["Dijk"]
    assert vt.medical_details == ""
    disclosure = referral.disclosure
    assert disclosure == Disclosure.objects.get()
    assert (disclosure.from_organisation, disclosure.to_organisation) == (
        organisations["POLITIE"],
        organisations["VT"],
    )
    assert disclosure.legal_basis.code == "politie-wpg-18-bpg-4-2"
    assert disclosure.moment == "SAMEN_OP_IN_ACUUT"
    # Veilig Thuis now sees both its own melding and, as shared, the police melding.
    from voorop.authz import policy

    assert set(policy.meldingen_for(vt_user).values_list("pk", flat=True)) >= {
        vt.pk,
        placed_police_melding.pk,
    }
    actions = list(AccessLogEntry.objects.order_by("seq").values_list("action", "purpose"))
    assert ("DISCLOSE", "art. 18 Wpg · Samen op in acuut") in actions
    assert ("CREATE", "doormelding aan Veilig Thuis (art. 18 Wpg)") in actions


def test_an_unplaced_melding_is_reported_without_a_disclosure(agent, organisations):
    melding = police_melding(agent)
    referral = vt_referral_send(user=agent, melding=melding, vt_organisation=organisations["VT"])
    assert referral.disclosure is None
    assert referral.vt_melding.source_organisation == organisations["VT"]
    assert referral.status == ReferralStatus.OP_TIJD


def test_reporting_twice_or_someone_elses_is_refused(agent, user_for, organisations):
    melding = police_melding(agent)
    vt_referral_send(user=agent, melding=melding, vt_organisation=organisations["VT"])
    with pytest.raises(IntakeError) as exc:
        vt_referral_send(user=agent, melding=melding, vt_organisation=organisations["VT"])
    assert exc.value.problems[0].code == "al_doorgemeld"
    other_police = f.OrganisationFactory(kind="POLITIE", code="politie-elders")
    stranger = f.UserFactory(organisation=other_police, roles=[RoleCode.AGENT])
    with pytest.raises(IntakeError) as exc:
        vt_referral_send(user=stranger, melding=melding, vt_organisation=organisations["VT"])
    assert exc.value.problems[0].code == "niet_eigen_melding"
    with pytest.raises(IntakeError) as exc:
        vt_referral_send(user=agent, melding=melding, vt_organisation=organisations["OM"])
    assert exc.value.problems[0].code == "geen_veilig_thuis"


def test_the_refer_page(client, agent, organisations, placed_police_melding):
    client.force_login(agent)
    url = reverse("meldingen:melding_refer", args=[placed_police_melding.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "art. 18 lid 1 Wpg" in page.text
    response = client.post(url, {"veilig_thuis": organisations["VT"].pk}, follow=True)
    assert "Doorgemeld aan Veilig Thuis Testregio" in response.text
    assert "op tijd bij Veilig Thuis" in response.text
    assert Melding.objects.filter(channel=Channel.POLITIE_ZORGMELDING).count() == 1


def test_the_refer_page_is_404_for_another_organisation(client, user_for, placed_police_melding):
    client.force_login(user_for("VT"))
    url = reverse("meldingen:melding_refer", args=[placed_police_melding.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {}).status_code == 404
    assert not VtReferral.objects.filter(sent_at__isnull=False).exists()


# --- shown and alerted ---------------------------------------------------------------------------


def test_deadline_texts():
    now = timezone.now()
    referral = VtReferral(due_at=now + timedelta(hours=5, minutes=10), status="OPEN")
    assert display.deadline(referral, now) == display.Deadline("nog 5 uur", "neutral")
    referral.due_at = now + timedelta(hours=1, minutes=20)
    assert display.deadline(referral, now) == display.Deadline("nog 1 uur en 20 minuten", "warning")
    referral.due_at = now + timedelta(minutes=45, seconds=30)
    assert display.deadline(referral, now).text == "nog 45 minuten"
    referral.due_at = now - timedelta(hours=3, minutes=2)
    assert display.deadline(referral, now) == display.Deadline("te laat, sinds 3 uur", "danger")
    referral.due_at = now - timedelta(days=2, hours=1)
    assert display.deadline(referral, now).text == "te laat, sinds 2 dagen en 1 uur"
    referral.status = ReferralStatus.OP_TIJD
    assert display.deadline(referral, now) == display.Deadline("op tijd bij Veilig Thuis", "safe")


def test_the_melding_page_shows_the_deadline(client, agent):
    melding = police_melding(agent, hours_ago=18.9)
    client.force_login(agent)
    body = client.get(reverse("meldingen:melding_detail", args=[melding.pk])).text
    assert "Doormelden aan Veilig Thuis" in body
    assert "nog 5 uur" in body
    assert "Nu doormelden aan Veilig Thuis" in body


def test_the_werkvoorraad_lists_open_referrals_least_time_left_first(client, agent, vt_user):
    police_melding(agent, reference="BVH-RUIM", hours_ago=1)
    police_melding(agent, reference="BVH-TE-LAAT", hours_ago=27)
    police_melding(agent, reference="BVH-KRAP", hours_ago=21.9)
    police_melding(agent, reference="BVH-GEEN-HG", label_hg=False)
    client.force_login(agent)
    body = client.get(reverse("core:home")).text
    section = body[body.index('data-testid="doormelden-vt"') :]
    section = section[: section.index("</section>")]
    order = [section.index(ref) for ref in ("BVH-TE-LAAT", "BVH-KRAP", "BVH-RUIM")]
    assert order == sorted(order)
    assert "BVH-GEEN-HG" not in section
    assert "Doormelden aan Veilig Thuis: te laat, sinds 3 uur" in section
    assert "Doormelden aan Veilig Thuis: nog 2 uur" in section
    client.force_login(vt_user)
    assert 'data-testid="doormelden-vt"' not in client.get(reverse("core:home")).text


def test_a_referral_leaves_the_werkvoorraad_once_veilig_thuis_knows(client, agent, vt_user):
    police_melding(agent)
    vt_melding(vt_user, follows="BVH-1")
    client.force_login(agent)
    assert 'data-testid="doormelden-vt"' not in client.get(reverse("core:home")).text


def run_deadlines(*args) -> tuple[int, str]:
    out = StringIO()
    try:
        call_command("deadlines", *args, stdout=out)
    except SystemExit as exc:
        return int(exc.code or 0), out.getvalue()
    return 0, out.getvalue()


def test_voorop_deadlines_lists_due_and_overdue_referrals(agent):
    assert run_deadlines() == (
        0,
        "Geen doormeldingen aan Veilig Thuis die te laat zijn of binnen 4 uur verlopen.\n",
    )
    police_melding(agent, reference="BVH-RUIM", hours_ago=1)
    police_melding(agent, reference="BVH-KRAP", hours_ago=22)
    status, out = run_deadlines()
    assert status == 1
    assert "1 doormelding(en) aan Veilig Thuis vragen aandacht, waarvan 0 te laat" in out
    assert "- BVH-KRAP (politie-test): uiterlijk" in out
    assert "BVH-RUIM" not in out
    police_melding(agent, reference="BVH-TE-LAAT", hours_ago=30)
    status, out = run_deadlines("--within", "2.5")
    assert status == 2
    assert out.index("BVH-TE-LAAT") < out.index("BVH-KRAP")
    assert "te laat, sinds 6 uur" in out
    log = AccessLogEntry.objects.filter(object_type="doormelding").last()
    assert (log.action, log.channel, log.user_id) == (AccessAction.LIST, "CLI", None)


def test_voorop_deadlines_json_and_timeliness(agent, vt_user):
    police_melding(agent, reference="BVH-A", hours_ago=10)
    vt_melding(vt_user, follows="BVH-A", hours_ago=4)  # 6.5 h after the incident
    police_melding(agent, reference="BVH-B", hours_ago=30)
    status, out = run_deadlines("--json", "--stats", "7")
    assert status == 2
    data = json.loads(out)
    assert [r["kenmerk"] for r in data["doormeldingen"]] == ["BVH-B"]
    assert data["doormeldingen"][0]["te_laat"] is True
    assert data["tijdigheid"] == {
        "dagen": 7,
        "totaal": 2,
        "op_tijd": 1,
        "te_laat": 0,
        "open_te_laat": 1,
        "open_binnen_termijn": 0,
        "aandeel_op_tijd": 1.0,
        "mediaan_uren_voorval_tot_vt": 6.5,
    }
    status, out = run_deadlines("--stats", "7", "--organisation", "politie-test")
    assert "Tijdigheid afgelopen 7 dagen: 2 politiemeldingen, 1 op tijd" in out
    assert "mediaan van voorval tot Veilig Thuis het wist: 6.5 uur" in out


def test_timeliness_selector(agent, vt_user):
    police_melding(agent, reference="BVH-A", hours_ago=50)
    vt_melding(vt_user, follows="BVH-A", hours_ago=1)
    t = selectors.referral_timeliness(since=timezone.now() - timedelta(days=3))
    assert (t.total, t.on_time, t.late, t.on_time_share) == (1, 0, 1, 0.0)
