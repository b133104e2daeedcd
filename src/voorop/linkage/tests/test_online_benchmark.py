"""The online linkage benchmark (benchmarks/linkage_online.py) at toy size, so that it cannot
rot: simulation, bulk normalisation in DuckDB, the load into the test database (SQLite or
PostgreSQL), and both measurements. The bulk-built index must be exactly what online linkage
itself would store: the same profiles (``online.model_row``) and the same keys
(``online.index_keys``)."""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import sys
from pathlib import Path

import pytest
from django.db import connection

from voorop.linkage import batch
from voorop.linkage.models import LinkIdentity, PersonKey
from voorop.linkage.normalise import normalise
from voorop.linkage.online import identity_of_person, index_keys, model_row
from voorop.linkage.scoring import default_model
from voorop.persons.models import Person

BENCHMARK = Path(__file__).resolve().parents[4] / "benchmarks" / "linkage_online.py"

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("voorop_bench_linkage_online", BENCHMARK)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    yield module
    sys.modules.pop(spec.name, None)


@pytest.fixture(scope="module")
def built(bench, tmp_path_factory):
    """Simulated and normalised once (DuckDB, no database); loaded per test."""
    directory = tmp_path_factory.mktemp("online")
    simulated = bench.simulate(directory, persons=120, reports=12, seed=3)
    assert bench.simulate(directory, persons=120, reports=12, seed=3).seconds == 0.0  # reused
    duck = batch.connect()
    bench.normalise_index(duck, simulated, persons=120, reports=12, seed=3)
    return duck


def test_bulk_index_is_what_online_linkage_stores(bench, built):
    index = bench.load(connection, built)
    assert Person.objects.count() == index.persons == 120
    assert LinkIdentity.objects.count() == index.identities > 120
    assert PersonKey.objects.count() == index.keys
    keys: dict[int, set[str]] = {}
    for identity_id, key in PersonKey.objects.values_list("identity_id", "key"):
        keys.setdefault(identity_id, set()).add(key)
    identities = LinkIdentity.objects.select_related("person")
    for identity in identities:
        assert keys.get(identity.pk, set()) == set(index_keys(identity.profile))
        assert identity.mention_id is None
    # Each person's own identity (the first) as ``online.index_person`` makes it.
    for person in Person.objects.all():
        first = LinkIdentity.objects.filter(person=person).order_by("id").first()
        assert first is not None
        assert first.profile == model_row(identity_of_person(person))
    # Every mention identity as online normalisation makes it (un-swapping included).
    rows = built.execute(
        "SELECT i.profile, m.given_names, m.prefix, m.surname, m.date_of_birth, m.sex, "
        "m.postcode, m.house_number, m.bsn FROM idx_identity i "
        "JOIN im m USING (family, seq, position)"
    ).fetchall()
    assert len(rows) == index.identities - index.persons
    counts = default_model().name_counts
    for profile, given, prefix, surname, dob, sex, pc, hn, bsn in rows:
        expected = model_row(
            normalise(
                given_names=given,
                prefix=prefix,
                surname=surname,
                date_of_birth=dt.date.fromisoformat(dob) if dob else None,
                sex=sex,
                postcode_value=pc,
                house_number_value=hn,
                bsn=bsn,
                name_counts=counts,
            )
        )
        assert json.loads(profile) == expected


def test_measurements_run(bench, built, capsys):
    index = bench.load(connection, built)
    reports = bench.reports_from(built)
    assert len(reports) == 12
    assert all(1 <= len(r.mentions) <= bench.MAX_PERSONS_PER_REPORT for r in reports)
    assert any(not r.known_family for r in reports) and any(r.known_family for r in reports)
    online = bench.time_online(index, reports, warmup=reports[:2])
    assert len(online.timing.values_ms) == 12 == len(online.queries)
    assert sum(online.outcomes.values()) == sum(len(r.mentions) for r in reports)
    assert not any("ONJUIST" in outcome for outcome in online.outcomes)
    splink = bench.time_splink(built, reports[:2], index, warmup=reports[2:3])
    assert len(splink.timing.values_ms) == 2
    assert 0 <= splink.same_best <= splink.compared <= sum(len(r.mentions) for r in reports[:2])
    for timing in (online.timing, online.per_person, splink.timing):
        assert timing.row().startswith(timing.what)
