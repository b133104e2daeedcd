"""Audit completeness (issue #3): the access log of the authorization matrix's requests.

- Every request of the matrix writes exactly the records ``voorop.core.testing.matrix`` expects
  for it: an allowed read its OK record(s) with the object and the persons shown (and the
  purpose: own involvement, disclosure or emergency access), a refused one a DENIED record
  naming what was asked for; a request that reads no case data writes nothing. Each record
  names the user, the organisation and the channel. No record contains case content: none of
  the world's sentinels (narratives, names, addresses, medical details, melding references,
  family names, disclosure necessity, withdrawal and emergency reasons, the workflows' texts),
  no BSN, no search term, nothing a user typed. **Both are checked on every request of
  ``test_authorization_matrix.test_matrix``** (``matrix.compare_records``,
  ``matrix.content_in_log``), in the same run: a replay only to read the log doubled the
  suite's largest test. Its figures are in ``test-artifacts/audit-completeness-<database>.txt``.
- Here: the log stays append-only and verifiable over records the matrix's requests wrote:
  UPDATE and DELETE are refused and a forged row breaks ``voorop audit verify``. (The same
  properties are tested in depth on hand-made records in ``voorop/audit/tests/
  test_append_only.py`` and ``test_verify.py``.)
- And the gaps the log check found (G1–G7, all closed): each keeps its test. A gap found later
  gets a strict xfail (``_xfail``) that asserts the intended behaviour until it is closed.
"""

from __future__ import annotations

import uuid
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from voorop.acuut.models import AcuteEpisode
from voorop.audit.models import AccessLogEntry, AccessLogPerson
from voorop.audit.tests import test_append_only as append_only
from voorop.core.testing import matrix
from voorop.core.testing.matrix import PRINCIPALS, Principal
from voorop.core.testing.matrix_workflows import EPISODE

#: The requests replayed for the append-only test: pages and endpoints that log, allowed and
#: refused, old and new.
SAMPLE = (
    "persons:family_detail",
    "meldingen:melding_detail",
    "gezinssysteem-detail",
    "verstrekking-intrekken",
    "acuut:step",
    "actieoverleg:item",
    "zsm:case",
    "assessment:detail",
)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """The matrix world, built once for this module (``matrix.module_world``)."""
    with matrix.module_world(django_db_blocker) as built:
        yield built


def last_seq() -> int:
    return matrix.last_seq()


def _ids(text: str) -> frozenset[int]:
    return frozenset(int(x) for x in text.split(",") if x)


def test_the_replayed_log_is_append_only_and_verifiable(world, db):
    """Over records the matrix's requests wrote (a sample of one principal's, plus the world's
    own): ``voorop audit verify`` passes; UPDATE and DELETE of a DENIED record are refused; a
    forged row breaks the chain at that row."""
    principal = next(p for p in PRINCIPALS if p.key == "POLITIE/AGENT")
    patterns = [p for p in matrix.url_patterns() if p.key in SAMPLE]
    runner = matrix.Runner(world, principal)
    before = last_seq()
    for cell in matrix.cells_for(world, principal, patterns):
        runner.request(cell)
    written = AccessLogEntry.objects.filter(seq__gt=before)
    assert written.filter(outcome="DENIED").exists() and written.filter(outcome="OK").exists()
    out = StringIO()
    call_command("audit", "verify", stdout=out)
    count = AccessLogEntry.objects.count()
    assert out.getvalue().strip() == f"OK: {count} regels, keten intact"

    denied = AccessLogEntry.objects.filter(outcome="DENIED").order_by("seq").first()
    assert denied is not None
    append_only.refused(lambda: AccessLogEntry.objects.filter(pk=denied.pk).update(outcome="OK"))
    append_only.refused(lambda: AccessLogEntry.objects.filter(pk=denied.pk).delete())
    append_only.refused(lambda: AccessLogPerson.objects.filter(entry__seq__lte=count).delete())
    assert AccessLogEntry.objects.count() == count

    last = AccessLogEntry.objects.order_by("-seq").first()
    assert last is not None
    values = {k: v for k, v in last.__dict__.items() if not k.startswith("_") and k not in ("id",)}
    forged = AccessLogEntry.objects.create(
        **{
            **values,
            "seq": last.seq + 1,
            "event_id": uuid.uuid4(),
            "prev_hash": last.hash,
            "purpose": "vervalst",
        }
    )
    with pytest.raises(CommandError) as info:
        call_command("audit", "verify", stdout=StringIO())
    assert f"seq {forged.seq}" in str(info.value)
    assert "[hash_wijkt_af]" in str(info.value)


# --- the gaps the replay found: G1–G7 are closed, their
#     tests kept as regression tests ----------------------------------------------------------


def _principal(key: str) -> Principal:
    return next(p for p in PRINCIPALS if p.key == key)


def _records_of(runner_call) -> list[AccessLogEntry]:
    before = last_seq()
    runner_call()
    return list(AccessLogEntry.objects.filter(seq__gt=before).order_by("seq"))


GAP = {g.code: g for g in matrix.LOG_GAPS}


def _xfail(code: str):
    return pytest.mark.xfail(strict=True, reason=f"gap {code}: {GAP[code].summary}")


