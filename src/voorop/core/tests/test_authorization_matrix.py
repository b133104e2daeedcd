"""The authorization matrix (issue #3): every principal × every URL pattern and method × every
class of object, against the table in ``voorop.core.testing.matrix``.

For each cell: the answer lets the request through exactly when the table says so; no answer —
allowed or refused, page or API — contains a sentinel of content the principal may not see;
an allowed JSON answer has no key outside its endpoint's schema and lists exactly the objects
the principal may see; a write changes nothing in the database unless the table allows it (and
then the request is made so that it cannot commit); and the request wrote exactly the
access-log records the table expects (audit completeness: see ``test_audit_completeness`` for
the rest), none of which holds case content.

Each request is made once and judged on all of this: the matrix is the largest test of the
suite, and a second replay only to read the log would double it.

The figures (cells checked, unexpected allows, …) are written to
``test-artifacts/authorization-matrix-<database>.txt``, those of the access log to
``test-artifacts/audit-completeness-<database>.txt``.

On SQLite every principal runs. On PostgreSQL (whose run is the longer one in CI) a
representative set does: a casework role of each partner, the chair, a privacy officer and a
functioneel beheerder, and every principal outside the partners — the rules are the same code,
what PostgreSQL adds is its own SQL. ``VOOROP_FULL_MATRIX=1`` runs all of them there too.
"""

from __future__ import annotations

import os
import time
from collections import Counter
from pathlib import Path

import pytest

from voorop.core.testing import matrix
from voorop.core.testing.matrix import PRINCIPALS, Principal
from voorop.core.testing.pgcluster import requested_backend

#: The principals of the PostgreSQL run (all of them with VOOROP_FULL_MATRIX=1).
ON_POSTGRES = {
    "VT/VT_MEDEWERKER",
    "VT/VOORZITTER_ACTIEOVERLEG",
    "POLITIE/AGENT",
    "POLITIE/PRIVACY_OFFICER",
    "OM/OFFICIER",
    "OM/FUNCTIONEEL_BEHEERDER",
    "RECLASSERING/RECLASSERINGSWERKER",
    "RVDK/RAADSONDERZOEKER",
    *(p.key for p in PRINCIPALS if not p.partner),
}


def _artifact(name: str) -> Path:
    from django.db import connection

    return Path("test-artifacts") / f"{name}-{connection.vendor}.txt"


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "principal" not in metafunc.fixturenames:
        return
    principals = list(PRINCIPALS)
    if requested_backend(metafunc.config) == "postgres" and not os.environ.get(
        "VOOROP_FULL_MATRIX"
    ):
        principals = [p for p in PRINCIPALS if p.key in ON_POSTGRES]
    metafunc.parametrize("principal", principals, ids=lambda p: p.key)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """The matrix world, built once for this module (``matrix.module_world``)."""
    with matrix.module_world(django_db_blocker) as built:
        yield built


@pytest.fixture(scope="module")
def totals():
    """Figures of every principal's run, written to the artifact when the module is done."""
    figures: dict[str, Counter] = {}
    started = time.monotonic()
    yield figures
    if figures:
        _write_artifact(figures, time.monotonic() - started)
        _write_audit_artifact(figures)


