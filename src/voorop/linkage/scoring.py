"""Scoring one pair of identities with the trained model, in Python, with the explanation.

Online linkage scores a handful of candidates per mention; a database round trip to Splink
per mention would cost more than the scoring itself. This module evaluates the *same*
comparison levels as the Splink SQL of ``model.comparisons`` (same order, same thresholds) on
two ``Identity`` rows and sums the match weights of the trained model (log2 m/u, with Splink's
term-frequency adjustment on an exact surname). A test checks it against Splink's own scores.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import jellyfish

from voorop.linkage.model import DEFAULT_MODEL_PATH

Row = dict[str, Any]


def _voornaam(a: Row, b: Row) -> int:
    if a["initials"] is None or b["initials"] is None:
        return 0
    if a["given_full"] is not None and a["given_full"] == b["given_full"]:
        return 1
    g1, g2 = a["given1"], b["given1"]
    if g1 is not None and g1 == g2:
        return 2
    if g1 is not None and g2 is not None and jellyfish.jaro_winkler_similarity(g1, g2) >= 0.9:
        return 3
    if a["given_phon"] is not None and a["given_phon"] == b["given_phon"]:
        return 3
    if (a["initials_only"] or b["initials_only"]) and a["initials"][:1] == b["initials"][:1]:
        return 4
    return 5


def _achternaam(a: Row, b: Row) -> int:
    s1, s2 = a["surname"], b["surname"]
    if s1 is None or s2 is None:
        return 0
    if s1 == s2:
        return 1
    jw = jellyfish.jaro_winkler_similarity(s1, s2)
    if jw >= 0.92:
        return 2
    if a["surname_phon"] is not None and a["surname_phon"] == b["surname_phon"]:
        return 3
    if set(a["surname_parts"] or ()) & set(b["surname_parts"] or ()):
        return 4
    if jw >= 0.8:
        return 5
    return 6


def _geboortedatum(a: Row, b: Row) -> int:
    d1, d2 = a["dob"], b["dob"]
    if d1 is None or d2 is None:
        return 0
    if d1 == d2:
        return 1
    if a["dob_swap"] is not None and a["dob_swap"] == d2:
        return 2
    if jellyfish.levenshtein_distance(d1, d2) <= 1:
        return 3
    if d1[5:] == d2[5:] and abs(int(d1[:4]) - int(d2[:4])) <= 10:
        return 3
    return 4


def _adres(a: Row, b: Row) -> int:
    if a["pc"] is None or b["pc"] is None:
        return 0
    if a["pc_hn"] is not None and a["pc_hn"] == b["pc_hn"]:
        return 1
    if a["pc"] == b["pc"]:
        return 2
    return 3


def _geslacht(a: Row, b: Row) -> int:
    if a["sex"] is None or b["sex"] is None:
        return 0
    return 1 if a["sex"] == b["sex"] else 2


LEVEL_FUNCTIONS: dict[str, Callable[[Row, Row], int]] = {
    "voornaam": _voornaam,
    "achternaam": _achternaam,
    "geboortedatum": _geboortedatum,
    "adres": _adres,
    "geslacht": _geslacht,
}


@dataclass(frozen=True)
class FieldAgreement:
    field: str
    level: str
    weight: float


@dataclass(frozen=True)
class Score:
    probability: float
    match_weight: float
    fields: tuple[FieldAgreement, ...]
    #: Bits taken off the prior for the size of the index (``Model.prior_shift``).
    prior_shift: float = 0.0

    def explanation(self) -> dict[str, Any]:
        """JSON-ready: per field the agreement level and its match weight, and the total."""
        explained: dict[str, Any] = {
            "kans": round(self.probability, 6),
            "gewicht": round(self.match_weight, 3),
            "velden": [
                {"veld": f.field, "niveau": f.level, "gewicht": round(f.weight, 3)}
                for f in self.fields
            ],
        }
        if self.prior_shift:
            explained["indexcorrectie"] = round(-self.prior_shift, 3)
        return explained


class Model:
    """The trained parameters, ready for scoring: per comparison per level (label, weight)."""

    def __init__(
        self,
        settings: dict[str, Any],
        surname_tf: dict[str, Any] | None = None,
        given_tf: dict[str, Any] | None = None,
    ):
        lam = settings["probability_two_random_records_match"]
        self.prior = math.log2(lam / (1 - lam))
        self.levels: dict[str, list[tuple[str, float, float | None]]] = {}
        for comparison in settings["comparisons"]:
            levels: list[tuple[str, float, float | None]] = []
            for level in comparison["comparison_levels"]:
                if level.get("is_null_level"):
                    levels.append((str(level.get("label_for_charts", "leeg")), 0.0, None))
                    continue
                m = level.get("m_probability") or 1e-3
                u = level.get("u_probability") or 1e-3
                tf = level.get("u_probability") if level.get("tf_adjustment_column") else None
                levels.append((level["label_for_charts"], math.log2(m / u), tf))
            self.levels[comparison["output_column_name"]] = levels
        counts = (surname_tf or {}).get("counts", {})
        total = (surname_tf or {}).get("total", 0)
        self.surname_tf = {k: v / total for k, v in counts.items()} if total else {}
        self.surname_tf_default = (1 / total) if total else None
        #: The number of records the model was trained on: λ is the chance that two records
        #: of *that* data set are the same person.
        self.training_records = int(total or 0)
        #: Name counts of the training data, for recognising swapped given name and surname
        #: (``normalise.looks_swapped``); None without a given-name frequency file.
        self.name_counts: tuple[dict[str, int], dict[str, int]] | None = (
            (dict(given_tf["counts"]), dict(counts)) if given_tf and counts else None
        )

    def prior_shift(self, index_records: int) -> float:
        """Bits to take off the prior when one record is compared with an index of
        ``index_records`` identities, more than the training data had records.

        λ is the chance that two records of the training data are the same person; it falls
        with the number of records there are to match: a new report's person is one of
        ``index_records`` rather than of ``training_records``. So the prior odds are scaled by
        ``training_records / index_records`` — never raised, for a small index. Without it a
        first name and date of birth in common outweigh a different surname at 1,000,000
        persons (ADR 0008)."""
        if not self.training_records or index_records <= self.training_records:
            return 0.0
        return math.log2(index_records / self.training_records)

    def score(self, a: Row, b: Row, *, prior_shift: float = 0.0) -> Score:
        total = self.prior - prior_shift
        fields = []
        for name, function in LEVEL_FUNCTIONS.items():
            label, weight, u_for_tf = self.levels[name][function(a, b)]
            if u_for_tf is not None and self.surname_tf_default is not None:
                tf = max(
                    self.surname_tf.get(a["surname"], self.surname_tf_default),
                    self.surname_tf.get(b["surname"], self.surname_tf_default),
                )
                weight += math.log2(u_for_tf / tf)
            total += weight
            fields.append(FieldAgreement(name, label, weight))
        probability = 2**total / (1 + 2**total)
        return Score(
            probability=probability,
            match_weight=total,
            fields=tuple(fields),
            prior_shift=prior_shift,
        )


@cache
def default_model(path: str | None = None) -> Model:
    model_path = Path(path) if path else DEFAULT_MODEL_PATH
    with model_path.open(encoding="utf-8") as handle:
        settings = json.load(handle)
    frequencies: dict[str, dict[str, Any] | None] = {}
    for name in ("surname_tf", "given_tf"):
        tf_path = model_path.with_name(f"{name}.json")
        frequencies[name] = None
        if tf_path.exists():
            with tf_path.open(encoding="utf-8") as handle:
                frequencies[name] = json.load(handle)
    return Model(settings, frequencies["surname_tf"], frequencies["given_tf"])
