"""If the access-log record cannot be written, the access fails: nothing of a write is stored
and a page is not shown."""

from __future__ import annotations

import contextlib
import datetime as dt

import pytest
from django.db import DatabaseError, transaction
from django.db.transaction import TransactionManagementError
from django.urls import reverse
from django.utils import timezone

from voorop.audit import services
from voorop.audit.models import AccessLogEntry
from voorop.meldingen.models import Melding, MeldingKind, MeldingPerson
from voorop.meldingen.services import melding_record
from voorop.persons.models import OrganisationInvolvement

pytestmark = pytest.mark.django_db


@pytest.fixture
def log_fails(monkeypatch):
    """Every append fails inside the database transaction, after the lock is taken."""

    def fail(using):
        raise DatabaseError("toegangslog niet beschikbaar")

    monkeypatch.setattr(services, "_lock_chain", fail)


def test_a_write_is_not_stored_when_its_log_record_fails(family_scenario, user_for, log_fails):
    user = user_for("VT")
    family = family_scenario.family
    now = timezone.now()
    meldingen_before = Melding.objects.count()
    involvement_before = list(OrganisationInvolvement.objects.values_list("last_activity_at"))
    with pytest.raises(DatabaseError, match="toegangslog niet beschikbaar"):
        melding_record(
            user=user,
            melding={
                "reference": "M-LOG-FAIL",
                "kind": MeldingKind.VT_MELDING,
                "channel": "TELEFOON",
                "occurred_at": now - dt.timedelta(hours=1),
                "received_at": now,
                "family_system": family,
            },
            persons=[{"person": family_scenario.persons["child"], "role": "KIND_AANWEZIG"}],
        )
    assert Melding.objects.count() == meldingen_before
    assert not MeldingPerson.objects.filter(melding__reference="M-LOG-FAIL").exists()
    assert list(OrganisationInvolvement.objects.values_list("last_activity_at")) == (
        involvement_before
    )
    assert not AccessLogEntry.objects.exists()


def test_a_failing_log_record_fails_the_callers_whole_transaction(user_for, log_fails):
    user = user_for("VT")
    with transaction.atomic():
        with contextlib.suppress(DatabaseError):
            services.access_log_write(user=user, action="VIEW", object_type="persoon")
        # Swallowing the failure does not let the caller go on with its work.
        with pytest.raises(TransactionManagementError):
            Melding.objects.count()


def test_a_page_is_not_shown_when_its_read_cannot_be_logged(
    client, family_scenario, user_for, log_fails
):
    client.force_login(user_for("VT"))
    client.raise_request_exception = False
    response = client.get(reverse("persons:family_detail", args=[family_scenario.family.pk]))
    assert response.status_code == 500
    assert "Noor" not in response.content.decode()


def test_a_page_is_shown_when_its_read_is_logged(client, family_scenario, user_for):
    client.force_login(user_for("VT"))
    response = client.get(reverse("persons:family_detail", args=[family_scenario.family.pk]))
    assert response.status_code == 200
    assert AccessLogEntry.objects.filter(action="VIEW", object_type="gezinssysteem").exists()
