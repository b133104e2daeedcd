"""Batch linkage: a CSV of reported identities in, the person each record belongs to out.

``voorop link --input persons.csv --output links.csv`` runs ``run_batch``:

1. **Read and check** the CSV in DuckDB (UTF-8, header, every column as text): the columns of
   ``INPUT_COLUMNS`` must be there, ``record_id`` filled and unique, dates ``YYYY-MM-DD``.
2. **Prepare**: Dutch-aware normalisation (``normalise``) — the name functions run in Python on
   the *distinct* names only, the rest (postcode, house number, dates, BSN elfproef) in SQL.
3. **Model**: the shipped model, a model file, or one trained on the input with Splink
   (u by random sampling, m from BSN-agreeing pairs or EM; ``model.train``).
4. **Score** the candidate pairs of the blocking rules with Splink — on DuckDB, or on Spark with
   ``engine="spark"`` (same model, same SQL, transpiled by Splink).
5. **Cluster** with the constraints of ``clustering``: BSN pairs first, then the scored pairs
   above the link threshold from most to least probable, refusing merges that cannot be right.
6. **Write** ``record_id,person_id``: records with the same person_id are the same person.

``source`` groups the records of one report (a melding reference, a source record group):
records with the same non-empty ``source`` are never the same person.
"""

from __future__ import annotations

import csv
import json
import logging
import tempfile
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from voorop.linkage import model as linkage_model
from voorop.linkage.clustering import FactColumns, cluster
from voorop.linkage.normalise import normalise_given, normalise_surname

#: (first given name → count, surname → count), normalised values.
NameCounts = tuple[dict[str, int], dict[str, int]]

INPUT_COLUMNS = (
    "record_id",
    "source",
    "given_names",
    "prefix",
    "surname",
    "date_of_birth",
    "sex",
    "street",
    "house_number",
    "postcode",
    "city",
    "bsn",
)
#: Below this many records a model is not trained on the input; the shipped model is used.
MIN_RECORDS_TO_TRAIN = 20_000
ENGINES = ("duckdb", "spark")


class LinkInputError(Exception):
    """The input cannot be linked; the message (Dutch) says why and where."""

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.code = code


@dataclass
class BatchResult:
    records: int
    persons: int
    pairs_scored: int
    merges: int
    refused: dict[str, int]
    trained: bool
    seconds: dict[str, float] = field(default_factory=dict)
    labels: list[int] = field(default_factory=list)


def _bsn_valid_sql(col: str) -> str:
    weights = (9, 8, 7, 6, 5, 4, 3, 2, -1)
    terms = " + ".join(
        f"{w} * CAST(substr({col}, {i + 1}, 1) AS INTEGER)" for i, w in enumerate(weights)
    )
    return (
        f"CASE WHEN regexp_full_match(coalesce({col}, ''), '[0-9]{{9}}') "
        f"AND {col} <> '000000000' AND ({terms}) % 11 = 0 THEN {col} END"
    )


