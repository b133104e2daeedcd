"""Instrument definitions as files: reading the YAML (``fixtures/risk_instruments.yaml``) and
saving a definition as an instrument with its questions and thresholds.

The data migration uses ``seed`` with the historical models; functioneel beheer then maintains
the instruments in the admin. A definition is only saved when ``engine.definition_errors``
finds nothing, and a version that already exists is left alone (results may point at it).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from voorop.assessment.engine import Definition, definition_errors

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "risk_instruments.yaml"


class InvalidDefinition(ValueError):
    pass


def read_definitions(path: Path = FIXTURE) -> list[Definition]:
    """Every instrument in the file, checked; ``InvalidDefinition`` names the problems."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    if not isinstance(raw, list):
        raise InvalidDefinition(f"{path}: expected a list of instruments")
    definitions = []
    for entry in raw:
        definition = Definition.from_dict(entry)
        problems = definition_errors(definition)
        if problems:
            raise InvalidDefinition(
                f"{definition.code} v{definition.version}: " + "; ".join(map(str, problems))
            )
        definitions.append(definition)
    return definitions


def definition_save(definition: Definition, *, models: Any, activate: bool = True):
    """Create the instrument version with its questions and thresholds, unless that version
    exists. ``models`` has ``RiskInstrument``, ``InstrumentItem``, ``InstrumentThreshold``
    (the real or the historical models). Activating deactivates other versions of the code."""
    instrument_model = models.RiskInstrument
    existing = instrument_model.objects.filter(
        code=definition.code, version=definition.version
    ).first()
    if existing is not None:
        return existing
    if activate:
        instrument_model.objects.filter(code=definition.code, active=True).update(active=False)
    instrument = instrument_model.objects.create(
        code=definition.code,
        version=definition.version,
        name=definition.name,
        description=definition.description,
        target=definition.target,
        organisation_kinds=list(definition.organisation_kinds),
        is_example=definition.is_example,
        active=activate,
    )
    models.InstrumentItem.objects.bulk_create(
        models.InstrumentItem(
            instrument=instrument,
            order=item.order,
            code=item.code,
            text=item.text,
            help_text=item.help_text,
            answer_type=item.answer_type,
            required=item.required,
            allow_unknown=item.allow_unknown,
            weight=item.weight,
            scale_min=item.scale_min,
            scale_max=item.scale_max,
            options=[
                {"code": o.code, "label": o.label, "score": o.score, "kritiek": o.critical}
                for o in item.options
            ],
            bands=[{"vanaf": b.from_value, "score": b.score} for b in item.bands],
            critical_level=item.critical_level,
            critical_from=item.critical_from,
            risk_factor=item.risk_factor,
        )
        for item in definition.items
    )
    models.InstrumentThreshold.objects.bulk_create(
        models.InstrumentThreshold(
            instrument=instrument,
            min_score=t.min_score,
            max_score=t.max_score,
            level=t.level,
            advice=t.advice,
        )
        for t in definition.thresholds
    )
    return instrument


class _HistoricalModels:
    def __init__(self, apps) -> None:
        self.RiskInstrument = apps.get_model("assessment", "RiskInstrument")
        self.InstrumentItem = apps.get_model("assessment", "InstrumentItem")
        self.InstrumentThreshold = apps.get_model("assessment", "InstrumentThreshold")


def seed(apps, schema_editor=None) -> None:
    """The data migration: the example instruments of the YAML file, active."""
    models = _HistoricalModels(apps)
    for definition in read_definitions():
        definition_save(definition, models=models)
