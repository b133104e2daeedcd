"""Helpers for the access-log tests."""

from __future__ import annotations

import datetime as dt
from contextlib import contextmanager
from unittest import mock

from voorop.audit import services
from voorop.audit.models import AccessAction


def write(user=None, **kwargs):
    """One access-log record with sensible defaults."""
    defaults = {"action": AccessAction.VIEW, "object_type": "persoon", "object_id": 1}
    return services.access_log_write(user=user, **{**defaults, **kwargs})


@contextmanager
def clock(at: dt.datetime):
    """Records written inside get ``occurred_at`` = ``at`` (to make old records)."""
    with mock.patch.object(services.timezone, "now", return_value=at):
        yield