PREPARE_SQL = """
CREATE OR REPLACE TABLE prepared AS
WITH base AS (
    SELECT
        r.unique_id,
        nullif(trim(r.source), '') AS source,
        g.given_full, g.given1, g.initials, coalesce(g.initials_only, false) AS initials_only,
        g.given_phon, substr(g.initials, 1, 1) AS initial1,
        s.surname, s.surname_parts, s.surname_phon,
        CAST(strptime(nullif(trim(r.date_of_birth), ''), '%Y-%m-%d') AS DATE) AS d,
        CASE upper(substr(trim(coalesce(r.sex, '')), 1, 1))
            WHEN 'M' THEN 'M' WHEN 'V' THEN 'V' WHEN 'F' THEN 'V' WHEN 'W' THEN 'V'
            WHEN 'X' THEN 'X' END AS sex,
        nullif(upper(regexp_replace(lower(strip_accents(coalesce(r.postcode, ''))),
            '[^a-z0-9]', '', 'g')), '') AS pc,
        nullif(regexp_replace(lower(strip_accents(coalesce(r.house_number, ''))),
            '[^a-z0-9]', '', 'g'), '') AS hn,
        trim(r.bsn) AS bsn_raw
    FROM raw r
    LEFT JOIN given_norm g ON g.raw = r.given_names
    LEFT JOIN surname_norm s
        ON s.prefix_raw = coalesce(r.prefix, '') AND s.surname_raw = coalesce(r.surname, '')
)
SELECT
    unique_id, source, nullif(given_full, '') AS given_full, nullif(given1, '') AS given1,
    nullif(initials, '') AS initials, initials_only, nullif(given_phon, '') AS given_phon,
    nullif(initial1, '') AS initial1, nullif(surname, '') AS surname,
    CASE WHEN len(surname_parts) > 0 THEN surname_parts END AS surname_parts,
    nullif(surname_phon, '') AS surname_phon,
    strftime(d, '%Y-%m-%d') AS dob,
    CASE WHEN day(d) <= 12 AND day(d) <> month(d)
        THEN strftime(make_date(year(d), day(d), month(d)), '%Y-%m-%d') END AS dob_swap,
    year(d) AS birth_year,
    sex, pc, CASE WHEN pc IS NOT NULL AND hn IS NOT NULL THEN pc || ':' || hn END AS pc_hn,
    {bsn} AS bsn
FROM base
ORDER BY unique_id
""".replace("{bsn}", _bsn_valid_sql("bsn_raw"))


def connect(threads: int | None = None) -> Any:
    import duckdb

    con = duckdb.connect()
    if threads:
        con.execute(f"SET threads = {int(threads)}").fetchall()
    con.execute("SET preserve_insertion_order = true").fetchall()
    return con


def load_csv(con: Any, path: Path) -> int:
    """Read ``path`` into table ``raw`` with a ``unique_id`` 0..n-1; check it (Dutch errors)."""
    import duckdb

    path = Path(path)
    if not path.exists():
        raise LinkInputError(
            _("Invoerbestand %(path)s bestaat niet.") % {"path": path}, "niet_gevonden"
        )
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            header = next(csv.reader(handle), [])
    except UnicodeDecodeError as exc:
        raise LinkInputError(
            _("Het invoerbestand is geen geldige UTF-8-tekst (byte %(pos)d).") % {"pos": exc.start},
            "codering",
        ) from exc
    header = [h.strip().lstrip("\ufeff") for h in header]
    missing = [c for c in INPUT_COLUMNS if c not in header]
    if missing:
        raise LinkInputError(
            _("Ontbrekende kolommen in de kopregel: %(columns)s. Verwacht: %(expected)s.")
            % {"columns": ", ".join(missing), "expected": ",".join(INPUT_COLUMNS)},
            "kolommen",
        )
    try:
        con.execute(
            "CREATE OR REPLACE TABLE raw AS SELECT row_number() OVER () - 1 AS unique_id, * "
            "FROM read_csv(?, header = true, all_varchar = true, delim = ',', quote = '\"', "
            "escape = '\"', encoding = 'utf-8', strict_mode = true, null_padding = false)",
            [str(path)],
        ).fetchall()
    except (duckdb.InvalidInputException, duckdb.ConversionException) as exc:
        text = str(exc)
        if "UTF" in text or "unicode" in text.lower():
            raise LinkInputError(
                _("Het invoerbestand is geen geldige UTF-8-tekst."), "codering"
            ) from exc
        raise LinkInputError(
            _("Het invoerbestand is geen geldige CSV: %(error)s") % {"error": text.splitlines()[0]},
            "csv",
        ) from exc
    columns = [row[0] for row in con.execute("DESCRIBE raw").fetchall()]
    if columns[1:] != list(INPUT_COLUMNS):
        selected = ", ".join(f'"{c}"' for c in INPUT_COLUMNS)  # fixed names, not input
        con.execute(
            f"CREATE OR REPLACE TABLE raw AS SELECT unique_id, {selected} FROM raw"  # noqa: S608
        ).fetchall()
    empty = con.execute(
        "SELECT unique_id + 2 FROM raw WHERE nullif(trim(record_id), '') IS NULL LIMIT 5"
    ).fetchall()
    if empty:
        raise LinkInputError(
            _("record_id is leeg op regel %(lines)s.")
            % {"lines": ", ".join(str(r[0]) for r in empty)},
            "record_id_leeg",
        )
    duplicates = con.execute(
        "SELECT record_id FROM raw GROUP BY record_id HAVING count(*) > 1 ORDER BY 1 LIMIT 5"
    ).fetchall()
    if duplicates:
        raise LinkInputError(
            _("record_id komt meer dan eens voor: %(ids)s.")
            % {"ids": ", ".join(r[0] for r in duplicates)},
            "record_id_dubbel",
        )
    bad_dates = con.execute(
        "SELECT record_id, date_of_birth FROM raw "
        "WHERE nullif(trim(date_of_birth), '') IS NOT NULL "
        "AND try_strptime(trim(date_of_birth), '%Y-%m-%d') IS NULL ORDER BY unique_id LIMIT 5"
    ).fetchall()
    if bad_dates:
        raise LinkInputError(
            _("Ongeldige geboortedatum (verwacht JJJJ-MM-DD): %(rows)s.")
            % {"rows": "; ".join(f"record {r[0]}: {r[1]!r}" for r in bad_dates)},
            "datum",
        )
    return int(con.execute("SELECT count(*) FROM raw").fetchall()[0][0])


