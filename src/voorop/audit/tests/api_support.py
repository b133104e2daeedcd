"""Helpers for the REST API tests of every app (``test_api*.py``).

``owned_family(org)`` builds a family system that only ``org`` is involved in, with a case, one
member (with an address) and one melding of ``org`` naming that member — enough to ask every
endpoint for it as the owner and as each of the other partners.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from voorop.audit.models import AccessLogEntry
from voorop.core.testing import factories as f
from voorop.organisations.models import PARTNER_KINDS

#: The five partner kinds as plain strings, for parametrize ids.
KINDS = [str(kind) for kind in PARTNER_KINDS]

#: (owner, other) for every ordered pair of distinct partner kinds: 20 pairs, so each
#: organisation is refused another organisation's object on every detail endpoint.
OWNER_OTHER = list(itertools.permutations(KINDS, 2))


@dataclass
class OwnedFamily:
    family: Any
    person: Any
    melding: Any
    case: Any


def owned_family(org, *, reference: str | None = None) -> OwnedFamily:
    """A family system only ``org`` is involved in (see the module docstring)."""
    extra = {"reference": reference} if reference else {}
    family = f.FamilySystemFactory(recorded_by=org, **extra)
    person = f.PersonFactory(recorded_by=org, surname="Visser", date_of_birth=dt.date(1990, 1, 2))
    f.FamilyMembershipFactory(family_system=family, person=person, since=dt.date(2020, 5, 1))
    f.AddressFactory(person=person, postcode="3511AB", city="Utrecht")
    received = timezone.now() - dt.timedelta(days=1)
    melding = f.MeldingFactory(
        source_organisation=org,
        family_system=family,
        occurred_at=received - dt.timedelta(hours=1),
        received_at=received,
    )
    f.MeldingPersonFactory(melding=melding, person=person)
    f.InvolvementFactory(
        family_system=family, organisation=org, since=received, last_activity_at=received
    )
    case = f.CaseFactory(family_system=family)
    return OwnedFamily(family=family, person=person, melding=melding, case=case)


def client_for(user, *, token: bool = False) -> APIClient:
    """An API client logged in as ``user``: with a real token header, or forced."""
    client = APIClient()
    if token:
        key = Token.objects.create(user=user).key
        client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    else:
        client.force_authenticate(user=user)
    return client


def api_log(**filters) -> list[AccessLogEntry]:
    """The access-log entries written through the API, oldest first."""
    return list(AccessLogEntry.objects.filter(channel="API", **filters).order_by("id"))


def nonexistent_pk(model) -> int:
    """A primary key no row of ``model`` has (not relying on any particular id)."""
    last = model._default_manager.order_by("-pk").values_list("pk", flat=True).first()
    return (last or 0) + 1000
