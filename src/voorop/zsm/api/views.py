"""/api/v1/zsm/zaken/: the ZSM cases of the locations where the caller's organisation is ZSM
partner (least time left first), one case with its history, and every partner's writes: oppakken,
hg-bevestigen / hg-afwijzen (any partner), beoordeling and delen (Veilig Thuis), advies (3RO),
afstemmingsoverleg (any partner), besluit and uitstel (OM), terugzetten (any partner), vrijlating
(OM or police). Reads are logged as LIST / VIEW ``zsm-zaak`` (channel API); a case at another
location answers 404 whatever the input, logged as DENIED. A refused write answers 400 with the
Dutch messages and stable codes (the release safeguard's conflict among them)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.response import Response

from voorop.audit.api.schema import DETAIL_ERRORS, LIST_ERRORS, id_parameter
from voorop.audit.api.views import CaseDataViewSet, summary_ids
from voorop.audit.models import AccessAction
from voorop.organisations.models import Organisation
from voorop.zsm import selectors, services
from voorop.zsm.api.serializers import (
    AdviesInvoerSerializer,
    BeoordelingInvoerSerializer,
    BesluitInvoerSerializer,
    DelenInvoerSerializer,
    HgAfwijzenInvoerSerializer,
    HgBevestigenInvoerSerializer,
    OverlegInvoerSerializer,
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
        "beoordeling_gekoppeld": case.beoordeling_id is not None,
        "verdachte_gekoppeld": case.suspect_id is not None,
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
        "afstemmingsoverleggen": [
            {
                "gehouden_op": o.held_at,
                "veilig_thuis": o.vt_presence,
                "deelnemers": [org.code for org in o.organisations.all()],
                "afspraken": o.summary,
            }
            for o in case.overleggen.prefetch_related("organisations")
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
        "hg_bevestigen": (AccessAction.UPDATE, OBJECT_TYPE),
        "hg_afwijzen": (AccessAction.UPDATE, OBJECT_TYPE),
        "beoordeling": (AccessAction.UPDATE, OBJECT_TYPE),
        "delen": (AccessAction.UPDATE, OBJECT_TYPE),
        "advies": (AccessAction.UPDATE, OBJECT_TYPE),
        "afstemmingsoverleg": (AccessAction.UPDATE, OBJECT_TYPE),
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
        return self.paginated_response(
            qs,
            ZsmZaakKortSerializer,
            transform=lambda cases: [_summary(c) for c in cases],
            object_id=summary_ids,
        )

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
        summary="Mogelijk huiselijk geweld bevestigen",
        description=(
            "De zaak krijgt het HG-label en Veilig Thuis (ZSM-partner op de locatie) krijgt een "
            "melding. Alleen voor een zaak met 'mogelijk huiselijk geweld' (anders 400, code "
            "niet_mogelijk_hg)."
        ),
        request=HgBevestigenInvoerSerializer,
        parameters=[id_parameter("Id van de ZSM-zaak.")],
        responses={200: ZsmZaakSerializer, **WRITE_ERRORS},
    )
    @action(detail=True, methods=["post"], url_path="hg-bevestigen")
    def hg_bevestigen(self, request, pk: str | None = None) -> Response:
        return self._write(
            lambda c: services.zsm_hg_confirm(
                user=request.user, case=c, note=self._input["toelichting"], channel="API"
            ),
            HgBevestigenInvoerSerializer,
        )

    @extend_schema(
        summary="Mogelijk huiselijk geweld afwijzen",
        request=HgAfwijzenInvoerSerializer,
        parameters=[id_parameter("Id van de ZSM-zaak.")],
        responses={200: ZsmZaakSerializer, **WRITE_ERRORS},
    )
    @action(detail=True, methods=["post"], url_path="hg-afwijzen")
    def hg_afwijzen(self, request, pk: str | None = None) -> Response:
        return self._write(
            lambda c: services.zsm_hg_reject(
                user=request.user, case=c, note=self._input["reden"], channel="API"
            ),
            HgAfwijzenInvoerSerializer,
        )

    @extend_schema(
        summary="Veiligheidsbeoordeling koppelen (Veilig Thuis)",
        description=(
            "Veilig Thuis koppelt een eigen veiligheidsbeoordeling van het gezinssysteem waarvan "
            "ten minste deel A (acute onveiligheid) is afgerond."
        ),
        request=BeoordelingInvoerSerializer,
        parameters=[id_parameter("Id van de ZSM-zaak.")],
        responses={200: ZsmZaakSerializer, **WRITE_ERRORS},
    )
    @action(detail=True, methods=["post"])
    def beoordeling(self, request, pk: str | None = None) -> Response:
        def do(case: ZsmCase) -> object:
            found = selectors.own_beoordeling(
                user=request.user, pk=self._input["veiligheidsbeoordeling"]
            )
            if found is None:
                raise ValidationError(
                    _("Kies een eigen veiligheidsbeoordeling."),
                    code=services.ErrorCode.BEOORDELING,
                )
            return services.zsm_beoordeling_link(
                user=request.user, case=case, beoordeling=found, channel="API"
            )

        return self._write(do, BeoordelingInvoerSerializer)

    @extend_schema(
        summary="Veiligheidsvoorwaarden delen met de ZSM-partners (Veilig Thuis)",
        description=(
            "Veilig Thuis deelt de gekoppelde beoordeling (uitkomst en veiligheidsvoorwaarden) "
            "met elke andere ZSM-partner op de locatie via het verstrekkingenregister (moment "
            "ZSM; art. 6 lid 1 sub e AVG jo. art. 4.1.1 Wmo)."
        ),
        request=DelenInvoerSerializer,
        parameters=[id_parameter("Id van de ZSM-zaak.")],
        responses={200: ZsmZaakSerializer, **WRITE_ERRORS},
    )
    @action(detail=True, methods=["post"])
    def delen(self, request, pk: str | None = None) -> Response:
        return self._write(
            lambda c: services.zsm_vt_share(
                user=request.user, case=c, necessity=self._input["noodzaak"], channel="API"
            ),
            DelenInvoerSerializer,
        )

    @extend_schema(
        summary="Advies over de verdachte (3RO)",
        description=(
            "Met of het advies voortbouwt op de beoordeling en voorwaarden van Veilig Thuis en "
            "of (en hoeveel minuten) het met Veilig Thuis is afgestemd."
        ),
        request=AdviesInvoerSerializer,
        parameters=[id_parameter("Id van de ZSM-zaak.")],
        responses={200: ZsmZaakSerializer, **WRITE_ERRORS},
    )
    @action(detail=True, methods=["post"])
    def advies(self, request, pk: str | None = None) -> Response:
        return self._write(
            lambda c: services.zsm_advice_record(
                user=request.user,
                case=c,
                advice=self._input["advies"],
                builds_on_vt=self._input["gebaseerd_op_veilig_thuis"],
                coordinated_with_vt=self._input["afgestemd_met_veilig_thuis"],
                coordination_minutes=self._input["minuten_afstemming"],
                channel="API",
            ),
            AdviesInvoerSerializer,
        )

    @extend_schema(
        summary="Afstemmingsoverleg vastleggen",
        description=(
            "Het overleg van de ZSM-partners over de zaak, met Veilig Thuis fysiek, telefonisch "
            "of niet aanwezig. Deelnemers zijn ZSM-partners op de locatie (anders 400, code "
            "geen_zsm_partner); de eigen organisatie doet altijd mee."
        ),
        request=OverlegInvoerSerializer,
        parameters=[id_parameter("Id van de ZSM-zaak.")],
        responses={200: ZsmZaakSerializer, **WRITE_ERRORS},
    )
    @action(detail=True, methods=["post"])
    def afstemmingsoverleg(self, request, pk: str | None = None) -> Response:
        def do(case: ZsmCase) -> object:
            codes = set(self._input["deelnemers"])
            organisations = list(Organisation.objects.filter(code__in=codes).order_by("name"))
            unknown = codes - {o.code for o in organisations}
            if unknown:
                raise ValidationError(
                    _("Onbekende organisatie: %s") % ", ".join(sorted(unknown)),
                    code=services.ErrorCode.UNKNOWN_ORGANISATION,
                )
            own = request.user.organisation
            if own not in organisations:
                organisations.append(own)
            return services.zsm_overleg_record(
                user=request.user,
                case=case,
                vt_presence=self._input["veilig_thuis"],
                organisations=organisations,
                summary=self._input["afspraken"],
                held_at=self._input["gehouden_op"],
                channel="API",
            )

        return self._write(do, OverlegInvoerSerializer)

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
