"""Migrations are complete: the models and the migration files agree."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_no_missing_migrations():
    out = StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=out)
    except SystemExit as exc:
        pytest.fail(
            "Models have changes without a migration; run `voorop makemigrations`:\n"
            f"{out.getvalue()}",
            pytrace=False,
        )
        raise AssertionError from exc  # unreachable, keeps type checkers honest
