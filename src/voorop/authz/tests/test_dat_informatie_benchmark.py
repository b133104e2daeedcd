"""The dat-informatie benchmark (benchmarks/dat_informatie.py) at toy size, so that it cannot
rot: its set-based builder on the test database (SQLite or PostgreSQL) and its measurements."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest
from django.db import connection

from voorop.persons.models import FamilyMembership, OrganisationInvolvement, Person
from voorop.sharing.betrokkenheid import involvement_for_person, is_valid_bsn

BENCHMARK = Path(__file__).resolve().parents[4] / "benchmarks" / "dat_informatie.py"

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("voorop_bench_dat_informatie", BENCHMARK)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    yield module
    sys.modules.pop(spec.name, None)


def test_builder_makes_families_of_three_or_four_with_partners_involved(bench):
    dataset = bench.build(connection, persons=2000)
    assert Person.objects.count() == dataset.persons == 2000
    assert dataset.families == 572  # pairs of families of 3 and 4 persons
    # Every fiftieth person in no family system, every twentieth (else) in two.
    assert dataset.memberships == FamilyMembership.objects.count() == 2000 - 40 + 100 - 20
    assert 572 <= dataset.involvements == OrganisationInvolvement.objects.count() <= 4 * 572
    bsns = list(Person.objects.exclude(bsn=None).values_list("bsn", flat=True))
    assert len(bsns) > 1600 and all(is_valid_bsn(b) for b in bsns)
    user = bench.bench_users()[2][0]  # OM: involved as often as the others, sees nothing
    answer = involvement_for_person(user=user, person_id=dataset.first_person_id)
    assert 1 <= len(answer.organisations) <= 4
    assert {o.kind for o in answer.organisations} <= set(bench.PARTNER_KIND_CODES)


def test_measurements_run(bench, capsys):
    dataset = bench.build(connection, persons=2000)
    ids = dataset.person_ids()
    timings = [
        bench.time_api(ids, requests=50),
        bench.time_api(bench.bsn_sample(connection, dataset, 50), requests=50, param="bsn"),
        bench.time_selector(ids, requests=50),
    ]

    def execute(sql, params):
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    timings.append(bench.time_raw(execute, ids, requests=50))
    for timing in timings:
        assert len(timing.values_ms) == 50
        assert bench.HEADER.split()[0] == "what" and timing.row().startswith(timing.what)
    assert bench.database_size(connection)
