"""``voorop seed``: determinism, consistency of the involvement index, realistic variation."""

from __future__ import annotations

import csv
from collections import defaultdict
from datetime import timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Max, Min

from voorop.cases.models import Case, CaseStatus, Phase
from voorop.meldingen.models import Label, Melding, MeldingKind, MeldingPerson
from voorop.organisations.models import Organisation, OrganisationKind
from voorop.persons.models import FamilySystem, OrganisationInvolvement, Person
from voorop.seeding.bsn import is_valid_bsn
from voorop.seeding.generator import families_truth_path
from voorop.seeding.region import ORGANISATIONS
from voorop.seeding.timing import AMSTERDAM, DEFAULT_END, local

FAMILIES = 20


def seed(*args: str) -> str:
    out = StringIO()
    call_command("seed", *args, stdout=out)
    return out.getvalue()


def database_content() -> dict[str, list[tuple]]:
    """What the seed stored, without primary keys (those depend on the database)."""
    return {
        "families": list(
            FamilySystem.objects.order_by("reference").values_list(
                "reference", "name", "recorded_by__code", "created_at"
            )
        ),
        "persons": sorted(
            Person.objects.values_list(
                "given_names", "prefix", "surname", "date_of_birth", "sex", "bsn", "created_at"
            ),
            key=repr,
        ),
        "meldingen": list(
            Melding.objects.order_by("reference").values_list(
                "reference",
                "source_organisation__code",
                "kind",
                "channel",
                "occurred_at",
                "received_at",
                "is_acute",
                "label_hg",
                "label_km",
                "label_ex_partnerstalking",
                "narrative",
                "family_system__reference",
                "created_at",
            )
        ),
        "mentions": list(
            MeldingPerson.objects.order_by("source_record_id").values_list(
                "source_record_id",
                "role",
                "given_names",
                "prefix",
                "surname",
                "date_of_birth",
                "bsn",
                "street",
                "house_number",
                "postcode",
                "city",
                "person__bsn",
            )
        ),
        "cases": list(
            Case.objects.order_by("reference").values_list(
                "reference", "phase", "status", "opened_at", "phase_changed_at", "closed_at"
            )
        ),
        "involvements": sorted(
            OrganisationInvolvement.objects.values_list(
                "family_system__reference",
                "organisation__code",
                "since",
                "last_activity_at",
                "reference",
            )
        ),
    }


@pytest.fixture
def seeded(db, tmp_path: Path) -> Path:
    truth = tmp_path / "truth.csv"
    seed("--families", str(FAMILIES), "--seed", "7", "--truth", str(truth))
    return truth


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.django_db
def test_same_seed_gives_same_database_and_truth(seeded: Path, tmp_path: Path):
    first_content = database_content()
    first_truth = seeded.read_bytes()
    first_families = families_truth_path(seeded).read_bytes()

    again = tmp_path / "again.csv"
    seed("--families", str(FAMILIES), "--seed", "7", "--truth", str(again), "--flush")

    assert database_content() == first_content
    assert again.read_bytes() == first_truth
    assert families_truth_path(again).read_bytes() == first_families
    assert FamilySystem.objects.count() == FAMILIES


@pytest.mark.django_db
def test_different_seed_gives_different_data(seeded: Path, tmp_path: Path):
    other = tmp_path / "other.csv"
    seed("--families", str(FAMILIES), "--seed", "8", "--truth", str(other), "--flush")
    assert other.read_bytes() != seeded.read_bytes()


@pytest.mark.django_db
def test_region_and_organisations_are_created_once(seeded: Path):
    seed("--families", "3", "--append")
    codes = set(Organisation.objects.values_list("code", flat=True))
    assert {spec.code for spec in ORGANISATIONS} <= codes
    assert Organisation.objects.count() == len(ORGANISATIONS)
    kinds = set(Organisation.objects.values_list("kind", flat=True))
    assert {
        OrganisationKind.VT,
        OrganisationKind.POLITIE,
        OrganisationKind.OM,
        OrganisationKind.RECLASSERING,
        OrganisationKind.RVDK,
        OrganisationKind.ZIEKENHUIS,
        OrganisationKind.LECK,
        OrganisationKind.GI,
    } <= kinds
    assert all(
        email.endswith(".example.nl")
        for email in Organisation.objects.values_list("contact_email", flat=True)
    )


