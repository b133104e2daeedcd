"""The veiligheidsbeoordeling (VT's safety assessment) and risk instruments defined as data."""
