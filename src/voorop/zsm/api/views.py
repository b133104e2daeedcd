"""/api/v1/zsm/zaken/: the ZSM cases of the locations where the caller's organisation is ZSM
partner (least time left first), one case with its history, and the OM's and police's writes
(oppakken, besluit, uitstel, terugzetten, vrijlating). Reads are logged as LIST / VIEW
``zsm-zaak`` (channel API); a case at another location answers 404, logged as DENIED. A refused
write answers 400 with the Dutch messages and stable codes (the release safeguard's conflict
among them)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.response import Response

from voorop.audit.api.schema import DETAIL_ERRORS, LIST_ERRORS, id_parameter
from voorop.audit.api.views import CaseDataViewSet
from voorop.audit.models import AccessAction
from voorop.zsm import selectors, services
from voorop.zsm.api.serializers import (
    BesluitInvoerSerializer,
    UitstelInvoerSerializer,
    ZsmWeigeringSerializer,
    ZsmZaakKortSerializer,
    ZsmZaakSerializer,
)
from voorop.zsm.models import ZsmCase

OBJECT_TYPE = services.OBJECT_TYPE
WRITE_ERRORS = {**DETAIL_ERRORS, 400: ZsmWeigeringSerializer}


def _summary(case: ZsmCase) -> dict[str, Any]:
    return {
        "id": case.pk,
        "kenmerk": case.reference,
        "zsm_locatie": case.location.code,
        "zsm_status": case.status,
        "instroom_op": case.inflow_at,
        "uiterlijk_besluit_op": case.due_at,
        "minuten_resterend": int(case.time_left(timezone.now()).total_seconds() // 60),
        "hg_label": case.hg_label,
        "reden_mogelijk_hg": case.hg_flag_reason,
        "bekend_bij_veilig_thuis": case.known_to_vt,
        "raad_betrokken": case.rvdk_involved,
        "reden_raad": case.rvdk_reason,
        "keren_teruggezet": case.returns,
    }


def _document(case: ZsmCase) -> dict[str, Any]:
    return {
        **_summary(case),
        "acute_onveiligheid": services.acute_unsafety(case),
        "verdachte_vrijgelaten_op": case.suspect_released_at,
        "verloop": [
            {
                "tijdstip": e.at,
                "soort": e.kind,
                "van_status": e.from_status,
                "naar_status": e.to_status,
                "organisatie": e.organisation.name if e.organisation else "",
                "toelichting": e.note,
            }
            for e in case.events.select_related("organisation")
        ],
        "adviezen": [
            {
                "organisatie": a.organisation.name,
                "advies": a.advice,
                "gebaseerd_op_veilig_thuis": a.builds_on_vt,
                "afgestemd_met_veilig_thuis": a.coordinated_with_vt,
                "minuten_afstemming": a.coordination_minutes,
                "vastgelegd_op": a.created_at,
            }
            for a in case.advices.select_related("organisation")
        ],
        "besluiten": [
            {
                "soort_besluit": d.kind,
                "afdoening": d.disposal,
                "juridische_maatregelen": d.juridical_measures,
                "uitgesteld_naar": d.delay_to,
                "nieuwe_datum": d.delay_until,
                "officier": d.officier.get_full_name(),
                "overdracht": d.note,
                "vastgelegd_op": d.created_at,
            }
            for d in case.decisions.select_related("officier")
        ],
    }


def _refused(error: ValidationError | PermissionDenied) -> Response:
    if isinstance(error, PermissionDenied):
        found = [{"code": services.ErrorCode.NOT_A_PARTNER, "melding": str(error)}]
    else:
        found = [
            {"code": e.code or "ongeldig", "melding": str(m)}
            for e in (
                [x for xs in error.error_dict.values() for x in xs]
                if hasattr(error, "error_dict")
                else error.error_list
            )
            for m in e.messages
        ]
    first = found[0] if found else {"code": "ongeldig", "melding": ""}
    return Response(
        {"detail": first["melding"], "code": first["code"], "fouten": found},
        status=status.HTTP_400_BAD_REQUEST,
    )


def _invalid_input(errors: dict[str, Any]) -> Response:
    """Unusable input, answered in the same form as a refused write (``ZsmWeigering``)."""
    found = [
        {"code": str(getattr(e, "code", "") or "ongeldig"), "melding": f"{name}: {e}"}
        for name, field_errors in errors.items()
        for e in field_errors
    ]
    first = found[0]
    return Response(
        {"detail": first["melding"], "code": first["code"], "fouten": found},
        status=status.HTTP_400_BAD_REQUEST,
    )


class ZsmZaakViewSet(CaseDataViewSet):
    """ZSM cases of the caller's ZSM locations."""

    audit = {
        "list": (AccessAction.LIST, OBJECT_TYPE),
        "retrieve": (AccessAction.VIEW, OBJECT_TYPE),
        "oppakken": (AccessAction.UPDATE, OBJECT_TYPE),
        "besluit": (AccessAction.UPDATE, OBJECT_TYPE),
        "uitstel": (AccessAction.UPDATE, OBJECT_TYPE),
        "terugzetten": (AccessAction.UPDATE, OBJECT_TYPE),
        "vrijlating": (AccessAction.UPDATE, OBJECT_TYPE),
    }

    _input: dict[str, Any]

    def get_queryset(self):
        return selectors.cases_for(self.request.user)

    @extend_schema(
        summary="Werkvoorraad ZSM",
        description=(
            "De zaken in de werkvoorraad (instroom en in behandeling) van de ZSM-locaties waar "
            "de organisatie van de gebruiker ZSM-partner is, de minste resterende tijd eerst."
        ),
        responses={200: ZsmZaakKortSerializer(many=True), **LIST_ERRORS},
    )
    def list(self, request) -> Response:
        qs = (
            selectors.cases_for(request.user)
            .filter(status__in=("INSTROOM", "IN_BEHANDELING"))
            .select_related("location")
            .order_by("due_at", "id")
        )
        page = self.paginate_queryset(qs)
        cases = list(qs if page is None else page)
        self.log_access(object_id=",".join(str(c.pk) for c in cases))
        data = ZsmZaakKortSerializer([_summary(c) for c in cases], many=True).data
        return Response(data) if page is None else self.get_paginated_response(data)

    def _case(self) -> ZsmCase:
        return self.visible_object(selectors.case_get)

    @extend_schema(
        summary="ZSM-zaak",
        description="Eén ZSM-zaak met verloop, adviezen 3RO en besluiten OM.",
        parameters=[id_parameter("Id van de ZSM-zaak.")],
        responses={200: ZsmZaakSerializer, **DETAIL_ERRORS},
    )
    def retrieve(self, request, pk: str | None = None) -> Response:
        case = self._case()
        self.log_access(object_id=case.pk, person_ids=services._person_ids(case))
        return Response(ZsmZaakSerializer(_document(case)).data)

    def _write(self, do, input_serializer=None) -> Response:
        """Look the case up first (an invisible case is a 404 whatever the input), then read
        the input, then call the service."""
        case = self._case()
        if input_serializer is not None:
            data = input_serializer(data=self.request.data)
            if not data.is_valid():
                return _invalid_input(data.errors)
            self._input = data.validated_data
        try:
            do(case)
        except (ValidationError, PermissionDenied) as error:
            return _refused(error)
        case = selectors.case_get(user=self.request.user, pk=case.pk)
        return Response(ZsmZaakSerializer(_document(case)).data)

    @extend_schema(
        summary="Zaak oppakken",
        request=None,
        parameters=[id_parameter("Id van de ZSM-zaak.")],
        responses={200: ZsmZaakSerializer, **WRITE_ERRORS},
    )
    @action(detail=True, methods=["post"])
    def oppakken(self, request, pk: str | None = None) -> Response:
        return self._write(
            lambda c: services.zsm_case_take_up(user=request.user, case=c, channel="API")
        )

    @extend_schema(
        summary="Besluit OM",
        request=BesluitInvoerSerializer,
        parameters=[id_parameter("Id van de ZSM-zaak.")],
        responses={200: ZsmZaakSerializer, **WRITE_ERRORS},
    )
    @action(detail=True, methods=["post"])
    def besluit(self, request, pk: str | None = None) -> Response:
        return self._write(
            lambda c: services.zsm_decide(
                user=request.user,
                case=c,
                disposal=self._input["afdoening"],
                juridical_measures=self._input["juridische_maatregelen"],
                note=self._input["toelichting"],
                channel="API",
            ),
            BesluitInvoerSerializer,
        )

    @extend_schema(
        summary="Uitstel naar HG-spreekuur of verdiepingstafel",
        request=UitstelInvoerSerializer,
        parameters=[id_parameter("Id van de ZSM-zaak.")],
        responses={200: ZsmZaakSerializer, **WRITE_ERRORS},
    )
    @action(detail=True, methods=["post"])
    def uitstel(self, request, pk: str | None = None) -> Response:
        return self._write(
            lambda c: services.zsm_delay(
                user=request.user,
                case=c,
                delay_to=self._input["uitgesteld_naar"],
                delay_until=self._input["nieuwe_datum"],
                note=self._input["overdracht"],
                channel="API",
            ),
            UitstelInvoerSerializer,
        )

    @extend_schema(
        summary="Uitgestelde zaak terugzetten in de werkvoorraad",
        request=None,
        parameters=[id_parameter("Id van de ZSM-zaak.")],
        responses={200: ZsmZaakSerializer, **WRITE_ERRORS},
    )
    @action(detail=True, methods=["post"])
    def terugzetten(self, request, pk: str | None = None) -> Response:
        return self._write(
            lambda c: services.zsm_case_return(user=request.user, case=c, channel="API")
        )

    @extend_schema(
        summary="Verdachte vrijgelaten",
        description=(
            "Geweigerd (400, code vrijlating_zonder_veiligheidsmaatregel) bij acute onveiligheid "
            "zonder vastgelegde veiligheidsmaatregel."
        ),
        request=None,
        parameters=[id_parameter("Id van de ZSM-zaak.")],
        responses={200: ZsmZaakSerializer, **WRITE_ERRORS},
    )
    @action(detail=True, methods=["post"])
    def vrijlating(self, request, pk: str | None = None) -> Response:
        return self._write(
            lambda c: services.zsm_suspect_release(user=request.user, case=c, channel="API")
        )
