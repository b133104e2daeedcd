"""The base of every API view that reads case data."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any, ClassVar, TypeVar

from django.db.models import Model, QuerySet
from django.http import Http404
from rest_framework import serializers, viewsets
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from voorop.audit.api.errors import InvalidParameters
from voorop.audit.models import AccessOutcome
from voorop.audit.services import access_log_write

#: The access log's channel for reads through the REST API.
API_CHANNEL = "API"

#: What a path id must look like to be looked up at all (fits a 64-bit primary key).
_ID_RE = re.compile(r"[0-9]{1,18}")

T = TypeVar("T")
M = TypeVar("M", bound=Model)


def summary_ids(summaries: list[dict[str, Any]]) -> str:
    """The ids of the listed objects, for the access log (``paginated_response``'s
    ``object_id`` when ``transform`` made dictionaries with an ``id``)."""
    return ",".join(str(s["id"]) for s in summaries)


class CaseDataViewSet(viewsets.GenericViewSet):
    """Read-only API views over case data.

    Business rules, in one place for every endpoint:

    * every read of case data is written to the access log with channel ``API``: a list as
      ``LIST`` (or ``SEARCH``), one object as ``VIEW``, with the ids of the persons whose data
      the answer shows;
    * every refused read is logged too, with outcome ``DENIED``: an authenticated user outside
      any organisation (403), or an object the user may not see (404);
    * a forbidden object and a missing (or malformed) id give the very same 404 answer, so the
      answer does not reveal whether the object exists;
    * query parameters are validated up front; unusable ones give a 400 with Dutch messages.

    Subclasses implement ``get_queryset`` as the permission-filtered collection from their
    selectors (DRF's browsable API asks for it, to build filter forms); an object is never
    looked up through it but through ``visible_object``, which logs refusals.

    Subclasses say in ``audit`` what each action is logged as:
    ``{"list": (AccessAction.LIST, "melding"), "retrieve": (AccessAction.VIEW, "melding")}``.

    The DENIED record is written in autocommit mode, outside any transaction that the 404
    would roll back; should ``ATOMIC_REQUESTS`` ever be switched on, this needs revisiting.
    """

    audit: ClassVar[dict[str, tuple[str, str]]] = {}

    def log_access(
        self,
        *,
        object_id: object = "",
        person_ids: Iterable[int | None] = (),
        outcome: str = AccessOutcome.OK,
        purpose: str = "",
    ) -> None:
        action, object_type = self.audit[self.action or ""]
        access_log_write(
            purpose=purpose,
            user=self.request.user,
            action=action,
            object_type=object_type,
            object_id=object_id,
            person_ids=(pk for pk in person_ids if pk is not None),
            outcome=outcome,
            channel=API_CHANNEL,
        )

    def requested_id(self) -> str:
        """The object id as given in the URL (trimmed to fit the access log), or ''."""
        return str(self.kwargs.get(self.lookup_url_kwarg or self.lookup_field, ""))[:64]

    def visible_object(self, selector: Callable[..., T]) -> T:
        """The object named in the URL, through a selector that raises Http404 for an object
        the user may not see. A refusal is logged and answered as a plain 404."""
        raw_id = self.requested_id()
        if _ID_RE.fullmatch(raw_id):
            try:
                return selector(user=self.request.user, pk=int(raw_id))
            except Http404:
                pass
        self.log_access(object_id=raw_id, outcome=AccessOutcome.DENIED)
        raise NotFound

    def paginated_response(
        self,
        queryset: QuerySet[M],
        serializer_class: type[serializers.BaseSerializer],
        *,
        object_id: object | Callable[[list[Any]], object] = "",
        person_ids: Callable[[list[Any]], Iterable[int | None]] | None = None,
        transform: Callable[[list[M]], list[Any]] | None = None,
    ) -> Response:
        """One page of ``queryset``, logged (with the persons it shows) before it is answered.
        ``transform`` turns the page's objects into what the user may see of them (e.g.
        ``policy.melding_views``) before logging and serializing; ``object_id`` may be computed
        from them too (the ids of what the page lists)."""
        page = self.paginate_queryset(queryset)
        items: list[Any] = list(queryset) if page is None else list(page)
        if transform is not None:
            items = transform(items)
        if callable(object_id):
            object_id = object_id(items)
        self.log_access(object_id=object_id, person_ids=person_ids(items) if person_ids else ())
        data = serializer_class(items, many=True, context=self.get_serializer_context()).data
        return Response(data) if page is None else self.get_paginated_response(data)

    def validated_query(self, serializer_class: type[serializers.Serializer]) -> dict[str, Any]:
        """The request's query parameters, read by ``serializer_class``; 400 if unusable."""
        serializer = serializer_class(data=self.request.query_params)
        if not serializer.is_valid():
            raise InvalidParameters(serializer.errors)
        return dict(serializer.validated_data)

    def permission_denied(self, request, message=None, code=None):
        # Only authenticated users are logged: an anonymous request is refused (401) before
        # it names anyone, and logging it would let anybody fill the log.
        if request.user.is_authenticated and (self.action or "") in self.audit:
            self.log_access(object_id=self.requested_id(), outcome=AccessOutcome.DENIED)
        super().permission_denied(request, message=message, code=code)