def prepare(con: Any, *, name_counts: NameCounts | None = None, unswap_names: bool = True) -> None:
    """Build table ``prepared`` (the model's columns) from table ``raw``.

    Swapped given names and surnames are recognised from the input's own name frequencies, or
    from ``name_counts`` (given-name and surname counts, as online linkage uses them), or not
    at all (``unswap_names=False``: records of the person index itself)."""
    import pyarrow as pa

    given_raw = [
        r[0]
        for r in con.execute(
            "SELECT DISTINCT given_names FROM raw WHERE given_names IS NOT NULL"
        ).fetchall()
    ]
    given_rows = [normalise_given(g) for g in given_raw]
    given_norm = pa.table(
        {
            "raw": given_raw,
            "given_full": [r[0] for r in given_rows],
            "given1": [r[1] for r in given_rows],
            "initials": [r[2] for r in given_rows],
            "initials_only": [r[3] for r in given_rows],
            "given_phon": [r[4] for r in given_rows],
        }
    )
    names = con.execute(
        "SELECT DISTINCT coalesce(prefix, ''), coalesce(surname, '') FROM raw"
    ).fetchall()
    surname_rows = [normalise_surname(p, s) for p, s in names]
    surname_norm = pa.table(
        {
            "prefix_raw": [n[0] for n in names],
            "surname_raw": [n[1] for n in names],
            "surname": [r[0] for r in surname_rows],
            "surname_parts": pa.array(
                [list(r[1]) for r in surname_rows], type=pa.list_(pa.string())
            ),
            "surname_phon": [r[2] for r in surname_rows],
        }
    )
    con.register("given_norm", given_norm)
    con.register("surname_norm", surname_norm)
    con.execute(PREPARE_SQL).fetchall()
    con.unregister("given_norm")
    con.unregister("surname_norm")
    if unswap_names:
        unswap(con, name_counts=name_counts)


