"""Pages of the disclosure register: sharing, the register, withdrawing, and what a recipient
sees of a shared melding (only the shared field groups, with provenance) — all logged, and
404 for every organisation that is not party."""

from __future__ import annotations

import datetime as dt
import html

import pytest
from django.urls import reverse
from django.utils import timezone

from voorop.audit.models import AccessAction, AccessLogEntry, AccessOutcome
from voorop.sharing import services
from voorop.sharing.models import CoordinationMoment, Disclosure
from voorop.sharing.tests.conftest import (
    LOCATION,
    MEDICAL,
    NARRATIVE,
    NECESSITY,
    VITAL,
    VT_NARRATIVE,
    WPG_16,
    WPG_18,
)

pytestmark = pytest.mark.django_db

KINDS = ["VT", "POLITIE", "OM", "RECLASSERING", "RVDK"]


def text(response) -> str:
    return html.unescape(response.content.decode())


def logged_in(client, user):
    client.force_login(user)
    return client


def share_url(family) -> str:
    return reverse("sharing:share", args=[family.pk])


def register_url(family) -> str:
    return reverse("sharing:register", args=[family.pk])


def withdraw_url(disclosure) -> str:
    return reverse("sharing:withdraw", args=[disclosure.family_system_id, disclosure.pk])


def melding_url(melding) -> str:
    return reverse("meldingen:melding_detail", args=[melding.pk])


def provenance(org_name: str, disclosure: Disclosure, basis: str, moment: str) -> str:
    at = timezone.localtime(disclosure.shared_at)
    return (
        f"Gedeeld door {org_name} op {at:%d-%m-%Y} om {at:%H:%M}, grondslag {basis}, doel: {moment}"
    )


# --- the share form ---------------------------------------------------------------------------


def test_share_form_offers_own_meldingen_and_other_partners(client, world):
    response = logged_in(client, world.users["POLITIE"]).get(share_url(world.family))
    assert response.status_code == 200
    body = text(response)
    assert world.incident.reference in body and world.aangifte.reference in body
    assert world.vt_melding.reference not in body
    assert NARRATIVE not in body
    recipients = list(response.context["form"].fields["ontvanger"].queryset)
    assert {o.kind for o in recipients} == {"VT", "OM", "RECLASSERING", "RVDK"}
    assert "Kies eerst een ontvanger en een doel" in body
    assert "<legend" in body and 'for="id_noodzaak"' in body
    entry = AccessLogEntry.objects.filter(username=world.users["POLITIE"].username).latest("seq")
    assert (entry.action, entry.object_type) == (AccessAction.LIST, "melding")
    assert set(entry.object_id.split(",")) == {str(world.incident.pk), str(world.aangifte.pk)}


@pytest.mark.parametrize("kind", ["OM", "RECLASSERING", "RVDK"])
def test_share_form_is_404_for_organisations_not_involved(client, world, kind):
    response = logged_in(client, world.users[kind]).get(share_url(world.family))
    assert response.status_code == 404
    entry = AccessLogEntry.objects.filter(username=world.users[kind].username).latest("seq")
    assert entry.outcome == AccessOutcome.DENIED


def test_share_form_is_404_for_a_recipient_that_is_not_involved(client, world, share):
    family = world.scenario.politie_only_family
    share(family=family, meldingen=world.scenario.other_meldingen["POLITIE"])
    vt = logged_in(client, world.users["VT"])
    assert vt.get(register_url(family)).status_code == 200
    assert vt.get(share_url(family)).status_code == 404


