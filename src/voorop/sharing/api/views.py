"""/api/v1/verstrekkingen/ (the disclosure register), /api/v1/grondslagen/ and
/api/v1/deelregels/ (its configuration)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from voorop.audit.api.errors import FoutSerializer, InvalidParameters
from voorop.audit.api.schema import (
    BAD_PARAMETERS,
    DETAIL_ERRORS,
    LIST_ERRORS,
    NOT_AUTHENTICATED,
    NOT_FOUND,
    id_parameter,
)
from voorop.audit.api.views import API_CHANNEL, CaseDataViewSet
from voorop.audit.models import AccessAction, AccessOutcome
from voorop.authz.api import IsPartnerOrganisationMember as IsPartnerMember
from voorop.persons import selectors as person_selectors
from voorop.sharing import selectors, services
from voorop.sharing.api import errors
from voorop.sharing.api.filters import (
    DeelregelParametersSerializer,
    VerstrekkingParametersSerializer,
)
from voorop.sharing.api.serializers import (
    DeelregelSerializer,
    GrondslagSerializer,
    IntrekkingInvoerSerializer,
    VerstrekkingFoutSerializer,
    VerstrekkingInvoerSerializer,
    VerstrekkingSerializer,
)
from voorop.sharing.services import ErrorCode

NOT_A_PARTNER = OpenApiResponse(
    FoutSerializer,
    description=(
        "De gebruiker hoort bij geen partnerorganisatie van Veiligheid Voorop "
        "(code permission_denied)."
    ),
)
INVALID_DISCLOSURE = OpenApiResponse(
    VerstrekkingFoutSerializer,
    description=(
        "De verstrekking is niet vastgelegd (code ongeldige_verstrekking); ``fouten`` zegt "
        "waarom. Er is niets opgeslagen."
    ),
)
INVALID_WITHDRAWAL = OpenApiResponse(
    VerstrekkingFoutSerializer,
    description=(
        "De verstrekking is niet ingetrokken (code ongeldige_intrekking), bijvoorbeeld omdat de "
        "reden ontbreekt of de verstrekking al is ingetrokken."
    ),
)
NOT_THE_SHARER = OpenApiResponse(
    VerstrekkingFoutSerializer,
    description=(
        "Alleen de organisatie die deelde kan intrekken (code niet_eigen_verstrekking), of de "
        "gebruiker hoort bij geen partnerorganisatie (code permission_denied)."
    ),
)


#: Why a disclosure is refused to this user, rather than invalid: the family system is not
#: visible, the meldingen are not the organisation's own, it is not involved, or no partner.
REFUSAL_CODES = frozenset(
    {
        "gezinssysteem_onbekend",
        ErrorCode.MELDING_NOT_OWN,
        ErrorCode.NOT_INVOLVED,
        ErrorCode.NOT_A_PARTNER,
    }
)


class VerstrekkingViewSet(CaseDataViewSet):
    """The disclosure register: what the caller's organisation shared and what was shared with
    it. Only the two organisations party to a disclosure see it; for anyone else it does not
    exist (404).

    Logged: a list as LIST ``verstrekking`` with the ids of the disclosures answered; a detail as
    VIEW ``verstrekking``; a new disclosure as DISCLOSE and a withdrawal as WITHDRAW (written
    by the services, in the same transaction as the change)."""

    permission_classes = [IsPartnerMember]
    audit = {
        "list": (AccessAction.LIST, "verstrekking"),
        "retrieve": (AccessAction.VIEW, "verstrekking"),
        "create": (AccessAction.DISCLOSE, "verstrekking"),
        "intrekken": (AccessAction.WITHDRAW, "verstrekking"),
    }

    def get_queryset(self):
        return selectors.disclosure_list(user=self.request.user)

    @extend_schema(
        summary="Verstrekkingen",
        description=(
            "De verstrekkingen die de organisatie van de gebruiker deed (richting gemaakt) en "
            "ontving (richting ontvangen), de nieuwste eerst."
        ),
        parameters=[VerstrekkingParametersSerializer],
        responses={200: VerstrekkingSerializer(many=True), **LIST_ERRORS, 403: NOT_A_PARTNER},
    )
    def list(self, request) -> Response:
        params = self.validated_query(VerstrekkingParametersSerializer)
        disclosures = selectors.disclosure_list(
            user=request.user,
            family_system_id=params.get("gezinssysteem"),
            direction=params.get("richting", ""),
        )
        page = self.paginate_queryset(disclosures)
        views = selectors.disclosure_views(request.user, disclosures if page is None else page)
        self.log_access(object_id=",".join(str(v.disclosure.pk) for v in views))
        data = VerstrekkingSerializer(views, many=True).data
        return Response(data) if page is None else self.get_paginated_response(data)

    @extend_schema(
        summary="Verstrekking",
        description="Eén verstrekking waarbij de organisatie van de gebruiker partij is.",
        parameters=[id_parameter("Id van de verstrekking.")],
        responses={200: VerstrekkingSerializer, **DETAIL_ERRORS, 403: NOT_A_PARTNER},
    )
    def retrieve(self, request, pk: str | None = None) -> Response:
        view = self.visible_object(selectors.disclosure_get)
        self.log_access(object_id=view.disclosure.pk)
        return Response(VerstrekkingSerializer(view).data)

    @extend_schema(
        summary="Informatie delen",
        description=(
            "Deel geselecteerde eigen meldingen van een gezinssysteem, en van elke melding "
            "geselecteerde gegevensgroepen, met een andere partnerorganisatie: voor een "
            "afstemmingsmoment (doel), op een grondslag die de deelregels toestaan "
            "(zie /deelregels/). KERN gaat altijd mee. Alles of niets: bij een fout wordt niets "
            "opgeslagen."
        ),
        request=VerstrekkingInvoerSerializer,
        responses={
            201: VerstrekkingSerializer,
            400: INVALID_DISCLOSURE,
            401: NOT_AUTHENTICATED,
            403: NOT_A_PARTNER,
        },
    )
    def create(self, request) -> Response:
        detail = _("De verstrekking is niet vastgelegd.")
        code = "ongeldige_verstrekking"
        serializer = VerstrekkingInvoerSerializer(data=request.data)
        if not serializer.is_valid():
            return errors.invalid(detail, code, errors.serializer_errors(serializer.errors))
        data: dict[str, Any] = dict(serializer.validated_data)
        user = request.user
        fouten = []
        family = None
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
        recipient = selectors.organisation_by_id(pk=data["ontvanger"])
        if recipient is None:
            fouten.append(
                errors.error("ontvanger", "ontvanger_onbekend", _("Deze organisatie bestaat niet."))
            )
        basis = selectors.legal_basis_by_code(code=data["grondslag"])
        if basis is None:
            fouten.append(
                errors.error(
                    "grondslag",
                    "grondslag_onbekend",
                    _("Er is geen grondslag met code %(code)s.") % {"code": data["grondslag"]},
                )
            )
        own = selectors.own_meldingen_by_id(user=user, ids=[i["melding"] for i in data["items"]])
        for index, item in enumerate(data["items"]):
            if item["melding"] not in own:
                fouten.append(
                    errors.error(
                        f"items[{index}].melding",
                        ErrorCode.MELDING_NOT_OWN,
                        _(
                            "Melding %(id)s bestaat niet of is niet door uw organisatie "
                            "vastgelegd. U kunt alleen eigen gegevens delen."
                        )
                        % {"id": item["melding"]},
                    )
                )
        if fouten or family is None or recipient is None or basis is None:
            return self._refused_disclosure(detail, code, fouten)
        try:
            disclosure = services.disclosure_create(
                user=user,
                family_system=family,
                to_organisation=recipient,
                legal_basis=basis,
                moment=data["doel"],
                necessity=data["noodzaak"],
                items=[(own[i["melding"]], i["gegevens"]) for i in data["items"]],
                channel=API_CHANNEL,
            )
        except ValidationError as exc:
            return self._refused_disclosure(detail, code, errors.service_errors(exc))
        view = selectors.disclosure_get(user=user, pk=disclosure.pk)
        return Response(
            VerstrekkingSerializer(view).data,
            status=status.HTTP_201_CREATED,
            headers={"Location": request.build_absolute_uri(f"{disclosure.pk}/")},
        )

    def _refused_disclosure(
        self, detail: str, code: str, fouten: Sequence[dict[str, Any]]
    ) -> Response:
        """A disclosure that is not made. When it is refused because the user may not share
        about this family system or these meldingen, the refusal is on record (DENIED), as on
        the web form."""
        if any(f["code"] in REFUSAL_CODES for f in fouten):
            self.log_access(outcome=AccessOutcome.DENIED)
        return errors.invalid(detail, code, list(fouten))

    @extend_schema(
        summary="Verstrekking intrekken",
        description=(
            "Trek een verstrekking van de eigen organisatie in, met een reden. De ontvanger "
            "ziet de gedeelde gegevens daarna niet meer; wat zij al inzag, blijft in het "
            "toegangslog."
        ),
        parameters=[id_parameter("Id van de verstrekking.")],
        request=IntrekkingInvoerSerializer,
        responses={
            200: VerstrekkingSerializer,
            400: INVALID_WITHDRAWAL,
            401: NOT_AUTHENTICATED,
            403: NOT_THE_SHARER,
            404: NOT_FOUND,
        },
    )
    @action(detail=True, methods=["post"], url_path="intrekken")
    def intrekken(self, request, pk: str | None = None) -> Response:
        view = self.visible_object(selectors.disclosure_get)
        detail = _("De verstrekking is niet ingetrokken.")
        code = "ongeldige_intrekking"
        serializer = IntrekkingInvoerSerializer(data=request.data)
        if not serializer.is_valid():
            return errors.invalid(detail, code, errors.serializer_errors(serializer.errors))
        try:
            services.disclosure_withdraw(
                user=request.user,
                disclosure=view.disclosure,
                reason=serializer.validated_data["reden"],
                channel=API_CHANNEL,
            )
        except ValidationError as exc:
            fouten = errors.service_errors(exc)
            forbidden = any(f["code"] == ErrorCode.NOT_OWN_DISCLOSURE for f in fouten)
            if forbidden:
                self.log_access(object_id=view.disclosure.pk, outcome=AccessOutcome.DENIED)
            return errors.invalid(
                detail,
                ErrorCode.NOT_OWN_DISCLOSURE if forbidden else code,
                fouten,
                status_code=status.HTTP_403_FORBIDDEN if forbidden else status.HTTP_400_BAD_REQUEST,
            )
        return Response(
            VerstrekkingSerializer(
                selectors.disclosure_get(user=request.user, pk=view.disclosure.pk)
            ).data
        )


class GrondslagViewSet(viewsets.GenericViewSet):
    """The legal bases of the sharing rules (configuration, no case data: not access-logged)."""

    permission_classes = [IsPartnerMember]
    serializer_class = GrondslagSerializer

    def get_queryset(self):
        return selectors.legal_basis_list()

    @extend_schema(
        summary="Grondslagen",
        description=(
            "De wettelijke grondslagen waarop partners informatie kunnen delen (Bijlage 1 van "
            "de Toolkit Samen op in acuut), met doel en randvoorwaarden. Functioneel beheer "
            "houdt ze bij."
        ),
        responses={
            200: GrondslagSerializer(many=True),
            401: NOT_AUTHENTICATED,
            403: NOT_A_PARTNER,
        },
    )
    def list(self, request) -> Response:
        bases = selectors.legal_basis_list()
        page = self.paginate_queryset(bases)
        data = GrondslagSerializer(bases if page is None else page, many=True).data
        return Response(data) if page is None else self.get_paginated_response(data)


class DeelregelViewSet(viewsets.GenericViewSet):
    """The sharing rules (configuration, no case data: not access-logged)."""

    permission_classes = [IsPartnerMember]
    serializer_class = DeelregelSerializer

    def get_queryset(self):
        return selectors.sharing_rule_queryset()

    @extend_schema(
        summary="Deelregels",
        description=(
            "Welke soort organisatie (van) met welke soort (aan) op welke grondslag mag delen, "
            "voor welke afstemmingsmomenten (doelen; leeg: elk) en welke gegevensgroepen."
        ),
        parameters=[DeelregelParametersSerializer],
        responses={
            200: DeelregelSerializer(many=True),
            400: BAD_PARAMETERS,
            401: NOT_AUTHENTICATED,
            403: NOT_A_PARTNER,
        },
    )
    def list(self, request) -> Response:
        query = DeelregelParametersSerializer(data=request.query_params)
        if not query.is_valid():
            raise InvalidParameters(query.errors)
        params = query.validated_data
        rules = selectors.sharing_rule_list(
            from_kind=params.get("van", ""),
            to_kind=params.get("aan", ""),
            moment=params.get("doel", ""),
        )
        page = self.paginate_queryset(rules)
        data = DeelregelSerializer(rules if page is None else page, many=True).data
        return Response(data) if page is None else self.get_paginated_response(data)
