"""The batch pipeline and ``voorop link`` on small hand-made files."""

import csv
from collections import defaultdict
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from voorop.linkage import batch
from voorop.linkage.model import load_model
from voorop.linkage.scoring import default_model

HERE = Path(__file__).parent


def _clusters(path: Path) -> set[frozenset[str]]:
    groups = defaultdict(set)
    with path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            groups[row["person_id"]].add(row["record_id"])
    return {frozenset(g) for g in groups.values()}


def test_link_command_gives_exact_clusters_for_a_household_with_twins(tmp_path):
    out = tmp_path / "links.csv"
    stdout = StringIO()
    call_command("link", input=str(HERE / "households.csv"), output=str(out), stdout=stdout)
    assert _clusters(out) == {
        frozenset({"f1", "f2", "f3"}),  # prefix inside surname, register style, dob swap, moved
        frozenset({"m1", "m2", "m3"}),  # partner's double surname, missing dob
        frozenset({"t1", "t3"}),  # twin Sem
        frozenset({"t2", "t4"}),  # twin Ties: same surname, address and date of birth
        frozenset({"o1"}),  # same name as the father, another person
    }
    assert "records gelezen" in stdout.getvalue()


def _write(tmp_path, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / "in.csv"
    path.write_bytes(text.encode(encoding))
    return path


HEADER = ",".join(batch.INPUT_COLUMNS) + "\n"


@pytest.mark.parametrize(
    ("content", "encoding", "code", "message"),
    [
        ("record_id,surname\n1,Jansen\n", "utf-8", "kolommen", "Ontbrekende kolommen"),
        (HEADER + "1,,Jan,,Jansen,03-05-1980,,,,,,\n", "utf-8", "datum", "Ongeldige geboortedatum"),
        (HEADER + "1,,Zoë,,Jansen,,,,,,,\n", "latin-1", "codering", "geen geldige UTF-8"),
        (
            HEADER + "1,,Jan,,Jansen,,,,,,,\n1,,Piet,,Jansen,,,,,,,\n",
            "utf-8",
            "record_id_dubbel",
            "meer dan eens",
        ),
    ],
)
def test_input_errors_are_dutch_and_name_the_problem(tmp_path, content, encoding, code, message):
    path = _write(tmp_path, content, encoding)
    with pytest.raises(batch.LinkInputError) as info:
        batch.run_batch(path, None)
    assert info.value.code == code
    assert message in str(info.value)
    with pytest.raises(CommandError, match=code):
        call_command("link", input=str(path), output=str(tmp_path / "o.csv"), stdout=StringIO())


def test_python_scorer_agrees_with_splink():
    """Online scoring (Python) and batch scoring (Splink SQL) give the same probabilities."""
    con = batch.connect()
    batch.load_csv(con, HERE / "households.csv")
    batch.prepare(con)
    model = dict(load_model())
    left, right, probability = batch.score_duckdb(con, model, floor=0.0, model_tf=True)
    rows = con.execute("SELECT * FROM prepared ORDER BY unique_id").fetchall()
    names = [d[0] for d in con.description]
    records = [dict(zip(names, r, strict=True)) for r in rows]
    scorer = default_model()
    assert len(left) > 5
    for a, b, p in zip(left, right, probability, strict=True):
        assert scorer.score(records[a], records[b]).probability == pytest.approx(p, abs=1e-6)
