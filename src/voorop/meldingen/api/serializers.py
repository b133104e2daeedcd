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
``routeadvies``    (detail, own organisation) the advised coordination moments with
                   rule and reason (``voorop.intake.routes``)
``doormelding_vt``  (detail, own organisation) the 24-hour rule police → Veilig Thuis
``koppelingen``    (answer to a new melding) how each person was linked
=================  ==========================================================

A new melding (``POST``) uses the same names (``MeldingInvoerSerializer``), plus
``verdachte_aangehouden``, ``letsel_bij_kind``, ``volgt_op``, ``gemeld_door`` and
``organisatie``; errors are ``{"detail", "code", "fouten": [{"veld", "code", "bericht"}]}``.

Serializers read ``voorop.authz.policy.MeldingView`` objects, never bare meldingen, so what
was not shared with the caller cannot appear in a response.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from voorop.intake.models import ReferralStatus
from voorop.intake.routes import Route
from voorop.meldingen.models import Channel, InvolvementRole, Label, Melding, MeldingKind
from voorop.meldingen.parsing import ParseError, parse_date, parse_moment
from voorop.meldingen.validation import Code
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


# -- intake: POST /api/v1/meldingen/ ---------------------------------------------------------

_TEXT_ERRORS: dict[str, Any] = {
    "invalid": _("Geef tekst op."),
    "null": _("Geef tekst op, of laat het veld weg."),
    "required": _("Dit veld is verplicht."),
    "blank": _("Dit veld mag niet leeg zijn."),
}
_BOOL_ERRORS: dict[str, Any] = {
    "invalid": _("Gebruik true of false."),
    "null": _("Gebruik true of false."),
}


def _text(help_text: str, *, required: bool = False) -> serializers.CharField:
    return serializers.CharField(
        required=required,
        allow_blank=not required,
        trim_whitespace=False,
        help_text=help_text,
        error_messages=_TEXT_ERRORS,
    )


def _flag(help_text: str) -> serializers.BooleanField:
    return serializers.BooleanField(
        required=False, default=False, help_text=help_text, error_messages=_BOOL_ERRORS
    )


@extend_schema_field(OpenApiTypes.DATETIME)
class MomentInvoerField(serializers.Field):
    """A moment as text, read by ``voorop.meldingen.parsing.parse_moment``."""

    default_error_messages = {
        "required": _("Vul het tijdstip in."),
        "null": _("Vul het tijdstip in."),
    }

    def to_internal_value(self, data):
        if not isinstance(data, str):
            raise serializers.ValidationError(
                _("Geef een datum met tijd als tekst, bijvoorbeeld 2026-03-14T21:40:00+01:00."),
                code=Code.INVALID,
            )
        try:
            return parse_moment(data)
        except ParseError as exc:
            raise serializers.ValidationError(exc.message, code=exc.code) from None

    def to_representation(self, value):
        return value.isoformat()