#: Name frequencies of the input itself: (value, count) of first given names and of surnames.
INPUT_FREQUENCIES_SQL = """
fg AS (SELECT given1 AS v, count(*) AS n FROM prepared WHERE given1 IS NOT NULL GROUP BY 1),
fs AS (SELECT surname AS v, count(*) AS n FROM prepared WHERE surname IS NOT NULL GROUP BY 1)
"""
#: The same from the tables ``given_counts`` and ``surname_counts`` (registered by ``unswap``).
COUNTED_FREQUENCIES_SQL = """
fg AS (SELECT v, n FROM given_counts), fs AS (SELECT v, n FROM surname_counts)
"""
# The rule is ``normalise.looks_swapped`` (online), in SQL; a test checks that they agree.
SWAPPED_SQL = """
WITH {frequencies},
cand AS (
    SELECT p.unique_id, p.given1, p.surname,
        regexp_replace(lower(strip_accents(split_part(trim(r.surname), ' ', 1))), '[^a-z]', '', 'g')
            AS surname_first_token,
        regexp_replace(lower(strip_accents(
            list_last(string_split(trim(r.given_names), ' ')))), '[^a-z]', '', 'g')
            AS given_last_token,
        regexp_full_match(trim(r.surname), '([A-Za-z]\\.\\s*)+') AS surname_is_initials
    FROM prepared p JOIN raw r USING (unique_id)
    WHERE r.surname IS NOT NULL AND r.given_names IS NOT NULL
)
SELECT c.unique_id FROM cand c
LEFT JOIN fg g_of_s ON g_of_s.v = c.surname_first_token
LEFT JOIN fs s_of_g ON s_of_g.v = c.given_last_token
LEFT JOIN fs s_of_s ON s_of_s.v = c.surname
LEFT JOIN fg g_of_g ON g_of_g.v = c.given1
WHERE coalesce(s_of_g.n, 0) >= 3
  AND coalesce(s_of_g.n, 0) > 5 * coalesce(g_of_g.n, 0)
  AND (c.surname_is_initials
       OR (coalesce(g_of_s.n, 0) >= 3 AND coalesce(g_of_s.n, 0) > 5 * coalesce(s_of_s.n, 0)))
"""


def unswap(con: Any, *, name_counts: NameCounts | None = None) -> int:
    """Records with given names and surname written in each other's field ("Spiker, Floris" as
    given "Spiker", surname "Floris") are recognised from how often each value appears as a
    given name and as a surname — in the input itself, or in ``name_counts`` — and normalised
    the right way round (``normalise.looks_swapped`` is the rule)."""
    import pyarrow as pa

    if name_counts is None:
        sql = SWAPPED_SQL.replace("{frequencies}", INPUT_FREQUENCIES_SQL)
    else:
        for table_name, counts in zip(("given_counts", "surname_counts"), name_counts, strict=True):
            con.register(table_name, pa.table({"v": list(counts), "n": list(counts.values())}))
        sql = SWAPPED_SQL.replace("{frequencies}", COUNTED_FREQUENCIES_SQL)
    ids = [r[0] for r in con.execute(sql).fetchall()]
    if name_counts is not None:
        con.unregister("given_counts")
        con.unregister("surname_counts")
    if not ids:
        return 0
    rows = con.execute(
        "SELECT unique_id, given_names, prefix, surname FROM raw WHERE unique_id IN "
        "(SELECT unnest(?::BIGINT[]))",
        [ids],
    ).fetchall()
    fixed: dict[str, list[Any]] = {
        k: []
        for k in (
            "unique_id",
            "given_full",
            "given1",
            "initials",
            "initials_only",
            "given_phon",
            "surname",
            "surname_parts",
            "surname_phon",
        )
    }
    for unique_id, given_names, prefix, surname in rows:
        given = normalise_given(surname)
        name = normalise_surname(prefix, given_names)
        fixed["unique_id"].append(unique_id)
        for key, value in zip(
            ("given_full", "given1", "initials", "initials_only", "given_phon"), given, strict=True
        ):
            fixed[key].append(value if value != "" else None)
        fixed["surname"].append(name[0] or None)
        fixed["surname_parts"].append(list(name[1]) or None)
        fixed["surname_phon"].append(name[2] or None)
    table = pa.table(
        {**fixed, "surname_parts": pa.array(fixed["surname_parts"], type=pa.list_(pa.string()))}
    )
    con.register("unswapped", table)
    con.execute(
        "UPDATE prepared p SET given_full = u.given_full, given1 = u.given1, "
        "initials = u.initials, initials_only = u.initials_only, given_phon = u.given_phon, "
        "initial1 = substr(u.initials, 1, 1), surname = u.surname, "
        "surname_parts = u.surname_parts, surname_phon = u.surname_phon "
        "FROM unswapped u WHERE p.unique_id = u.unique_id"
    ).fetchall()
    con.unregister("unswapped")
    return len(ids)


