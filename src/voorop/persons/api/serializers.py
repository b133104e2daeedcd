"""How family systems (gezinssystemen) and persons appear in the API.

Field names are Dutch snake_case after the domain; codes are the values of the models' choices:

=========================  =================================================================
``kenmerk``                reference of the family system or case (``reference``)
``naam``                   name (of a family system; of a person: the full name)
``zaak``                   the case of the family system: ``kenmerk``, ``fase`` (``Phase``),
                           ``status`` (``CaseStatus``) and, in the detail,
                           ``eerste_aanspreekpunt`` (the first contact organisation)
``leden``                  members: ``persoon`` (id), ``naam``, ``geboortedatum``, and the
                           membership period ``sinds`` to ``tot``
``relaties``               relations: ``soort_relatie`` (``RelationKind``), ``persoon_a``,
                           ``persoon_b`` (ids), period ``vanaf`` to ``tot``
``betrokken_organisaties`` involvements the caller may see (for now only its own)
``adressen``               a person's address history, newest first
``gezinssystemen``         the family systems of a person that the caller may see
=========================  =================================================================

An open end of a period is null. The BSN is not exposed.
"""

from __future__ import annotations

from dataclasses import dataclass

from rest_framework import serializers

from voorop.cases.models import CaseStatus, Phase
from voorop.organisations.api.serializers import OrganisatieSerializer
from voorop.persons.models import (
    FamilyMembership,
    FamilySystem,
    OrganisationInvolvement,
    Person,
    Relation,
    RelationKind,
    Sex,
)


@dataclass(frozen=True)
class FamilySystemDetail:
    """A family system with what the detail endpoint shows of it, each read by a selector."""

    family_system: FamilySystem
    members: list[FamilyMembership]
    relations: list[Relation]
    involvements: list[OrganisationInvolvement]


@dataclass(frozen=True)
class PersonDetail:
    """A person (with addresses prefetched) and the family systems the caller may see."""

    person: Person
    family_systems: list[FamilySystem]


class ZaakSamenvattingSerializer(serializers.Serializer):
    """The case of a family system, in short: ``kenmerk``, ``fase``, ``status``."""

    kenmerk = serializers.CharField(source="reference")
    fase = serializers.ChoiceField(source="phase", choices=Phase.choices)
    status = serializers.ChoiceField(choices=CaseStatus.choices)


class ZaakSerializer(ZaakSamenvattingSerializer):
    """The case of a family system: ``kenmerk``, ``fase``, ``status``,
    ``eerste_aanspreekpunt`` (organisation), ``geopend_op``, ``fase_gewijzigd_op``,
    ``gesloten_op``."""

    eerste_aanspreekpunt = OrganisatieSerializer(source="first_contact_organisation")
    geopend_op = serializers.DateTimeField(source="opened_at")
    fase_gewijzigd_op = serializers.DateTimeField(source="phase_changed_at")
    gesloten_op = serializers.DateTimeField(source="closed_at", allow_null=True)


class GezinssysteemSerializer(serializers.Serializer):
    """A family system as listed: ``id``, ``kenmerk``, ``naam``, ``aantal_leden``,
    ``laatste_activiteit`` (of the caller's organisation in it) and ``zaak`` (or null)."""

    id = serializers.IntegerField()
    kenmerk = serializers.CharField(source="reference")
    naam = serializers.CharField(source="name")
    aantal_leden = serializers.IntegerField(source="member_count")
    laatste_activiteit = serializers.DateTimeField(source="last_activity_at", allow_null=True)
    zaak = ZaakSamenvattingSerializer(source="case", allow_null=True)


class LidSerializer(serializers.Serializer):
    """A member of a family system: ``persoon`` (person id), ``naam``, ``geboortedatum``,
    and the membership period ``sinds`` to ``tot``."""

    persoon = serializers.IntegerField(source="person_id")
    naam = serializers.CharField(source="person.full_name")
    geboortedatum = serializers.DateField(source="person.date_of_birth", allow_null=True)
    sinds = serializers.DateField(source="since", allow_null=True)
    tot = serializers.DateField(source="until", allow_null=True)