@extend_schema_field(OpenApiTypes.DATE)
class DatumInvoerField(serializers.Field):
    """A date as text, read by ``voorop.meldingen.parsing.parse_date``."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            raise serializers.ValidationError(
                _("Geef een datum als tekst, bijvoorbeeld 1988-03-14."), code=Code.INVALID
            )
        try:
            return parse_date(data)
        except ParseError as exc:
            raise serializers.ValidationError(exc.message, code=exc.code) from None

    def to_representation(self, value):
        return value.isoformat()


class StrictSerializer(serializers.Serializer):
    """Refuses fields it does not know (a typo such as ``acute`` must not pass unnoticed)."""

    def to_internal_value(self, data):
        if isinstance(data, dict):
            unknown = sorted(set(data) - set(self.fields))
            if unknown:
                raise serializers.ValidationError(
                    {
                        name: [
                            serializers.ErrorDetail(
                                _("Onbekend veld „%(name)s”.") % {"name": name[:40]},
                                code="onbekend_veld",
                            )
                        ]
                        for name in unknown[:10]
                    }
                )
        return super().to_internal_value(data)


class PersoonInvoerSerializer(StrictSerializer):
    """A person as the reporting organisation recorded them. Only ``rol`` is required; give at
    least a name, date of birth or BSN (an anonymous ``MELDER`` excepted)."""

    rol = _text(
        "Rol in de melding: SLACHTOFFER, VERDACHTE, GETUIGE, KIND_AANWEZIG of MELDER.",
        required=True,
    )
    voornamen = _text("Voornamen zoals gemeld.")
    tussenvoegsel = _text("Tussenvoegsel, bijvoorbeeld „van der”.")
    achternaam = _text("Achternaam zoals gemeld.")
    geboortedatum = DatumInvoerField(
        required=False, allow_null=True, help_text="JJJJ-MM-DD of DD-MM-JJJJ."
    )
    geslacht = _text("M, V, X of O (onbekend, standaard).")
    bsn = _text("BSN (9 cijfers, elfproef); wordt niet teruggegeven.")
    straat = _text("Straat zoals gemeld.")
    huisnummer = _text("Huisnummer met toevoeging, bijvoorbeeld 12A.")
    postcode = _text("Postcode, bijvoorbeeld 1234 AB.")
    woonplaats = _text("Woonplaats zoals gemeld.")
    bronkenmerk = _text("Kenmerk van de persoon in het eigen systeem.")

    FIELDS = {
        "rol": "role",
        "voornamen": "given_names",
        "tussenvoegsel": "prefix",
        "achternaam": "surname",
        "geboortedatum": "date_of_birth",
        "geslacht": "sex",
        "bsn": "bsn",
        "straat": "street",
        "huisnummer": "house_number",
        "postcode": "postcode",
        "woonplaats": "city",
        "bronkenmerk": "source_record_id",
    }


class MeldingInvoerSerializer(StrictSerializer):
    """A new melding from an organisation's own system. The codes are those of the list and
    detail answers (``soort``, ``kanaal``, ``labels``, ``rol``, ``geslacht``); times are ISO 8601
    (with offset, or Dutch time without one)."""

    kenmerk = _text("Kenmerk in het eigen systeem (uniek); leeg: voorop geeft VV-<jaar>-<nummer>.")
    organisatie = _text(
        "Code van de organisatie waarvoor wordt vastgelegd; alleen de eigen organisatie mag."
    )
    soort = _text("MeldingKind-code, bijvoorbeeld POLITIE_INCIDENT.", required=True)
    kanaal = _text("Channel-code, bijvoorbeeld 112.", required=True)
    voorgevallen_op = MomentInvoerField(help_text="Wanneer het gebeurde.")
    ontvangen_op = MomentInvoerField(help_text="Wanneer de organisatie de melding ontving.")
    acuut = _flag("Iemand is acuut onveilig.")
    labels = serializers.ListField(
        child=serializers.ChoiceField(
            choices=Label.choices,
            error_messages={
                "invalid_choice": _(
                    "„{input}” is geen label; kies uit HG, KM, EX_PARTNERSTALKING, "
                    "EERGERELATEERD, OUDERENMISHANDELING."
                )
            },
        ),
        required=False,
        default=list,
        max_length=len(Label.values),
        help_text='Label-codes, bijvoorbeeld ["HG", "KM"].',
        error_messages={
            "not_a_list": _("Geef een lijst van labels."),
            "max_length": _("Te veel labels."),
        },
    )
    verdachte_aangehouden = _flag(
        "Er is een verdachte gehoord of aangehouden (bij een aanhouding altijd)."
    )
    letsel_bij_kind = _flag("(Vermoeden van) psychisch of lichamelijk letsel bij een kind.")
    locatie = _text("Plaats van het voorval (adres of omschrijving).")
    postcode = _text("Postcode van de locatie.")
    plaats = _text("Plaatsnaam van de locatie.")
    toelichting = _text("Toelichting (vrije tekst, geen opmaak).")
    medische_gegevens = _text("Alleen Veilig Thuis: medische gegevens (voor de vertrouwensarts).")
    gezinssysteem = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=1,
        help_text=(
            "Id van het gezinssysteem; leeg: voorop plaatst de melding als alle gekoppelde "
            "personen één gezinssysteem delen."
        ),
        error_messages={
            "invalid": _("Geef een id: een positief geheel getal."),
            "min_value": _("Geef een id: een positief geheel getal."),
            "max_string_length": _("Dit getal is te lang."),
        },
    )
    volgt_op = _text(
        "Kenmerk van de eerdere melding waar deze uit voortkomt; voor Veilig Thuis ook het "
        "kenmerk van de politiemelding (sluit de 24-uursbewaking)."
    )
    gemeld_door = _text("Code van de organisatie die meldde, bijvoorbeeld een ziekenhuis.")
    personen = PersoonInvoerSerializer(many=True, help_text="De betrokken personen zoals gemeld.")

    FIELDS = {
        "kenmerk": "reference",
        "soort": "kind",
        "kanaal": "channel",
        "voorgevallen_op": "occurred_at",
        "ontvangen_op": "received_at",
        "acuut": "is_acute",
        "verdachte_aangehouden": "suspect_arrested",
        "letsel_bij_kind": "child_injury_suspected",
        "locatie": "location",
        "postcode": "postcode",
        "plaats": "city",
        "toelichting": "narrative",
        "medische_gegevens": "medical_details",
        "gezinssysteem": "family_system",
        "volgt_op": "follows_from",
        "gemeld_door": "reporter_organisation",
    }

    def service_arguments(self) -> tuple[dict[str, Any], list[dict[str, Any]], str]:
        """(melding, persons, organisation code) for ``melding_record``."""
        data = self.validated_data
        melding = {model: data[api] for api, model in self.FIELDS.items() if api in data}
        for code, field in Melding.LABEL_FIELDS.items():
            melding[field] = code in data.get("labels", [])
        persons = [
            {model: p[api] for api, model in PersoonInvoerSerializer.FIELDS.items() if api in p}
            for p in data["personen"]
        ]
        return melding, persons, data.get("organisatie", "")


#: Model field → where it is in the request body (for error answers).
API_FIELDS = {model: api for api, model in MeldingInvoerSerializer.FIELDS.items()}
API_PERSON_FIELDS = {model: api for api, model in PersoonInvoerSerializer.FIELDS.items()}


class RouteadviesSerializer(serializers.Serializer):
    """One advised route: ``route`` (``Route`` code = afstemmingsmoment), ``naam``,
    ``regel`` (the rule of ``voorop.intake.routes`` that gave it) and ``reden``."""

    route = serializers.ChoiceField(choices=Route.choices)
    naam = serializers.CharField(source="get_route_display")
    regel = serializers.CharField(source="rule")
    reden = serializers.CharField(source="reason")


class DoormeldingSerializer(serializers.Serializer):
    """The 24-hour rule for a police report of (suspected) HG/KM: ``melding_politie`` (kenmerk),
    ``uiterlijk`` (received + 24 h), ``termijn`` (OPEN, OP_TIJD, TE_LAAT), ``te_laat`` (open and
    past the deadline), ``vt_bekend_op`` (when Veilig Thuis knew), ``doorgemeld_op`` (reported
    through voorop), ``veilig_thuis`` (name), ``melding_vt`` (id of Veilig Thuis' melding, if
    the caller recorded it) and ``uren_voorval_tot_vt`` (hours from incident to VT knowing)."""

    melding_politie = serializers.CharField(source="police_melding.reference")
    uiterlijk = serializers.DateTimeField(source="due_at")
    termijn = serializers.ChoiceField(source="status", choices=ReferralStatus.choices)
    te_laat = serializers.SerializerMethodField()
    vt_bekend_op = serializers.DateTimeField(source="vt_known_at", allow_null=True)
    doorgemeld_op = serializers.DateTimeField(source="sent_at", allow_null=True)
    veilig_thuis = serializers.CharField(
        source="vt_organisation.name", allow_null=True, default=None
    )
    melding_vt = serializers.SerializerMethodField()
    uren_voorval_tot_vt = serializers.SerializerMethodField()

    def get_te_laat(self, referral) -> bool:
        return referral.status == ReferralStatus.TE_LAAT or referral.is_overdue()

    def get_melding_vt(self, referral) -> int | None:
        org = self.context.get("organisation_id")
        vt = referral.vt_melding
        return vt.pk if vt is not None and vt.source_organisation_id == org else None

    def get_uren_voorval_tot_vt(self, referral) -> float | None:
        delta = referral.incident_to_vt
        return round(delta.total_seconds() / 3600, 1) if delta is not None else None


class KoppelingSerializer(serializers.Serializer):
    """How one person of a new melding was linked to the person index: ``positie`` (index in
    ``personen`` as sent), ``persoon`` (person-index id or null), ``methode`` (BSN,
    PROBABILISTISCH, GEEN), ``score`` and ``toelichting``."""

    positie = serializers.IntegerField()
    persoon = serializers.IntegerField(allow_null=True)
    methode = serializers.CharField()
    score = serializers.FloatField(allow_null=True)
    toelichting = serializers.CharField()


class MeldingIntakeSerializer(MeldingDetailSerializer):
    """One melding in full, with what intake added — for the recording organisation (and under
    emergency access); null / [] for a melding shared with the caller: ``verdachte_aangehouden``,
    ``letsel_bij_kind``, ``volgt_op`` (kenmerk), ``gemeld_door`` (organisation),
    ``routeadvies`` and ``doormelding_vt`` (the 24-hour rule: for a police melding its own, for a
    Veilig Thuis melding the police report it answers)."""

    verdachte_aangehouden = serializers.SerializerMethodField()
    letsel_bij_kind = serializers.SerializerMethodField()
    volgt_op = serializers.SerializerMethodField()
    gemeld_door = serializers.SerializerMethodField()
    routeadvies = serializers.SerializerMethodField()
    doormelding_vt = serializers.SerializerMethodField()

    def _details(self):
        return self.context.get("intake")

    def get_verdachte_aangehouden(self, view) -> bool | None:
        d = self._details()
        return d.suspect_arrested if d else None

    def get_letsel_bij_kind(self, view) -> bool | None:
        d = self._details()
        return d.child_injury_suspected if d else None

    def get_volgt_op(self, view) -> str | None:
        d = self._details()
        return d.follows_from.reference if d and d.follows_from else None

    @extend_schema_field(OrganisatieSerializer(allow_null=True))
    def get_gemeld_door(self, view):
        d = self._details()
        return OrganisatieSerializer(d.reporter).data if d and d.reporter else None

    @extend_schema_field(RouteadviesSerializer(many=True))
    def get_routeadvies(self, view):
        d = self._details()
        return RouteadviesSerializer(d.advice, many=True).data if d else []

    @extend_schema_field(DoormeldingSerializer(allow_null=True))
    def get_doormelding_vt(self, view):
        d = self._details()
        referral = (d.referral or (d.answered[0] if d.answered else None)) if d else None
        if referral is None:
            return None
        return DoormeldingSerializer(referral, context=self.context).data


class MeldingVastgelegdSerializer(MeldingIntakeSerializer):
    """The answer to a new melding: the melding in full plus ``koppelingen`` (how each person
    was linked to the person index)."""

    koppelingen = serializers.SerializerMethodField()

    @extend_schema_field(KoppelingSerializer(many=True))
    def get_koppelingen(self, view):
        return self.context.get("links", [])
