"""The risk-instrument engine: scoring per answer type, thresholds, the critical-question rule,
validation of definitions and answers, and the shipped example instruments."""

from __future__ import annotations

import dataclasses

import pytest

from voorop.assessment.definitions import read_definitions
from voorop.assessment.engine import (
    AnswersInvalid,
    Band,
    Definition,
    ItemDef,
    Option,
    ThresholdDef,
    answers_clean,
    definition_errors,
    evaluate,
    evaluate_partial,
)
from voorop.assessment.tests.conftest import QUICKSCAN_HIGH, QUICKSCAN_LOW, STALKING_LOW


def item(code: str, answer_type: str, **kwargs) -> ItemDef:
    return ItemDef(
        code=code,
        order=kwargs.pop("order", 1),
        text=f"Vraag {code}",
        answer_type=answer_type,
        **kwargs,
    )


def definition(*items: ItemDef, thresholds=None) -> Definition:
    items = tuple(dataclasses.replace(it, order=n) for n, it in enumerate(items, start=1))
    return Definition(
        code="test",
        version=1,
        name="Test",
        target="OVERIG",
        organisation_kinds=("VT",),
        items=items,
        thresholds=tuple(
            thresholds
            or (
                ThresholdDef(0, 2, "LAAG", "laag advies"),
                ThresholdDef(3, 5, "MIDDEN", "midden advies"),
                ThresholdDef(6, None, "HOOG", "hoog advies"),
            )
        ),
    )


# --- scoring per answer type -------------------------------------------------------------------


def test_ja_nee_scores_the_weight_for_ja_only():
    d = definition(item("a", "JA_NEE", weight=3, allow_unknown=True))
    assert evaluate(d, answers_clean(d, {"a": "ja"})).score == 3
    assert evaluate(d, answers_clean(d, {"a": "NEE"})).score == 0
    assert evaluate(d, answers_clean(d, {"a": "ONBEKEND"})).score == 0
    assert answers_clean(d, {"a": True}) == {"a": "JA"}


def test_weet_niet_only_when_allowed():
    d = definition(item("a", "JA_NEE"))
    with pytest.raises(AnswersInvalid) as exc:
        answers_clean(d, {"a": "ONBEKEND"})
    assert exc.value.errors == {"a": "Kies ja of nee."}


def test_schaal_scores_distance_from_minimum_times_weight():
    d = definition(item("s", "SCHAAL", scale_min=1, scale_max=5, weight=2))
    assert evaluate(d, answers_clean(d, {"s": "1"})).score == 0
    assert evaluate(d, answers_clean(d, {"s": "4"})).score == 6
    with pytest.raises(AnswersInvalid) as exc:
        answers_clean(d, {"s": "6"})
    assert exc.value.errors["s"] == "Kies een waarde van 1 tot en met 5."
    with pytest.raises(AnswersInvalid):
        answers_clean(d, {"s": "veel"})


def test_keuze_scores_the_option_times_weight():
    options = (Option("a", "A", 0), Option("b", "B", 2), Option("c", "C", 3))
    d = definition(item("k", "KEUZE", options=options, weight=2))
    assert evaluate(d, answers_clean(d, {"k": "b"})).score == 4
    with pytest.raises(AnswersInvalid) as exc:
        answers_clean(d, {"k": "z"})
    assert exc.value.errors["k"] == "Kies een van de opties."


def test_getal_scores_the_highest_band_reached():
    bands = (Band(1, 1), Band(5, 2), Band(15, 3))
    d = definition(item("g", "GETAL", bands=bands, scale_min=0, scale_max=100))
    scores = {n: evaluate(d, answers_clean(d, {"g": str(n)})).score for n in (0, 1, 4, 5, 15, 99)}
    assert scores == {0: 0, 1: 1, 4: 1, 5: 2, 15: 3, 99: 3}
    with pytest.raises(AnswersInvalid):
        answers_clean(d, {"g": "-1"})
    with pytest.raises(AnswersInvalid):
        answers_clean(d, {"g": "1.5"})


def test_tekst_never_scores():
    d = definition(item("t", "TEKST", required=False), item("a", "JA_NEE"))
    outcome = evaluate(d, answers_clean(d, {"t": "veel zorgen", "a": "NEE"}))
    assert outcome.score == 0
    with pytest.raises(AnswersInvalid):
        answers_clean(d, {"t": "x" * 2001, "a": "NEE"})


def test_required_questions_and_unknown_codes():
    d = definition(item("a", "JA_NEE"), item("b", "JA_NEE", required=False))
    with pytest.raises(AnswersInvalid) as exc:
        answers_clean(d, {"b": "JA", "zz": "JA"})
    assert exc.value.errors == {
        "": "Het instrument heeft geen vraag zz.",
        "a": "Beantwoord deze vraag.",
    }
    assert answers_clean(d, {"a": "NEE", "b": ""}) == {"a": "NEE"}


