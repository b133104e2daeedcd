"""The Fellegi–Sunter linkage model: its comparisons, its training with Splink, and its file.

Comparisons (each a Splink comparison with ordered levels; the first level that holds counts):

- voornaam: null · all given names equal · first given name equal · first given name similar
  (Jaro–Winkler ≥ 0.9 or same Dutch phonetic key) · one side only initials and the first
  initials agree · else.
- achternaam (without tussenvoegsel, term-frequency adjusted on exact agreement): null · equal ·
  Jaro–Winkler ≥ 0.92 · same phonetic key · a part of a double surname shared · Jaro–Winkler ≥
  0.8 · else.
- geboortedatum: null · equal · day and month swapped · one character off, or the same day and
  month with another year · else.
- adres: null · postcode and house number equal · postcode equal · else (a move is "else",
  which a true match also shows often enough: the model learns that).
- geslacht: null · equal · else.

The BSN is not a comparison: a valid BSN decides deterministically (equal → same person, two
different valid BSNs → different persons, see ``clustering``), and pairs that share a valid BSN
are the free training label for the m-probabilities. u is estimated by random sampling.
Without enough BSN pairs (FEBRL), m is estimated by expectation maximisation.

The trained model is a Splink settings JSON; ``DEFAULT_MODEL_PATH`` ships one trained on the
synthetic region, used by online linkage and by ``voorop link`` when it does not train.
"""

from __future__ import annotations

import json
import logging
from functools import cache
from pathlib import Path
from typing import Any

DEFAULT_MODEL_PATH = Path(__file__).with_name("model") / "model.json"

#: Probability above which a pair links without review (batch clustering and online).
LINK_THRESHOLD = 0.9
#: Probability above which a pair that does not link is put in the review queue (online).
REVIEW_THRESHOLD = 0.5

# The columns of the prepared table, in order (see ``batch.PREPARE_SQL``).
PREPARED_COLUMNS = (
    "unique_id",
    "source",
    "given_full",
    "given1",
    "initials",
    "initials_only",
    "given_phon",
    "initial1",
    "surname",
    "surname_parts",
    "surname_phon",
    "dob",
    "dob_swap",
    "birth_year",
    "sex",
    "pc",
    "pc_hn",
    "bsn",
)


def comparisons() -> list[Any]:
    import splink.comparison_level_library as cll
    import splink.comparison_library as cl

    def null(condition: str) -> Any:
        return cll.CustomLevel(condition, label_for_charts="Null").configure(is_null_level=True)

    voornaam = cl.CustomComparison(
        output_column_name="voornaam",
        comparison_levels=[
            null("initials_l IS NULL OR initials_r IS NULL"),
            cll.ExactMatchLevel("given_full").configure(label_for_charts="alle voornamen gelijk"),
            cll.ExactMatchLevel("given1").configure(label_for_charts="eerste voornaam gelijk"),
            cll.Or(
                cll.JaroWinklerLevel("given1", 0.9), cll.ExactMatchLevel("given_phon")
            ).configure(label_for_charts="eerste voornaam lijkt"),
            cll.CustomLevel(
                "(initials_only_l OR initials_only_r) AND initial1_l = initial1_r",
                label_for_charts="voorletter past",
            ),
            cll.ElseLevel(),
        ],
    )
    achternaam = cl.CustomComparison(
        output_column_name="achternaam",
        comparison_levels=[
            cll.NullLevel("surname"),
            cll.ExactMatchLevel("surname", term_frequency_adjustments=True).configure(
                label_for_charts="achternaam gelijk"
            ),
            cll.JaroWinklerLevel("surname", 0.92).configure(label_for_charts="achternaam lijkt"),
            cll.ExactMatchLevel("surname_phon").configure(label_for_charts="klinkt gelijk"),
            cll.ArrayIntersectLevel("surname_parts", 1).configure(
                label_for_charts="deel van dubbele naam gelijk"
            ),
            cll.JaroWinklerLevel("surname", 0.8).configure(label_for_charts="achternaam verwant"),
            cll.ElseLevel(),
        ],
    )
    geboortedatum = cl.CustomComparison(
        output_column_name="geboortedatum",
        comparison_levels=[
            cll.NullLevel("dob"),
            cll.ExactMatchLevel("dob").configure(label_for_charts="geboortedatum gelijk"),
            cll.CustomLevel("dob_swap_l = dob_r", label_for_charts="dag en maand verwisseld"),
            cll.Or(
                cll.LevenshteinLevel("dob", 1),
                cll.CustomLevel(
                    "substr(dob_l, 6, 5) = substr(dob_r, 6, 5) "
                    "AND abs(birth_year_l - birth_year_r) <= 10"
                ),
            ).configure(label_for_charts="tikfout in geboortedatum"),
            cll.ElseLevel(),
        ],
    )
    adres = cl.CustomComparison(
        output_column_name="adres",
        comparison_levels=[
            cll.NullLevel("pc"),
            cll.ExactMatchLevel("pc_hn").configure(label_for_charts="postcode en huisnummer"),
            cll.ExactMatchLevel("pc").configure(label_for_charts="postcode gelijk"),
            cll.ElseLevel(),
        ],
    )
    geslacht = cl.CustomComparison(
        output_column_name="geslacht",
        comparison_levels=[
            cll.NullLevel("sex"),
            cll.ExactMatchLevel("sex").configure(label_for_charts="geslacht gelijk"),
            cll.ElseLevel(),
        ],
    )
    return [voornaam, achternaam, geboortedatum, adres, geslacht]