def _write_artifact(figures: dict[str, Counter], seconds: float) -> None:
    total: Counter = Counter()
    for counter in figures.values():
        total.update(counter)
    lines = [
        "Autorisatiematrix (issue #3)",
        "",
        f"cells checked:          {total['cells']}",
        f"  expected allow:       {total['expect_allow']}",
        f"  expected deny:        {total['expect_deny']}",
        f"  log in / log out:     {total['neutral']} (any answer; leaks and writes checked)",
        f"unexpected allows:      {total['unexpected_allow']} "
        f"(all in known leaks: {total['known_unexpected_allow']})",
        f"unexpected denies:      {total['unexpected_deny']}",
        f"server errors:          {total['error']}",
        f"leaks / schema / lists: {total['content']}",
        f"writes that changed data: {total['changed']}",
        "known leaks (reported, strict xfail each):",
        *(
            f"  {leak.code}: {total[f'leak {leak.code}']:5} cells — {leak.summary}"
            for leak in matrix.KNOWN_LEAKS
        ),
        f"principals:             {len(figures)}",
        f"URL patterns:           {len(matrix.url_patterns())}, of which classified "
        f"{total['patterns'] // max(len(figures), 1)}, pending {len(matrix.PENDING)}: "
        + ", ".join(sorted(matrix.PENDING)),
        f"run time:               {seconds:.1f} s",
        "",
        f"{'principal':48} {'cells':>6} {'allow':>6} {'deny':>6} {'unexp.allow':>12}",
    ]
    for key, counter in figures.items():
        lines.append(
            f"{key:48} {counter['cells']:6} {counter['expect_allow']:6} "
            f"{counter['expect_deny']:6} {counter['unexpected_allow']:12}"
        )
    lines += ["", "The table (voorop.core.testing.matrix.ROUTES):", ""]
    lines.append(matrix.describe_routes())
    artifact = _artifact("authorization-matrix")
    artifact.parent.mkdir(parents=True, exist_ok=True)
    artifact.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _write_audit_artifact(figures: dict[str, Counter]) -> None:
    total: Counter = Counter()
    for counter in figures.values():
        total.update(counter)
    artifact = _artifact("audit-completeness")
    artifact.parent.mkdir(parents=True, exist_ok=True)
    artifact.write_text(
        "Audit completeness (issue #3), checked on the requests of the authorization matrix\n\n"
        f"matrix cells:             {total['cells']}\n"
        f"  not compared (method not accepted, admin): {total['cells'] - total['log_checked']}\n"
        f"requests compared:        {total['log_checked']}\n"
        f"  expected to log:        {total['logging']}\n"
        f"  expected not to log:    {total['silent']}\n"
        f"records compared:         {total['records']}\n"
        f"  of which DENIED:        {total['denied']}\n"
        f"mismatches:               {total['log_mismatch']}\n"
        f"known gaps (reported):    {total['known_gap']}\n"
        f"explained by known leaks: {total['log_known_leak']}\n"
        f"log rows scanned:         {total['rows']}\n"
        f"content found in the log: {total['log_content']}\n\nknown gaps:\n"
        + "".join(
            f"  {g.code}: {total[f'gap {g.code}']:5} requests — {g.summary}\n"
            for g in matrix.LOG_GAPS
        ),
        encoding="utf-8",
    )


def test_every_url_pattern_is_classified():
    """A URL that is not in ``matrix.ROUTES`` fails here: add a row for it (who may use it,
    which objects it names and which classes of them it answers for, what it logs). Only the
    explicit ``matrix.PENDING`` list is let through, and it may not go stale."""
    patterns = matrix.url_patterns()
    missing = sorted(
        {
            f"{p.key}  ({p.route})"
            for p in patterns
            if matrix.routes_for(p) is None and p.key not in matrix.PENDING
        }
    )
    assert not missing, (
        "URL patterns without a row in voorop.core.testing.matrix.ROUTES — classify them:\n  "
        + "\n  ".join(missing)
    )
    names = {p.key for p in patterns}
    assert sorted(set(matrix.PENDING) - names) == [], "stale PENDING entries"
    assert sorted(set(matrix.PENDING) & set(matrix.ROUTES)) == [], "classified: drop from PENDING"


def test_no_row_without_a_url():
    """Every row of the table still has a URL (a renamed URL leaves a stale row behind)."""
    names = {p.key for p in matrix.url_patterns()}
    assert sorted(set(matrix.ROUTES) - names) == []


