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
    report = _module().measure(truth)
    arrests = report[str(MeldingKind.AANHOUDING)]
    assert arrests["all"] == Melding.objects.filter(kind=MeldingKind.AANHOUDING).count()
    assert arrests.get("flagged", 0) <= arrests.get("unlabelled", 0)
    assert arrests.get("flagged_truly_hg", 0) <= arrests.get("flagged", 0)
    # Every seeded arrest is of a family member by a family member: the rule finds all of them.
    unlabelled = Melding.objects.filter(kind=MeldingKind.AANHOUDING, label_hg=False)
    assert set(detector.flag_unlabelled(unlabelled)) == set(unlabelled.values_list("pk", flat=True))


def test_instroom_command_puts_seeded_arrests_in_the_queue(capsys):
    from voorop.seeding import region as seeded
    from voorop.zsm.models import ZsmCase, ZsmPartner

    call_command("seed", families="40", seed="5", verbosity=0)
    call_command("zsm_instroom", locatie=seeded.ZSM, partners=True)
    arrests = Melding.objects.filter(suspect_arrested=True).count()
    assert ZsmCase.objects.count() == arrests > 0
    kinds = set(ZsmPartner.objects.values_list("organisation__kind", flat=True))
    assert {"VT", "OM", "RECLASSERING", "RVDK"} <= kinds
    assert "zaken ingestroomd" in capsys.readouterr().out
