"""Batch linkage benchmark: voorop's pipeline against a plain Splink pipeline, side by side.

For each data set (FEBRL3, FEBRL4, synthetic Dutch at 100k and 1M records; see
``linkage_data.py``) both pipelines run in a fresh process each, one after the other, on the
same machine and the same input file:

- **plain Splink** (Splink 5 defaults): light cleaning (lowercase, trim), ``NameComparison`` on
  first name and surname, ``DateOfBirthComparison``, one address comparison (postcode + house
  number), λ from a deterministic rule, u by random sampling, m by EM on two blocking rules,
  ``predict``, connected components at p = 0.5;
- **voorop** (``voorop.linkage.batch.run_batch``): Dutch-aware normalisation, m from
  BSN-agreeing pairs (EM without BSN), constrained clustering at the link threshold.

Wall time covers reading the CSV through to the clusters (not writing the output, not the
evaluation); peak memory is the process's peak resident set (``VmHWM`` in /proc, which
includes DuckDB's memory). Pairwise figures are on the scored pairs (plain: at p = 0.5 and at
its best threshold; voorop: at its link threshold and best threshold ≥ 0.5); cluster figures
are on all pairs of records put in the same cluster, against the truth.

    .venv/bin/python benchmarks/linkage_batch.py                 # all four data sets
    .venv/bin/python benchmarks/linkage_batch.py --sets febrl3 dutch_100000
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from linkage_data import ensure, truth_path

DATA_DIR = Path(os.environ.get("VOOROP_LINKAGE_DATA", "var/linkage"))
SETS = {
    "febrl3": ("febrl", 3),
    "febrl4": ("febrl", 4),
    "dutch_100000": ("dutch", 100_000),
    "dutch_1000000": ("dutch", 1_000_000),
}


def _peak_rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as handle:
        for line in handle:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def _connect() -> Any:
    from voorop.linkage.batch import connect

    return connect()


def _plain(path: Path, link_only: bool) -> tuple[Any, str, str, float]:
    """The plain Splink pipeline. Returns the connection, the predictions and clusters tables."""
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    con = _connect()
    con.execute(
        "CREATE TABLE raw AS SELECT row_number() OVER () - 1 AS unique_id, * FROM "
        "read_csv(?, header = true, all_varchar = true)",
        [str(path)],
    ).fetchall()
    con.execute(
        "CREATE TABLE plain AS SELECT unique_id, coalesce(source, '') AS src, "
        "nullif(lower(trim(given_names)), '') AS first_name, "
        "nullif(lower(trim(surname)), '') AS surname, "
        "nullif(trim(date_of_birth), '') AS dob, "
        "CASE WHEN nullif(trim(postcode), '') IS NOT NULL THEN "
        "lower(replace(postcode, ' ', '')) || ' ' || lower(coalesce(house_number, '')) END "
        "AS address FROM raw"
    ).fetchall()
    settings = SettingsCreator(
        link_type="link_only" if link_only else "dedupe_only",
        unique_id_column_name="unique_id",
        comparisons=[
            cl.NameComparison("first_name"),
            cl.NameComparison("surname"),
            cl.DateOfBirthComparison("dob", input_is_string=True),
            cl.ExactMatch("address").configure(term_frequency_adjustments=True),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("first_name", "surname"),
            block_on("surname", "dob"),
            block_on("first_name", "dob"),
            block_on("address", "substr(first_name, 1, 1)"),
        ],
    )
    db_api = DuckDBAPI(connection=con)
    if link_only:
        for source in ("A", "B"):
            con.execute(
                f"CREATE TABLE plain_{source} AS SELECT * FROM plain "  # noqa: S608
                f"WHERE src = '{source}'"
            ).fetchall()
        frames = [db_api.register(f"plain_{s}", dataset_display_name=s) for s in ("A", "B")]
        linker = Linker(frames, settings, log_level="WARNING")
    else:
        linker = Linker(db_api.register("plain"), settings, log_level="WARNING")
    linker.training.estimate_probability_two_random_records_match(
        [block_on("first_name", "surname", "dob")], recall=0.7
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=1e6, seed=1)
    linker.training.estimate_parameters_using_expectation_maximisation(
        block_on("first_name", "surname")
    )
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("dob"))
    predictions = linker.inference.predict(threshold_match_probability=0.01)
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(
        predictions, threshold_match_probability=0.5
    )
    return con, predictions.physical_name, clusters.physical_name, 0.5


def _voorop(path: Path) -> tuple[Any, str, str, float]:
    import numpy as np
    import pyarrow as pa

    from voorop.linkage import batch
    from voorop.linkage.model import LINK_THRESHOLD

    con = _connect()
    result = batch.run_batch(path, None, con=con, train=True)
    con.register(
        "labels_arrow",
        pa.table({"unique_id": np.arange(len(result.labels)), "cluster_id": result.labels}),
    )
    con.execute("CREATE TABLE voorop_clusters AS SELECT * FROM labels_arrow").fetchall()
    return con, "voorop_edges", "voorop_clusters", LINK_THRESHOLD


def _evaluate(
    con: Any, path: Path, predictions: str, clusters: str, threshold: float
) -> dict[str, float]:
    con.execute(
        "CREATE OR REPLACE TABLE truth AS SELECT r.unique_id, t.true_person_id AS tp FROM raw r "
        "JOIN read_csv(?, header = true, all_varchar = true) t USING (record_id)",
        [str(truth_path(path))],
    ).fetchall()
    true_pairs = con.execute(
        "SELECT sum(c * (c - 1) / 2) FROM (SELECT count(*) AS c FROM truth GROUP BY tp)"
    ).fetchall()[0][0]

    def prf(tp: float, predicted: float) -> tuple[float, float, float]:
        p = tp / predicted if predicted else 0.0
        r = tp / true_pairs if true_pairs else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)

    scored = con.execute(
        f"SELECT e.match_probability, (a.tp = b.tp) AS ok FROM {predictions} e "  # noqa: S608
        "JOIN truth a ON a.unique_id = e.unique_id_l JOIN truth b ON b.unique_id = e.unique_id_r"
    ).fetchnumpy()
    import numpy as np

    probability, ok = scored["match_probability"], scored["ok"].astype(bool)
    order = np.argsort(-probability, kind="stable")
    probability, ok = probability[order], ok[order]
    cum_tp = np.cumsum(ok)
    best = (0.0, 0.0, 0.0, 0.0)
    for t in np.arange(0.50, 1.0, 0.01):
        n = int(np.searchsorted(-probability, -t, side="right"))
        if n:
            f = prf(float(cum_tp[n - 1]), n)
            if f[2] > best[2]:
                best = (*f, float(t))
    n_at = int(np.searchsorted(-probability, -threshold, side="right"))
    at = prf(float(cum_tp[n_at - 1]) if n_at else 0.0, n_at)
    cl = con.execute(
        f"WITH j AS (SELECT t.tp, c.cluster_id FROM truth t JOIN {clusters} c USING (unique_id)) "  # noqa: S608
        "SELECT (SELECT sum(n * (n - 1) / 2) FROM "
        "(SELECT count(*) AS n FROM j GROUP BY cluster_id)), "
        "(SELECT sum(n * (n - 1) / 2) FROM (SELECT count(*) AS n FROM j GROUP BY cluster_id, tp))"
    ).fetchall()[0]
    cluster = prf(float(cl[1] or 0), float(cl[0] or 0))
    return {
        "pair_p": at[0],
        "pair_r": at[1],
        "pair_f1": at[2],
        "best_f1": best[2],
        "best_t": best[3],
        "cl_p": cluster[0],
        "cl_r": cluster[1],
        "cl_f1": cluster[2],
    }


def _child(pipeline: str, path: str, link_only: bool, queue: Any) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "voorop.conf.settings")
    import logging

    import django

    django.setup()
    logging.getLogger("splink").setLevel(logging.ERROR)
    import warnings

    warnings.filterwarnings("ignore")
    started = time.perf_counter()
    if pipeline == "plain":
        con, predictions, clusters, threshold = _plain(Path(path), link_only)
    else:
        _patch_keep_edges()
        con, predictions, clusters, threshold = _voorop(Path(path))
    seconds = time.perf_counter() - started
    peak = _peak_rss_mb()
    figures = _evaluate(con, Path(path), predictions, clusters, threshold)
    queue.put({"seconds": seconds, "peak_mb": peak, **figures})


def _patch_keep_edges() -> None:
    """Keep voorop's scored pairs for the pairwise figures (a copy outside the timed path is
    not possible, so the copy's cost, a few hundred ms at 1M, is counted against voorop)."""
    from voorop.linkage import batch

    original = batch.score_duckdb

    def keeping(con: Any, model: Any, *, floor: float, **kwargs: Any) -> Any:
        import pyarrow as pa

        left, right, probability = original(con, model, floor=floor, **kwargs)
        con.register(
            "edges_arrow",
            pa.table({"unique_id_l": left, "unique_id_r": right, "match_probability": probability}),
        )
        con.execute("CREATE OR REPLACE TABLE voorop_edges AS SELECT * FROM edges_arrow").fetchall()
        con.unregister("edges_arrow")
        return left, right, probability

    batch.score_duckdb = keeping