def name_frequencies(con: Any) -> dict[str, dict[str, Any]]:
    """The name frequencies shipped next to a model trained on ``prepared``: the counts (of
    values seen at least twice) of the normalised surnames (``surname_tf``, for the term
    frequencies) and first given names (``given_tf``, for recognising swapped names online), and
    the number of records."""
    total = int(con.execute("SELECT count(*) FROM prepared").fetchall()[0][0])
    result = {}
    for name, column in (("surname_tf", "surname"), ("given_tf", "given1")):
        rows = con.execute(
            f"SELECT {column}, count(*) FROM prepared WHERE {column} IS NOT NULL "  # noqa: S608
            "GROUP BY 1 HAVING count(*) >= 2 ORDER BY 1"
        ).fetchall()
        result[name] = {"counts": {value: int(n) for value, n in rows}, "total": total}
    return result


def _bsn_pairs(con: Any, table: str = "prepared") -> int:
    return int(
        con.execute(
            f"SELECT coalesce(sum(c * (c - 1) / 2), 0) FROM "  # noqa: S608 - fixed table name
            f"(SELECT count(*) AS c FROM {table} WHERE bsn IS NOT NULL GROUP BY bsn)"
        ).fetchall()[0][0]
    )


def build_linker(con: Any, model: Any, *, table: str = "prepared") -> Any:
    from splink import DuckDBAPI, Linker

    db_api = DuckDBAPI(connection=con)
    sdf = db_api.register(table, dataset_display_name=table)
    return Linker(sdf, model, log_level="WARNING")


def train_model(
    con: Any, *, seed: int = 1, say: Callable[[str], None] = lambda m: None
) -> dict[str, Any]:
    linker = build_linker(con, linkage_model.settings())
    linkage_model.train(linker, bsn_pairs=_bsn_pairs(con), seed=seed, say=say)
    return linkage_model.fill_untrained(linker.misc.save_model_to_json())


def model_tf_table(con: Any) -> Any:
    """The surname frequencies the model was trained with, for the surnames of ``prepared``
    (an Arrow table ``surname, tf_surname``)."""
    import pyarrow as pa

    from voorop.linkage.scoring import default_model

    scorer = default_model()
    surnames = [
        r[0]
        for r in con.execute(
            "SELECT DISTINCT surname FROM prepared WHERE surname IS NOT NULL ORDER BY 1"
        ).fetchall()
    ]
    default = scorer.surname_tf_default or 1e-5
    return pa.table(
        {"surname": surnames, "tf_surname": [scorer.surname_tf.get(s, default) for s in surnames]}
    )


def register_model_tf(con: Any, linker: Any) -> None:
    """Use the surname frequencies the model was trained with instead of the input's own (a
    small input says nothing about how common a surname is). DuckDB or Spark linker."""
    from splink import DuckDBAPI

    table = model_tf_table(con)
    db_api = linker._db_api
    if isinstance(db_api, DuckDBAPI):
        con.register("model_tf_arrow", table)
        con.execute(
            "CREATE OR REPLACE TABLE model_tf_surname AS SELECT * FROM model_tf_arrow"
        ).fetchall()
        con.unregister("model_tf_arrow")
        registered = db_api.register("model_tf_surname", dataset_display_name="model_tf_surname")
    else:
        registered = db_api.register(
            table,
            dataset_display_name="model_tf_surname",
            table_name=f"model_tf_surname_{uuid.uuid4().hex[:12]}",
        )
    linker.table_management.register_term_frequency_lookup(registered, "surname")


