from voorop.assessment.models.beoordeling import (
    BeoordelingVerstrekking,
    RiskFactorAnswer,
    Veiligheidsbeoordeling,
    Veiligheidsvoorwaarde,
)
from voorop.assessment.models.instruments import (
    AnswerType,
    InstrumentItem,
    InstrumentResult,
    InstrumentTarget,
    InstrumentThreshold,
    RiskInstrument,
)

__all__ = [
    "AnswerType",
    "BeoordelingVerstrekking",
    "InstrumentItem",
    "InstrumentResult",
    "InstrumentTarget",
    "InstrumentThreshold",
    "RiskFactorAnswer",
    "RiskInstrument",
    "Veiligheidsbeoordeling",
    "Veiligheidsvoorwaarde",
]
