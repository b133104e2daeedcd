"""voorop import: CSV files are checked whole; a file with any problem stores nothing and says
where (row, column) and why, in Dutch."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from voorop.accounts.models import RoleCode
from voorop.audit.models import AccessAction, AccessLogEntry
from voorop.core.testing import factories as f
from voorop.intake.models import RouteAdvice, VtReferral
from voorop.meldingen import importer
from voorop.meldingen.models import Melding, MeldingPerson
from voorop.meldingen.tests import intake_cases as cases

pytestmark = pytest.mark.django_db


@pytest.fixture
def agent(user_for):
    return user_for("POLITIE", roles=[RoleCode.AGENT], username="import.agent")


def write(tmp_path: Path, content: str | bytes, name: str = "meldingen.csv") -> Path:
    path = tmp_path / name
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8", newline="")
    else:
        path.write_bytes(content)
    return path


def run(path: Path, *args: str, user: str = "import.agent") -> tuple[bool, str, str]:
    """(stored?, stdout, stderr) of ``voorop import``."""
    out, err = StringIO(), StringIO()
    try:
        call_command("import", "--input", str(path), "--user", user, *args, stdout=out, stderr=err)
    except CommandError as exc:
        return False, out.getvalue(), str(exc)
    return True, out.getvalue(), err.getvalue()


def problems(path: Path, user) -> list[tuple[int | None, str | None, str]]:
    report = importer.import_file(path, user=user)
    assert not report.stored
    return [(p.row, p.column, p.code) for p in report.problems]


def stored() -> tuple[int, int, int, int, int]:
    return (
        Melding.objects.count(),
        MeldingPerson.objects.count(),
        RouteAdvice.objects.count(),
        VtReferral.objects.count(),
        AccessLogEntry.objects.filter(action=AccessAction.CREATE).count(),
    )


SECOND = cases.valid_melding(
    kenmerk="BVH-2026-000124",
    soort="AANHOUDING",
    kanaal="SURVEILLANCE",
    acuut=False,
    personen=[{"rol": "VERDACHTE", "voornamen": "Mark", "achternaam": "Bakker"}],
)


# --- a good file ---------------------------------------------------------------------------------


def test_a_good_file_is_stored_with_a_summary_and_progress(tmp_path, agent):
    path = write(tmp_path, cases.as_csv(cases.valid_melding(), SECOND))
    ok, out, err = run(path)
    assert ok, out
    assert out == "Opgeslagen: 2 meldingen met 4 personen uit 4 rijen.\n"
    assert "Controleren: 100% (4/4)" in err
    assert "Opslaan: 100% (2/2)" in err
    first = Melding.objects.get(reference="BVH-2026-000123")
    assert first.persons.count() == 3
    assert first.label_hg and first.label_km and first.is_acute
    arrest = Melding.objects.get(reference="BVH-2026-000124")
    assert arrest.suspect_arrested is True
    assert [a.route for a in arrest.route_advice.all()] == ["ZSM"]
    # Both are labelled police reports, neither follows the other: two for Veilig Thuis.
    assert VtReferral.objects.count() == 2
    assert set(
        AccessLogEntry.objects.filter(action=AccessAction.CREATE).values_list("channel", flat=True)
    ) == {"IMPORT"}


def test_a_bom_and_commas_are_fine(tmp_path, agent):
    content = "\ufeff" + cases.as_csv(cases.valid_melding(), delimiter=",")
    ok, out, _err = run(write(tmp_path, content))
    assert ok, out
    assert Melding.objects.count() == 1


def test_a_dry_run_stores_nothing(tmp_path, agent):
    ok, out, _err = run(write(tmp_path, cases.as_csv(cases.valid_melding())), "--dry-run")
    assert ok
    assert "Controle geslaagd (proefdraai, niets opgeslagen): 3 rijen, 1 meldingen" in out
    assert stored() == (0, 0, 0, 0, 0)


def test_no_progress_on_request(tmp_path, agent):
    ok, _out, err = run(write(tmp_path, cases.as_csv(cases.valid_melding())), "--no-progress")
    assert ok and err == ""


# --- bad rows: every problem, with row and column, nothing stored --------------------------------


#: In a file the same person twice is the same row twice.
CSV_OWN_FINDINGS = {"dubbele-persoon": (5, None, "rij_dubbel", "Deze rij is gelijk aan rij 2.")}


@pytest.mark.parametrize("case", cases.BAD_CASES, ids=[c.id for c in cases.BAD_CASES])
def test_bad_input_is_reported_by_row_and_column_and_nothing_is_stored(tmp_path, agent, case):
    before = stored()
    path = write(tmp_path, cases.as_csv(cases.bad_melding(case)))
    ok, out, err = run(path)
    assert not ok
    assert "Import geweigerd" in err and "er is niets opgeslagen" in err
    assert out.startswith("Niets opgeslagen.")
    row, column = cases.csv_location(case.field)
    code, message = case.code, case.message
    if case.id in CSV_OWN_FINDINGS:
        row, column, code, message = CSV_OWN_FINDINGS[case.id]
    report = importer.import_file(path, user=agent)
    found = [p for p in report.problems if (p.row, p.column, p.code) == (row, column, code)]
    assert found, [(p.row, p.column, p.code, p.message) for p in report.problems]
    assert message in found[0].message
    assert (f"Rij {row}, kolom {column}: " if column else f"Rij {row}: ") in out
    assert f"[{code}]" in out
    assert stored() == before


def test_one_bad_melding_stops_the_whole_file(tmp_path, agent):
    bad = cases.valid_melding(kenmerk="BVH-2026-000125", ontvangen_op=cases.moment(-40))
    path = write(tmp_path, cases.as_csv(cases.valid_melding(), SECOND, bad))
    assert problems(path, agent) == [(6, "ontvangen_op", "ontvangen_voor_voorval")]
    assert stored() == (0, 0, 0, 0, 0)


def test_all_problems_of_the_file_are_reported_at_once(tmp_path, agent):
    melding = cases.valid_melding(voorgevallen_op="31-02-2026 10:00")
    melding["personen"][1]["bsn"] = "123456789"
    melding["personen"][2]["geboortedatum"] = "2099-01-01"
    path = write(tmp_path, cases.as_csv(melding, SECOND))
    found = problems(path, agent)
    assert (2, "voorgevallen_op", "datum_ongeldig") in found
    # The other rows of that melding are judged once its first row can be read;
    # the second melding in the file is judged now.
    assert all(row in (2, 3, 4) for row, _c, _code in found)


def test_a_melding_without_persons(tmp_path, agent):
    path = write(tmp_path, cases.as_csv(cases.valid_melding(personen=[])))
    assert problems(path, agent) == [(2, "rol", "geen_personen")]


@pytest.mark.parametrize(
    ("cell", "code"),
    [
        ("=1+1", "formule"),
        ("misschien", "ongeldig"),
    ],
)
def test_any_cell_is_checked_for_formulas_before_it_is_read(tmp_path, agent, cell, code):
    path = write(tmp_path, cases.as_csv(cases.valid_melding(acuut=cell)))
    assert (2, "acuut", code) in problems(path, agent)


def test_an_unknown_label(tmp_path, agent):
    melding = cases.valid_melding(labels=["HG", "BRAND"])
    found = importer.import_file(write(tmp_path, cases.as_csv(melding)), user=agent).problems
    assert [(p.row, p.column, p.code) for p in found] == [(2, "labels", "ongeldige_keuze")] * 3 or (
        (2, "labels", "ongeldige_keuze") in [(p.row, p.column, p.code) for p in found]
    )
    assert "„BRAND” is geen label" in found[0].message


# --- duplicates ----------------------------------------------------------------------------------


def test_a_kenmerk_that_exists_already(tmp_path, agent):
    f.MeldingFactory(reference="BVH-2026-000123")
    path = write(tmp_path, cases.as_csv(cases.valid_melding()))
    assert problems(path, agent) == [(2, "kenmerk", "kenmerk_bestaat_al")]


def test_two_meldingen_with_one_kenmerk(tmp_path, agent):
    other = cases.valid_melding(plaats="Amersfoort")
    other["personen"] = [{"rol": "GETUIGE", "achternaam": "Buurman"}]
    path = write(tmp_path, cases.as_csv(cases.valid_melding(), other))
    assert problems(path, agent) == [(5, "plaats", "melding_ongelijk")]


def test_a_row_twice(tmp_path, agent):
    content = cases.as_csv(cases.valid_melding())
    lines = content.split("\r\n")
    content = "\r\n".join([*lines[:2], lines[1], *lines[2:]])
    assert problems(write(tmp_path, content), agent) == [(3, None, "rij_dubbel")]


def test_the_same_person_twice_in_a_melding(tmp_path, agent):
    melding = cases.valid_melding()
    melding["personen"].append({**melding["personen"][1], "voornamen": "M."})
    assert problems(write(tmp_path, cases.as_csv(melding)), agent) == [(5, "bsn", "persoon_dubbel")]


# --- the file itself -----------------------------------------------------------------------------


def test_latin_1_is_refused_with_the_line(tmp_path, agent):
    melding = cases.valid_melding(toelichting="Moeder zei: ik ben bang, ze huilde")
    melding["personen"][0]["voornamen"] = "Eléna"
    content = cases.as_csv(melding).encode("cp1252")
    ok, out, _err = run(write(tmp_path, content))
    assert not ok
    assert "Rij 2: Het bestand is geen geldige UTF-8-tekst: regel 2 bevat byte 0xE9" in out
    assert "CSV UTF-8" in out
    assert stored() == (0, 0, 0, 0, 0)


def test_utf16_and_binary_files_are_refused(tmp_path, agent):
    utf16 = cases.as_csv(cases.valid_melding()).encode("utf-16")
    assert problems(write(tmp_path, utf16), agent) == [(None, None, "geen_utf8")]
    xlsx = b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + b"\x00" * 40
    assert problems(write(tmp_path, xlsx, "meldingen.xlsx"), agent) == [
        (1, None, "geen_tekstbestand")
    ]


def test_malformed_csv(tmp_path, agent):
    content = cases.as_csv(cases.valid_melding())
    broken = content.replace("Buren hoorden", '"Buren hoorden', 1)
    found = problems(write(tmp_path, broken), agent)
    assert found and found[0][2] in {"csv_fout", "aantal_velden"}
    lines = content.split("\r\n")
    lines[2] = lines[2] + ";extra"
    assert problems(write(tmp_path, "\r\n".join(lines)), agent) == [(3, None, "aantal_velden")]
    strict = 'kenmerk;soort\r\n"BVH"x;POLITIE_INCIDENT\r\n'
    assert next(c for _r, _c, c in problems(write(tmp_path, strict), agent)) in {
        "csv_fout",
        "kolom_ontbreekt",
    }


def test_an_unterminated_quote_is_a_csv_error_with_its_row(tmp_path, agent):
    header = ";".join(cases.CSV_HEADER)
    good = cases.csv_rows(cases.valid_melding())[0]
    content = header + "\r\n" + ";".join(good) + '\r\nBVH-9;"POLITIE_INCIDENT;112\r\n'
    found = problems(write(tmp_path, content), agent)
    assert found == [(3, None, "csv_fout")]


def test_header_problems(tmp_path, agent):
    header = "kenmerk;soort;soort;kanaal;voorgevallen_op;kleur\r\n"
    found = problems(write(tmp_path, header + "x;y;y;z;a;b\r\n"), agent)
    assert (1, "soort", "dubbele_kolom") in found
    assert (1, "kleur", "onbekende_kolom") in found
    assert (1, "ontvangen_op", "kolom_ontbreekt") in found
    assert (1, "rol", "kolom_ontbreekt") in found


@pytest.mark.parametrize(
    ("content", "code"),
    [(b"", "bestand_leeg"), (b"\r\n \r\n", "bestand_leeg")],
)
def test_empty_files(tmp_path, agent, content, code):
    assert problems(write(tmp_path, content), agent) == [(None, None, code)]


def test_a_header_without_rows(tmp_path, agent):
    path = write(tmp_path, ";".join(cases.CSV_HEADER) + "\r\n\r\n")
    assert problems(path, agent) == [(None, None, "geen_rijen")]


def test_an_oversized_file_is_refused_before_it_is_read(tmp_path, agent, monkeypatch):
    monkeypatch.setattr(importer, "MAX_FILE_BYTES", 1024)
    path = write(tmp_path, cases.as_csv(cases.valid_melding()) + ";" * 2000)
    ok, out, _err = run(path)
    assert not ok
    assert (
        "Het bestand is 0,0 MB; het maximum is 0 MB. Splits het bestand. [bestand_te_groot]" in out
    )


def test_the_real_size_limit_is_50_mb():
    assert importer.MAX_FILE_BYTES == 50 * 1024 * 1024


def test_too_many_rows(tmp_path, agent, monkeypatch):
    monkeypatch.setattr(importer, "MAX_ROWS", 2)
    path = write(tmp_path, cases.as_csv(cases.valid_melding()))
    assert problems(path, agent) == [(4, None, "te_veel_rijen")]


def test_an_overlong_cell(tmp_path, agent):
    path = write(tmp_path, cases.as_csv(cases.valid_melding(toelichting="x" * 200_000)))
    assert problems(path, agent) == [(2, None, "cel_te_lang")]


# --- who imports ---------------------------------------------------------------------------------


def test_only_for_the_users_own_organisation(tmp_path, agent, organisations):
    path = write(tmp_path, cases.as_csv(cases.valid_melding()))
    ok, out, _err = run(path, "--organisation", "vt-test")
    assert not ok
    assert "[andere_organisatie]" in out
    assert run(path, "--organisation", "politie-test")[0]


def test_a_privacy_officer_imports_nothing(tmp_path, user_for):
    user_for("POLITIE", roles=[RoleCode.PRIVACY_OFFICER], username="po")
    ok, out, _err = run(write(tmp_path, cases.as_csv(cases.valid_melding())), user="po")
    assert not ok
    assert "[geen_rol_om_vast_te_leggen]" in out
    assert stored() == (0, 0, 0, 0, 0)


def test_unknown_user_organisation_or_file(tmp_path, agent):
    path = write(tmp_path, cases.as_csv(cases.valid_melding()))
    assert run(path, user="niemand")[2] == "Er is geen gebruiker niemand."
    assert run(path, "--organisation", "nergens")[2] == "Er is geen organisatie met code nergens."
    ok, out, _err = run(tmp_path / "weg.csv")
    assert not ok and "[bestand_ontbreekt]" in out