def blocking_rules() -> list[Any]:
    """Candidate pairs: every pair sharing one of these keys is scored."""
    from splink import block_on

    return [
        block_on("bsn"),
        block_on("surname", "dob"),
        block_on("given1", "dob"),
        block_on("given1", "surname"),
        block_on("surname_phon", "given_phon"),
        block_on("pc_hn", "initial1"),
        block_on("surname_phon", "dob_swap"),
    ]


def settings(*, link_type: str = "dedupe_only") -> Any:
    from splink import SettingsCreator

    return SettingsCreator(
        link_type=link_type,
        unique_id_column_name="unique_id",
        comparisons=comparisons(),
        blocking_rules_to_generate_predictions=blocking_rules(),
        retain_intermediate_calculation_columns=False,
        retain_matching_columns=False,
        additional_columns_to_retain=[],
    )


def train(linker: Any, *, bsn_pairs: int, seed: int = 1, say=lambda message: None) -> None:
    """Estimate λ, u (random sampling) and m (from BSN-agreeing pairs, else EM)."""
    from splink import block_on

    logging.getLogger("splink").setLevel(logging.WARNING)
    linker.training.estimate_probability_two_random_records_match(
        [block_on("bsn"), block_on("given1", "surname", "dob")], recall=0.7
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=2e6, seed=seed)
    say("u geschat door aselecte steekproef")
    if bsn_pairs >= 1000:
        linker.training.estimate_m_from_label_column("bsn")
        say(f"m geschat uit {bsn_pairs} paren met gelijk BSN")
    else:
        linker.training.estimate_parameters_using_expectation_maximisation(
            block_on("given1", "surname"), estimate_without_term_frequencies=True
        )
        linker.training.estimate_parameters_using_expectation_maximisation(
            block_on("dob"), estimate_without_term_frequencies=True
        )
        say("m geschat met EM")


def fill_untrained(settings_dict: dict[str, Any]) -> dict[str, Any]:
    """Levels never observed in training (true matches that disagree on sex, in data where
    sex is recorded reliably) get m = u = 0.001 for a missing one: weight 0 when both are
    missing, strong evidence against a match when only m is missing."""
    for comparison in settings_dict["comparisons"]:
        for level in comparison["comparison_levels"]:
            if level.get("is_null_level"):
                continue
            level.setdefault("m_probability", 1e-3)
            level.setdefault("u_probability", 1e-3)
            if level["m_probability"] is None:
                level["m_probability"] = 1e-3
            if level["u_probability"] is None:
                level["u_probability"] = 1e-3
    return settings_dict


def for_dialect(trained: dict[str, Any], dialect: str) -> dict[str, Any]:
    """The trained model with its SQL written for ``dialect`` ("spark").

    A saved model carries the SQL of the engine it was trained on (DuckDB: double-quoted
    names, ``list_intersect``, ``jaro_winkler_similarity``); Splink does not translate it, and
    in Spark SQL a double-quoted name is a string. So the comparisons and blocking rules are
    generated afresh for ``dialect`` from ``comparisons()`` and ``blocking_rules()``, and the
    trained parameters (λ, m and u per level) are copied over level by level."""
    if trained.get("sql_dialect", "duckdb") == dialect:
        return trained
    fresh = settings(link_type=trained.get("link_type", "dedupe_only")).create_settings_dict(
        dialect
    )
    fresh["probability_two_random_records_match"] = trained["probability_two_random_records_match"]
    fresh["sql_dialect"] = dialect
    by_name = {c["output_column_name"]: c for c in trained["comparisons"]}
    for comparison in fresh["comparisons"]:
        old_levels = by_name[comparison["output_column_name"]]["comparison_levels"]
        new_levels = comparison["comparison_levels"]
        if len(old_levels) != len(new_levels):
            raise ValueError(
                f"Model comparison {comparison['output_column_name']!r} has {len(old_levels)} "
                f"levels, this code {len(new_levels)}: the model file is from another version."
            )
        for old, new in zip(old_levels, new_levels, strict=True):
            for key in ("m_probability", "u_probability"):
                if old.get(key) is not None:
                    new[key] = old[key]
    return fresh


def save(linker: Any, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    linker.misc.save_model_to_json(str(path), overwrite=True)


@cache
def load_model(path: str | None = None) -> dict[str, Any]:
    """The trained model as a settings dictionary (loaded once per process)."""
    with open(path or DEFAULT_MODEL_PATH, encoding="utf-8") as handle:
        return json.load(handle)