def run(pipeline: str, path: Path, link_only: bool) -> dict[str, float]:
    ctx = mp.get_context("spawn")
    queue = ctx.Queue()
    process = ctx.Process(target=_child, args=(pipeline, str(path), link_only, queue))
    process.start()
    result = queue.get()
    process.join()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--sets", nargs="+", choices=list(SETS), default=list(SETS))
    args = parser.parse_args()
    header = (
        f"{'data set':<15} {'pipeline':<8} {'records':>9} | {'pair P':>6} {'pair R':>6} "
        f"{'pair F1':>7} {'best F1':>7} | {'clus P':>6} {'clus R':>6} {'clus F1':>7} | "
        f"{'wall s':>7} {'peak MB':>8}"
    )
    print(header)
    print("-" * len(header))
    for name in args.sets:
        kind, size = SETS[name]
        path = ensure(kind, size, DATA_DIR)
        records = sum(1 for _ in path.open(encoding="utf-8")) - 1
        for pipeline in ("plain", "voorop"):
            r = run(pipeline, path, link_only=name == "febrl4")
            print(
                f"{name:<15} {pipeline:<8} {records:>9} | {r['pair_p']:>6.3f} {r['pair_r']:>6.3f} "
                f"{r['pair_f1']:>7.3f} {r['best_f1']:>7.3f} | {r['cl_p']:>6.3f} {r['cl_r']:>6.3f} "
                f"{r['cl_f1']:>7.3f} | {r['seconds']:>7.1f} {r['peak_mb']:>8.0f}",
                flush=True,
            )


if __name__ == "__main__":
    main()