class RelatieSerializer(serializers.Serializer):
    """A relation between two members for a period: ``soort_relatie``, ``persoon_a``,
    ``persoon_b``, ``vanaf``, ``tot``. For ``OUDER_KIND`` persoon_a is the parent, for
    ``VERZORGER`` persoon_a cares for persoon_b."""

    soort_relatie = serializers.ChoiceField(source="kind", choices=RelationKind.choices)
    persoon_a = serializers.IntegerField(source="person_a_id")
    persoon_b = serializers.IntegerField(source="person_b_id")
    vanaf = serializers.DateField(source="valid_from", allow_null=True)
    tot = serializers.DateField(source="valid_to", allow_null=True)


class BetrokkenheidSerializer(serializers.Serializer):
    """That an organisation is involved in the family system: ``organisatie``, ``sinds``,
    ``laatste_activiteit`` and ``kenmerk`` (the organisation's own reference)."""

    organisatie = OrganisatieSerializer(source="organisation")
    sinds = serializers.DateTimeField(source="since")
    laatste_activiteit = serializers.DateTimeField(source="last_activity_at")
    kenmerk = serializers.CharField(source="reference")


class GezinssysteemDetailSerializer(serializers.Serializer):
    """One family system: ``id``, ``kenmerk``, ``naam``, ``vastgelegd_op``, ``zaak`` (or
    null), ``leden``, ``relaties`` and ``betrokken_organisaties``. Reads a
    ``FamilySystemDetail``."""

    id = serializers.IntegerField(source="family_system.pk")
    kenmerk = serializers.CharField(source="family_system.reference")
    naam = serializers.CharField(source="family_system.name")
    vastgelegd_op = serializers.DateTimeField(source="family_system.created_at")
    zaak = ZaakSerializer(source="family_system.case", allow_null=True)
    leden = LidSerializer(source="members", many=True)
    relaties = RelatieSerializer(source="relations", many=True)
    betrokken_organisaties = BetrokkenheidSerializer(source="involvements", many=True)


class GezinssysteemVerwijzingSerializer(serializers.Serializer):
    """A reference to a family system: ``id``, ``kenmerk``, ``naam``."""

    id = serializers.IntegerField()
    kenmerk = serializers.CharField(source="reference")
    naam = serializers.CharField(source="name")


class PersoonSerializer(serializers.Serializer):
    """A person in the person index: ``id``, ``naam`` (full name), ``voornamen``,
    ``tussenvoegsel``, ``achternaam``, ``geboortedatum``, ``geslacht`` (``Sex`` code)."""

    id = serializers.IntegerField()
    naam = serializers.CharField(source="full_name")
    voornamen = serializers.CharField(source="given_names")
    tussenvoegsel = serializers.CharField(source="prefix")
    achternaam = serializers.CharField(source="surname")
    geboortedatum = serializers.DateField(source="date_of_birth", allow_null=True)
    geslacht = serializers.ChoiceField(source="sex", choices=Sex.choices)


class AdresSerializer(serializers.Serializer):
    """One address of a person for a period: ``straat``, ``huisnummer``, ``postcode``,
    ``woonplaats``, ``vanaf``, ``tot`` (null: the current address)."""

    straat = serializers.CharField(source="street")
    huisnummer = serializers.CharField(source="house_number")
    postcode = serializers.CharField()
    woonplaats = serializers.CharField(source="city")
    vanaf = serializers.DateField(source="valid_from", allow_null=True)
    tot = serializers.DateField(source="valid_to", allow_null=True)


class PersoonDetailSerializer(serializers.Serializer):
    """One person: the fields of ``Persoon`` plus ``adressen`` (history, newest first) and
    ``gezinssystemen`` (only those the caller may see). Reads a ``PersonDetail``."""

    id = serializers.IntegerField(source="person.pk")
    naam = serializers.CharField(source="person.full_name")
    voornamen = serializers.CharField(source="person.given_names")
    tussenvoegsel = serializers.CharField(source="person.prefix")
    achternaam = serializers.CharField(source="person.surname")
    geboortedatum = serializers.DateField(source="person.date_of_birth", allow_null=True)
    geslacht = serializers.ChoiceField(source="person.sex", choices=Sex.choices)
    adressen = AdresSerializer(source="person.addresses", many=True)
    gezinssystemen = GezinssysteemVerwijzingSerializer(source="family_systems", many=True)
