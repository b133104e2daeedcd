"""In real browsers: seeded arrests enter the queue of ZSM Rijnveen-Delta by the inflow rules
(werkgebied of the police region, as configured by the seed), and one goes through it with the
OM, Veilig Thuis, 3RO and the Raad — VT confirms a 'mogelijk huiselijk geweld' case, links and
shares part A, 3RO advises in coordination with VT, the partners record their afstemmingsoverleg,
the officier delays the case to the HG-spreekuur, it comes back to the queue with its history
and a handover, a second officier picks it up, the release is refused while there is acute
unsafety without a safety measure, and allowed once the decision records one."""

from __future__ import annotations

import datetime as dt
import importlib

import pytest
from django.apps import apps
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from voorop.accounts.models import RoleCode
from voorop.assessment import services as assessment_services
from voorop.core.testing import factories as f
from voorop.core.testing.browser import DEFAULT_TIMEOUT_MS, login
from voorop.meldingen.models import Melding, MeldingKind
from voorop.organisations.models import Organisation
from voorop.seeding import region as seeded
from voorop.zsm import services
from voorop.zsm.choices import HgLabel
from voorop.zsm.models import ZsmCase

from .conftest import ALL_FACTORS

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def as_user(playwright_browser, live_server):
    contexts = []

    def make(user):
        context = playwright_browser.new_context(
            base_url=live_server.url, locale="nl-NL", timezone_id="Europe/Amsterdam"
        )
        context.set_default_timeout(DEFAULT_TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        login(page, live_server, user)
        return page

    yield make
    for context in contexts:
        context.close()


def _seeded_arrest() -> Melding:
    """A seeded arrest labelled HG in a family with a child, so that the Raad is involved."""
    for melding in Melding.objects.filter(kind=MeldingKind.AANHOUDING, label_hg=True).order_by(
        "pk"
    ):
        if services.rvdk_rule(
            suspect=melding.persons.filter(role="VERDACHTE").first().person,
            family_system_id=melding.family_system_id,
            on=timezone.localdate(),
        ):
            return melding
    raise AssertionError("no seeded arrest in a family with children")


def _users() -> dict:
    orgs = {
        o.kind: o
        for o in Organisation.objects.filter(
            code__in=(
                seeded.VT,
                seeded.OM,
                seeded.RECLASSERING,
                seeded.RVDK,
                seeded.POLITIE_CENTRUM,
            )
        )
    }
    return {
        "VT": f.UserFactory(
            organisation=orgs["VT"], roles=[RoleCode.VT_MEDEWERKER], username="b.vt"
        ),
        "OM": f.UserFactory(
            organisation=orgs["OM"],
            roles=[RoleCode.OFFICIER],
            username="b.ovj1",
            first_name="Olga",
            last_name="Officier",
        ),
        "OM2": f.UserFactory(
            organisation=orgs["OM"],
            roles=[RoleCode.OFFICIER],
            username="b.ovj2",
            first_name="Otto",
            last_name="Dienst",
        ),
        "RECLASSERING": f.UserFactory(
            organisation=orgs["RECLASSERING"],
            roles=[RoleCode.RECLASSERINGSWERKER],
            username="b.3ro",
        ),
        "RVDK": f.UserFactory(
            organisation=orgs["RVDK"], roles=[RoleCode.RAADSONDERZOEKER], username="b.raad"
        ),
    }


def test_a_seeded_arrest_through_the_zsm_queue(as_user, live_server):
    importlib.import_module("voorop.sharing.migrations.0002_legal_bases_and_rules").seed(apps, None)
    call_command("seed", families="60", seed="11", verbosity=0)
    arrest = _seeded_arrest()
    Melding.objects.filter(pk=arrest.pk).update(is_acute=True)
    # The seed writes in bulk, past the intake: its arrests enter by the same inflow rules.
    call_command("zsm_instroom", verbosity=0)
    arrests = Melding.objects.filter(suspect_arrested=True, source_organisation__kind="POLITIE")
    assert ZsmCase.objects.filter(location__code=seeded.ZSM).count() == arrests.count()
    case = ZsmCase.objects.get(melding=arrest)
    flagged = ZsmCase.objects.filter(hg_label=HgLabel.MOGELIJK_HG).order_by("pk").first()
    assert flagged is not None and case.rvdk_involved and case.is_acute
    users = _users()

    # Veilig Thuis sees the 'mogelijk huiselijk geweld' flag in the queue and confirms it.
    vt = as_user(users["VT"])
    vt.goto("/zsm/")
    expect(vt.get_by_test_id(f"zsm-zaak-{flagged.reference}")).to_contain_text(
        "Mogelijk huiselijk geweld"
    )
    vt.get_by_role("link", name=flagged.reference).click()
    expect(vt.get_by_test_id("hg-label")).to_contain_text(flagged.hg_flag_reason)
    vt.get_by_role("button", name="HG bevestigen").click()
    expect(vt.get_by_test_id("hg-label")).to_contain_text("HG bevestigd")
    expect(vt.get_by_test_id("historie")).to_contain_text("VT-melding")

    # The officier on duty sees the case in the queue with its clock, and takes it up.
    om = as_user(users["OM"])
    om.goto("/zsm/")
    row = om.get_by_test_id(f"zsm-zaak-{case.reference}")
    expect(row.get_by_test_id("klok")).to_contain_text("nog 8:")
    row.get_by_role("link", name=case.reference).click()
    om.get_by_role("button", name="Zaak oppakken").click()
    expect(om.get_by_test_id("status")).to_have_text("In behandeling")

    # Veilig Thuis: part A done within the clock, linked and shared with the ZSM partners.
    b = assessment_services.beoordeling_start(
        user=users["VT"], family_system=case.family_system, context="ZSM"
    )
    assessment_services.beoordeling_part_a_save(
        user=users["VT"],
        beoordeling=b,
        acute_level="HOOG",
        acute_rationale="Slachtoffer is bang; verdachte dreigde terug te komen.",
        risk_factors=ALL_FACTORS,
    )
    assessment_services.beoordeling_part_a_complete(user=users["VT"], beoordeling=b)
    assessment_services.voorwaarde_add(
        user=users["VT"],
        beoordeling=b,
        text="Geen contact met het slachtoffer",
        person=None,
        valid_from=timezone.localdate(),
    )
    vt.goto(f"/zsm/zaken/{case.pk}/")
    expect(vt.get_by_test_id("raad")).to_contain_text("betrokken")
    vt.get_by_role("button", name="Koppelen").click()
    vt.get_by_role("button", name="Delen met de ZSM-partners").click()
    expect(vt.get_by_test_id("historie")).to_contain_text("Veiligheidsvoorwaarden gedeeld met 6")

    # 3RO builds its advice on VT's assessment, coordinated with VT for 15 minutes.
    reclassering = as_user(users["RECLASSERING"])
    reclassering.goto(f"/zsm/zaken/{case.pk}/")
    expect(reclassering.get_by_test_id("voorwaarden")).to_contain_text("Geen contact")
    reclassering.get_by_label("Advies over de verdachte").fill("Contactverbod en meldplicht.")
    reclassering.get_by_label("Gebaseerd op de veiligheidsbeoordeling").check()
    reclassering.get_by_label("Afgestemd met Veilig Thuis").check()
    reclassering.get_by_label("Duur afstemming (minuten)").fill("15")
    reclassering.get_by_role("button", name="Advies vastleggen").click()
    expect(reclassering.get_by_test_id("advies")).to_contain_text("afgestemd met VT, 15 min.")

    # The Raad is involved automatically (adult suspect with children).
    raad = as_user(users["RVDK"])
    raad.goto(f"/zsm/zaken/{case.pk}/")
    expect(raad.get_by_test_id("raad")).to_contain_text("meerderjarige verdachte")

    # The afstemmingsoverleg, Veilig Thuis by phone.
    om.reload()
    om.get_by_label("Veilig Thuis", exact=True).select_option("TELEFONISCH")
    om.get_by_label("Afspraken").fill("Contactverbod sluit aan bij de voorwaarden van VT.")
    om.get_by_label("Veilig Thuis Rijnveen").check()
    om.get_by_label("Reclassering (3RO) Rijnveen-Delta").check()
    om.get_by_role("button", name="Overleg vastleggen").click()
    expect(om.get_by_test_id("overleg")).to_contain_text("Veilig Thuis telefonisch")
    expect(om.get_by_test_id("overleg")).to_contain_text("Reclassering (3RO) Rijnveen-Delta")

    # The officier delays the case to the HG-spreekuur with a handover.
    om.get_by_label("Uitstellen naar").select_option("HG_SPREEKUUR")
    om.get_by_label("Nieuwe datum").fill((timezone.localdate() + dt.timedelta(days=1)).isoformat())
    om.get_by_label("Overdracht aan de officier van dienst").fill("Besluit na het HG-spreekuur.")
    om.get_by_role("button", name="Uitstellen").click()
    expect(om.get_by_test_id("status")).to_have_text("Uitgesteld")

    # The new date has come (simulated): the second officier puts it back in the queue.
    ZsmCase.objects.filter(pk=case.pk).update(delayed_until=timezone.localdate())
    om2 = as_user(users["OM2"])
    om2.goto("/zsm/")
    expect(om2.get_by_test_id("zsm-uitgesteld")).to_contain_text(case.reference)
    om2.get_by_test_id("zsm-uitgesteld").get_by_role("link", name=case.reference).click()
    om2.get_by_role("button", name="Terugzetten in de werkvoorraad").click()
    expect(om2.get_by_test_id("status")).to_have_text("Instroom")
    expect(om2.get_by_test_id("overdracht")).to_contain_text("Besluit na het HG-spreekuur.")
    expect(om2.get_by_test_id("historie")).to_contain_text("overdracht van Olga Officier")
    om2.goto("/zsm/")
    expect(om2.get_by_test_id(f"zsm-zaak-{case.reference}")).to_contain_text("teruggekomen")
    om2.get_by_role("link", name=case.reference).click()
    om2.get_by_role("button", name="Zaak oppakken").click()
    expect(om2.get_by_test_id("historie")).to_contain_text(
        "Overdracht van Olga Officier aan Otto Dienst"
    )

    # Release refused: acute unsafety and no safety measure; the conflict is on the page.
    om2.get_by_role("button", name="Verdachte vrijgelaten").click()
    expect(om2.get_by_test_id("fouten")).to_contain_text("Conflict: er is acute onveiligheid")
    om2.get_by_label("Afdoening of route").select_option("SEPOT_VOORWAARDEN")
    om2.get_by_label("Juridische veiligheidsmaatregelen").fill("Contactverbod, 90 dagen.")
    om2.get_by_role("button", name="Besluit vastleggen").click()
    expect(om2.get_by_test_id("status")).to_have_text("Besloten")
    om2.get_by_role("button", name="Verdachte vrijgelaten").click()
    expect(om2.get_by_text("vrijgelaten op")).to_be_visible()
    case.refresh_from_db()
    assert case.returns == 1 and case.suspect_released_at is not None

    # The queue makes the share of 3RO advices coordinated with VT visible.
    om2.goto("/zsm/")
    expect(om2.get_by_test_id("advies-afstemming")).to_contain_text("1 van 1")
