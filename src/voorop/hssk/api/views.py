"""/api/v1/hssk/ and /api/v1/hssk/{id}/: Samenwerken bij strafbare kindermishandeling,
read-only, for the participating organisations. Logged as LIST / VIEW ``hssk`` (channel API),
without persons while a case is anonymous; a case the caller's organisation does not take part
in answers 404, logged as DENIED."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework.response import Response

from voorop.audit.api.schema import DETAIL_ERRORS, LIST_ERRORS, id_parameter
from voorop.audit.api.views import CaseDataViewSet, summary_ids
from voorop.audit.models import AccessAction
from voorop.hssk import selectors, services
from voorop.hssk.api.serializers import HsskKortSerializer, HsskSerializer
from voorop.hssk.models import HsskCase


def _summary(case: HsskCase) -> dict[str, Any]:
    return {
        "id": case.pk,
        "kenmerk": case.reference,
        "hssk_status": case.status,
        "stap": case.step,
        "start": case.mode,
        "anoniem": case.is_anonymous,
        "melder": case.initiator_organisation.name,
        "politie": case.police_organisation.name,
        "openbaar_ministerie": case.om_organisation.name if case.om_organisation else None,
        "gestart_op": case.started_at,
        "gezinssysteem": case.family_system_id,
    }


def _document(user, case: HsskCase) -> dict[str, Any]:
    cv = selectors.case_view(user=user, case=case)
    return {
        **_summary(case),
        "gezinssysteem_naam": case.family_system.name if case.family_system else None,
        "anonieme_gegevens": {
            "leeftijd_kind": case.age_band,
            "soort_letsel": case.injury_kinds,
            "zekerheid_letsel": case.certainty,
            "gemeld_door": case.reporter_kind,
            "omstandigheden": case.circumstances,
            "vraag": case.question,
            "grijs_gebied": case.grey_area,
        },
        "deelnemers": [
            {
                "organisatie": p.organisation.name,
                "organisatie_id": p.organisation_id,
                "rol_hssk": p.role,
                "sinds": p.since,
            }
            for p in cv.participants
        ],
        "verloop": [
            {
                "van_status": c.from_status,
                "naar_status": c.to_status,
                "overgang": c.transition,
                "tijdstip": c.at,
                "organisatie": c.organisation.name,
            }
            for c in cv.history
        ],
        "zienswijzen": [
            {
                "organisatie": v.organisation.name,
                "zienswijze": v.position,
                "toelichting": v.text,
                "gegeven_op": v.given_at,
            }
            for v in cv.views
        ],
        "besluit": {
            "besluit": case.decision,
            "motivering": case.decision_reason,
            "besloten_op": case.decided_at,
        }
        if case.decision
        else None,
        "onderzoeksplan": {
            "vastgesteld_op": case.plan_agreed_at,
            "handelingen": [
                {
                    "id": a.pk,
                    "volgorde": a.sequence,
                    "onderzoekshandeling": a.act,
                    "door": a.by_organisation.name,
                    "gepland_op": a.planned_on,
                    "met_wie": [p.pk for p in a.with_whom.all()],
                    "toelichting": a.description,
                    "reden_herhaald_gesprek": a.repeat_reason,
                    "afstemming_volgorde": a.order_note,
                    "status_handeling": a.status,
                    "uitkomst": a.outcome,
                }
                for a in cv.acts
            ],
            "akkoord": [
                {"organisatie": c.organisation.name, "akkoord_op": c.at} for c in cv.confirmations
            ],
        },
        "interventies": cv.plan_items,
        "geen_interventies_reden": case.no_interventions_reason,
        "evaluaties": [
            {
                "organisatie": e.organisation.name,
                "wat_werkte": e.worked_well,
                "wat_kan_beter": e.to_improve,
                "ontbrekende_informatie": e.missing_information,
                "onderzoeken_in_de_weg": e.in_each_others_way,
                "cijfer_samenwerking": e.collaboration_score,
                "gegeven_op": e.given_at,
            }
            for e in cv.evaluations
        ],
        "doorlooptijden": selectors.case_durations(case),
    }


class HsskViewSet(CaseDataViewSet):
    """HSSK cases the caller's organisation works on."""

    audit = {
        "list": (AccessAction.LIST, services.OBJECT_TYPE),
        "retrieve": (AccessAction.VIEW, services.OBJECT_TYPE),
    }

    def get_queryset(self):
        return selectors.case_list(user=self.request.user)

    @extend_schema(
        summary="HSSK-casussen",
        description=(
            "De casussen Samenwerken bij strafbare kindermishandeling waaraan de organisatie van "
            "de gebruiker meewerkt, de nieuwste eerst. Een anonieme casus (status OVERLEG, of "
            "GEEN_VERVOLG) heeft geen gezinssysteem."
        ),
        responses={200: HsskKortSerializer(many=True), **LIST_ERRORS},
    )
    def list(self, request) -> Response:
        return self.paginated_response(
            selectors.case_list(user=request.user),
            HsskKortSerializer,
            transform=lambda cases: [_summary(c) for c in cases],
            object_id=summary_ids,
        )

    @extend_schema(
        summary="HSSK-casus (met de stappen)",
        description=(
            "Eén casus met de anonieme gegevens en de zienswijzen (stap 2), het besluit, het "
            "gezamenlijk onderzoeksplan met akkoord (stap 3), de interventies in het "
            "veiligheidsplan (stap 4), de evaluaties (stap 5) en de doorlooptijden. Zolang de "
            "casus anoniem is staan er geen gezinssysteem, personen of kenmerken van de melding "
            "in. Alleen voor de deelnemende organisaties; anders 404."
        ),
        parameters=[id_parameter("Id van de HSSK-casus.")],
        responses={200: HsskSerializer, **DETAIL_ERRORS},
    )
    def retrieve(self, request, pk: str | None = None) -> Response:
        case = self.visible_object(selectors.case_get)
        document = _document(request.user, case)
        self.log_access(object_id=case.pk, person_ids=selectors.person_ids_for_log(case))
        return Response(HsskSerializer(document).data)