@pytest.mark.django_db
def test_seeding_again_is_refused_unless_append_or_flush(seeded: Path):
    with pytest.raises(CommandError, match="--append"):
        seed("--families", "2")
    seed("--families", "2", "--append")
    references = set(FamilySystem.objects.values_list("reference", flat=True))
    assert {"GS-S000021", "GS-S000022"} <= references
    assert Melding.objects.values("reference").distinct().count() == Melding.objects.count()
    seed("--families", "2", "--flush")
    assert FamilySystem.objects.count() == 2
    assert Person.objects.filter(memberships__isnull=True).count() == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--families", "0"), "--families moet tussen 1"),
        (("--families", "veel"), "--families moet een geheel getal"),
        (("--years", "0"), "--years moet tussen 1"),
        (("--start", "2024-02-30"), "--start moet een datum"),
        (("--truth", "/nonexistent-dir/truth.csv"), "--truth bestaat niet"),
        (("--append", "--flush"), "not allowed with argument"),
    ],
)
@pytest.mark.django_db
def test_arguments_are_validated(args, message):
    with pytest.raises((CommandError, SystemExit)) as exc:
        seed(*args)
    if isinstance(exc.value, CommandError):
        assert message in str(exc.value)


@pytest.mark.django_db
def test_involvement_index_matches_the_records(seeded: Path):
    """One involvement per organisation that recorded something in a family, spanning exactly
    its records; OM, 3RO and RvdK only through their own involvement rows."""
    per_pair = {
        (row["family_system"], row["source_organisation"]): (row["first"], row["last"])
        for row in Melding.objects.values("family_system", "source_organisation").annotate(
            first=Min("received_at"), last=Max("received_at")
        )
    }
    involvements = {
        (i.family_system_id, i.organisation_id): i
        for i in OrganisationInvolvement.objects.select_related("organisation")
    }
    assert len(involvements) == OrganisationInvolvement.objects.count()
    for pair, (first, last) in per_pair.items():
        inv = involvements[pair]
        assert (inv.since, inv.last_activity_at) == (first, last)
    for pair, inv in involvements.items():
        if pair not in per_pair:
            assert inv.organisation.kind in {
                OrganisationKind.OM,
                OrganisationKind.RECLASSERING,
                OrganisationKind.RVDK,
            }
            assert inv.since <= inv.last_activity_at <= local(DEFAULT_END, 0, 0)
            assert inv.reference
    for family in FamilySystem.objects.select_related("case"):
        inv = involvements[(family.pk, family.recorded_by_id)]
        assert inv.since == family.created_at == family.case.opened_at
        assert (family.pk, family.case.first_contact_organisation_id) in involvements


@pytest.mark.django_db
def test_cases_follow_the_phase_rules(seeded: Path):
    now = local(DEFAULT_END, 0, 0)
    for case in Case.objects.all():
        acute_recent = Melding.objects.filter(
            family_system=case.family_system_id,
            is_acute=True,
            received_at__gte=now - timedelta(days=30),
        ).exists()
        assert (case.phase == Phase.ACUUT) == acute_recent
        assert case.opened_at <= case.phase_changed_at <= now
        if case.status == CaseStatus.GESLOTEN:
            assert case.closed_at is not None and case.closed_at <= now
        else:
            assert case.closed_at is None


@pytest.mark.django_db
def test_timestamps_are_simulated_not_wall_clock(seeded: Path):
    now = local(DEFAULT_END, 0, 0)
    assert not Melding.objects.filter(received_at__gte=now).exists()
    assert not Melding.objects.filter(created_at__gte=now).exists()
    assert not Person.objects.filter(created_at__gte=now).exists()
    for melding in Melding.objects.all():
        assert melding.occurred_at <= melding.received_at == melding.created_at


@pytest.mark.django_db
def test_truth_file_covers_every_mention(seeded: Path):
    rows = read_csv(seeded)
    assert len(rows) == MeldingPerson.objects.count()
    by_record = {row["record_id"]: row for row in rows}
    assert len(by_record) == len(rows)
    persons_by_truth: dict[str, set[int]] = defaultdict(set)
    for mention in MeldingPerson.objects.select_related("melding__family_system"):
        row = by_record[mention.source_record_id]
        assert row["melding_reference"] == mention.melding.reference
        if mention.person_id is None:
            assert row["true_person_id"].startswith("E")
            continue
        assert row["true_person_id"].startswith("P")
        assert row["true_family_id"] == "F" + mention.melding.family_system.reference[-6:]
        persons_by_truth[row["true_person_id"]].add(mention.person_id)
    # Perfect linkage: one true person is one Person row.
    assert all(len(pks) == 1 for pks in persons_by_truth.values())
    families = read_csv(families_truth_path(seeded))
    assert len(families) == FAMILIES
    assert {"hg", "km", "ex_partnerstalking", "unlabelled_meldingen"} <= set(families[0])