def test_legal_basis_field_follows_recipient_and_moment(client, world):
    client = logged_in(client, world.users["POLITIE"])
    url = reverse("sharing:legal_basis_options", args=[world.family.pk])
    vt = world.orgs["VT"].pk
    body = text(client.get(url, {"ontvanger": vt, "doel": "SAMEN_OP_IN_ACUUT"}))
    assert 'id="grondslag-veld"' in body
    assert f'value="{WPG_18}"' in body and f'value="{VITAL}"' in body
    assert f'value="{WPG_16}"' not in body
    assert "Kies de wettelijke grondslag" not in body  # nothing judged while filling in
    body = text(client.get(url, {"ontvanger": vt, "doel": "ACTIEOVERLEG"}))
    assert f'value="{WPG_18}"' in body and f'value="{VITAL}"' not in body
    body = text(client.get(url, {"ontvanger": world.orgs["OM"].pk, "doel": "ZSM"}))
    assert f'value="{WPG_16}"' in body and f'value="{WPG_18}"' not in body
    # the chosen basis shows its purpose and conditions
    body = text(
        client.get(url, {"ontvanger": vt, "doel": "SAMEN_OP_IN_ACUUT", "grondslag": WPG_18})
    )
    assert "art. 18 lid 1 Wpg jo. art. 4:2 lid 1 sub i/j Bpg" in body
    assert "Er moet sprake zijn van een zwaarwegend belang" in body
    assert "andere partners dan het OM" in body


def test_share_form_explains_when_no_basis_exists(client, world):
    """There is no rule from VT to VT; with two VT organisations that is a real case."""
    other_vt = world.orgs["VT"].__class__.objects.create(
        code="vt-ander", name="Veilig Thuis Elders", kind="VT"
    )
    client = logged_in(client, world.users["VT"])
    url = reverse("sharing:legal_basis_options", args=[world.family.pk])
    body = text(client.get(url, {"ontvanger": other_vt.pk, "doel": "ZSM"}))
    assert "Voor deze ontvanger en dit doel is in de deelregels geen grondslag opgenomen" in body
    assert "Geen grondslag voor deze ontvanger en dit doel" in body


def post_share(client, world, **overrides):
    data = {
        "ontvanger": world.orgs["VT"].pk,
        "doel": "SAMEN_OP_IN_ACUUT",
        "grondslag": WPG_18,
        "meldingen": [world.incident.pk],
        f"gegevens_{world.incident.pk}": ["PERSONEN"],
        "noodzaak": NECESSITY,
    }
    data.update(overrides)
    return client.post(share_url(world.family), {k: v for k, v in data.items() if v is not None})


def test_sharing_through_the_form(client, world):
    client = logged_in(client, world.users["POLITIE"])
    response = post_share(client, world)
    disclosure = Disclosure.objects.get()
    assert response.status_code == 302
    assert response["Location"] == register_url(world.family)
    assert disclosure.items.get().field_groups == ["KERN", "PERSONEN"]
    assert disclosure.necessity == NECESSITY
    page = client.get(response["Location"])
    assert (
        f"Verstrekking {disclosure.reference} is vastgelegd: gedeeld met Veilig Thuis Testregio."
        in text(page)
    )


def test_form_errors_are_dutch_summarised_and_nothing_is_stored(client, world):
    client = logged_in(client, world.users["POLITIE"])
    response = post_share(
        client,
        world,
        ontvanger=None,
        doel=None,
        grondslag=None,
        meldingen=None,
        noodzaak="kort",
        **{f"gegevens_{world.incident.pk}": None},
    )
    assert response.status_code == 200
    body = text(response)
    assert "De informatie is niet gedeeld. Controleer het volgende:" in body
    for message in (
        "Kies de organisatie waarmee u deelt.",
        "Kies het afstemmingsmoment waarvoor u deelt.",
        "Kies de wettelijke grondslag waarop u deelt.",
        "Kies ten minste één melding om te delen.",
        "Leg uit waarom de ontvanger deze gegevens nodig heeft (ten minste 10 tekens).",
    ):
        assert message in body
    assert 'href="#id_ontvanger"' in body and 'href="#meldingen-keuze"' in body
    assert 'aria-invalid="true"' in body
    assert Disclosure.objects.count() == 0


def test_a_basis_that_does_not_fit_is_refused_by_the_form(client, world):
    client = logged_in(client, world.users["POLITIE"])
    response = post_share(client, world, grondslag=WPG_16)
    assert response.status_code == 200
    assert "Deze grondslag past niet bij de gekozen ontvanger en het doel." in text(response)
    assert Disclosure.objects.count() == 0


