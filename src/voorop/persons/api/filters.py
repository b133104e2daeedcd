"""Query parameters of the family-system and person endpoints, read and documented by
serializers."""

from __future__ import annotations

from rest_framework import serializers

from voorop.audit.api.parameters import (
    boolean_parameter,
    choice_parameter,
    date_parameter,
    id_parameter,
    text_parameter,
)
from voorop.cases.models import Phase
from voorop.meldingen.models import MeldingKind


class GezinssysteemParametersSerializer(serializers.Serializer):
    """?q=&fase=&open=true"""

    q = text_parameter(
        help_text="Zoekt in de naam (deel van) of op het kenmerk (precies) van het gezinssysteem."
    )
    fase = choice_parameter(choices=Phase.choices, help_text="Alleen gezinssystemen in deze fase.")
    open = boolean_parameter(help_text="true: alleen gezinssystemen met een open zaak.")


class TijdlijnParametersSerializer(serializers.Serializer):
    """?organisatie=&soort=&persoon=&volgorde=oud|nieuw"""

    organisatie = id_parameter(help_text="Alleen wat deze organisatie (id) vastlegde.")
    soort = choice_parameter(
        choices=MeldingKind.choices, help_text="Alleen meldingen van deze soort."
    )
    persoon = id_parameter(help_text="Alleen meldingen waarin deze persoon (id) voorkomt.")
    volgorde = choice_parameter(
        choices=[("nieuw", "nieuwste eerst"), ("oud", "oudste eerst")],
        default="nieuw",
        help_text="nieuw (standaard): nieuwste eerst; oud: oudste eerst.",
    )


class PersoonZoekvraagSerializer(serializers.Serializer):
    """?naam=&geboortedatum=YYYY-MM-DD&postcode= — at least one is required."""

    naam = text_parameter(
        help_text=(
            "Ieder woord moet voorkomen in voornamen of achternaam (deel van het woord) "
            "of gelijk zijn aan het tussenvoegsel."
        )
    )
    geboortedatum = date_parameter(help_text="Geboortedatum, JJJJ-MM-DD.")
    postcode = text_parameter(
        max_length=10,
        help_text="Postcode van een huidig of eerder adres, bijvoorbeeld 1234AB of 1234 ab.",
    )