@pytest.mark.django_db
def test_reported_identities_vary_like_real_reports(db, tmp_path: Path):
    seed("--families", "80", "--seed", "3")
    mentions = list(MeldingPerson.objects.select_related("person", "melding__source_organisation"))
    linked = [m for m in mentions if m.person is not None]
    differs = [
        m for m in linked if (m.given_names, m.surname) != (m.person.given_names, m.person.surname)
    ]
    assert 0.2 * len(linked) < len(differs) < 0.9 * len(linked)
    name_typos = [
        m
        for m in linked
        if m.person.surname.lower() not in m.surname.lower()
        and m.surname.lower() not in m.person.surname.lower()
    ]
    assert name_typos, "some surnames must be misspelt or swapped"
    assert any(m.person.prefix and not m.prefix and m.person.prefix in m.surname for m in linked)
    missing_dob = [m for m in linked if m.date_of_birth is None]
    assert 0.03 * len(linked) < len(missing_dob) < 0.5 * len(linked)
    assert any(m.date_of_birth and m.date_of_birth != m.person.date_of_birth for m in linked), (
        "some dates of birth must be swapped or mistyped"
    )

    def bsn_share(kind: str) -> float:
        group = [m for m in linked if m.melding.source_organisation.kind == kind]
        return sum(1 for m in group if m.bsn) / len(group)

    assert 0 < bsn_share(OrganisationKind.POLITIE) < bsn_share(OrganisationKind.VT) < 1
    reported = [m.bsn for m in linked if m.bsn]
    valid = [b for b in reported if is_valid_bsn(b)]
    assert len(valid) > 0.95 * len(reported)
    assert all(m.bsn == m.person.bsn for m in linked if m.bsn and is_valid_bsn(m.bsn))


@pytest.mark.django_db
def test_person_bsns_are_valid_and_unique(seeded: Path):
    bsns = list(Person.objects.exclude(bsn=None).values_list("bsn", flat=True))
    assert bsns and all(is_valid_bsn(b) for b in bsns)
    assert len(set(bsns)) == len(bsns)
    assert Person.objects.filter(bsn=None).exists() or len(bsns) < 100


@pytest.mark.django_db
def test_every_family_has_a_case_and_records(seeded: Path):
    assert Case.objects.count() == FAMILIES
    assert not FamilySystem.objects.filter(meldingen__isnull=True).exists()
    assert not Melding.objects.filter(persons__isnull=True).exists()
    assert not Melding.objects.filter(family_system__isnull=True).exists()
    kinds = set(Melding.objects.values_list("kind", flat=True))
    assert {MeldingKind.POLITIE_INCIDENT, MeldingKind.VT_MELDING} <= kinds


def test_police_incidents_peak_in_evenings_and_weekends():
    """Measured on the in-memory plan: far more evening/weekend incidents than a flat clock."""
    from voorop.seeding.pools import Pools
    from voorop.seeding.simulation import Simulator
    from voorop.seeding.timing import Window

    simulator = Simulator(5, Window.from_options(None, 5), Pools(5))
    incidents = [
        m.occurred_at.astimezone(AMSTERDAM)
        for n in range(1, 1001)
        for m in simulator.family(n).meldingen
        if m.kind == MeldingKind.POLITIE_INCIDENT
        and m.channel == "112"
        and Label.EX_PARTNERSTALKING not in m.labels
    ]
    assert len(incidents) > 500
    evening = sum(1 for t in incidents if t.hour >= 18 or t.hour < 2) / len(incidents)
    weekend = sum(1 for t in incidents if t.weekday() >= 5) / len(incidents)
    either = sum(1 for t in incidents if t.weekday() >= 5 or t.hour >= 18 or t.hour < 2)
    assert evening > 0.45  # 8 of 24 hours: 0.33 on a flat clock
    assert weekend > 0.32  # 2 of 7 days: 0.29 on a flat calendar
    assert either / len(incidents) > 0.62  # 0.52 on a flat clock and calendar
    acute = [m for n in range(1001, 1201) for m in simulator.family(n).meldingen]
    share = sum(m.is_acute for m in acute) / len(acute)
    assert 0.05 < share < 0.4