def test_service_errors_appear_on_the_form(client, world):
    """A rule the form cannot know about beforehand: the field groups of the rule."""
    from voorop.sharing.models import SharingRule

    SharingRule.objects.filter(legal_basis__code=WPG_18, to_kind="VT").update(
        field_groups=["KERN", "PERSONEN"]
    )
    client = logged_in(client, world.users["POLITIE"])
    response = post_share(client, world, **{f"gegevens_{world.incident.pk}": ["TOELICHTING"]})
    assert response.status_code == 200
    assert (
        f"Op grond van art. 18 Wpg mag u van melding {world.incident.reference} niet delen: "
        "toelichting." in text(response)
    )
    assert Disclosure.objects.count() == 0


def test_groups_chosen_without_the_melding_are_pointed_out(client, world):
    client = logged_in(client, world.users["POLITIE"])
    response = post_share(
        client,
        world,
        **{f"gegevens_{world.aangifte.pk}": ["TOELICHTING"]},
    )
    assert response.status_code == 200
    assert f"U koos gegevens van {world.aangifte.reference}, maar niet de melding zelf." in text(
        response
    )
    assert Disclosure.objects.count() == 0


def test_refreshing_the_bases_without_javascript_judges_nothing(client, world):
    client = logged_in(client, world.users["POLITIE"])
    response = client.post(
        share_url(world.family),
        {"ontvanger": world.orgs["OM"].pk, "doel": "ZSM", "bijwerken": "1"},
    )
    assert response.status_code == 200
    body = text(response)
    assert f'value="{WPG_16}"' in body
    assert "Controleer het volgende" not in body
    assert Disclosure.objects.count() == 0


# --- what the recipient sees ------------------------------------------------------------------


def test_recipient_sees_only_the_shared_groups_with_provenance(client, world, share):
    disclosure = share(groups=["PERSONEN"])
    vt = logged_in(client, world.users["VT"])
    expected = provenance("Politie Eenheid Test", disclosure, "art. 18 Wpg", "Samen op in acuut")
    timeline = text(vt.get(reverse("persons:family_detail", args=[world.family.pk])))
    assert world.incident.reference in timeline
    assert expected in timeline
    assert world.aangifte.reference not in timeline  # not shared
    detail = vt.get(melding_url(world.incident))
    assert detail.status_code == 200
    body = text(detail)
    assert expected in body
    assert NARRATIVE not in body and LOCATION not in body
    assert "Niet gedeeld: locatie, toelichting" in body
    assert "Betrokken personen (zoals gemeld)" in body
    assert world.persons["mother"].given_names in body
    # the own-melding panel ("gedeeld met …") is not shown to a recipient
    assert "Gedeeld met andere organisaties" not in body
    assert (
        vt.get(reverse("sharing:melding_disclosures", args=[world.incident.pk])).status_code == 404
    )


def test_persons_are_hidden_when_not_shared(client, world, share):
    share(groups=["TOELICHTING", "LOCATIE"], to="RVDK")
    rvdk = logged_in(client, world.users["RVDK"])
    body = text(rvdk.get(melding_url(world.incident)))
    assert NARRATIVE in body and LOCATION in body
    assert "Betrokken personen (zoals gemeld)" not in body
    assert "Niet gedeeld: betrokken personen" in body
    timeline = text(rvdk.get(reverse("persons:family_detail", args=[world.family.pk])))
    assert "(slachtoffer)" not in timeline


def test_medical_details_never_reach_a_recipient(client, world):
    services.disclosure_create(
        user=world.users["VERTROUWENSARTS"],
        family_system=world.family,
        to_organisation=world.orgs["POLITIE"],
        legal_basis=world.bases[VITAL],
        moment=CoordinationMoment.SAMEN_OP_IN_ACUUT,
        necessity="Acuut gevaar: politie moet weten wat er gebeurd is.",
        items=[(world.vt_melding, ["LOCATIE", "TOELICHTING", "PERSONEN"])],
    )
    police = logged_in(client, world.users["POLITIE"])
    body = text(police.get(melding_url(world.vt_melding)))
    assert VT_NARRATIVE in body
    assert MEDICAL not in body and "Medische gegevens" not in body
    arts = logged_in(client, world.users["VERTROUWENSARTS"])
    assert MEDICAL in text(arts.get(melding_url(world.vt_melding)))