def score_duckdb(
    con: Any, model: dict[str, Any], *, floor: float, model_tf: bool = False
) -> tuple[Any, Any, Any]:
    linker = build_linker(con, model)
    if model_tf:
        register_model_tf(con, linker)
    predictions = linker.inference.predict(threshold_match_probability=floor)
    name = predictions.physical_name
    arrays = con.execute(
        f"SELECT unique_id_l, unique_id_r, match_probability FROM {name} "  # noqa: S608
        "ORDER BY match_probability DESC, unique_id_l, unique_id_r"
    ).fetchnumpy()
    predictions.drop_table_from_database_and_remove_from_cache()
    return arrays["unique_id_l"], arrays["unique_id_r"], arrays["match_probability"]


def spark_session() -> Any:
    """A local Spark (two worker threads, loopback only, no UI) with Splink's similarity
    functions (jaro_winkler …) on the class path: no cluster and no network needed."""
    import os

    from pyspark.sql import SparkSession
    from splink.backends.spark import similarity_jar_location

    # Bind the driver to the loopback interface before the JVM starts (no hostname lookup).
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    # py4j says goodbye at interpreter exit, when the log stream may be closed already.
    logging.getLogger("py4j").setLevel(logging.WARNING)
    return (
        SparkSession.builder.master("local[2]")
        .appName("voorop-link")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.jars", similarity_jar_location())
        .config("spark.sql.shuffle.partitions", "8")
        .config("spark.default.parallelism", "2")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.session.timeZone", "UTC")
        # Splink keeps its tables in memory ("persist"); no warehouse directory in the cwd.
        .config("spark.sql.warehouse.dir", str(Path(tempfile.gettempdir()) / "voorop-spark"))
        .config("spark.driver.memory", "4g")
        .getOrCreate()
    )


def score_spark(
    con: Any, model: dict[str, Any], *, floor: float, model_tf: bool = False
) -> tuple[Any, Any, Any]:
    """Score the same candidate pairs with the same model on Spark (``--engine spark``)."""
    import numpy as np
    from splink import Linker, SparkAPI

    spark = spark_session()
    spark.sparkContext.setLogLevel("ERROR")
    run = uuid.uuid4().hex[:12]  # a session may be reused: fresh names for its temp views
    frame = spark.createDataFrame(
        con.sql("SELECT * FROM prepared ORDER BY unique_id").to_arrow_table()
    )
    db_api = SparkAPI(spark_session=spark, break_lineage_method="persist")
    linker = Linker(
        db_api.register(frame, dataset_display_name="prepared", table_name=f"prepared_{run}"),
        linkage_model.for_dialect(model, "spark"),
        log_level="WARNING",
    )
    if model_tf:
        register_model_tf(con, linker)
    predictions = linker.inference.predict(threshold_match_probability=floor)
    result = (
        predictions.as_spark_dataframe()
        .select("unique_id_l", "unique_id_r", "match_probability")
        .toPandas()
    )
    result = result.sort_values(
        ["match_probability", "unique_id_l", "unique_id_r"], ascending=[False, True, True]
    )
    return (
        result["unique_id_l"].to_numpy(dtype=np.int64),
        result["unique_id_r"].to_numpy(dtype=np.int64),
        result["match_probability"].to_numpy(dtype=np.float64),
    )