@pytest.mark.parametrize(
    "who,url",
    [
        ("GEMEENTE/PRIVACY_OFFICER (geen partner)", "/betrokkenheid/?bsn={bsn}"),
        ("GEMEENTE/PRIVACY_OFFICER (geen partner)", "/noodtoegang/{family}/aanvragen/"),
        ("POLITIE/AGENT", "/privacy/noodtoegang/"),
        ("POLITIE/AGENT", "/privacy/noodtoegang/{access}/"),
    ],
)
def test_gap_g1_page_refusals_are_logged(world, db, who, url):
    runner = matrix.Runner(world, _principal(who))
    hit = world.obj(matrix.T.FAMILY, matrix.K.HIT, "POLITIE")
    access = world.obj(matrix.T.ACCESS, matrix.K.REVIEWABLE, "POLITIE")
    path = url.format(bsn=hit.members[0].bsn, family=hit.pk, access=access.pk)
    response = None

    def call():
        nonlocal response
        response = runner.page.get(path)

    records = _records_of(call)
    assert response is not None and response.status_code in (403, 404)
    assert [(r.outcome, r.user_id) for r in records] == [("DENIED", world.users[who].pk)]


def test_gap_g2_an_invalid_review_post_is_logged_as_a_view(world, db):
    runner = matrix.Runner(world, _principal("VT/PRIVACY_OFFICER"))
    access = world.obj(matrix.T.ACCESS, matrix.K.REVIEWABLE, "VT")
    response = None

    def call():
        nonlocal response
        response = runner.page.post(f"/privacy/noodtoegang/{access.pk}/", {})

    records = _records_of(call)
    assert response is not None and access.reason in response.content.decode()
    assert [(r.action, r.object_type, r.object_id) for r in records] == [
        ("VIEW", "noodtoegang", str(access.pk))
    ]


def test_gap_g3_the_api_logs_a_refused_withdrawal_by_the_recipient(world, db):
    runner = matrix.Runner(world, _principal("POLITIE/AGENT"))
    received = world.obj(matrix.T.DISCLOSURE, matrix.K.RECEIVED, "POLITIE")
    response = None

    def call():
        nonlocal response
        response = runner.api.post(
            f"/api/v1/verstrekkingen/{received.pk}/intrekken/",
            {"reden": "Niet meer nodig voor ons"},
            "application/json",
            headers=runner.api_headers,
        )

    records = _records_of(call)
    assert response is not None and response.status_code == 403
    assert [(r.action, r.outcome, r.object_id) for r in records] == [
        ("WITHDRAW", "DENIED", str(received.pk))
    ]


@pytest.mark.parametrize("url,object_type", [("gezinssystemen", "gezinssysteem"),
                                             ("meldingen", "melding")])  # fmt: skip
def test_gap_g4_api_lists_record_what_they_list(world, db, url, object_type):
    runner = matrix.Runner(world, _principal("OM/OFFICIER"))
    response = None

    def call():
        nonlocal response
        response = runner.api.get(f"/api/v1/{url}/", headers=runner.api_headers)

    records = _records_of(call)
    assert response is not None
    listed = {row["id"] for row in response.json()["results"]}
    assert listed
    assert [(r.object_type, _ids(r.object_id)) for r in records] == [(object_type, listed)]


def test_gap_g5_home_records_what_it_names(world, db):
    runner = matrix.Runner(world, _principal("POLITIE/AGENT"))
    response = None

    def call():
        nonlocal response
        response = runner.page.get("/")

    records = _records_of(call)
    assert response is not None
    named = {f.pk for f in world.families if f.name in response.content.decode()}
    logged = {pk for r in records if r.object_type == "gezinssysteem" for pk in _ids(r.object_id)}
    # The Samen op in acuut block names its episodes' families: its LIST of episodes is their
    # record (an episode belongs to one family system).
    episodes = {pk for r in records if r.object_type == EPISODE for pk in _ids(r.object_id)}
    logged |= set(
        AcuteEpisode.objects.filter(pk__in=episodes).values_list("family_system_id", flat=True)
    )
    assert named <= logged, f"named but not logged: {sorted(named - logged)}"
    recent = {pk for r in records if r.object_type == "melding" for pk in _ids(r.object_id)}
    assert recent, "the recent acute meldingen the page lists are on record"


def test_gap_g6_the_api_logs_a_refused_disclosure(world, db):
    runner = matrix.Runner(world, _principal("POLITIE/AGENT"))
    hit = world.obj(matrix.T.FAMILY, matrix.K.HIT, "POLITIE")
    body = {
        "gezinssysteem": hit.pk,
        "ontvanger": world.orgs["OM"].pk,
        "grondslag": world.basis_code,
        "doel": "SAMEN_OP_IN_ACUUT",
        "noodzaak": "Nodig voor de veiligheid van het kind",
        "items": [{"melding": hit.meldingen[0].pk, "gegevens": ["TOELICHTING"]}],
    }
    response = None

    def call():
        nonlocal response
        response = runner.api.post(
            "/api/v1/verstrekkingen/", body, "application/json", headers=runner.api_headers
        )

    records = _records_of(call)
    assert response is not None and response.status_code == 400
    assert [(r.action, r.outcome) for r in records] == [("DISCLOSE", "DENIED")]


@pytest.mark.parametrize(
    "who,url",
    [
        ("GEMEENTE/PRIVACY_OFFICER (geen partner)", "/actieoverleg/"),
        ("GEMEENTE/PRIVACY_OFFICER (geen partner)", "/actieoverleg/afspraken/"),
        ("VT/VT_MEDEWERKER", "/actieoverleg/overleggen/nieuw/"),
    ],
)
def test_gap_g7_actieoverleg_refusals_are_logged(world, db, who, url):
    runner = matrix.Runner(world, _principal(who))
    response = None

    def call():
        nonlocal response
        response = runner.page.get(url)

    records = _records_of(call)
    assert response is not None and response.status_code == 404
    assert [(r.outcome, r.user_id) for r in records] == [("DENIED", world.users[who].pk)]
