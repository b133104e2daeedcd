"""``voorop link --engine spark``: the same pairs, probabilities and clusters as DuckDB.

Needs pyspark (the ``spark`` extra) and Java 17+; skipped when either is missing, so a fresh
``make setup`` (dev extra only) does not run it — see ADR 0008 for why. Spark runs in local mode
(``local[2]``, loopback only): no cluster, no network. Marked ``spark`` (``-m "not spark"``
leaves it out). It does not touch the database, so ``make test`` runs it once, in the SQLite
run, not again on PostgreSQL (~40 s each: JVM start and Spark's first queries)."""

from __future__ import annotations

import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from voorop.core.testing.pgcluster import requested_backend
from voorop.linkage import batch
from voorop.linkage.model import load_model

from .test_batch import HERE, _clusters

pytest.importorskip("pyspark", reason="pyspark is the optional extra `spark`")
pytestmark = [
    pytest.mark.spark,
    pytest.mark.skipif(shutil.which("java") is None, reason="Spark needs Java 17+ (`java`)"),
]


@pytest.fixture(scope="module", autouse=True)
def _once_per_make_test(request):
    if requested_backend(request.config) == "postgres":
        pytest.skip("database-independent: runs in the SQLite run of `make test`")


@pytest.fixture(scope="module")
def spark():
    session = batch.spark_session()
    yield session
    session.stop()


def test_spark_scores_the_same_pairs_with_the_same_probabilities(spark):
    con = batch.connect()
    batch.load_csv(con, HERE / "households.csv")
    batch.prepare(con)
    model = dict(load_model())
    duck = batch.score_duckdb(con, model, floor=0.0, model_tf=True)
    sparked = batch.score_spark(con, model, floor=0.0, model_tf=True)
    assert len(duck[0]) > 5
    assert list(sparked[0]) == list(duck[0]) and list(sparked[1]) == list(duck[1])
    assert list(sparked[2]) == pytest.approx(list(duck[2]), abs=1e-9)


def test_link_command_with_spark_gives_the_duckdb_clusters(spark, tmp_path: Path):
    outputs = {}
    for engine in ("duckdb", "spark"):
        outputs[engine] = tmp_path / f"{engine}.csv"
        call_command(
            "link",
            input=str(HERE / "households.csv"),
            output=str(outputs[engine]),
            engine=engine,
            stdout=StringIO(),
        )
    assert _clusters(outputs["spark"]) == _clusters(outputs["duckdb"])
    assert outputs["spark"].read_text() == outputs["duckdb"].read_text()
