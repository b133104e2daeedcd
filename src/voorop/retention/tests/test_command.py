"""``voorop retention``: the dry run reports, ``--apply`` removes — meldingen with the persons
as reported, the access log's oldest records — and the chain still verifies."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from voorop.audit.models import AccessAction, AccessLogEntry, AccessLogPerson
from voorop.audit.tests.helpers import clock, write
from voorop.audit.verification import verify_chain
from voorop.core.testing import factories as f
from voorop.meldingen.models import Melding, MeldingPerson
from voorop.retention.models import RecordKind, RetentionRule
from voorop.retention.services import retention_report

pytestmark = pytest.mark.django_db

NOW = timezone.now()


def days_ago(days: int) -> dt.datetime:
    return NOW - dt.timedelta(days=days)


def melding(org, *, days: int, person=None):
    record = f.MeldingFactory(
        source_organisation=org,
        received_at=days_ago(days),
        occurred_at=days_ago(days) - dt.timedelta(hours=1),
    )
    f.MeldingPersonFactory(melding=record, **({"person": person} if person else {}))
    return record


def run(*args: str) -> str:
    out = StringIO()
    call_command("retention", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def meldingen(organisations):
    """VT: one 21 years old, one 19 years old (default 20 years). Politie has its own rule of
    5 years: one 6 years old, one 4 years old. OM: none."""
    vt, politie = organisations["VT"], organisations["POLITIE"]
    RetentionRule.objects.create(
        organisation=politie, record_kind=RecordKind.MELDING, keep_days=5 * 365, note="Wpg"
    )
    return {
        "vt_old": melding(vt, days=21 * 365),
        "vt_young": melding(vt, days=19 * 365),
        "politie_old": melding(politie, days=6 * 365),
        "politie_young": melding(politie, days=4 * 365),
    }


def test_the_dry_run_reports_and_removes_nothing(meldingen):
    out = run()
    assert "Proefdraai: er wordt niets verwijderd (gebruik --apply)." in out
    politie_line = next(line for line in out.splitlines() if "politie-test" in line)
    assert politie_line.startswith("Meldingen (met de personen zoals gemeld)  politie-test  1825 ")
    vt_line = next(line for line in out.splitlines() if "vt-test" in line)
    assert "7305 (standaard)" in vt_line
    assert vt_line.split()[-2:] == ["1", meldingen["vt_old"].received_at.date().isoformat()]
    assert Melding.objects.count() == 4
    assert not AccessLogEntry.objects.exists()


def test_the_report_per_organisation_and_kind(meldingen):
    report = {(line.record_kind, line.organisation_code): line for line in retention_report()}
    vt = report[(RecordKind.MELDING, "vt-test")]
    politie = report[(RecordKind.MELDING, "politie-test")]
    assert (vt.keep_days, vt.count, vt.default_rule) == (7305, 1, True)
    assert (politie.keep_days, politie.count, politie.default_rule) == (1825, 1, False)
    assert politie.oldest == meldingen["politie_old"].received_at
    assert report[(RecordKind.ACCESS_LOG, "")].count == 0


def test_a_what_if_date_for_the_report(meldingen):
    in_two_years = (NOW + dt.timedelta(days=2 * 365)).date().isoformat()
    report = run("--peildatum", in_two_years)
    assert next(line for line in report.splitlines() if "politie-test" in line).split()[-2] == "2"


def test_a_what_if_date_is_refused_with_apply(db):
    with pytest.raises(CommandError, match="alleen bij een proefdraai"):
        run("--apply", "--peildatum", "2040-01-01")


def test_apply_removes_meldingen_past_their_term_with_their_persons(meldingen, family_scenario):
    old = meldingen["vt_old"]
    person = f.PersonFactory()
    linked = MeldingPerson.objects.filter(melding=old).get()
    f.MeldingPersonFactory(melding=old, person=person)
    out = run("--apply")
    assert "Verwijderd:" in out
    remaining = set(Melding.objects.values_list("pk", flat=True))
    assert meldingen["vt_old"].pk not in remaining
    assert meldingen["politie_old"].pk not in remaining
    assert {meldingen["vt_young"].pk, meldingen["politie_young"].pk} <= remaining
    assert not MeldingPerson.objects.filter(melding_id=old.pk).exists()
    records = {
        e.on_behalf_of: e
        for e in AccessLogEntry.objects.filter(action=AccessAction.RETENTION, object_type="melding")
    }
    assert set(records) == {"vt-test", "politie-test"}
    vt_record = records["vt-test"]
    assert vt_record.object_id == str(old.pk)
    assert vt_record.person_ids == ",".join(str(pk) for pk in sorted({linked.person_id, person.pk}))
    assert vt_record.channel == "CLI"
    assert "7305 dagen" in vt_record.purpose
    assert verify_chain().ok


def test_without_a_rule_nothing_is_removed(organisations):
    RetentionRule.objects.all().delete()
    melding(organisations["OM"], days=50 * 365)
    out = run("--apply")
    assert "geen regel" in out
    assert Melding.objects.count() == 1


# --- the access log ---------------------------------------------------------------------------


@pytest.fixture
def old_log(user_for):
    """Eight records 9 years old, then four recent ones (default term: 7 years)."""
    vt, politie = user_for("VT"), user_for("POLITIE")
    with clock(days_ago(9 * 365)):
        old = [write(vt if n % 2 else politie, person_ids=[n + 1]) for n in range(8)]
    recent = [write(vt) for _ in range(4)]
    return old, recent


def test_the_dry_run_reports_the_access_log_per_organisation(old_log):
    out = run()
    log_lines = [line for line in out.splitlines() if line.startswith("Toegangslog")]
    assert [line.split()[1] for line in log_lines] == ["politie-test", "vt-test"]
    assert all(line.split()[2] == "2557" and line.split()[-2] == "4" for line in log_lines)
    assert AccessLogEntry.objects.count() == 12


def test_apply_removes_the_oldest_records_and_the_chain_still_verifies(old_log):
    old, recent = old_log
    run("--apply")
    remaining = list(AccessLogEntry.objects.order_by("seq").values_list("seq", flat=True))
    retention = AccessLogEntry.objects.get(action=AccessAction.RETENTION)
    assert remaining == [r.seq for r in recent] + [retention.seq]
    assert not AccessLogPerson.objects.filter(entry_id__in=[r.pk for r in old]).exists()
    assert retention.object_id == f"seq:1-8;anker:{old[-1].hash}"
    assert "2557 dagen: 8 regels" in retention.purpose
    out = StringIO()
    call_command("audit", "verify", stdout=out)
    assert "de regels vóór seq 9 zijn verwijderd door de bewaartermijn" in out.getvalue()
    assert out.getvalue().strip().endswith("OK: 5 regels, keten intact")


def test_a_later_run_also_removes_the_previous_retention_record(old_log, monkeypatch):
    run("--apply")
    RetentionRule.objects.filter(record_kind=RecordKind.ACCESS_LOG).update(keep_days=1827)
    later = NOW + dt.timedelta(days=1828)  # everything is past the term by then
    monkeypatch.setattr(timezone, "now", lambda: later)
    run("--apply")
    # The newest record stays (the first RETENTION record), so the chain goes on from it.
    first, second = AccessLogEntry.objects.order_by("seq")
    assert (first.action, second.action) == (AccessAction.RETENTION, AccessAction.RETENTION)
    assert second.prev_hash == first.hash
    result = verify_chain()
    assert result.ok
    assert result.anchor is not None
    assert result.anchor.retention_seq == second.seq


def test_the_longest_term_of_any_organisation_holds_for_the_whole_log(old_log, organisations):
    RetentionRule.objects.create(
        organisation=organisations["RVDK"], record_kind=RecordKind.ACCESS_LOG, keep_days=10 * 365
    )
    run("--apply")
    assert AccessLogEntry.objects.count() == 12
    assert not AccessLogEntry.objects.filter(action=AccessAction.RETENTION).exists()


def test_apply_removes_what_was_shared_of_an_expired_melding_but_keeps_the_disclosure(
    meldingen, organisations, user_for
):
    from voorop.sharing.models import Disclosure, DisclosureItem, SharingRule

    old = meldingen["politie_old"]
    rule = SharingRule.objects.get(
        from_kind="POLITIE", to_kind="VT", legal_basis__code="politie-wpg-18-bpg-4-2"
    )
    disclosure = Disclosure.objects.create(
        reference="VS-RET-1",
        family_system=old.family_system,
        from_organisation=organisations["POLITIE"],
        to_organisation=organisations["VT"],
        rule=rule,
        legal_basis=rule.legal_basis,
        moment="ACTIEOVERLEG",
        necessity="Nodig voor het actieoverleg.",
        shared_by=user_for("POLITIE"),
        shared_at=days_ago(6 * 365),
    )
    DisclosureItem.objects.create(disclosure=disclosure, melding=old, field_groups=["KERN"])
    run("--apply")
    assert not Melding.objects.filter(pk=old.pk).exists()
    assert not DisclosureItem.objects.filter(disclosure=disclosure).exists()
    assert Disclosure.objects.filter(pk=disclosure.pk).exists()
