"""/api/v1/gezinssystemen/ (with the timeline) and /api/v1/personen/."""

from __future__ import annotations

from functools import partial

from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.response import Response

from voorop.audit.api.errors import SearchCriterionMissing
from voorop.audit.api.schema import DETAIL_ERRORS, LIST_ERRORS, NOT_FOUND, id_parameter
from voorop.audit.api.views import CaseDataViewSet
from voorop.audit.models import AccessAction
from voorop.authz import policy
from voorop.authz.policy import MeldingView
from voorop.meldingen.api.serializers import TijdlijnItemSerializer
from voorop.persons import selectors
from voorop.persons.api.filters import (
    GezinssysteemParametersSerializer,
    PersoonZoekvraagSerializer,
    TijdlijnParametersSerializer,
)
from voorop.persons.api.serializers import (
    FamilySystemDetail,
    GezinssysteemDetailSerializer,
    GezinssysteemSerializer,
    PersonDetail,
    PersoonDetailSerializer,
    PersoonSerializer,
)
from voorop.persons.models import Person


class GezinssysteemViewSet(CaseDataViewSet):
    """Family systems the caller's organisation is involved in, and their timeline.

    Logged: the list as LIST ``gezinssysteem``; a detail as VIEW ``gezinssysteem`` with the
    members' ids; a timeline page as LIST ``tijdlijn`` (object: the family system) with the ids
    of the persons linked in the meldingen shown."""

    audit = {
        "list": (AccessAction.LIST, "gezinssysteem"),
        "retrieve": (AccessAction.VIEW, "gezinssysteem"),
        "tijdlijn": (AccessAction.LIST, "tijdlijn"),
    }

    def get_queryset(self):
        return selectors.family_system_list(user=self.request.user)

    @extend_schema(
        summary="Gezinssystemen",
        description=(
            "De gezinssystemen waarin de organisatie van de gebruiker betrokken is, die met de "
            "meest recente activiteit van de eigen organisatie eerst."
        ),
        parameters=[GezinssysteemParametersSerializer],
        responses={200: GezinssysteemSerializer(many=True), **LIST_ERRORS},
    )
    def list(self, request) -> Response:
        params = self.validated_query(GezinssysteemParametersSerializer)
        families = selectors.family_system_list(
            user=request.user,
            query=params.get("q", "").strip(),
            phase=params.get("fase", ""),
            only_open=params["open"],
        )
        return self.paginated_response(
            families,
            GezinssysteemSerializer,
            object_id=lambda shown: ",".join(str(f.pk) for f in shown),
        )

    @extend_schema(
        summary="Gezinssysteem",
        description=(
            "Eén gezinssysteem met zijn leden, relaties, zaak en de betrokkenheid van de eigen "
            "organisatie. De betrokkenheid van andere organisaties wordt (nog) niet getoond."
        ),
        parameters=[id_parameter("Id van het gezinssysteem.")],
        responses={200: GezinssysteemDetailSerializer, **DETAIL_ERRORS},
    )
    def retrieve(self, request, pk: str | None = None) -> Response:
        family = self.visible_object(selectors.family_system_get)
        detail = FamilySystemDetail(
            family_system=family,
            members=selectors.family_members(user=request.user, family_system=family),
            relations=selectors.family_relations(user=request.user, family_system=family),
            involvements=selectors.family_involvements(user=request.user, family_system=family),
        )
        self.log_access(
            object_id=family.pk,
            person_ids=[m.person_id for m in detail.members],
            purpose=policy.access_purpose(request.user, family.pk),
        )
        return Response(GezinssysteemDetailSerializer(detail).data)

    @extend_schema(
        summary="Tijdlijn van een gezinssysteem",
        description=(
            "Wat er met dit gezin gebeurde, in de tijd geordend: de meldingen die de "
            "organisatie van de gebruiker mag zien (voorlopig: die zij zelf vastlegde)."
        ),
        parameters=[id_parameter("Id van het gezinssysteem."), TijdlijnParametersSerializer],
        responses={200: TijdlijnItemSerializer(many=True), **LIST_ERRORS, 404: NOT_FOUND},
    )
    @action(detail=True, url_path="tijdlijn")
    def tijdlijn(self, request, pk: str | None = None) -> Response:
        # Parameters first: a 400 must not depend on whether the family system is visible.
        params = self.validated_query(TijdlijnParametersSerializer)
        family = self.visible_object(selectors.family_system_get)
        timeline = selectors.family_timeline(
            user=request.user,
            family_system=family,
            filters=selectors.TimelineFilter(
                organisation_id=params.get("organisatie"),
                kind=params.get("soort", ""),
                person_id=params.get("persoon"),
                newest_first=params["volgorde"] == "nieuw",
            ),
        )
        return self.paginated_response(
            timeline,
            TijdlijnItemSerializer,
            object_id=family.pk,
            person_ids=_linked_person_ids,
            transform=partial(policy.melding_views, request.user),
        )


def _linked_person_ids(meldingen: list[MeldingView]) -> list[int]:
    return [p.person_id for m in meldingen for p in m.persons if p.person_id]


class PersoonViewSet(CaseDataViewSet):
    """Persons visible through the family systems of the caller's organisation.

    There is no plain list: the collection is a search that needs at least one criterion.
    Logged: a search as SEARCH ``persoon`` with the ids of the persons found (on the page
    answered); a detail as VIEW ``persoon``."""

    audit = {
        "list": (AccessAction.SEARCH, "persoon"),
        "retrieve": (AccessAction.VIEW, "persoon"),
    }

    def get_queryset(self):
        # Without criteria the search finds nobody: the collection is not browsable.
        return selectors.person_search(user=self.request.user, criteria=selectors.PersonSearch())

    @extend_schema(
        summary="Personen zoeken",
        description=(
            "Zoekt personen die de organisatie van de gebruiker mag zien (via de gezinssystemen "
            "waarin zij betrokken is). Ten minste één zoekcriterium is verplicht; alle gegeven "
            "criteria moeten kloppen. Zonder criterium: 400 met code zoekcriterium_ontbreekt."
        ),
        parameters=[PersoonZoekvraagSerializer],
        responses={200: PersoonSerializer(many=True), **LIST_ERRORS},
    )
    def list(self, request) -> Response:
        params = self.validated_query(PersoonZoekvraagSerializer)
        criteria = selectors.PersonSearch(
            name=params.get("naam", ""),
            date_of_birth=params.get("geboortedatum"),
            postcode=params.get("postcode", ""),
        )
        if criteria.is_empty:
            raise SearchCriterionMissing
        persons = selectors.person_search(user=request.user, criteria=criteria)
        return self.paginated_response(persons, PersoonSerializer, person_ids=_person_ids)

    @extend_schema(
        summary="Persoon",
        description=(
            "Eén persoon met adresgeschiedenis en de gezinssystemen die de organisatie van de "
            "gebruiker mag zien."
        ),
        parameters=[id_parameter("Id van de persoon.")],
        responses={200: PersoonDetailSerializer, **DETAIL_ERRORS},
    )
    def retrieve(self, request, pk: str | None = None) -> Response:
        person = self.visible_object(selectors.person_get)
        detail = PersonDetail(
            person=person,
            family_systems=list(selectors.person_family_systems(user=request.user, person=person)),
        )
        self.log_access(object_id=person.pk, person_ids=[person.pk])
        return Response(PersoonDetailSerializer(detail).data)


def _person_ids(persons: list[Person]) -> list[int]:
    return [p.pk for p in persons]
