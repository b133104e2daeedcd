"""Reads of the veiligheidsplan: who reads it (involved partners, emergency access — not a mere
disclosure recipient), whose notes are hidden, what is overdue, and whose werkvoorraad shows
it (the owner's only)."""

from __future__ import annotations

import datetime as dt
import importlib

import pytest
from django.apps import apps
from django.http import Http404
from django.template import Context, Template, TemplateSyntaxError
from django.utils import timezone

from voorop.authz.models import EmergencyAccess
from voorop.core.testing import factories as f
from voorop.safetyplan import selectors, services
from voorop.safetyplan.models import PlanItem, PlanItemStatus
from voorop.safetyplan.tests.conftest import TODAY
from voorop.sharing.models import CoordinationMoment, LegalBasis

pytestmark = pytest.mark.django_db

KINDS = ["VT", "POLITIE", "OM", "RECLASSERING", "RVDK"]


def days(n: int) -> dt.date:
    return TODAY + dt.timedelta(days=n)


@pytest.mark.parametrize("kind", KINDS)
def test_the_plan_is_read_by_involved_partners_only(world, add, kind):
    add("tijdelijk-huisverbod", owner="GEMEENTE")
    involved = kind in ("VT", "POLITIE")
    user = world.users[kind]
    if involved:
        assert selectors.plan_family_get(user=user, pk=world.family.pk) == world.family
        assert len(selectors.plan_items(user=user, family_system=world.family)) == 1
    else:
        with pytest.raises(Http404):
            selectors.plan_family_get(user=user, pk=world.family.pk)
    # The police-only family's plan: only the police.
    politie_only = world.scenario.politie_only_family
    if kind == "POLITIE":
        selectors.plan_family_get(user=user, pk=politie_only.pk)
    else:
        with pytest.raises(Http404):
            selectors.plan_family_get(user=user, pk=politie_only.pk)


def test_a_disclosure_alone_does_not_open_the_plan(world, add):
    importlib.import_module("voorop.sharing.migrations.0002_legal_bases_and_rules").seed(apps, None)
    from voorop.sharing import services as sharing

    sharing.disclosure_create(
        user=world.users["POLITIE"],
        family_system=world.family,
        to_organisation=world.orgs["OM"],
        legal_basis=LegalBasis.objects.get(code="politie-wpg-16-1-a"),
        moment=CoordinationMoment.ZSM,
        necessity="Het OM beslist vandaag op ZSM over de afdoening.",
        items=[(world.scenario.meldingen["POLITIE"][0], ["PERSONEN"])],
    )
    om = world.users["OM"]
    from voorop.authz import policy

    assert policy.family_systems_for(om).filter(pk=world.family.pk).exists()
    with pytest.raises(Http404):
        selectors.plan_family_get(user=om, pk=world.family.pk)


def test_emergency_access_reads_the_plan_and_its_notes_but_does_not_write(world, add):
    item = add("contactverbod", owner="VT", note="Alleen voor VT.")
    rvdk = world.users["RVDK"]
    EmergencyAccess.objects.create(
        user=rvdk,
        organisation=world.orgs["RVDK"],
        family_system=world.family,
        reason="Kind in acuut gevaar, niemand van VT bereikbaar.",
        granted_at=timezone.now(),
        expires_at=timezone.now() + dt.timedelta(hours=4),
    )
    view = selectors.plan_item_get(user=rvdk, family_system=world.family, pk=item.pk)
    assert view.note == "Alleen voor VT."
    assert not view.may_change
    assert not selectors.may_add_to_plan(user=rvdk, family_system=world.family)


def test_notes_are_for_owner_and_recorder_until_disclosed(world, add):
    # Recorded by VT, owned by the police: both read the note; RVDK (made involved) does not.
    item = add("contact-wijkagent", owner="POLITIE", note="Buurvrouw is bang voor de pleger.")
    f.InvolvementFactory(family_system=world.family, organisation=world.orgs["RVDK"])
    by_kind = {
        kind: selectors.plan_item_get(
            user=world.users[kind], family_system=world.family, pk=item.pk
        )
        for kind in ("VT", "POLITIE", "RVDK")
    }
    assert by_kind["VT"].note == by_kind["POLITIE"].note == "Buurvrouw is bang voor de pleger."
    assert by_kind["RVDK"].note is None and by_kind["RVDK"].has_hidden_note
    assert by_kind["RVDK"].description == item.description  # the rest is shared
    assert by_kind["RVDK"].owner_organisation == world.orgs["POLITIE"]
    # Templates cannot reach around the view to the item (underscore names are refused).
    with pytest.raises(TemplateSyntaxError):
        Template("{{ view._item.note }}").render(Context({"view": by_kind["RVDK"]}))
    basis = LegalBasis.objects.create(code="t", short_label="art. T", citation="art. T")
    services.plan_item_disclose_note(user=world.users["POLITIE"], item=item, legal_basis=basis)
    after = selectors.plan_item_get(
        user=world.users["RVDK"], family_system=world.family, pk=item.pk
    )
    assert after.note == "Buurvrouw is bang voor de pleger."


def test_an_item_of_another_plan_is_not_found(world, add):
    item = add("contactverbod", owner="VT")
    other = world.scenario.vt_only_family
    with pytest.raises(Http404):
        selectors.plan_item_get(user=world.users["VT"], family_system=other, pk=item.pk)


