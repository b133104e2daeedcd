"""Production settings: `check --deploy` is clean, and unsafe configurations refuse to start.

Each case runs ``python -m voorop`` in a subprocess, because the settings module reads its
environment once, at import.
"""

from __future__ import annotations

import os
import secrets
import string
import subprocess
import sys
from pathlib import Path

import pytest

ALPHABET = string.ascii_letters + string.digits + "!@#%^&*(-_=+)"


def production_env(tmp_path: Path, **overrides: str | None) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("VOOROP_", "DJANGO_", "SECRET_KEY", "ALLOWED_HOSTS", "CSRF_"))
        and k != "DATABASE_URL"
    }
    env.update(
        VOOROP_ENV="production",
        DJANGO_SETTINGS_MODULE="voorop.conf.settings",
        SECRET_KEY="".join(secrets.choice(ALPHABET) for _ in range(60)),
        ALLOWED_HOSTS="voorop.example.nl",
        DATABASE_URL=f"sqlite:///{tmp_path / 'deploy.sqlite3'}",
        PYTHONDONTWRITEBYTECODE="1",
    )
    for key, value in overrides.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    # Keep the project-relative paths (node_modules, var/) of this checkout.
    env.setdefault("VOOROP_PROJECT_DIR", str(Path(__file__).resolve().parents[4]))
    return env


def voorop(*args: str, env: dict[str, str], timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "voorop", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
        check=False,
    )


def settings_value(name: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", f"from voorop.conf import settings; print(settings.{name})"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
        check=False,
    )


def test_production_settings_pass_check_deploy(tmp_path):
    result = voorop("check", "--deploy", "--fail-level", "WARNING", env=production_env(tmp_path))
    assert result.returncode == 0, (
        "`voorop check --deploy --fail-level WARNING` failed with production settings:\n"
        f"{result.stdout}{result.stderr}"
    )


def test_production_refuses_to_start_without_secret_key(tmp_path):
    result = voorop("check", env=production_env(tmp_path, SECRET_KEY=None))
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_refuses_a_short_secret_key(tmp_path):
    result = voorop("check", env=production_env(tmp_path, SECRET_KEY="too-short"))
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


@pytest.mark.parametrize("flag", ["1", "true"])
def test_debug_is_off_in_production_even_when_asked_for(tmp_path, flag):
    result = settings_value("DEBUG", production_env(tmp_path, VOOROP_DEBUG=flag))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def test_debug_can_be_on_in_dev(tmp_path):
    env = production_env(tmp_path, VOOROP_ENV="dev", VOOROP_DEBUG="1")
    result = settings_value("DEBUG", env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True"


def test_the_demo_runs_without_debug_pages(tmp_path):
    """The demo is what professionals try: Dutch error pages, as in production."""
    result = settings_value("DEBUG", production_env(tmp_path, VOOROP_ENV="demo"))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def test_a_missing_page_is_dutch_and_says_why_it_may_be_missing(client, user_for):
    client.force_login(user_for("POLITIE"))
    response = client.get("/bestaat-niet/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "Pagina niet gevonden" in body and "geen toegang" in body
    assert "Page not found" not in body


def test_unknown_environment_is_refused(tmp_path):
    result = settings_value("DEBUG", production_env(tmp_path, VOOROP_ENV="prod"))
    assert result.returncode != 0
    assert "VOOROP_ENV" in result.stderr
