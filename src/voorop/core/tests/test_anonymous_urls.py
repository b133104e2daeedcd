"""Walk the whole URLconf anonymously (issue #3): nothing answers outside the allow-list.

Every URL pattern — classified in ``voorop.core.testing.matrix.ROUTES`` or not, so a URL added
tomorrow is walked too — is requested without logging in, with GET, POST, PUT, PATCH and
DELETE, its kwargs filled with *existing* objects (a forgotten login check must not hide
behind a 404). Pages must redirect to a login page, the API must answer 401 or 403; only the
allow-list below may answer. Nothing may change in the database and nothing is logged (an
anonymous request names nobody: logging it would let anybody fill the log).

The figures go to ``test-artifacts/anonymous-urls.txt``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from voorop.audit.models import AccessLogEntry
from voorop.core.testing import matrix
from voorop.core.testing.matrix import ANONYMOUS, K, T

ARTIFACT = Path("test-artifacts") / "anonymous-urls.txt"

#: The only URL patterns an anonymous visitor may reach, and why.
ALLOW_LIST: dict[str, str] = {
    "login": "the login page",
    "admin:login": "the login page of beheer (Django admin): a form, nothing else",
    "api-schema": (
        "the OpenAPI description of the interface: field names and codes, no case data; the "
        "same document is in the repository (src/voorop/openapi.yaml) and clients generate "
        "from it (drf-spectacular, SERVE_PERMISSIONS AllowAny)"
    ),
    "api-docs": "Swagger UI for that description: no case data",
}
#: Served outside the URLconf (WhiteNoise), also public: the front-end files.
STATIC_FILE = f"{settings.STATIC_URL}vendor/htmx/htmx.min.js"

METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")
LOGIN_REDIRECTS = ("/inloggen/?next=", "/beheer/login/?next=")


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """The matrix world, built once for this module (``matrix.module_world``)."""
    with matrix.module_world(django_db_blocker) as built:
        yield built


def kwargs_for(pattern: matrix.Pattern, world: matrix.World) -> dict[str, Any]:
    """Kwargs naming existing objects: from the pattern's row in the matrix (its first object
    class that VT has), else by parameter name."""
    variants = matrix.routes_for(pattern)
    kwargs: dict[str, Any] = {}
    if variants:
        route = variants[0]
        cls = next(
            c for c in route.classes() if not route.obj or (route.obj, c, "VT") in world.objects
        )
        obj = world.obj(route.obj, cls, "VT") if route.obj else None
        cell = matrix.Cell(ANONYMOUS, pattern, route, cls, "GET", obj, False,
                           matrix.Sight(), world)  # fmt: skip
        kwargs = route.kwargs(cell)
    family = world.obj(T.FAMILY, K.IN, "VT")
    fallback = {"format": "json", "app_label": "auth", "url": "onbekend/"}
    for name in pattern.params:
        kwargs.setdefault(name, fallback.get(name, family.pk))
    return kwargs


def answer(pattern: matrix.Pattern, response: Any) -> str:
    """ "allowed", "refused" — or what else happened."""
    status = response.status_code
    if pattern.api and status in (401, 403):
        return "refused"
    if not pattern.api and status == 302 and response["Location"].startswith(LOGIN_REDIRECTS):
        return "refused"
    if status in (200, 201, 204) or 300 <= status < 400 or status == 400:
        return "reachable"
    return f"unexpected {status}"


def test_nothing_answers_anonymously_outside_the_allow_list(world, db):
    client = Client(raise_request_exception=False)
    patterns = matrix.url_patterns()
    start = AccessLogEntry.objects.count()
    before = matrix.snapshot()
    reachable, unexpected, allowed, lines = [], [], [], []
    requests = 0
    for pattern in patterns:
        path = pattern.path(kwargs_for(pattern, world))
        for method in METHODS:
            requests += 1
            data = {"username": "iemand", "password": "fout"} if method == "POST" else {}
            response = client.generic(method, path, _form(data),
                                      "application/x-www-form-urlencoded")  # fmt: skip
            what = "allow-list" if pattern.key in ALLOW_LIST else answer(pattern, response)
            line = f"{method:6} {path} → {response.status_code} ({pattern.key})"
            lines.append(f"{what:10} {line}")
            if pattern.key in ALLOW_LIST:
                if method == "GET":
                    allowed.append(line)
                    assert response.status_code == 200, line
                continue
            if what == "reachable":
                reachable.append(line)
            elif what != "refused":
                unexpected.append(line)
    changed = matrix.snapshot() != before
    logged = AccessLogEntry.objects.count() - start
    ARTIFACT.parent.mkdir(parents=True, exist_ok=True)
    ARTIFACT.write_text(
        "Anonieme wandeling door de URLconf (issue #3)\n\n"
        f"URL patterns walked:                    {len(patterns)}\n"
        f"requests (GET, POST, PUT, PATCH, DELETE): {requests}\n"
        f"allow-list:                             {', '.join(ALLOW_LIST)} (+ static files)\n"
        f"reachable outside the allow-list:       {len(reachable)}\n"
        f"other than a login redirect / 401 / 403: {len(unexpected)}\n"
        f"database changed:                       {changed}\n"
        f"access-log records written:             {logged}\n\n" + "\n".join(lines) + "\n",
        encoding="utf-8",
    )
    assert not reachable, "reachable anonymously:\n  " + "\n  ".join(reachable)
    assert not unexpected, "neither a login redirect nor 401/403:\n  " + "\n  ".join(unexpected)
    assert not changed
    assert logged == 0
    assert len(allowed) == len(ALLOW_LIST)


def test_the_allow_list_names_existing_urls_only():
    keys = {p.key for p in matrix.url_patterns()}
    assert sorted(set(ALLOW_LIST) - keys) == []


def test_allow_listed_pages_show_no_case_content(world, db):
    client = Client()
    hidden = matrix.forbidden_pattern(world, matrix.Sight())
    for pattern in matrix.url_patterns():
        if pattern.key in ALLOW_LIST:
            response = client.get(pattern.path(kwargs_for(pattern, world)))
            assert response.status_code == 200
            assert not hidden.search(response.content.decode()), pattern.key


def test_static_files_are_public_and_only_files(db):
    client = Client()
    response = client.get(STATIC_FILE)
    assert response.status_code == 200
    b"".join(response.streaming_content)  # type: ignore[attr-defined]
    assert client.get(settings.STATIC_URL).status_code in (302, 404)


def _form(data: dict[str, Any]) -> str:
    from urllib.parse import urlencode

    return urlencode(data)