def test_withdrawal_hides_again_and_the_views_stay_logged(client, world, share):
    disclosure = share(
        groups=["PERSONEN"],
        family=world.scenario.politie_only_family,
        meldingen=world.scenario.other_meldingen["POLITIE"],
    )
    [incident] = world.scenario.other_meldingen["POLITIE"]
    vt_user = world.users["VT"]
    vt = logged_in(client, vt_user)
    assert vt.get(melding_url(incident)).status_code == 200
    views = list(
        AccessLogEntry.objects.filter(
            username=vt_user.username, action=AccessAction.VIEW, object_type="melding"
        ).values_list("object_id", "outcome", "organisation_code")
    )
    assert views == [(str(incident.pk), AccessOutcome.OK, "vt-test")]
    services.disclosure_withdraw(
        user=world.users["POLITIE"], disclosure=disclosure, reason="Niet meer nodig."
    )
    assert vt.get(melding_url(incident)).status_code == 404
    assert (
        vt.get(reverse("persons:family_detail", args=[incident.family_system_id])).status_code
        == 404
    )
    assert (
        AccessLogEntry.objects.filter(
            username=vt_user.username,
            action=AccessAction.VIEW,
            object_type="melding",
            outcome=AccessOutcome.OK,
        ).count()
        == 1
    )


# --- the register -----------------------------------------------------------------------------


def test_register_shows_made_and_received(client, world, share):
    made = share(groups=["PERSONEN"])
    received = services.disclosure_create(
        user=world.users["VT"],
        family_system=world.family,
        to_organisation=world.orgs["POLITIE"],
        legal_basis=world.bases["vt-avg-6-1-e-wmo-4-1-1"],
        moment=CoordinationMoment.ACTIEOVERLEG,
        necessity="Voor het actieoverleg van donderdag.",
        items=[(world.vt_melding, ["TOELICHTING"])],
    )
    police_user = world.users["POLITIE"]
    response = logged_in(client, police_user).get(register_url(world.family))
    assert response.status_code == 200
    body = text(response)
    assert f"{made.reference} aan Veilig Thuis Testregio" in body
    assert f"{received.reference} van Veilig Thuis Testregio" in body
    assert (
        provenance("Veilig Thuis Testregio", received, "art. 4.1.1 Wmo 2015", "Actieoverleg")
        in body
    )
    assert f"Verstrekking {made.reference} intrekken" in body
    assert f"Verstrekking {received.reference} intrekken" not in body
    assert NECESSITY in body
    entry = AccessLogEntry.objects.filter(username=police_user.username).latest("seq")
    assert (entry.action, entry.object_type) == (AccessAction.LIST, "verstrekking")
    assert set(entry.object_id.split(",")) == {str(made.pk), str(received.pk)}


def test_register_empty_states(client, world):
    body = text(logged_in(client, world.users["POLITIE"]).get(register_url(world.family)))
    assert "Uw organisatie heeft over dit gezinssysteem nog niets gedeeld." in body
    assert "Er is over dit gezinssysteem nog niets met uw organisatie gedeeld." in body
    assert "Informatie delen" in body


@pytest.mark.parametrize("kind", KINDS)
def test_register_is_404_for_organisations_not_party(client, world, share, kind):
    """POLITIE shares about its own family with VT: only those two see the register."""
    family = world.scenario.politie_only_family
    disclosure = share(family=family, meldingen=world.scenario.other_meldingen["POLITIE"])
    client = logged_in(client, world.users[kind])
    response = client.get(register_url(family))
    assert response.status_code == (200 if kind in ("POLITIE", "VT") else 404)
    if response.status_code == 200:
        assert disclosure.reference in text(response)
    withdraw = client.get(withdraw_url(disclosure))
    assert withdraw.status_code == (200 if kind == "POLITIE" else 404)


