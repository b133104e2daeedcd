"""The HG-flag benchmark (benchmarks/zsm_hg_flag.py) at toy size, against a seeded region and
its truth file, so that it cannot rot; and the detector over seeded arrests."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

from voorop.meldingen.models import Melding, MeldingKind
from voorop.zsm import detector

BENCHMARK = Path(__file__).resolve().parents[4] / "benchmarks" / "zsm_hg_flag.py"

pytestmark = pytest.mark.django_db


def _module():
    spec = importlib.util.spec_from_file_location("voorop_bench_zsm_hg_flag", BENCHMARK)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_benchmark_measures_a_seeded_region(tmp_path):
    truth = tmp_path / "truth.csv"
    call_command("seed", families="150", seed="3", truth=str(truth), verbosity=0)
    module = _module()
    report = module.measure(truth)
    arrests = report[str(MeldingKind.AANHOUDING)]
    assert arrests["all"] == Melding.objects.filter(kind=MeldingKind.AANHOUDING).count()
    unlabelled = Melding.objects.filter(kind=MeldingKind.AANHOUDING, label_hg=False)
    assert arrests["unlabelled"] == unlabelled.count()
    # The seed has unlabelled arrests of both kinds: HG between family members that was not
    # recognised, and arrests of a family member for an offence against a stranger.
    truly = module.truly_hg_meldingen(truth)
    hg = {m.pk for m in unlabelled if m.reference in truly}
    strangers = {m.pk for m in unlabelled if m.reference not in truly}
    assert hg and strangers
    assert arrests["unlabelled_truly_hg"] == len(hg)
    # With the seed's perfect linkage the relation rule finds every unlabelled HG arrest and
    # none of the strangers'; the naive rule flags strangers' arrests too.
    flagged = set(detector.flag_unlabelled(unlabelled))
    assert flagged == hg
    assert arrests["flagged"] == arrests["flagged_truly_hg"] == len(hg)
    assert module.naive_flags(sorted(strangers))


def test_stranger_arrests_are_not_hg_in_the_truth_file(tmp_path):
    """The truth file says who the stranger is: an "E..." person outside the family."""
    import csv

    truth = tmp_path / "truth.csv"
    call_command("seed", families="150", seed="3", truth=str(truth), verbosity=0)
    truly = _module().truly_hg_meldingen(truth)
    with truth.open(encoding="utf-8") as handle:
        victims = {
            row["melding_reference"]: row["true_person_id"]
            for row in csv.DictReader(handle)
            if row["role"] == "SLACHTOFFER"
        }
    for melding in Melding.objects.filter(kind=MeldingKind.AANHOUDING, label_hg=False):
        if melding.reference not in truly:
            assert victims[melding.reference].startswith("E")
            assert not melding.persons.get(role="SLACHTOFFER").person_id


def test_instroom_command_puts_seeded_arrests_in_the_queue(capsys):
    from voorop.seeding import region as seeded
    from voorop.zsm.models import ZsmCase, ZsmPartner

    call_command("seed", families="40", seed="5", verbosity=0)
    kinds = set(ZsmPartner.objects.values_list("organisation__kind", flat=True))
    assert kinds == {"VT", "POLITIE", "OM", "RECLASSERING", "RVDK"}
    call_command("zsm_instroom")
    arrests = Melding.objects.filter(suspect_arrested=True).count()
    assert ZsmCase.objects.count() == arrests > 0
    assert set(ZsmCase.objects.values_list("location__code", flat=True)) == {seeded.ZSM}
    assert "zaken ingestroomd" in capsys.readouterr().out
    call_command("zsm_instroom")  # nothing twice
    assert ZsmCase.objects.count() == arrests