# --- overdue ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("reassess", "ends", "status", "overdue", "reasons"),
    [
        (
            -1,
            5,
            PlanItemStatus.ACTIVE,
            True,
            ["advies over verlenging aan de burgemeester was op 09-03-2026"],
        ),
        (2, -1, PlanItemStatus.ACTIVE, True, ["einddatum was 09-03-2026"]),
        (
            -3,
            -1,
            PlanItemStatus.PLANNED,
            True,
            [
                "advies over verlenging aan de burgemeester was op 07-03-2026",
                "einddatum was 09-03-2026",
            ],
        ),
        (0, 0, PlanItemStatus.ACTIVE, False, []),  # due today is not overdue (yet)
        (-1, -1, PlanItemStatus.DONE, False, []),
        (-1, -1, PlanItemStatus.CANCELLED, False, []),
        (None, None, PlanItemStatus.ACTIVE, False, []),
    ],
)
def test_overdue_is_derived_from_the_dates(world, add, reassess, ends, status, overdue, reasons):
    item = add("tijdelijk-huisverbod", owner="GEMEENTE", starts_on=days(-12))
    PlanItem.objects.filter(pk=item.pk).update(
        reassess_on=None if reassess is None else days(reassess),
        ends_on=None if ends is None else days(ends),
        status=status,
    )
    view = selectors.plan_item_get(user=world.users["VT"], family_system=world.family, pk=item.pk)
    assert view.overdue is overdue
    assert view.overdue_reasons == reasons
    assert view.status_label == ("Verlopen" if overdue else PlanItemStatus(status).label)


def test_the_werkvoorraad_block_is_for_the_owner_only(world, add):
    # VT records a huisverbod for the gemeente and a contactverbod owned by the police, both
    # with a reassessment date that passed; VT's own follow-up is due today.
    huisverbod = add("tijdelijk-huisverbod", owner="GEMEENTE", starts_on=days(-9))
    verbod = add("contactverbod", owner="POLITIE", reassess_on=days(1), starts_on=days(-2))
    PlanItem.objects.filter(pk=verbod.pk).update(reassess_on=days(-1))
    own = add(
        "veiligheidsvoorwaarden-vt", owner="VT", owner_user=world.users["VT"], reassess_on=TODAY
    )
    closed = add(
        "buddy", owner="POLITIE", phase="RISICOGESTUURD", starts_on=days(-30), ends_on=days(-2)
    )
    services.plan_item_transition(user=world.users["POLITIE"], item=closed, to_status="CANCELLED")

    police = selectors.owner_attention_items(user=world.users["POLITIE"])
    assert [v.pk for v in police.items] == [verbod.pk]
    assert police.overdue[0].overdue_reasons == ["herbeoordeling was op 09-03-2026"]
    vt = selectors.owner_attention_items(user=world.users["VT"])
    assert [v.pk for v in vt.items] == [own.pk]  # not the gemeente's, not the police's
    assert vt.due_today[0].pk == own.pk and not vt.overdue
    assert huisverbod.reassess_on == days(-1)  # overdue, but its owner has no users here
    for kind in ("OM", "RECLASSERING", "RVDK"):
        assert selectors.owner_attention_items(user=world.users[kind]).items == []


def test_the_werkvoorraad_block_puts_the_users_own_items_first(world, add):
    colleague = f.UserFactory(organisation=world.orgs["POLITIE"], roles=["AGENT"])
    mine = add("contact-wijkagent", owner="POLITIE", owner_user=world.users["POLITIE"],
               phase="RISICOGESTUURD", starts_on=days(-5), reassess_on=days(-1))  # fmt: skip
    theirs = add("contact-wijkagent", owner="POLITIE", owner_user=colleague,
                 phase="RISICOGESTUURD", starts_on=days(-5), reassess_on=days(-3))  # fmt: skip
    block = selectors.owner_attention_items(user=world.users["POLITIE"])
    assert [v.pk for v in block.items] == [mine.pk, theirs.pk]
    assert [v.pk for v in selectors.owner_attention_items(user=colleague).items] == [
        theirs.pk,
        mine.pk,
    ]


# --- grouping ---------------------------------------------------------------------------------


def test_the_plan_groups_by_phase_and_legal_domain(world, add):
    add("tijdelijk-huisverbod", owner="GEMEENTE")
    add("aanhouding", owner="POLITIE")
    add("voorlopige-ots", owner="RVDK")
    add("buddy", owner="VT", phase="HERSTELGERICHT")
    agreement = services.plan_add_agreement(
        user=world.users["VT"],
        family_system=world.family,
        topic="INFORMEREN",
        description="VT informeert de school.",
        owner_organisation=world.orgs["VT"],
    )
    done = add("contactverbod", owner="OM")
    services.plan_item_transition(user=world.users["VT"], item=done, to_status="DONE")
    grouped = selectors.group_plan(
        selectors.plan_items(user=world.users["VT"], family_system=world.family)
    )
    acuut, risico, herstel = grouped.phases
    assert [d.domain for d in acuut.domains] == ["STRAFRECHT", "BESTUURSRECHT", "CIVIEL_RECHT"]
    assert [v.pk for v in acuut.agreements] == [agreement.pk]
    assert risico.is_empty
    assert [d.domain for d in herstel.domains] == ["OVERIG"]
    assert [v.pk for v in grouped.closed] == [done.pk]
    assert grouped.open_count == 5


def test_the_suggested_owner_follows_the_catalogue(world):
    suggest = selectors.suggested_owner
    family, vt = world.family, world.users["VT"]
    huisverbod = world.catalogue["tijdelijk-huisverbod"]  # VT: involved here
    assert suggest(user=vt, family_system=family, intervention=huisverbod) == world.orgs["VT"]
    crisis = world.catalogue["crisismaatregel-wvggz"]  # GEMEENTE: not involved, but the only one
    assert suggest(user=vt, family_system=family, intervention=crisis) == world.gemeente
    slachtofferhulp = world.catalogue["slachtofferhulp"]  # no such organisation: the user's own
    assert suggest(user=vt, family_system=family, intervention=slachtofferhulp) == world.orgs["VT"]
