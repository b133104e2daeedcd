"""The committed OpenAPI schema (src/voorop/openapi.yaml) matches the code."""

from __future__ import annotations

import difflib
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.utils import translation
from drf_spectacular.drainage import reset_generator_stats

import voorop

COMMITTED = Path(voorop.__file__).resolve().parent / "openapi.yaml"
REGENERATE = ".venv/bin/voorop spectacular --file src/voorop/openapi.yaml --validate --fail-on-warn"


def test_committed_openapi_schema_is_up_to_date(tmp_path):
    """Regenerates the schema (no warnings allowed, validated) and compares it to the file."""
    generated = tmp_path / "openapi.yaml"
    reset_generator_stats()
    with translation.override(settings.LANGUAGE_CODE):
        call_command(
            "spectacular", file=str(generated), validate=True, fail_on_warn=True, color=False
        )
    assert COMMITTED.exists(), (
        f"src/voorop/openapi.yaml is missing. Generate it with:\n  {REGENERATE}"
    )
    expected = COMMITTED.read_text(encoding="utf-8")
    actual = generated.read_text(encoding="utf-8")
    if actual != expected:
        diff = "".join(
            difflib.unified_diff(
                expected.splitlines(keepends=True),
                actual.splitlines(keepends=True),
                "src/voorop/openapi.yaml (committed)",
                "generated from the code",
                n=2,
            )
        )
        raise AssertionError(
            "src/voorop/openapi.yaml is out of date with the API code. Regenerate it with:\n"
            f"  {REGENERATE}\nand commit the result.\n\n{diff[:6000]}"
        )


def test_schema_is_served(client):
    response = client.get("/api/v1/schema/")
    assert response.status_code == 200
    assert b"/api/v1/gezinssystemen/{id}/tijdlijn/" in response.content