def test_register_is_paginated(client, world, share):
    for _ in range(12):
        share()
    client = logged_in(client, world.users["POLITIE"])
    first = text(client.get(register_url(world.family)))
    assert "Pagina 1 van 2 (12 resultaten)" in first
    assert "?gemaakt=2" in first
    second = client.get(register_url(world.family), {"gemaakt": 2})
    assert len(second.context["made"].views) == 2


def test_register_query_count_is_bounded_and_does_not_grow(
    client, world, share, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def add(n: int) -> None:
        for i in range(n):
            share(meldingen=[world.incident, world.aangifte], to="RVDK" if i % 2 else "VT")
            services.disclosure_create(
                user=world.users["VT"],
                family_system=world.family,
                to_organisation=world.orgs["POLITIE"],
                legal_basis=world.bases["vt-avg-6-1-e-wmo-4-1-1"],
                moment=CoordinationMoment.ACTIEOVERLEG,
                necessity="Voor het actieoverleg van donderdag.",
                items=[(world.vt_melding, ["TOELICHTING"])],
            )

    client = logged_in(client, world.users["POLITIE"])
    url = register_url(world.family)
    add(1)
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    add(11)
    # session, user, family system; per list: count, page, items; involvement; access log
    with django_assert_max_num_queries(18) as many:
        response = client.get(url)
    assert len(response.context["made"].views) == 10
    assert len(many.captured_queries) == len(one.captured_queries)


# --- withdrawing ------------------------------------------------------------------------------


def test_withdraw_asks_for_confirmation_then_withdraws(client, world, share):
    disclosure = share(groups=["PERSONEN"])
    client = logged_in(client, world.users["POLITIE"])
    confirm = client.post(withdraw_url(disclosure), {"reden": "Verkeerde ontvanger gekozen."})
    assert confirm.status_code == 200
    body = text(confirm)
    assert "Weet u zeker dat u deze verstrekking wilt intrekken?" in body
    assert "Ja, verstrekking intrekken" in body
    disclosure.refresh_from_db()
    assert disclosure.is_active
    done = client.post(
        withdraw_url(disclosure), {"reden": "Verkeerde ontvanger gekozen.", "bevestigd": "true"}
    )
    assert done.status_code == 302 and done["Location"] == register_url(world.family)
    disclosure.refresh_from_db()
    assert not disclosure.is_active
    page = text(client.get(done["Location"]))
    assert f"Verstrekking {disclosure.reference} is ingetrokken." in page
    assert "reden: Verkeerde ontvanger gekozen." in page
    assert AccessLogEntry.objects.filter(action=AccessAction.WITHDRAW).count() == 1


def test_withdraw_needs_a_reason(client, world, share):
    disclosure = share()
    client = logged_in(client, world.users["POLITIE"])
    response = client.post(withdraw_url(disclosure), {"reden": "", "bevestigd": "true"})
    assert response.status_code == 200
    assert "Geef de reden van het intrekken op." in text(response)
    disclosure.refresh_from_db()
    assert disclosure.is_active


def test_withdrawn_disclosure_cannot_be_withdrawn_again(client, world, share):
    disclosure = share()
    services.disclosure_withdraw(
        user=world.users["POLITIE"], disclosure=disclosure, reason="Niet meer nodig."
    )
    client = logged_in(client, world.users["POLITIE"])
    assert "Deze verstrekking is al ingetrokken." in text(client.get(withdraw_url(disclosure)))
    response = client.post(withdraw_url(disclosure), {"reden": "Nog eens", "bevestigd": "true"})
    assert "Deze verstrekking is al ingetrokken op" in text(response)


def test_recipient_cannot_withdraw(client, world, share):
    disclosure = share()
    client = logged_in(client, world.users["VT"])
    response = client.post(withdraw_url(disclosure), {"reden": "Wil ik niet.", "bevestigd": "true"})
    assert response.status_code == 404
    disclosure.refresh_from_db()
    assert disclosure.is_active


def test_withdrawn_disclosure_in_the_recipients_register(client, world, share):
    disclosure = share(groups=["PERSONEN"])
    services.disclosure_withdraw(
        user=world.users["POLITIE"], disclosure=disclosure, reason="Intern: verkeerd dossier."
    )
    body = text(logged_in(client, world.users["VT"]).get(register_url(world.family)))
    assert disclosure.reference in body
    assert "De verstrekking is ingetrokken; de gedeelde gegevens zijn niet meer zichtbaar." in body
    assert "Intern: verkeerd dossier." not in body
    assert world.incident.reference not in body


# --- where an own melding was shared ----------------------------------------------------------


def test_own_melding_page_loads_where_it_was_shared(client, world, share):
    disclosure = share(groups=["PERSONEN"])
    client = logged_in(client, world.users["POLITIE"])
    page = text(client.get(melding_url(world.incident)))
    url = reverse("sharing:melding_disclosures", args=[world.incident.pk])
    assert "Gedeeld met andere organisaties" in page
    assert f'hx-get="{url}"' in page
    partial = client.get(url, headers={"HX-Request": "true"})
    body = text(partial)
    assert "<html" not in body
    assert disclosure.reference in body and "Veilig Thuis Testregio" in body
    assert "art. 18 Wpg" in body and "Samen op in acuut" in body
    assert "Betrokken personen en hun rol" in body and "actief" in body
    full = text(client.get(url))
    assert "<html" in full and disclosure.reference in full
    entry = AccessLogEntry.objects.filter(username=world.users["POLITIE"].username).latest("seq")
    assert (entry.action, entry.object_type, entry.object_id) == (
        AccessAction.LIST,
        "verstrekking",
        str(disclosure.pk),
    )


def test_withdrawn_shows_in_the_melding_list(client, world, share):
    disclosure = share()
    services.disclosure_withdraw(
        user=world.users["POLITIE"], disclosure=disclosure, reason="Niet meer nodig."
    )
    client = logged_in(client, world.users["POLITIE"])
    body = text(client.get(reverse("sharing:melding_disclosures", args=[world.incident.pk])))
    withdrawn = timezone.localtime(Disclosure.objects.get().withdrawn_at)
    assert f"ingetrokken op {withdrawn:%d-%m-%Y}" in body


def test_never_shared_melding(client, world):
    client = logged_in(client, world.users["POLITIE"])
    body = text(client.get(reverse("sharing:melding_disclosures", args=[world.aangifte.pk])))
    assert "Deze melding is met niemand gedeeld." in body


@pytest.mark.parametrize("kind", ["VT", "OM", "RECLASSERING", "RVDK"])
def test_melding_disclosures_are_404_for_others(client, world, share, kind):
    share(to="VT")
    response = logged_in(client, world.users[kind]).get(
        reverse("sharing:melding_disclosures", args=[world.incident.pk])
    )
    assert response.status_code == 404


# --- the family page links here ---------------------------------------------------------------


def test_family_page_links_to_sharing_and_register(client, world, share):
    body = text(
        logged_in(client, world.users["POLITIE"]).get(
            reverse("persons:family_detail", args=[world.family.pk])
        )
    )
    assert f'href="{share_url(world.family)}"' in body
    assert f'href="{register_url(world.family)}"' in body
    family = world.scenario.politie_only_family
    share(family=family, meldingen=world.scenario.other_meldingen["POLITIE"])
    body = text(
        logged_in(client, world.users["VT"]).get(reverse("persons:family_detail", args=[family.pk]))
    )
    assert f'href="{share_url(family)}"' not in body  # VT only received; it is not involved
    assert f'href="{register_url(family)}"' in body


def test_shared_at_is_shown_in_local_time(client, world, share):
    disclosure = share()
    Disclosure.objects.filter(pk=disclosure.pk).update(
        shared_at=dt.datetime(2026, 3, 12, 20, 40, tzinfo=dt.UTC)
    )
    body = text(logged_in(client, world.users["VT"]).get(melding_url(world.incident)))
    assert "Gedeeld door Politie Eenheid Test op 12-03-2026 om 21:40, grondslag art. 18 Wpg" in body