# --- thresholds and the critical rule ---------------------------------------------------------


@pytest.mark.parametrize(
    ("score", "level", "advice"),
    [
        (0, "LAAG", "laag advies"),
        (2, "LAAG", "laag advies"),
        (3, "MIDDEN", "midden advies"),
        (5, "MIDDEN", "midden advies"),
        (6, "HOOG", "hoog advies"),
        (8, "HOOG", "hoog advies"),
    ],
)
def test_thresholds_give_level_and_advice(score, level, advice):
    d = definition(item("g", "GETAL", bands=tuple(Band(n, n) for n in range(1, 9))))
    outcome = evaluate(d, {"g": score})
    assert (outcome.score, outcome.level, outcome.advice) == (score, level, advice)
    assert not outcome.lifted_by_critical


def test_a_critical_ja_lifts_the_level_whatever_the_score():
    d = definition(item("wapen", "JA_NEE", weight=1, critical_level="HOOG"), item("b", "JA_NEE"))
    outcome = evaluate(d, answers_clean(d, {"wapen": "JA", "b": "NEE"}))
    assert outcome.score == 1 and outcome.score_level == "LAAG"
    assert outcome.level == "HOOG" and outcome.lifted_by_critical
    assert outcome.critical_items == ("wapen",)
    assert outcome.advice == "hoog advies"
    assert evaluate(d, answers_clean(d, {"wapen": "NEE", "b": "NEE"})).level == "LAAG"


def test_a_critical_rule_never_lowers():
    d = definition(
        item("m", "JA_NEE", weight=1, critical_level="MIDDEN"),
        item("g", "GETAL", bands=(Band(1, 6),)),
    )
    outcome = evaluate(d, answers_clean(d, {"m": "JA", "g": "1"}))
    assert outcome.score == 7 and outcome.level == "HOOG"


def test_critical_option_and_critical_from():
    d = definition(
        item(
            "k",
            "KEUZE",
            options=(Option("n", "nee", 0), Option("d", "dood", 1, critical=True)),
            critical_level="HOOG",
        ),
        item("s", "SCHAAL", scale_min=0, scale_max=4, critical_level="MIDDEN", critical_from=4),
    )
    assert evaluate(d, answers_clean(d, {"k": "d", "s": "0"})).level == "HOOG"
    assert evaluate(d, answers_clean(d, {"k": "n", "s": "4"})).level == "MIDDEN"
    assert evaluate(d, answers_clean(d, {"k": "n", "s": "3"})).level == "MIDDEN"  # score 3
    assert evaluate(d, answers_clean(d, {"k": "n", "s": "2"})).level == "LAAG"


def test_partial_answers_score_what_can_be_read():
    d = definition(item("a", "JA_NEE", weight=2), item("g", "GETAL", bands=(Band(1, 1),)))
    outcome = evaluate_partial(d, {"a": "JA", "g": "twee"})
    assert outcome.score == 2
    assert outcome.unanswered == ("g",)


# --- validation of a definition ---------------------------------------------------------------


def codes(d: Definition) -> set[str]:
    return {e.code for e in definition_errors(d)}


def test_a_valid_definition_has_no_errors():
    d = definition(item("a", "JA_NEE", weight=2), item("b", "SCHAAL", scale_min=0, scale_max=4))
    assert definition_errors(d) == []


def test_question_codes_are_unique_and_slugs():
    d = definition(item("a", "JA_NEE"), item("a", "JA_NEE"), item("Met Spatie", "JA_NEE"))
    errors = definition_errors(d)
    assert {e.code for e in errors} >= {"code_dubbel", "code_ongeldig"}
    assert "De code a komt meer dan eens voor." in [e.message for e in errors]


def test_thresholds_must_cover_the_whole_range():
    d = definition(
        item("a", "JA_NEE", weight=10),
        thresholds=(ThresholdDef(0, 2, "LAAG", "x"), ThresholdDef(3, 5, "MIDDEN", "y")),
    )
    errors = definition_errors(d)
    assert [e.message for e in errors if e.code == "drempels_dekken_niet"] == [
        "De drempels eindigen bij 5, maar de hoogst mogelijke score is 10."
    ]
    d = definition(item("a", "JA_NEE"), thresholds=(ThresholdDef(1, None, "LAAG", "x"),))
    assert "drempels_dekken_niet" in codes(d)


def test_thresholds_without_gaps_or_overlaps_and_rising():
    gap = (ThresholdDef(0, 2, "LAAG", "x"), ThresholdDef(4, None, "HOOG", "y"))
    overlap = (ThresholdDef(0, 3, "LAAG", "x"), ThresholdDef(3, None, "HOOG", "y"))
    falling = (ThresholdDef(0, 2, "HOOG", "x"), ThresholdDef(3, None, "LAAG", "y"))
    assert "drempels_gat" in codes(definition(item("a", "JA_NEE"), thresholds=gap))
    assert "drempels_overlappen" in codes(definition(item("a", "JA_NEE"), thresholds=overlap))
    assert "drempels_niet_oplopend" in codes(definition(item("a", "JA_NEE"), thresholds=falling))
    backwards = (ThresholdDef(0, None, "LAAG", "x"), ThresholdDef(5, 3, "HOOG", "y"))
    assert "drempel_achteruit" in codes(definition(item("a", "JA_NEE"), thresholds=backwards))


