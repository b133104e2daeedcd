"""The automatic inflow from intake (``voorop.zsm.inflow``): an arrest recorded by the police
enters the queue of its ZSM location in the transaction that records it — through the
werkgebied of the police organisation's region (or the region above it), or the one location
where it is ZSM partner — once, logged; anything else is left alone with a logged reason."""

from __future__ import annotations

import datetime as dt
import logging

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from voorop.audit.models import AccessLogEntry
from voorop.core.testing import factories as f
from voorop.meldingen.models import Channel, MeldingKind
from voorop.meldingen.services import melding_record
from voorop.organisations.models import RegionKind
from voorop.zsm import inflow
from voorop.zsm.choices import HgLabel, Status
from voorop.zsm.models import ZsmCase, ZsmCatchment, ZsmPartner

pytestmark = pytest.mark.django_db


@pytest.fixture
def police_region(zsm):
    """The scenario's police organisation works in a basisteam under a politie-eenheid; the
    eenheid is the werkgebied of the test ZSM location."""
    eenheid = f.RegionFactory(code="eenheid-test", kind=RegionKind.POLITIE_EENHEID)
    basisteam = f.RegionFactory(code="basisteam-test", kind=RegionKind.BASISTEAM, parent=eenheid)
    politie = zsm.orgs["POLITIE"]
    politie.region = basisteam
    politie.save(update_fields=["region"])
    ZsmCatchment.objects.create(location=zsm.location, region=eenheid)
    return eenheid


def arrest(zsm, **overrides):
    now = timezone.now()
    persons = zsm.persons
    return melding_record(
        user=zsm.users["POLITIE"],
        melding={
            "kind": MeldingKind.AANHOUDING,
            "channel": Channel.SURVEILLANCE,
            "occurred_at": now - dt.timedelta(hours=2),
            "received_at": now - dt.timedelta(hours=1),
            "label_hg": False,
            "suspect_arrested": True,
            **overrides.pop("melding", {}),
        },
        persons=overrides.pop(
            "persons",
            [
                {"person": persons["father"], "role": "VERDACHTE"},
                {"person": persons["mother"], "role": "SLACHTOFFER"},
            ],
        ),
        **overrides,
    )


def test_an_arrest_enters_the_queue_of_its_werkgebied_when_it_is_recorded(zsm, police_region):
    before = timezone.now()
    melding = arrest(zsm, channel="API")
    case = melding.intake_outcome.zsm_case
    assert case is not None and ZsmCase.objects.get(melding=melding) == case
    assert case.location == zsm.location and case.status == Status.INSTROOM
    assert before <= case.inflow_at <= timezone.now()
    assert case.due_at - case.inflow_at == dt.timedelta(hours=9)
    # Not labelled HG, but the network knows them as partners.
    assert case.hg_label == HgLabel.MOGELIJK_HG
    event = case.events.get()
    assert "automatisch vanuit de intake (werkgebied)" in event.note
    logged = AccessLogEntry.objects.filter(object_type="zsm-zaak", object_id=str(case.pk)).get()
    assert (logged.action, logged.channel, logged.username) == (
        "CREATE",
        "API",
        zsm.users["POLITIE"].username,
    )


def test_without_a_werkgebied_the_one_location_where_the_police_are_partner(zsm):
    case = arrest(zsm).intake_outcome.zsm_case
    assert case is not None and case.location == zsm.location
    assert "(partner)" in case.events.get().note


def test_partner_at_two_locations_needs_a_werkgebied(zsm, caplog):
    ZsmPartner.objects.create(location=zsm.other_location, organisation=zsm.orgs["POLITIE"])
    with caplog.at_level(logging.WARNING, logger="voorop.zsm.services"):
        melding = arrest(zsm)
    assert melding.intake_outcome.zsm_case is None
    assert not ZsmCase.objects.exists()
    assert f"melding={melding.pk}" in caplog.text and "code=geen_zsm_locatie" in caplog.text
    # The melding itself is recorded all the same.
    assert melding.pk and melding.route_advice.filter(route="ZSM").exists()


