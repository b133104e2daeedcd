"""How the interventiepalet and the veiligheidsplan appear in the API.

Field names are Dutch snake_case after the domain; codes are the values of the models' choices.
A plan item is read through ``PlanItemView``: ``notitie`` is null when the caller's
organisation may not read the internal note (it is not the owner, did not record the item, and
the note was not disclosed).
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from voorop.cases.models import Phase
from voorop.organisations.api.serializers import OrganisatieSerializer
from voorop.organisations.models import OrganisationKind
from voorop.safetyplan.models import AgreementTopic, LegalDomain, PlanItemKind, PlanItemStatus
from voorop.sharing.models import CoordinationMoment


def choice(choices: Any, enum_id: str, **kwargs: Any) -> serializers.ChoiceField:
    """A choice field whose code list gets an enum of its own in the schema (``enum_id``): the
    same code lists (phase, moment, organisation kind) appear elsewhere in the API under other
    field names, and the schema generator wants one name per list."""

    @extend_schema_field(
        {"type": "string", "enum": [value for value, _label in choices], "x-spec-enum-id": enum_id}
    )
    class OwnEnumChoiceField(serializers.ChoiceField):
        pass

    return OwnEnumChoiceField(choices=choices, **kwargs)


class InterventieSerializer(serializers.Serializer):
    """One intervention of the interventiepalet.

    ``rechtsdomein`` and ``fasen`` (one or more of ACUUT, RISICOGESTUURD, HERSTELGERICHT);
    ``uitvoerder`` is the kind of organisation that usually carries it out, ``beslist_door``
    who imposes it when that is someone else (e.g. the burgemeester for a huisverbod).
    ``duur_dagen`` gives the derived end date, ``maximale_duur_dagen`` the limit of any
    extension and ``herbeoordeling_op_dag`` the derived reassessment date, each counted in days
    from the start (null: no fixed term)."""

    id = serializers.IntegerField()
    code = serializers.SlugField()
    naam = serializers.CharField(source="name")
    rechtsdomein = serializers.ChoiceField(source="legal_domain", choices=LegalDomain.choices)
    fasen = serializers.ListField(
        source="phases", child=choice(Phase.choices, "voorop-safetyplan-fasen")
    )
    uitvoerder = choice(
        OrganisationKind.choices, "voorop-safetyplan-uitvoerder", source="owner_kind"
    )
    beslist_door = serializers.CharField(source="deciding_party")
    duur_dagen = serializers.IntegerField(source="typical_duration_days", allow_null=True)
    maximale_duur_dagen = serializers.IntegerField(source="max_duration_days", allow_null=True)
    herbeoordeling_op_dag = serializers.IntegerField(source="reassess_after_days", allow_null=True)
    herbeoordeling_naam = serializers.CharField(source="reassess_label")
    verlenging = serializers.CharField(source="extension_rule")
    omschrijving = serializers.CharField(source="description")


class InterventieKortSerializer(serializers.Serializer):
    """The intervention of a plan item: ``id``, ``code``, ``naam``, ``rechtsdomein``."""

    id = serializers.IntegerField()
    code = serializers.SlugField()
    naam = serializers.CharField(source="name")
    rechtsdomein = serializers.ChoiceField(source="legal_domain", choices=LegalDomain.choices)


class PlanonderdeelSerializer(serializers.Serializer):
    """One item of a veiligheidsplan: an intervention (``interventie``) or an agreement
    (``onderwerp``) — ``soort_onderdeel`` INTERVENTION or AGREEMENT — with owner, dates and
    ``onderdeelstatus`` (PLANNED, ACTIVE, DONE, CANCELLED). ``verlopen`` is true when the item is
    still planned or running while its reassessment or end date passed. ``notitie`` is null when the
    caller's organisation may not read the internal note."""

    id = serializers.IntegerField(source="pk")
    soort_onderdeel = serializers.ChoiceField(source="kind", choices=PlanItemKind.choices)
    titel = serializers.CharField(source="title")
    interventie = InterventieKortSerializer(source="intervention", allow_null=True)
    onderwerp = serializers.ChoiceField(
        source="topic", choices=AgreementTopic.choices, allow_blank=True
    )
    omschrijving = serializers.CharField(source="description")
    fase = serializers.ChoiceField(source="phase", choices=Phase.choices)
    eigenaar = OrganisatieSerializer(source="owner_organisation")
    eigenaar_persoon = serializers.SerializerMethodField()
    start = serializers.DateField(source="starts_on")
    einde = serializers.DateField(source="ends_on", allow_null=True)
    herbeoordeling = serializers.DateField(source="reassess_on", allow_null=True)
    onderdeelstatus = serializers.ChoiceField(source="status", choices=PlanItemStatus.choices)
    verlopen = serializers.BooleanField(source="overdue")
    afstemmingsmoment = choice(
        CoordinationMoment.choices, "voorop-safetyplan-afstemmingsmoment", source="moment"
    )
    kenmerk_afstemmingsmoment = serializers.CharField(source="moment_reference")
    notitie = serializers.CharField(source="note", allow_null=True)
    notitie_gedeeld_op = serializers.DateTimeField(source="note_disclosed_at", allow_null=True)
    vastgelegd_door = OrganisatieSerializer(source="recorded_by")
    vastgelegd_op = serializers.DateTimeField(source="created_at")
    gewijzigd_op = serializers.DateTimeField(source="updated_at")

    def get_eigenaar_persoon(self, view) -> str | None:
        user = view.owner_user
        return (user.get_full_name() or user.get_username()) if user else None


class VeiligheidsplanSerializer(serializers.Serializer):
    """The veiligheidsplan of a family system: ``gezinssysteem`` (id), ``eerste_aanspreekpunt``
    for the whole set of measures (null: not agreed yet) and every ``onderdelen`` item, open and
    closed, oldest start first. A family system without a plan yet answers with no items."""

    gezinssysteem = serializers.IntegerField()
    eerste_aanspreekpunt = OrganisatieSerializer(allow_null=True)
    onderdelen = PlanonderdeelSerializer(many=True)