def test_matrix(principal: Principal, world, totals, db):
    patterns = [p for p in matrix.url_patterns() if matrix.routes_for(p) is not None]
    runner = matrix.Runner(world, principal)
    hidden = matrix.forbidden_pattern(world, matrix.sight(world, principal))
    counter: Counter = Counter(patterns=len(patterns))
    failures: list[str] = []
    start = last = matrix.last_seq()
    # No request may commit, so the database before a write is as after the previous one.
    baseline = matrix.snapshot()
    for cell in matrix.cells_for(world, principal, patterns):
        response = runner.request(cell)
        allowed = matrix.judge_status(cell, response)
        counter["cells"] += 1
        neutral = cell.route.neutral
        counter["neutral" if neutral else "expect_allow" if cell.allow else "expect_deny"] += 1
        where = f"{cell} → {response.status_code} {runner.last_path}"
        problems = []
        if allowed is None:
            counter["error"] += 1
            problems.append("server error")
        elif neutral:
            pass
        elif allowed and not cell.allow:
            counter["unexpected_allow"] += 1
            problems.append("UNEXPECTED ALLOW")
        elif cell.allow and not allowed:
            counter["unexpected_deny"] += 1
            problems.append("unexpected deny")
        content = matrix.check_response(cell, response, hidden)
        if content:
            counter["content"] += 1
        problems += content
        if cell.method != "GET" and (after := matrix.snapshot()) != baseline:
            counter["changed"] += 1
            problems.append("write changed the database")
            baseline = after
        records = matrix.records_after(last)
        last = records[-1].seq if records else last
        log = _check_log(cell, records, counter) if matrix.log_checked(cell) else []
        if not problems and not log:
            continue
        leak = matrix.known_leak(cell)
        if leak:  # a leak changes what is shown, and so what is logged
            counter[f"leak {leak.code}"] += 1
            counter["known_unexpected_allow"] += "UNEXPECTED ALLOW" in problems
            counter["log_known_leak"] += bool(log)
            continue
        gap = matrix.known_log_gap(cell) if log else None
        if gap and not problems:
            counter["known_gap"] += 1
            counter[f"gap {gap.code}"] += 1
            continue
        counter["log_mismatch"] += bool(log)
        failures.append(f"{where}: {'; '.join(problems + [f'log: {p}' for p in log])}")
    in_log = matrix.content_in_log(world, start)
    counter["rows"] += last - start
    counter["log_content"] += len(in_log)
    totals[principal.key] = counter
    assert counter["cells"] > 0
    assert not in_log, "case content in the access log:\n  " + "\n  ".join(in_log[:40])
    assert counter["unexpected_allow"] == counter["known_unexpected_allow"] and not failures, (
        f"{len(failures)} problem(s) for {principal.key}:\n  " + "\n  ".join(failures[:80])
    )


def _check_log(cell: matrix.Cell, records: list, counter: Counter) -> list[str]:
    """The records one request wrote against those it must write (``matrix.expected_records``)."""
    expected = matrix.expected_records(cell)
    counter["log_checked"] += 1
    counter["logging" if expected else "silent"] += 1
    counter["records"] += len(records)
    counter["denied"] += sum(r.outcome == "DENIED" for r in records)
    return matrix.compare_records(cell, expected, records)


def test_the_api_has_no_format_suffix_routes(world, db):
    """DRF's ``.json`` suffix routes answered 500 (the viewsets take no ``format`` argument):
    the router no longer makes them, and such a URL is unknown like any other (404)."""
    assert [p.route for p in matrix.url_patterns() if p.format_suffix] == []
    runner = _runner(world, "VT/VT_MEDEWERKER")
    family = world.obj(matrix.T.FAMILY, matrix.K.IN, "VT")
    for url in ("/api/v1/meldingen.json", f"/api/v1/gezinssystemen/{family.pk}.json"):
        assert runner.api.get(url, headers=runner.api_headers).status_code == 404


# --- leaks found by the matrix (L1, L2), closed since; kept as regression tests -----------


def _runner(world, key: str) -> matrix.Runner:
    return matrix.Runner(world, next(p for p in PRINCIPALS if p.key == key))


def test_leak_l1_a_kern_only_melding_keeps_its_persons_out_of_the_review_queue(world, db):
    """The police received a melding KERN-only: its persons as reported stay hidden, also in
    the linkage review queue; the pair is not theirs to see, confirm or reject."""
    runner = _runner(world, "POLITIE/AGENT")
    review = world.obj(matrix.T.REVIEW, matrix.K.SHARED_KERN, "POLITIE")
    reported = review.mention.given_names
    pages = [
        runner.page.get("/koppelingen/", {"status": ""}),
        runner.api.get("/api/v1/koppelingen/", headers=runner.api_headers),
    ]
    assert all(reported not in p.content.decode() for p in pages)
    assert runner.page.get(f"/koppelingen/{review.pk}/").status_code == 404
    assert (
        runner.api.get(f"/api/v1/koppelingen/{review.pk}/", headers=runner.api_headers).status_code
        == 404
    )
    before = matrix.snapshot()
    answer = runner.api.post(
        f"/api/v1/koppelingen/{review.pk}/afwijzen/", headers=runner.api_headers
    )
    assert answer.status_code == 404
    assert matrix.snapshot() == before


def test_leak_l2_a_persons_links_page_hides_kern_only_mentions(world, db):
    runner = _runner(world, "POLITIE/AGENT")
    person = world.obj(matrix.T.PERSON, matrix.K.SHARED_PERSON, "POLITIE")
    kern = world.obj(matrix.T.MELDING, matrix.K.SHARED_KERN, "POLITIE")
    reported = next(m.given_names for m in kern.mentions if m.person is person)
    response = runner.page.get(f"/personen/{person.pk}/koppelingen/")
    assert response.status_code == 200
    assert reported not in response.content.decode()
