"""/api/v1/veiligheidsbeoordelingen/, /api/v1/risico-instrumenten/ and
/api/v1/risico-inschattingen/."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.response import Response

from voorop.assessment import selectors, services
from voorop.assessment.api.serializers import (
    RisicoInschattingInvoerSerializer,
    RisicoInschattingSerializer,
    RisicoInstrumentSerializer,
    VeiligheidsbeoordelingSerializer,
)
from voorop.assessment.engine import Definition
from voorop.assessment.models import RiskInstrument
from voorop.assessment.selectors import BeoordelingAccess
from voorop.audit.api.parameters import id_parameter as id_query_parameter
from voorop.audit.api.schema import (
    DETAIL_ERRORS,
    LIST_ERRORS,
    NOT_AUTHENTICATED,
    NOT_FOUND,
    id_parameter,
)
from voorop.audit.api.views import API_CHANNEL, CaseDataViewSet
from voorop.audit.models import AccessAction, AccessOutcome
from voorop.authz import policy
from voorop.persons import selectors as person_selectors
from voorop.sharing.api import errors
from voorop.sharing.api.serializers import VerstrekkingFoutSerializer


@dataclass(frozen=True)
class InstrumentRow:
    instrument: RiskInstrument
    definition: Definition


class GezinssysteemFilterSerializer(serializers.Serializer):
    """?gezinssysteem="""

    gezinssysteem = id_query_parameter(help_text="Alleen die van dit gezinssysteem.")


class VeiligheidsbeoordelingViewSet(CaseDataViewSet):
    """Veiligheidsbeoordelingen: in full for the VT organisation that made them; for a partner
    only the summary that was shared with it (outcome and veiligheidsvoorwaarden), while the
    disclosure is active. Logged: LIST / VIEW ``veiligheidsbeoordeling`` with the persons the
    conditions name."""

    audit = {
        "list": (AccessAction.LIST, services.OBJECT_TYPE),
        "retrieve": (AccessAction.VIEW, services.OBJECT_TYPE),
    }

    def get_queryset(self):
        return selectors.beoordeling_list(user=self.request.user)

    @staticmethod
    def _access(user, beoordelingen) -> list[BeoordelingAccess]:
        beoordelingen = list(beoordelingen)
        summaries = selectors.beoordeling_summaries(user, beoordelingen)
        return [
            BeoordelingAccess(summary=s, own=b if s.own else None)
            for b, s in zip(beoordelingen, summaries, strict=True)
        ]

    @extend_schema(
        summary="Veiligheidsbeoordelingen",
        description=(
            "De veiligheidsbeoordelingen die de gebruiker mag zien, de nieuwste eerst: van de "
            "eigen Veilig Thuis-organisatie volledig; van een andere organisatie alleen wat is "
            "gedeeld (status, niveaus, uitkomst, veiligheidsvoorwaarden), met herkomst."
        ),
        parameters=[GezinssysteemFilterSerializer],
        responses={200: VeiligheidsbeoordelingSerializer(many=True), **LIST_ERRORS},
    )
    def list(self, request) -> Response:
        params = self.validated_query(GezinssysteemFilterSerializer)
        qs = selectors.beoordeling_list(
            user=request.user, family_system_id=params.get("gezinssysteem")
        ).prefetch_related("risk_factors")
        page = self.paginate_queryset(qs)
        items = self._access(request.user, qs if page is None else page)
        self.log_access(
            object_id=",".join(str(a.summary.pk) for a in items),
            person_ids=[pid for a in items for pid in a.summary.person_ids],
        )
        data = VeiligheidsbeoordelingSerializer(items, many=True).data
        return Response(data) if page is None else self.get_paginated_response(data)

    @extend_schema(
        summary="Veiligheidsbeoordeling",
        description="Eén veiligheidsbeoordeling (volledig of de gedeelde samenvatting).",
        parameters=[id_parameter("Id van de veiligheidsbeoordeling.")],
        responses={200: VeiligheidsbeoordelingSerializer, **DETAIL_ERRORS},
    )
    def retrieve(self, request, pk: str | None = None) -> Response:
        access = self.visible_object(selectors.beoordeling_get)
        self.log_access(
            object_id=access.summary.pk,
            person_ids=access.summary.person_ids,
            purpose=policy.access_purpose(request.user, access.summary.family_system_id),
        )
        return Response(VeiligheidsbeoordelingSerializer(access).data)


class RisicoInstrumentViewSet(viewsets.GenericViewSet):
    """Instrument definitions (configuration, no case data: not access-logged)."""

    def get_queryset(self):
        return selectors.instrument_list(active_only=False)

    @extend_schema(
        summary="Risico-instrumenten",
        description=(
            "De risico-instrumenten die in gebruik zijn, met vragen, scoring en drempels. "
            "Scoring per soort antwoord: JA_NEE — ja telt het gewicht; SCHAAL — (antwoord − "
            "minimum) × gewicht; KEUZE — score van de optie × gewicht; GETAL — score van de "
            "hoogste klasse die het getal haalt × gewicht; TEKST — telt niet. De drempels geven "
            "bij de totaalscore een niveau; een kritieke vraag tilt het niveau ten minste naar "
            "kritiek_niveau. Het professionele oordeel kan het niveau alleen verhogen. "
            "Meegeleverde instrumenten zijn zelf geschreven voorbeelden, niet gevalideerd."
        ),
        responses={200: RisicoInstrumentSerializer(many=True), 401: NOT_AUTHENTICATED},
    )
    def list(self, request) -> Response:
        instruments = selectors.instrument_list()
        page = self.paginate_queryset(instruments)
        rows = [
            InstrumentRow(i, selectors.definition(i))
            for i in (instruments if page is None else page)
        ]
        data = RisicoInstrumentSerializer(rows, many=True).data
        return Response(data) if page is None else self.get_paginated_response(data)

    @extend_schema(
        summary="Risico-instrument",
        description="Eén versie van een risico-instrument, ook een die niet meer in gebruik is.",
        parameters=[id_parameter("Id van de versie van het instrument.")],
        responses={200: RisicoInstrumentSerializer, 401: NOT_AUTHENTICATED, 404: NOT_FOUND},
    )
    def retrieve(self, request, pk: str | None = None) -> Response:
        if not str(pk or "").isdigit() or len(str(pk)) > 18:
            raise Http404
        instrument = selectors.instrument_get(pk=int(str(pk)))
        row = InstrumentRow(instrument, selectors.definition(instrument))
        return Response(RisicoInstrumentSerializer(row).data)


INVALID_RESULT = OpenApiResponse(
    VerstrekkingFoutSerializer,
    description=(
        "De risico-inschatting is niet vastgelegd (code ongeldige_risico_inschatting); "
        "``fouten`` zegt waarom, bijvoorbeeld code ``verlaagd``: het professionele oordeel kan "
        "het risiconiveau alleen verhogen, niet verlagen."
    ),
)


class RisicoInschattingViewSet(CaseDataViewSet):
    """Risk assessments made with an instrument, by the caller's own organisation. Logged:
    LIST / VIEW ``risico-inschatting``; a new one as CREATE (by the service)."""

    audit = {
        "list": (AccessAction.LIST, services.RESULT_OBJECT_TYPE),
        "retrieve": (AccessAction.VIEW, services.RESULT_OBJECT_TYPE),
        "create": (AccessAction.CREATE, services.RESULT_OBJECT_TYPE),
    }

    def get_queryset(self):
        return selectors.result_list(user=self.request.user)

    @extend_schema(
        summary="Risico-inschattingen",
        description="De risico-inschattingen van de eigen organisatie, de nieuwste eerst.",
        parameters=[GezinssysteemFilterSerializer],
        responses={200: RisicoInschattingSerializer(many=True), **LIST_ERRORS},
    )
    def list(self, request) -> Response:
        params = self.validated_query(GezinssysteemFilterSerializer)
        results = selectors.result_list(
            user=request.user, family_system_id=params.get("gezinssysteem")
        )
        return self.paginated_response(
            results,
            RisicoInschattingSerializer,
            object_id="",
            person_ids=lambda rows: [r.subject_id for r in rows],
        )

    @extend_schema(
        summary="Risico-inschatting",
        description="Eén risico-inschatting van de eigen organisatie.",
        parameters=[id_parameter("Id van de risico-inschatting.")],
        responses={200: RisicoInschattingSerializer, **DETAIL_ERRORS},
    )
    def retrieve(self, request, pk: str | None = None) -> Response:
        result = self.visible_object(selectors.result_get)
        self.log_access(
            object_id=result.pk,
            person_ids=[result.subject_id],
            purpose=policy.access_purpose(request.user, result.family_system_id),
        )
        return Response(RisicoInschattingSerializer(result).data)

    @extend_schema(
        summary="Risico-inschatting vastleggen",
        description=(
            "Vul een risico-instrument in voor een gezinssysteem. Score en berekend niveau komen "
            "uit de definitie; het professionele niveau mag gelijk of hoger zijn (hoger: met "
            "toelichting). Alles of niets."
        ),
        request=RisicoInschattingInvoerSerializer,
        responses={
            201: RisicoInschattingSerializer,
            400: INVALID_RESULT,
            401: NOT_AUTHENTICATED,
            403: INVALID_RESULT,
        },
    )
    def create(self, request) -> Response:
        detail = _("De risico-inschatting is niet vastgelegd.")
        code = "ongeldige_risico_inschatting"
        serializer = RisicoInschattingInvoerSerializer(data=request.data)
        if not serializer.is_valid():
            return errors.invalid(detail, code, errors.serializer_errors(serializer.errors))
        data = serializer.validated_data
        user = request.user
        fouten = []
        family = instrument = subject = beoordeling = None
        try:
            family = person_selectors.family_system_get(user=user, pk=data["gezinssysteem"])
        except Http404:
            fouten.append(
                errors.error(
                    "gezinssysteem",
                    "gezinssysteem_onbekend",
                    _("Dit gezinssysteem bestaat niet of uw organisatie mag het niet zien."),
                )
            )
        try:
            instrument = selectors.active_instrument_by_code(code=data["instrument_code"])
        except Http404:
            fouten.append(
                errors.error(
                    "instrument_code",
                    "instrument_onbekend",
                    _("Er is geen instrument in gebruik met deze code."),
                )
            )
        if family is not None and data.get("betreft"):
            subject = next(
                (
                    p
                    for p in selectors.family_persons(user=user, family_system=family)
                    if p.pk == data["betreft"]
                ),
                None,
            )
            if subject is None:
                fouten.append(
                    errors.error(
                        "betreft", "persoon_niet_in_gezin", _("Kies een lid van dit gezinssysteem.")
                    )
                )
        if family is not None and data.get("veiligheidsbeoordeling"):
            try:
                beoordeling = selectors.own_beoordeling_get(
                    user=user, pk=data["veiligheidsbeoordeling"], family_system=family
                )
            except Http404:
                fouten.append(
                    errors.error(
                        "veiligheidsbeoordeling",
                        "beoordeling_onbekend",
                        _(
                            "Deze veiligheidsbeoordeling bestaat niet of is niet van uw "
                            "organisatie."
                        ),
                    )
                )
        if fouten or family is None or instrument is None:
            if family is None:  # a family system the user may not see: refused, on record
                self.log_access(outcome=AccessOutcome.DENIED)
            return errors.invalid(detail, code, fouten)
        if not selectors.may_fill(user, instrument):
            self.log_access(outcome=AccessOutcome.DENIED)
            return errors.invalid(
                detail,
                services.ErrorCode.NOT_A_USER_OF_INSTRUMENT,
                [
                    errors.error(
                        None,
                        services.ErrorCode.NOT_A_USER_OF_INSTRUMENT,
                        _("Dit instrument is niet bedoeld voor uw organisatie of uw rol."),
                    )
                ],
                status_code=status.HTTP_403_FORBIDDEN,
            )
        try:
            result = services.instrument_result_record(
                user=user,
                instrument=instrument,
                family_system=family,
                answers=data["antwoorden"],
                professional_level=data.get("professioneel_niveau", ""),
                rationale=data.get("toelichting", ""),
                subject=subject,
                beoordeling=beoordeling,
                channel=API_CHANNEL,
            )
        except ValidationError as exc:
            return errors.invalid(detail, code, _result_errors(exc))
        result = selectors.result_get(user=user, pk=result.pk)
        return Response(
            RisicoInschattingSerializer(result).data,
            status=status.HTTP_201_CREATED,
            headers={"Location": request.build_absolute_uri(f"{result.pk}/")},
        )


RESULT_FIELDS = {
    "answers": "antwoorden",
    "professional_level": "professioneel_niveau",
    "rationale": "toelichting",
    "person": "betreft",
    "beoordeling": "veiligheidsbeoordeling",
}


def _result_errors(exc: ValidationError) -> list[dict]:
    if not hasattr(exc, "error_dict"):
        return [
            errors.error(None, e.code or "ongeldig", " ".join(e.messages)) for e in exc.error_list
        ]
    found = []
    for key, errs in exc.error_dict.items():
        for e in errs:
            found.append(
                errors.error(RESULT_FIELDS.get(key), e.code or "ongeldig", " ".join(e.messages))
            )
    return found
