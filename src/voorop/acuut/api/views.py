"""/api/v1/acuut/ and /api/v1/acuut/{id}/: Samen op in acuut, read-only, for the participating
organisations. Logged as LIST / VIEW ``samen-op-in-acuut`` (channel API); an episode the caller's
organisation does not take part in answers 404, logged as DENIED."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework.response import Response

from voorop.acuut import selectors, services
from voorop.acuut.api.serializers import AcuutKortSerializer, AcuutSerializer
from voorop.acuut.models import AcuteEpisode
from voorop.audit.api.schema import DETAIL_ERRORS, LIST_ERRORS, id_parameter
from voorop.audit.api.views import CaseDataViewSet, summary_ids
from voorop.audit.models import AccessAction
from voorop.authz import policy


def _minutes(episode: AcuteEpisode) -> int | None:
    duration = selectors.vt_involvement_time(episode)
    return None if duration is None else int(duration.total_seconds() // 60)


def _summary(episode: AcuteEpisode) -> dict[str, Any]:
    return {
        "id": episode.pk,
        "kenmerk": episode.reference,
        "gezinssysteem": episode.family_system_id,
        "gezinssysteem_naam": episode.family_system.name,
        "acuut_status": episode.status,
        "stap": episode.step,
        "gestart_door": episode.started_by_organisation.name,
        "gestart_op": episode.started_at,
        "incident_op": episode.incident_at,
        "veilig_thuis_betrokken_op": episode.vt_involved_at,
        "minuten_tot_veilig_thuis": _minutes(episode),
    }


def _document(user, episode: AcuteEpisode) -> dict[str, Any]:
    """The episode with its steps, from the selectors: what the caller may see."""
    checks = selectors.child_checks(episode)
    assessment = selectors.assessment_status(user=user, episode=episode)
    return {
        **_summary(episode),
        "deelnemers": [
            {
                "organisatie": p.organisation.name,
                "organisatie_id": p.organisation_id,
                "rol_deelnemer": p.role,
                "sinds": p.since,
            }
            for p in selectors.participants(episode)
        ],
        "verloop": [
            {
                "van_status": c.from_status,
                "naar_status": c.to_status,
                "overgang": c.transition,
                "tijdstip": c.at,
                "organisatie": c.organisation.name,
            }
            for c in selectors.status_changes(episode)
        ],
        "stap_1": {
            "gesprekken": [
                {
                    "id": c.pk,
                    "gebeld_op": c.called_at,
                    "beller": c.caller_organisation.name,
                    "gebeld": c.callee_organisation.name,
                    "uitkomst_gesprek": c.outcome,
                    "reden": c.reason,
                    "antwoord_wie_bel_ik_nu": c.reachability_answer,
                }
                for c in selectors.calls(episode)
            ],
            "aankomsten": [
                {"organisatie": a.organisation.name, "ter_plaatse_op": a.arrived_at}
                for a in selectors.arrivals(episode)
            ],
            "vertrekken": [
                {
                    "organisatie": d.organisation.name,
                    "vertrokken_op": d.departed_at,
                    "na_overleg_om": d.consultation_call.called_at if d.consultation_call else None,
                    "toelichting": d.note,
                }
                for d in selectors.departures(episode)
            ],
            "woning_veilig_op": episode.safe_to_enter_at,
        },
        "stap_2": {
            "inbreng": [
                {
                    "organisatie": c.organisation_name,
                    "eigen": c.own,
                    "zichtbaar": c.visible,
                    "soorten_informatie": c.categories,
                    "niets_bekend": c.nothing_available,
                    "toelichting": c.summary,
                    "meegestuurde_meldingen": c.melding_count,
                    "gedeeld_op": c.shared_at,
                    "gedeeld_met": c.shared_with,
                    "grondslag": c.legal_basis,
                    "verstrekking": c.disclosure_reference,
                    "ingetrokken": c.withdrawn,
                    "herkomst": c.provenance,
                }
                for c in selectors.contributions(user=user, episode=episode)
            ],
            "raadplegingen": [
                {
                    "id": c.pk,
                    "soort_raadpleging": c.kind,
                    "gericht_aan": c.addressed_to,
                    "gevraagd_door": c.requesting_organisation,
                    "gevraagd_op": c.requested_at,
                    "buiten_kantooruren": c.after_hours,
                    "gebruikte_lijn": c.line_used,
                    "spoedverzoek": c.urgent_request,
                    "vraag": c.question,
                    "beantwoord_op": c.answered_at,
                    "beantwoord_door": c.answered_by_organisation,
                    "antwoord": c.answer,
                }
                for c in selectors.consultations(user=user, episode=episode)
            ],
            "veiligheidsbeoordeling": {
                "kenmerk": assessment.reference,
                "beoordelingsstatus": assessment.status_label,
                "deel_a_afgerond_op": assessment.part_a_done_at,
            }
            if assessment
            else None,
        },
        "stap_3": {
            "afspraken": [
                {
                    "volgorde": a.sequence,
                    "onderzoekshandeling": a.act,
                    "door": a.by_organisation.name,
                    "gezamenlijk": a.joint,
                    "met_wie": [p.pk for p in a.persons.all()],
                    "toelichting": a.description,
                }
                for a in selectors.investigation_agreements(episode)
            ],
            "kinderen": [
                {
                    "persoon_id": child.pk,
                    "naam": child.full_name,
                    "kindcheck": {
                        "uitkomst_kindcheck": check.outcome,
                        "letsel": check.injury_suspected,
                        "gecontroleerd_op": check.checked_at,
                        "organisatie": check.organisation.name,
                    }
                    if (check := checks.get(child.pk))
                    else None,
                }
                for child in selectors.children(episode)
            ],
            "letsel": [
                {
                    "persoon_id": i.person_id,
                    "naam": i.person.full_name,
                    "minderjarig": i.is_child,
                    "soort_letsel": i.kind,
                    "fotos_gemaakt": i.photos_taken,
                    "forensisch_arts_op": i.forensic_doctor_at,
                    "forensische_opsporing_op": i.forensic_investigation_at,
                }
                for i in selectors.injuries(episode)
            ],
            "woning_plaats_delict": episode.home_crime_scene,
        },
        "stap_4": {
            "onderdelen": selectors.plan_items(user=user, episode=episode),
            "eerste_aanspreekpunt": episode.contact_organisation.name
            if episode.contact_organisation
            else None,
        },
        "stap_5": {
            "onderzoek_gedaan": episode.investigation_done,
            "iedereen_veilig": episode.everyone_safe,
            "vervolg": episode.handover_route,
            "toelichting": episode.handover_note,
            "afgesloten_op": episode.closed_at,
            "reden_afbreken": episode.abort_reason,
        },
    }


class AcuutViewSet(CaseDataViewSet):
    """Samen op in acuut: the episodes the caller's organisation takes part in."""

    audit = {
        "list": (AccessAction.LIST, services.OBJECT_TYPE),
        "retrieve": (AccessAction.VIEW, services.OBJECT_TYPE),
    }

    def get_queryset(self):
        return selectors.episode_list(user=self.request.user)

    @extend_schema(
        summary="Samen op in acuut",
        description=(
            "De Samen op in acuut-momenten waaraan de organisatie van de gebruiker meewerkt "
            "(gestart of als opgeroepen partner), de nieuwste eerst, met de status, de stap en "
            "de tijd van incident tot Veilig Thuis betrokken."
        ),
        responses={200: AcuutKortSerializer(many=True), **LIST_ERRORS},
    )
    def list(self, request) -> Response:
        return self.paginated_response(
            selectors.episode_list(user=request.user),
            AcuutKortSerializer,
            transform=lambda episodes: [_summary(e) for e in episodes],
            object_id=summary_ids,
        )

    @extend_schema(
        summary="Samen op in acuut (met de stappen)",
        description=(
            "Eén Samen op in acuut met de vijf stappen: gesprekken en aankomsten (stap 1), de "
            "inbreng in het motorkapoverleg met herkomst en de raadplegingen (stap 2), "
            "onderzoeksafspraken, kindcheck en letsel (stap 3), de maatregelen en afspraken in "
            "het veiligheidsplan (stap 4) en de afsluiting met het vervolg (stap 5). Wat een "
            "andere partij deelde, staat er alleen zolang de verstrekking niet is ingetrokken. "
            "Alleen voor de deelnemende organisaties; anders 404."
        ),
        parameters=[id_parameter("Id van de Samen op in acuut.")],
        responses={200: AcuutSerializer, **DETAIL_ERRORS},
    )
    def retrieve(self, request, pk: str | None = None) -> Response:
        episode = self.visible_object(selectors.episode_get)
        document = _document(request.user, episode)
        self.log_access(
            object_id=episode.pk,
            person_ids=selectors.family_member_ids(family_system=episode.family_system),
            purpose=policy.access_purpose(request.user, episode.family_system_id),
        )
        return Response(AcuutSerializer(document).data)
