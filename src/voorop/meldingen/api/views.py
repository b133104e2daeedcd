"""/api/v1/meldingen/: the meldingen the caller's organisation may see, and new meldingen from
the organisations' own systems."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import partial
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.exceptions import NotFound, ParseError, UnsupportedMediaType
from rest_framework.parsers import JSONParser
from rest_framework.response import Response

from voorop.audit.api.schema import DETAIL_ERRORS, LIST_ERRORS, NOT_AUTHENTICATED, id_parameter
from voorop.audit.api.views import API_CHANNEL, CaseDataViewSet
from voorop.audit.models import AccessAction
from voorop.audit.services import access_log_write
from voorop.authz import policy
from voorop.intake import selectors as intake_selectors
from voorop.intake import services as intake_services
from voorop.intake.models import IDEMPOTENCY_TTL, IdempotencyKey
from voorop.meldingen import selectors
from voorop.meldingen.api import errors
from voorop.meldingen.api.filters import MeldingParametersSerializer
from voorop.meldingen.api.serializers import (
    MeldingIntakeSerializer,
    MeldingInvoerSerializer,
    MeldingSerializer,
    MeldingVastgelegdSerializer,
)
from voorop.meldingen.services import melding_record
from voorop.meldingen.validation import IntakeError, Problem, resolve_organisation

#: The largest request body a new melding may have (a melding names at most 50 persons).
MAX_BODY_BYTES = 1_000_000
#: What an Idempotency-Key may look like: 1–255 visible ASCII characters.
_KEY_RE = re.compile(r"[\x21-\x7e]{1,255}")

IDEMPOTENCY_HEADER = OpenApiParameter(
    "Idempotency-Key",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=False,
    description=(
        "Maakt opnieuw insturen veilig: een verzoek met een sleutel die de organisatie in de "
        f"afgelopen {int(IDEMPOTENCY_TTL.total_seconds() // 3600)} uur al gebruikte voor een "
        "vastgelegde melding, legt niets opnieuw vast maar geeft hetzelfde antwoord (201, met de "
        "melding zoals die nu is en de header Idempotent-Replayed: true). Dezelfde sleutel met "
        "een andere inhoud geeft 422 (idempotency_key_hergebruikt). Sleutels gelden per "
        "organisatie, zijn 1–255 zichtbare ASCII-tekens (bijvoorbeeld een UUID) en verlopen na "
        f"{int(IDEMPOTENCY_TTL.total_seconds() // 3600)} uur. Alleen een vastgelegde melding "
        "wordt onthouden: na een fout kan dezelfde sleutel opnieuw worden gebruikt."
    ),
)
REPLAYED_HEADER = OpenApiParameter(
    "Idempotent-Replayed",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    response=[201],
    description="true als dit het antwoord op een herhaald verzoek is (niets nieuw vastgelegd).",
)
INVALID_MELDING = OpenApiResponse(
    errors.MeldingFoutSerializer,
    description=(
        "Niet vastgelegd, er is niets opgeslagen (code ongeldige_melding; fouten zegt per veld "
        "waarom, bijvoorbeeld verplicht, datum_ongeldig, in_de_toekomst, ontvangen_voor_voorval, "
        "kenmerk_bestaat_al, bsn_ongeldig, formule, stuurteken, opmaak, te_lang), een ongeldige "
        "Idempotency-Key (idempotency_key_ongeldig) of geen geldige JSON (geen_geldige_json)."
    ),
)
FORBIDDEN_MELDING = OpenApiResponse(
    errors.MeldingFoutSerializer,
    description=(
        "De gebruiker hoort bij geen organisatie (permission_denied), mag voor de genoemde "
        "organisatie niets vastleggen (andere_organisatie), heeft geen rol die meldingen "
        "vastlegt (geen_rol_om_vast_te_leggen) of de organisatie legt geen meldingen vast "
        "(organisatie_legt_niets_vast)."
    ),
)
KEY_REUSED = OpenApiResponse(
    errors.MeldingFoutSerializer,
    description=(
        "De Idempotency-Key is al gebruikt voor een ander verzoek (idempotency_key_hergebruikt)."
    ),
)
TOO_LARGE = OpenApiResponse(
    errors.MeldingFoutSerializer,
    description=f"Het verzoek is groter dan {MAX_BODY_BYTES:,} bytes (verzoek_te_groot).".replace(
        ",", "."
    ),
)


class MeldingViewSet(CaseDataViewSet):
    """Meldingen, through ``voorop.meldingen.selectors``: an organisation sees the meldingen it
    recorded itself in full, and others' as far as they were shared with it. A list is logged
    as LIST without person ids (it shows none); a detail as VIEW with the linked persons' ids.
    A new melding goes through ``meldingen.services.melding_record`` (logged there as CREATE);
    a repeated submission (same Idempotency-Key) is answered as a VIEW of the melding."""

    audit = {
        "list": (AccessAction.LIST, "melding"),
        "retrieve": (AccessAction.VIEW, "melding"),
        "create": (AccessAction.CREATE, "melding"),
    }
    #: The form of the browsable API (development only); answers use their own serializers.
    serializer_class = MeldingInvoerSerializer
    #: A new melding is JSON (persons are a list); anything else is 415.
    parser_classes = [JSONParser]

    def get_queryset(self):
        return selectors.melding_list(user=self.request.user)

    @extend_schema(
        summary="Meldingen",
        description=(
            "De meldingen die de organisatie van de gebruiker mag zien: die zij zelf heeft "
            "vastgelegd, en die met haar zijn gedeeld (alleen de gedeelde gegevens, met herkomst), "
            "de laatst voorgevallen eerst."
        ),
        parameters=[MeldingParametersSerializer],
        responses={200: MeldingSerializer(many=True), **LIST_ERRORS},
    )
    def list(self, request) -> Response:
        params = self.validated_query(MeldingParametersSerializer)
        meldingen = selectors.melding_list(
            user=request.user, kind=params.get("soort", ""), acute_only=params["acuut"]
        )
        return self.paginated_response(
            meldingen,
            MeldingSerializer,
            transform=partial(policy.melding_views, request.user),
            object_id=lambda shown: ",".join(str(v.melding.pk) for v in shown),
        )

    @extend_schema(
        summary="Melding",
        description=(
            "Eén melding, met de betrokken personen zoals gemeld; voor de eigen organisatie ook "
            "het route-advies en de 24-uursbewaking (doormelding aan Veilig Thuis)."
        ),
        parameters=[id_parameter("Id van de melding.")],
        responses={200: MeldingIntakeSerializer, **DETAIL_ERRORS},
    )
    def retrieve(self, request, pk: str | None = None) -> Response:
        melding = self.visible_object(selectors.melding_get)
        self.log_access(
            object_id=melding.pk,
            person_ids=[p.person_id for p in melding.persons],
            purpose=policy.access_purpose(request.user, melding.family_system_id),
        )
        return Response(self._detail(melding))

    def _detail(self, view, links: Sequence[dict[str, Any]] | None = None) -> dict[str, Any]:
        user: Any = self.request.user
        context = {
            "intake": selectors.melding_intake(user=user, view=view),
            "organisation_id": user.organisation_id,
        }
        if links is None:
            return MeldingIntakeSerializer(view, context=context).data
        return MeldingVastgelegdSerializer(view, context=context | {"links": links}).data

    @extend_schema(
        summary="Melding vastleggen",
        description=(
            "Legt een melding vast voor de eigen organisatie, met de betrokken personen zoals "
            "gemeld. In één transactie: controle (alles of niets), koppeling van de personen aan "
            "de persoonsindex, plaatsing in het gezinssysteem (opgegeven, of het ene dat alle "
            "gekoppelde personen delen), route-advies, de 24-uursbewaking voor een politiemelding "
            "van (vermoeden van) huiselijk geweld of kindermishandeling, en het toegangslog. "
            "Antwoord: de melding met routeadvies, doormelding_vt en koppelingen."
        ),
        parameters=[IDEMPOTENCY_HEADER, REPLAYED_HEADER],
        request={"application/json": MeldingInvoerSerializer},
        responses={
            201: MeldingVastgelegdSerializer,
            400: INVALID_MELDING,
            401: NOT_AUTHENTICATED,
            403: FORBIDDEN_MELDING,
            413: TOO_LARGE,
            422: KEY_REUSED,
        },
    )
    def create(self, request) -> Response:
        user: Any = request.user
        if int(request.META.get("CONTENT_LENGTH") or 0) > MAX_BODY_BYTES:
            return Response(
                {
                    "detail": _("Het verzoek is te groot (meer dan %(max)s bytes).")
                    % {"max": f"{MAX_BODY_BYTES:,}".replace(",", ".")},
                    "code": "verzoek_te_groot",
                },
                status=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE,
            )
        key = request.headers.get("Idempotency-Key")
        if key is not None and not _KEY_RE.fullmatch(key):
            return Response(
                {
                    "detail": _(
                        "De Idempotency-Key moet uit 1 tot 255 zichtbare ASCII-tekens bestaan, "
                        "bijvoorbeeld een UUID."
                    ),
                    "code": errors.KEY_INVALID,
                },
                status=status.HTTP_400_BAD_REQUEST,
            )
        try:
            data = request.data
        except UnsupportedMediaType:
            raise
        except ParseError:
            return Response(
                {"detail": _("Het verzoek is geen geldige JSON."), "code": "geen_geldige_json"},
                status=status.HTTP_400_BAD_REQUEST,
            )
        refused = self._refusal(data)
        if refused is not None:
            return refused
        serializer = MeldingInvoerSerializer(data=data)
        if not serializer.is_valid():
            return errors.invalid(errors.serializer_errors(serializer.errors))
        fingerprint = intake_services.idempotency_fingerprint(data)
        if key is not None:
            with transaction.atomic():
                intake_services.idempotency_purge_expired(organisation=user.organisation)
            earlier = intake_selectors.idempotency_key_get(organisation=user.organisation, key=key)
            if earlier is not None:
                return self._repeat(earlier, fingerprint)
        melding_values, persons, organisation_code = serializer.service_arguments()
        try:
            with transaction.atomic():
                melding = melding_record(
                    user=user,
                    melding=melding_values,
                    persons=persons,
                    organisation=resolve_organisation(organisation_code)
                    if organisation_code
                    else None,
                    channel=API_CHANNEL,
                )
                outcome = melding.intake_outcome
                index = {m.pk: i for i, m in enumerate(outcome.mentions)}
                links = [
                    {
                        "positie": index.get(link.mention_id),
                        "persoon": link.person_id,
                        "methode": link.method,
                        "score": link.score,
                        "toelichting": link.explanation,
                    }
                    for link in outcome.links
                ]
                linked_positions = {link["positie"] for link in links}
                links += [
                    {
                        "positie": i,
                        "persoon": m.person_id,
                        "methode": "OPGEGEVEN",
                        "score": None,
                        "toelichting": _("Persoon door de vastlegger opgegeven."),
                    }
                    for i, m in enumerate(outcome.mentions)
                    if i not in linked_positions
                ]
                links.sort(key=lambda link: link["positie"])
                if key is not None:
                    intake_services.idempotency_remember(
                        user=user,
                        key=key,
                        fingerprint=fingerprint,
                        status=status.HTTP_201_CREATED,
                        melding=melding,
                        links=links,
                    )
        except IntakeError as exc:
            fouten = errors.problems(exc.problems)
            return errors.forbidden(fouten) if exc.forbidden else errors.invalid(fouten)
        except IntegrityError:
            # A concurrent request with the same key (or kenmerk) got there first.
            earlier = (
                intake_selectors.idempotency_key_get(organisation=user.organisation, key=key)
                if key is not None
                else None
            )
            if earlier is not None:
                return self._repeat(earlier, fingerprint)
            reference = melding_values.get("reference", "")
            return errors.invalid(
                [
                    errors.error(
                        "kenmerk",
                        "kenmerk_bestaat_al",
                        _("Er is al een melding met kenmerk %(ref)s.") % {"ref": reference},
                    )
                ]
            )
        view = selectors.melding_get(user=user, pk=melding.pk)
        return Response(
            self._detail(view, links=links),
            status=status.HTTP_201_CREATED,
            headers={"Location": request.build_absolute_uri(f"{melding.pk}/")},
        )

    def _refusal(self, data) -> Response | None:
        """A submission the user may not make at all, answered before its content is judged."""
        from voorop.meldingen.validation import check_may_record

        code = data.get("organisatie") if isinstance(data, dict) else None
        organisation = resolve_organisation(code) if isinstance(code, str) and code else None
        user: Any = self.request.user
        found = check_may_record(user=user, organisation=organisation)
        if isinstance(code, str) and code and organisation is None:
            found.append(
                Problem(
                    "",
                    "andere_organisatie",
                    _("U kunt alleen meldingen vastleggen voor uw eigen organisatie (%(org)s).")
                    % {"org": user.organisation.name},
                )
            )
        if not found:
            return None
        return errors.forbidden(errors.problems(found))

    def _repeat(self, earlier: IdempotencyKey, fingerprint: str) -> Response:
        """Answer a repeated submission: the same melding, or 422 for a different body."""
        if earlier.fingerprint != fingerprint:
            return Response(
                {
                    "detail": _(
                        "Deze Idempotency-Key is al gebruikt voor een ander verzoek. Gebruik een "
                        "nieuwe sleutel voor een nieuwe melding."
                    ),
                    "code": errors.KEY_REUSED,
                },
                status=status.HTTP_422_UNPROCESSABLE_ENTITY,
            )
        if earlier.melding_id is None:
            raise NotFound
        view = selectors.melding_get(user=self.request.user, pk=earlier.melding_id)
        with transaction.atomic():
            access_log_write(
                user=self.request.user,
                action=AccessAction.VIEW,
                object_type="melding",
                object_id=view.pk,
                person_ids=[p.person_id for p in view.persons],
                purpose=_("herhaald verzoek (Idempotency-Key)"),
                channel=API_CHANNEL,
            )
        return Response(
            self._detail(view, links=earlier.links),
            status=earlier.response_status,
            headers={
                "Idempotent-Replayed": "true",
                "Location": self.request.build_absolute_uri(f"{view.pk}/"),
            },
        )