def test_the_werkgebied_wins_over_partnership(zsm, police_region):
    ZsmPartner.objects.filter(organisation=zsm.orgs["POLITIE"]).delete()
    ZsmPartner.objects.create(location=zsm.other_location, organisation=zsm.orgs["POLITIE"])
    assert arrest(zsm).intake_outcome.zsm_case.location == zsm.location


def test_a_follow_up_of_the_same_incident_does_not_enter_twice(zsm, police_region, caplog):
    first = arrest(zsm)
    with caplog.at_level(logging.WARNING, logger="voorop.zsm.services"):
        again = arrest(
            zsm,
            melding={"kind": MeldingKind.AANGIFTE, "channel": Channel.BALIE, "follows_from": first},
        )
    assert again.intake_outcome.zsm_case is None
    assert ZsmCase.objects.count() == 1
    assert "code=al_op_zsm" in caplog.text


def test_an_old_arrest_does_not_enter_by_itself(zsm, police_region, caplog):
    """A CSV import of last year's arrests must not fill today's queue."""
    long_ago = timezone.now() - dt.timedelta(days=200)
    with caplog.at_level(logging.WARNING, logger="voorop.zsm.services"):
        melding = arrest(
            zsm,
            melding={"occurred_at": long_ago, "received_at": long_ago + dt.timedelta(hours=1)},
        )
    assert melding.intake_outcome.zsm_case is None and "code=te_oud" in caplog.text
    call_command("zsm_instroom", "--sinds", (long_ago.date()).isoformat())
    assert ZsmCase.objects.get(melding=melding).location == zsm.location


def test_only_police_arrests_enter(zsm, police_region):
    incident = arrest(
        zsm,
        melding={
            "kind": MeldingKind.POLITIE_INCIDENT,
            "channel": Channel.NOODNUMMER,
            "suspect_arrested": False,
        },
    )
    assert incident.intake_outcome.zsm_case is None
    assert inflow.route(incident).skip == inflow.SkipCode.NOT_ARRESTED
    assert not ZsmCase.objects.exists()


def test_a_suspect_not_yet_linked_still_enters(zsm, police_region):
    """A suspect in custody waits whatever the linkage says: the case enters without a person,
    the Raad's rule reads the reported date of birth (here: a minor)."""
    melding = arrest(
        zsm,
        persons=[
            {  # no name and no BSN: linkage can do nothing with it
                "role": "VERDACHTE",
                "date_of_birth": timezone.localdate() - dt.timedelta(days=16 * 365),
            },
            {"person": zsm.persons["mother"], "role": "SLACHTOFFER"},
        ],
    )
    case = melding.intake_outcome.zsm_case
    assert case is not None
    assert melding.persons.get(role="VERDACHTE").person_id is None
    assert case.suspect_id is None and case.hg_label == HgLabel.GEEN
    assert case.rvdk_involved and case.rvdk_reason == "minderjarige verdachte"
    assert "nog niet gekoppeld" in case.events.get().note


def test_inflow_service_refuses_a_melding_without_a_suspect_mention(zsm):
    melding = zsm.arrest_melding()
    melding.persons.filter(role="VERDACHTE").delete()
    assert inflow.route(melding).skip == inflow.SkipCode.NO_SUSPECT
    with pytest.raises(ValidationError):
        from voorop.zsm import services

        services.zsm_case_inflow(melding=melding, location=zsm.location)


def test_catchment_must_be_a_police_region_and_a_zsm_location(zsm):
    vt_regio = f.RegionFactory(code="vt-regio-x", kind=RegionKind.VT_REGIO)
    with pytest.raises(ValidationError) as excinfo:
        ZsmCatchment(location=vt_regio, region=vt_regio).full_clean()
    assert set(excinfo.value.error_dict) == {"location", "region"}


def test_instroom_command_catches_up_on_earlier_arrests(zsm, police_region, capsys):
    melding = zsm.arrest_melding(label_hg=True)  # recorded without the intake (as seeded)
    call_command("zsm_instroom")
    case = ZsmCase.objects.get(melding=melding)
    assert case.location == zsm.location and case.hg_label == HgLabel.GELABELD
    call_command("zsm_instroom")
    assert ZsmCase.objects.count() == 1
    out = capsys.readouterr().out
    assert "1 zaken ingestroomd" in out and "0 zaken ingestroomd" in out