@pytest.mark.parametrize(
    ("bad", "code"),
    [
        (item("s", "SCHAAL", scale_min=4, scale_max=4), "schaal"),
        (item("k", "KEUZE", options=(Option("a", "A", 1),)), "opties_te_weinig"),
        (item("k", "KEUZE", options=(Option("a", "A", 1), Option("a", "B", 2))), "opties_dubbel"),
        (item("k", "KEUZE", options=(Option("a", "A", -1), Option("b", "B", 2))), "optie_score"),
        (item("g", "GETAL", bands=(Band(5, 1), Band(2, 2))), "klassen_volgorde"),
        (item("t", "TEKST", critical_level="HOOG"), "tekst_kritiek"),
        (item("j", "JA_NEE", options=(Option("a", "A", 1),)), "opties_ongeldig"),
        (item("s", "SCHAAL", scale_min=0, scale_max=4, critical_level="HOOG"), "kritiek_vanaf"),
        (item("s", "SCHAAL", scale_min=0, scale_max=4, critical_from=3), "kritiek_niveau"),
        (
            item(
                "k",
                "KEUZE",
                options=(Option("a", "A", 0), Option("b", "B", 1)),
                critical_level="HOOG",
            ),
            "kritieke_optie_ontbreekt",
        ),
        (item("j", "JA_NEE", allow_unknown=True, risk_factor="ONZIN"), "risicofactor_onbekend"),
        (item("s", "SCHAAL", scale_min=0, scale_max=2, allow_unknown=True), "weet_niet_ongeldig"),
        (item("x", "ONZIN"), "soort_onbekend"),
        (item("j", "JA_NEE", weight=-1), "gewicht_negatief"),
    ],
)
def test_answer_type_rules(bad, code):
    assert code in codes(definition(bad))


def test_a_critical_level_needs_a_threshold_of_that_level():
    d = definition(
        item("a", "JA_NEE", critical_level="HOOG"),
        thresholds=(ThresholdDef(0, None, "LAAG", "x"),),
    )
    assert "kritiek_zonder_drempel" in codes(d)


def test_instrument_level_rules():
    d = dataclasses.replace(
        definition(item("a", "JA_NEE")), organisation_kinds=(), target="ONZIN", items=()
    )
    assert {"geen_organisaties", "doel", "geen_vragen"} <= codes(d)
    d = dataclasses.replace(definition(item("a", "JA_NEE")), organisation_kinds=("BAKKER",))
    assert "onbekende_organisatie" in codes(d)


# --- the shipped examples ---------------------------------------------------------------------


def test_the_shipped_instruments_are_valid_self_written_examples():
    definitions = {d.code: d for d in read_definitions()}
    assert set(definitions) == {"quickscan-acute-onveiligheid", "screening-ex-partnerstalking"}
    for d in definitions.values():
        assert d.is_example
        assert d.description.startswith("Voorbeeldinstrument, niet gevalideerd.")
        assert definition_errors(d) == []
        texts = " ".join(i.text + i.help_text for i in d.items).upper()
        for proprietary in ("DASH", "SASH", "B-SAFER", "RISC", "SARA", "ODARA"):
            assert proprietary not in texts.split()


def test_quickscan_follows_the_police_checklist_themes():
    quickscan = {d.code: d for d in read_definitions()}["quickscan-acute-onveiligheid"]
    mapped = {i.risk_factor for i in quickscan.items if i.risk_factor}
    assert {"KINDEREN_AANWEZIG", "EERDER_GEWELD", "WAPENS", "MIDDELENGEBRUIK"} <= mapped
    assert {"BEPERKTE_ZELFREDZAAMHEID", "LETSEL"} <= mapped
    assert {i.code for i in quickscan.items} >= {"angst", "dreiging"}
    assert evaluate(quickscan, answers_clean(quickscan, QUICKSCAN_LOW)).level == "LAAG"
    assert evaluate(quickscan, answers_clean(quickscan, QUICKSCAN_HIGH)).level == "HOOG"


def test_stalking_screening_high_advises_calling_om_and_vt_at_once():
    stalking = {d.code: d for d in read_definitions()}["screening-ex-partnerstalking"]
    low = evaluate(stalking, answers_clean(stalking, STALKING_LOW))
    assert low.level == "LAAG"
    high = evaluate(stalking, answers_clean(stalking, {**STALKING_LOW, "dreigen": "JA"}))
    assert high.level == "HOOG" and high.critical_items == ("dreigen",)
    assert "direct contact op met het OM en Veilig Thuis" in high.advice
