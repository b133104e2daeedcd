"""How meldingen appear in the API.

Field names are Dutch snake_case after the domain; every code is the
value of the model's choices, so a client can rely on it across languages:

=================  ==========================================================
``kenmerk``        the melding's reference (``Melding.reference``)
``soort``          ``MeldingKind`` code, e.g. ``POLITIE_INCIDENT``, ``VT_MELDING``
``kanaal``         ``Channel`` code: how the melding came in, e.g. ``112``
``voorgevallen_op``  when it happened (``occurred_at``)
``ontvangen_op``   when the organisation received it (``received_at``)
``organisatie``    the organisation that recorded it (``source_organisation``)
``acuut``          acutely unsafe (``is_acute``)
``labels``         list of ``Label`` codes, e.g. ``["HG", "KM"]``
``gezinssysteem``  id of the family system it belongs to, or null
``toelichting``    the narrative (detail only)
``personen``       the persons as reported, each with ``rol`` and ``persoon`` (the
                   person-index id, or null while unlinked)
``eigen``          true when the caller's organisation recorded it
``gedeelde_gegevens``  the field groups the caller sees (``KERN``, ``LOCATIE``,
                   ``TOELICHTING``, ``PERSONEN``); hidden groups read as null / []
``herkomst``       for a shared melding: who shared it when, on which legal basis,
                   for which coordination moment
=================  ==========================================================

Serializers read ``voorop.authz.policy.MeldingView`` objects, never bare meldingen, so what
was not shared with the caller cannot appear in a response.
"""

from __future__ import annotations

from rest_framework import serializers

from voorop.meldingen.models import Channel, InvolvementRole, Label, MeldingKind
from voorop.organisations.api.serializers import OrganisatieSerializer
from voorop.persons.models import Sex


class HerkomstSerializer(serializers.Serializer):
    """Provenance of a shared melding: ``gedeeld_door`` (organisation name), ``gedeeld_op``,
    ``grondslag`` (legal basis, short), ``doel`` (coordination moment), ``verstrekking``
    (the disclosure's reference)."""

    gedeeld_door = serializers.CharField(source="organisation")
    gedeeld_op = serializers.DateTimeField(source="shared_at")
    grondslag = serializers.CharField(source="legal_basis")
    doel = serializers.CharField(source="moment")
    verstrekking = serializers.CharField(source="disclosure_reference")


class MeldingSerializer(serializers.Serializer):
    """A melding as listed: ``id``, ``kenmerk``, ``soort``, ``kanaal``, ``voorgevallen_op``,
    ``ontvangen_op``, ``organisatie``, ``acuut``, ``labels``, ``gezinssysteem``, ``eigen``,
    ``noodtoegang``, ``gedeelde_gegevens``, ``herkomst``."""

    id = serializers.IntegerField()
    kenmerk = serializers.CharField(source="reference")
    soort = serializers.ChoiceField(source="kind", choices=MeldingKind.choices)
    kanaal = serializers.ChoiceField(source="channel", choices=Channel.choices)
    voorgevallen_op = serializers.DateTimeField(source="occurred_at")
    ontvangen_op = serializers.DateTimeField(source="received_at")
    organisatie = OrganisatieSerializer(source="source_organisation")
    acuut = serializers.BooleanField(source="is_acute")
    labels = serializers.ListField(child=serializers.ChoiceField(choices=Label.choices))
    gezinssysteem = serializers.IntegerField(
        source="family_system_id", allow_null=True, help_text="Id van het gezinssysteem."
    )
    eigen = serializers.BooleanField(
        source="own", help_text="Door de eigen organisatie vastgelegd."
    )
    noodtoegang = serializers.BooleanField(
        source="emergency", help_text="Alleen zichtbaar door een actieve noodtoegang."
    )
    gedeelde_gegevens = serializers.ListField(
        source="visible_groups",
        child=serializers.CharField(),
        help_text="Gegevensgroepen die de gebruiker ziet: KERN, LOCATIE, TOELICHTING, PERSONEN.",
    )
    herkomst = HerkomstSerializer(source="provenance", many=True)


class MeldingPersoonKortSerializer(serializers.Serializer):
    """A person as mentioned in a melding, in short: ``persoon`` (person-index id or null),
    ``rol`` (``InvolvementRole`` code) and ``naam`` as reported."""

    persoon = serializers.IntegerField(
        source="person_id",
        allow_null=True,
        help_text="Id in de persoonsindex; leeg zolang niet gekoppeld.",
    )
    rol = serializers.ChoiceField(source="role", choices=InvolvementRole.choices)
    naam = serializers.CharField(source="reported_name", help_text="Naam zoals gemeld.")


class MeldingPersoonSerializer(MeldingPersoonKortSerializer):
    """A person as the reporting organisation recorded them in the melding, which may differ
    from the person index (typos, old address): ``persoon``, ``rol``, ``naam``, ``voornamen``,
    ``tussenvoegsel``, ``achternaam``, ``geboortedatum``, ``geslacht`` (``Sex`` code),
    ``straat``, ``huisnummer``, ``postcode``, ``woonplaats``, ``bronkenmerk`` (the id of the
    person in the source system). The BSN as reported is left out on purpose."""

    voornamen = serializers.CharField(source="given_names")
    tussenvoegsel = serializers.CharField(source="prefix")
    achternaam = serializers.CharField(source="surname")
    geboortedatum = serializers.DateField(source="date_of_birth", allow_null=True)
    geslacht = serializers.ChoiceField(source="sex", choices=Sex.choices)
    straat = serializers.CharField(source="street")
    huisnummer = serializers.CharField(source="house_number")
    postcode = serializers.CharField()
    woonplaats = serializers.CharField(source="city")
    bronkenmerk = serializers.CharField(source="source_record_id")


class MeldingDetailSerializer(MeldingSerializer):
    """One melding in full: the list fields plus ``locatie``, ``postcode`` and ``plaats`` of the
    incident, ``toelichting``, ``vastgelegd_op`` and ``personen`` (as reported)."""

    locatie = serializers.CharField(source="location", allow_null=True)
    postcode = serializers.CharField(allow_null=True)
    plaats = serializers.CharField(source="city", allow_null=True)
    toelichting = serializers.CharField(source="narrative", allow_null=True)
    vastgelegd_op = serializers.DateTimeField(source="created_at")
    personen = MeldingPersoonSerializer(source="persons", many=True)


class TijdlijnItemSerializer(MeldingSerializer):
    """One entry of a family's timeline: the list fields of a melding plus ``personen`` in
    short (``persoon``, ``rol``, ``naam``). The full melding is at /meldingen/{id}/."""

    personen = MeldingPersoonKortSerializer(source="persons", many=True)