def cluster_prepared(con: Any, left: Any, right: Any, probability: Any, *, threshold: float) -> Any:
    columns = con.execute(
        "SELECT source, bsn, sex, given1, initial1, dob FROM prepared ORDER BY unique_id"
    ).fetchnumpy()
    facts = FactColumns(
        source=columns["source"].tolist(),
        bsn=columns["bsn"].tolist(),
        sex=columns["sex"].tolist(),
        given1=columns["given1"].tolist(),
        initial=columns["initial1"].tolist(),
        dob=columns["dob"].tolist(),
    )
    must = con.execute(
        "SELECT first_value(unique_id) OVER (PARTITION BY bsn ORDER BY unique_id), unique_id "
        "FROM prepared WHERE bsn IS NOT NULL QUALIFY row_number() OVER "
        "(PARTITION BY bsn ORDER BY unique_id) > 1"
    ).fetchall()
    return cluster(
        facts,
        must_links=must,
        edges_left=left.tolist(),
        edges_right=right.tolist(),
        edges_probability=probability.tolist(),
        threshold=threshold,
    )


def run_batch(
    input_path: Path,
    output_path: Path | None,
    *,
    engine: str = "duckdb",
    model_path: Path | None = None,
    train: bool | None = None,
    threshold: float = linkage_model.LINK_THRESHOLD,
    threads: int | None = None,
    say: Callable[[str], None] = lambda message: None,
    con: Any = None,
    save_model: Path | None = None,
) -> BatchResult:
    """Link the records of ``input_path``; see the module docstring for the steps."""
    if engine not in ENGINES:
        raise LinkInputError(_("Onbekende engine %(engine)s.") % {"engine": engine}, "engine")
    seconds: dict[str, float] = {}
    started = last = time.perf_counter()

    def step(name: str, message: str) -> None:
        nonlocal last
        now = time.perf_counter()
        seconds[name] = now - last
        last = now
        say(f"{message} ({now - started:.1f} s)")

    con = con or connect(threads)
    records = load_csv(con, input_path)
    step("read", _("%(n)d records gelezen") % {"n": records})
    prepare(con)
    step("prepare", _("Namen, datums en adressen genormaliseerd"))
    trained = False
    if model_path is not None:
        model: dict[str, Any] = dict(linkage_model.load_model(str(model_path)))
    elif train or (train is None and records >= MIN_RECORDS_TO_TRAIN):
        model = train_model(con, say=say)
        trained = True
    else:
        model = dict(linkage_model.load_model())
    if save_model is not None:
        save_model.parent.mkdir(parents=True, exist_ok=True)
        save_model.write_text(json.dumps(model, indent=1), encoding="utf-8")
        if trained:  # the frequencies that go with it (``scoring.default_model`` reads them)
            for name, frequencies in name_frequencies(con).items():
                save_model.with_name(f"{name}.json").write_text(
                    json.dumps(frequencies, ensure_ascii=False), encoding="utf-8"
                )
    step("train", _("Model getraind") if trained else _("Model geladen"))
    floor = threshold
    if engine == "spark":
        left, right, probability = score_spark(con, model, floor=floor, model_tf=not trained)
    else:
        left, right, probability = score_duckdb(con, model, floor=floor, model_tf=not trained)
    step("score", _("%(n)d kandidaatparen gescoord") % {"n": len(left)})
    result = cluster_prepared(con, left, right, probability, threshold=threshold)
    persons = len(set(result.labels))
    step("cluster", _("%(n)d personen gevormd") % {"n": persons})
    if output_path is not None:
        write_output(con, result.labels, output_path)
        step("write", _("Uitvoer geschreven naar %(path)s") % {"path": output_path})
    return BatchResult(
        records=records,
        persons=persons,
        pairs_scored=len(left),
        merges=result.merges,
        refused=result.refused,
        trained=trained,
        seconds=seconds,
        labels=result.labels,
    )


def write_output(con: Any, labels: list[int], path: Path) -> None:
    """``record_id,person_id`` in input order; person ids numbered by first appearance."""
    numbers: dict[int, int] = {}
    record_ids = [
        r[0] for r in con.execute("SELECT record_id FROM raw ORDER BY unique_id").fetchall()
    ]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(("record_id", "person_id"))
        for record_id, label in zip(record_ids, labels, strict=True):
            number = numbers.setdefault(label, len(numbers) + 1)
            writer.writerow((record_id, f"P{number:07d}"))
