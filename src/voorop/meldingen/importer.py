"""Bulk import of meldingen from a CSV file (``voorop import``; the layout is in docs/import.md).

All or nothing: the whole file is read and checked first — encoding, size, header, every row
and every melding against the same rules as the API and the web form — and only a file without
a single problem is stored, in one transaction, each melding through
``meldingen.services.melding_record``. Every problem is reported with its row, column, a Dutch
reason and a stable code.

Rows are numbered as a spreadsheet shows them: the header is row 1, the first melding row 2.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from django.db import transaction
from django.utils.translation import gettext as _

from voorop.meldingen import validation
from voorop.meldingen.models import Melding
from voorop.meldingen.parsing import ParseError, parse_bool, parse_date, parse_moment
from voorop.meldingen.validation import Code, IntakeError, Problem

#: A file larger than this is refused before it is read.
MAX_FILE_BYTES = 50 * 1024 * 1024
#: At most this many rows (persons) per file.
MAX_ROWS = 100_000
#: The longest cell the reader accepts at all; within it, each column's own maximum applies
#: (a narrative holds 10,000 characters) and is reported with its column.
MAX_CELL = 100_000
#: At most this many problems are listed; the count is always complete.
MAX_REPORTED = 500

_LABEL_SPLIT = re.compile(r"[\s,;|]+")


class ImportCode:
    """Codes of problems with the file itself (row and cell problems use ``validation.Code``)."""

    FILE_MISSING = "bestand_ontbreekt"
    FILE_TOO_LARGE = "bestand_te_groot"
    FILE_EMPTY = "bestand_leeg"
    NOT_UTF8 = "geen_utf8"
    NOT_TEXT = "geen_tekstbestand"
    CSV_ERROR = "csv_fout"
    UNKNOWN_COLUMN = "onbekende_kolom"
    DUPLICATE_COLUMN = "dubbele_kolom"
    MISSING_COLUMN = "kolom_ontbreekt"
    TOO_MANY_ROWS = "te_veel_rijen"
    FIELD_COUNT = "aantal_velden"
    CELL_TOO_LONG = "cel_te_lang"
    MELDING_DIFFERS = "melding_ongelijk"
    DUPLICATE_ROW = "rij_dubbel"
    NO_ROWS = "geen_rijen"


@dataclass(frozen=True)
class Column:
    name: str
    #: "melding": the same on every row of one melding; "persoon": one person per row.
    level: str
    field: str
    kind: str = "text"  # text, moment, date, bool, labels
    required: bool = False
    description: str = ""


COLUMNS: tuple[Column, ...] = (
    Column(
        "kenmerk",
        "melding",
        "reference",
        required=True,
        description="kenmerk in het eigen systeem; groepeert de rijen van één melding",
    ),
    Column(
        "soort",
        "melding",
        "kind",
        required=True,
        description=(
            "POLITIE_INCIDENT, AANGIFTE, AANHOUDING, VT_MELDING, ZIEKENHUISMELDING of OVERIG"
        ),
    ),
    Column(
        "kanaal",
        "melding",
        "channel",
        required=True,
        description=(
            "112, TELEFOON, BALIE, ONLINE, PROFESSIONAL, POLITIE_ZORGMELDING, SURVEILLANCE of "
            "SYSTEEM"
        ),
    ),
    Column(
        "voorgevallen_op",
        "melding",
        "occurred_at",
        "moment",
        required=True,
        description="DD-MM-JJJJ UU:MM of JJJJ-MM-DDTUU:MM (Nederlandse tijd)",
    ),
    Column(
        "ontvangen_op",
        "melding",
        "received_at",
        "moment",
        required=True,
        description="idem; niet vóór voorgevallen_op",
    ),
    Column("acuut", "melding", "is_acute", "bool", description="ja/nee"),
    Column(
        "labels",
        "melding",
        "labels",
        "labels",
        description=(
            "HG, KM, EX_PARTNERSTALKING, EERGERELATEERD, OUDERENMISHANDELING, gescheiden door | "
            "of spatie"
        ),
    ),
    Column("verdachte_aangehouden", "melding", "suspect_arrested", "bool", description="ja/nee"),
    Column("letsel_bij_kind", "melding", "child_injury_suspected", "bool", description="ja/nee"),
    Column("locatie", "melding", "location"),
    Column("postcode", "melding", "postcode", description="postcode van de locatie"),
    Column("plaats", "melding", "city"),
    Column("toelichting", "melding", "narrative"),
    Column(
        "gezinssysteem",
        "melding",
        "family_system",
        description="kenmerk van een gezinssysteem dat uw organisatie kent",
    ),
    Column("volgt_op", "melding", "follows_from", description="kenmerk van de eerdere melding"),
    Column(
        "gemeld_door",
        "melding",
        "reporter_organisation",
        description="code van de organisatie die meldde",
    ),
    Column(
        "rol",
        "persoon",
        "role",
        required=True,
        description="SLACHTOFFER, VERDACHTE, GETUIGE, KIND_AANWEZIG of MELDER",
    ),
    Column("voornamen", "persoon", "given_names"),
    Column("tussenvoegsel", "persoon", "prefix"),
    Column("achternaam", "persoon", "surname"),
    Column(
        "geboortedatum", "persoon", "date_of_birth", "date", description="DD-MM-JJJJ of JJJJ-MM-DD"
    ),
    Column("geslacht", "persoon", "sex", description="M, V, X of O"),
    Column("bsn", "persoon", "bsn"),
    Column("straat", "persoon", "street"),
    Column("huisnummer", "persoon", "house_number"),
    Column("persoon_postcode", "persoon", "postcode"),
    Column("woonplaats", "persoon", "city"),
    Column("bronkenmerk", "persoon", "source_record_id"),
)
COLUMN_BY_NAME = {c.name: c for c in COLUMNS}
MELDING_COLUMN_BY_FIELD = {c.field: c for c in COLUMNS if c.level == "melding"}
PERSON_COLUMN_BY_FIELD = {c.field: c for c in COLUMNS if c.level == "persoon"}


@dataclass(frozen=True)
class ImportProblem:
    row: int | None
    column: str | None
    code: str
    message: str

    def __str__(self) -> str:
        where = []
        if self.row is not None:
            where.append(_("rij %(n)d") % {"n": self.row})
        if self.column:
            where.append(_("kolom %(c)s") % {"c": self.column})
        prefix = (", ".join(where) + ": ") if where else ""
        return f"{prefix[:1].upper()}{prefix[1:]}{self.message} [{self.code}]"


@dataclass
class ImportReport:
    path: str
    problems: list[ImportProblem] = field(default_factory=list)
    rows: int = 0
    meldingen: int = 0
    persons: int = 0
    stored: bool = False
    references: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


class Progress:
    """A progress line on ``stream``: "Controleren: 42% (4200/10000)". On a terminal it is
    rewritten in place (at most every 0.2 s); otherwise a line per 10%."""

    def __init__(self, label: str, total: int, stream: TextIO | None) -> None:
        self.label, self.total, self.stream = label, max(total, 1), stream
        self.tty = bool(stream is not None and getattr(stream, "isatty", lambda: False)())
        self.last_percent = -1
        self.last_time = 0.0

    def update(self, done: int) -> None:
        if self.stream is None:
            return
        percent = min(100, done * 100 // self.total)
        now = time.monotonic()
        if self.tty:
            if percent != self.last_percent and (now - self.last_time > 0.2 or percent == 100):
                self.stream.write(f"\r{self.label}: {percent:3d}% ({done}/{self.total})")
                self.stream.flush()
                self.last_percent, self.last_time = percent, now
        elif percent // 10 != self.last_percent // 10 or (percent == 100 != self.last_percent):
            self.stream.write(f"{self.label}: {percent:3d}% ({done}/{self.total})\n")
            self.last_percent = percent

    def finish(self) -> None:
        self.update(self.total)
        if self.stream is not None and self.tty:
            self.stream.write("\n")
            self.stream.flush()


# -- reading the file ---------------------------------------------------------------------------


def _decode(data: bytes, report: ImportReport) -> str | None:
    if not data.strip():
        report.problems.append(
            ImportProblem(None, None, ImportCode.FILE_EMPTY, _("Het bestand is leeg."))
        )
        return None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE)):
        report.problems.append(
            ImportProblem(
                None,
                None,
                ImportCode.NOT_UTF8,
                _(
                    "Het bestand is UTF-16 (Unicode-tekst) en geen UTF-8. Sla het op als „CSV "
                    "UTF-8 (door komma's gescheiden)”."
                ),
            )
        )
        return None
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        report.problems.append(
            ImportProblem(
                line,
                None,
                ImportCode.NOT_TEXT,
                _(
                    "Het bestand bevat nul-bytes en is dus geen tekstbestand (een spreadsheet, "
                    "PDF of UTF-16-tekst?). Lever een CSV-bestand in UTF-8."
                ),
            )
        )
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        report.problems.append(
            ImportProblem(
                line,
                None,
                ImportCode.NOT_UTF8,
                _(
                    "Het bestand is geen geldige UTF-8-tekst: regel %(line)d bevat byte "
                    "0x%(byte)02X (waarschijnlijk Windows-1252 of Latin-1, bijvoorbeeld een é). "
                    "Sla het bestand op als „CSV UTF-8 (door komma's gescheiden)” en probeer het "
                    "opnieuw."
                )
                % {"line": line, "byte": data[exc.start]},
            )
        )
        return None


def _delimiter(text: str) -> str:
    first = text.split("\n", 1)[0]
    return ";" if first.count(";") > first.count(",") else ","


def _records(text: str, report: ImportReport) -> Iterator[list[str]]:
    """The file's records; stops at the first CSV syntax error (reported)."""
    limit = csv.field_size_limit()
    csv.field_size_limit(MAX_CELL + 1)
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text), strict=True)
        record_number = 0
        while True:
            try:
                record = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                message = str(exc)
                if "field larger than field limit" in message:
                    text_ = _("Een cel is langer dan %(max)d tekens.") % {"max": MAX_CELL}
                    code = ImportCode.CELL_TOO_LONG
                else:
                    text_ = _(
                        "Het CSV-formaat klopt niet (%(detail)s); controleer de aanhalingstekens."
                    ) % {"detail": message}
                    code = ImportCode.CSV_ERROR
                report.problems.append(ImportProblem(record_number + 1, None, code, text_))
                return
            record_number += 1
            yield record
    finally:
        csv.field_size_limit(limit)


def _check_header(header: list[str], report: ImportReport) -> list[str] | None:
    names = [h.strip().lower() for h in header]
    seen: set[str] = set()
    for name in names:
        if name in seen:
            report.problems.append(
                ImportProblem(
                    1, name, ImportCode.DUPLICATE_COLUMN, _("Deze kolom staat er twee keer in.")
                )
            )
        seen.add(name)
        if name not in COLUMN_BY_NAME:
            report.problems.append(
                ImportProblem(
                    1,
                    name[:40] or _("(leeg)"),
                    ImportCode.UNKNOWN_COLUMN,
                    _("Onbekende kolom. Toegestaan: %(names)s.")
                    % {"names": ", ".join(c.name for c in COLUMNS)},
                )
            )
    for column in COLUMNS:
        if column.required and column.name not in seen:
            report.problems.append(
                ImportProblem(
                    1, column.name, ImportCode.MISSING_COLUMN, _("Deze verplichte kolom ontbreekt.")
                )
            )
    return None if report.problems else names


# -- rows → meldingen ---------------------------------------------------------------------------


@dataclass
class _Group:
    reference: str
    first_row: int
    cells: dict[str, str]
    melding: dict[str, Any] = field(default_factory=dict)
    persons: list[dict[str, Any]] = field(default_factory=list)
    person_rows: list[int] = field(default_factory=list)


def _parse_cell(column: Column, raw: str) -> Any:
    value = raw.strip()
    if column.kind == "moment":
        return parse_moment(value) if value else None
    if column.kind == "date":
        return parse_date(value) if value else None
    if column.kind == "bool":
        return parse_bool(value)
    if column.kind == "labels":
        codes = [c.upper() for c in _LABEL_SPLIT.split(value) if c]
        unknown = [c for c in codes if c not in Melding.LABEL_FIELDS]
        if unknown:
            raise ParseError(
                Code.INVALID_CHOICE,
                _("„%(code)s” is geen label; kies uit %(labels)s.")
                % {
                    "code": unknown[0][:30],
                    "labels": ", ".join(str(k) for k in Melding.LABEL_FIELDS),
                },
            )
        return codes
    return value


def _cell_problems(row: int, column: str, raw: str) -> list[ImportProblem]:
    """Control characters and spreadsheet formulas in any cell, whatever its column."""
    found = []
    for code, message in validation.text_problems(raw, multiline=True, max_length=MAX_CELL + 1):
        if code in (Code.CONTROL_CHARACTER, Code.FORMULA):
            found.append(ImportProblem(row, column, code, message))
    return found


def check_file(
    path: Path,
    *,
    user,
    organisation=None,
    progress: TextIO | None = None,
) -> tuple[ImportReport, list[_Group]]:
    """Read and check the file; nothing is stored."""
    report = ImportReport(path=str(path))
    refused = validation.check_may_record(user=user, organisation=organisation)
    if refused:
        report.problems += [ImportProblem(None, None, p.code, p.message) for p in refused]
        return report, []
    if not path.is_file():
        report.problems.append(
            ImportProblem(
                None,
                None,
                ImportCode.FILE_MISSING,
                _("Het bestand %(p)s bestaat niet.") % {"p": path},
            )
        )
        return report, []
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        report.problems.append(
            ImportProblem(
                None,
                None,
                ImportCode.FILE_TOO_LARGE,
                _("Het bestand is %(size)s MB; het maximum is %(max)d MB. Splits het bestand.")
                % {
                    "size": f"{size / 1024 / 1024:.1f}".replace(".", ","),
                    "max": MAX_FILE_BYTES // 1024 // 1024,
                },
            )
        )
        return report, []
    text = _decode(path.read_bytes(), report)
    if text is None:
        return report, []
    records = _records(text, report)
    header = next(records, None)
    if header is None:
        if not report.problems:
            report.problems.append(
                ImportProblem(None, None, ImportCode.FILE_EMPTY, _("Het bestand is leeg."))
            )
        return report, []
    names = _check_header(header, report)
    if names is None:
        return report, []

    rows: list[tuple[int, list[str]]] = []
    for number, record in enumerate(records, start=2):
        if not any(cell.strip() for cell in record):
            continue  # a blank line, as spreadsheets leave at the end
        if len(rows) >= MAX_ROWS:
            report.problems.append(
                ImportProblem(
                    number,
                    None,
                    ImportCode.TOO_MANY_ROWS,
                    _("Het bestand heeft meer dan %(max)s rijen. Splits het bestand.")
                    % {"max": f"{MAX_ROWS:,}".replace(",", ".")},
                )
            )
            return report, []
        rows.append((number, record))
    if report.problems:  # a CSV syntax error ended the reading
        return report, []
    if not rows:
        report.problems.append(
            ImportProblem(
                None, None, ImportCode.NO_ROWS, _("Het bestand heeft geen rijen onder de kopregel.")
            )
        )
        return report, []
    report.rows = len(rows)

    bar = Progress(_("Controleren"), len(rows), progress)
    groups: dict[str, _Group] = {}
    seen_rows: dict[tuple[str, ...], int] = {}
    melding_names = [n for n in names if COLUMN_BY_NAME[n].level == "melding"]
    for done, (number, record) in enumerate(rows, start=1):
        bar.update(done)
        if len(record) != len(names):
            report.problems.append(
                ImportProblem(
                    number,
                    None,
                    ImportCode.FIELD_COUNT,
                    _("Deze rij heeft %(n)d cellen; de kopregel %(m)d.")
                    % {"n": len(record), "m": len(names)},
                )
            )
            continue
        cells = dict(zip(names, record, strict=True))
        key = tuple(cell.strip() for cell in record)
        if key in seen_rows:
            report.problems.append(
                ImportProblem(
                    number,
                    None,
                    ImportCode.DUPLICATE_ROW,
                    _("Deze rij is gelijk aan rij %(n)d.") % {"n": seen_rows[key]},
                )
            )
            continue
        seen_rows[key] = number
        row_problems = [p for name, raw in cells.items() for p in _cell_problems(number, name, raw)]
        report.problems += row_problems
        if row_problems:
            continue
        parsed: dict[str, Any] = {}
        for name, raw in cells.items():
            column = COLUMN_BY_NAME[name]
            try:
                parsed[name] = _parse_cell(column, raw)
            except ParseError as exc:
                report.problems.append(ImportProblem(number, name, exc.code, exc.message))
        reference = cells["kenmerk"].strip()
        if not reference:
            report.problems.append(
                ImportProblem(
                    number, "kenmerk", Code.REQUIRED, _("Vul het kenmerk van de melding in.")
                )
            )
            continue
        melding_cells = {n: cells[n].strip() for n in melding_names}
        group = groups.get(reference)
        if group is None:
            group = groups[reference] = _Group(
                reference=reference, first_row=number, cells=melding_cells
            )
            group.melding = _melding_values(parsed, melding_names)
        else:
            for name in melding_names:
                if melding_cells[name] != group.cells[name]:
                    report.problems.append(
                        ImportProblem(
                            number,
                            name,
                            ImportCode.MELDING_DIFFERS,
                            _(
                                "Wijkt af van rij %(first)d, terwijl beide rijen over "
                                "melding %(ref)s gaan. Gegevens van de melding moeten op elke "
                                "rij gelijk zijn."
                            )
                            % {"first": group.first_row, "ref": reference[:40]},
                        )
                    )
        person = {
            COLUMN_BY_NAME[n].field: parsed.get(n)
            for n in names
            if COLUMN_BY_NAME[n].level == "persoon"
        }
        if any(cells[n].strip() for n in names if COLUMN_BY_NAME[n].level == "persoon"):
            group.persons.append(
                {k: ("" if v is None and k != "date_of_birth" else v) for k, v in person.items()}
            )
            group.person_rows.append(number)
    bar.finish()

    _check_meldingen(list(groups.values()), user=user, report=report)
    report.meldingen = len(groups)
    report.persons = sum(len(g.persons) for g in groups.values())
    report.problems.sort(key=lambda p: (p.row or 0, p.column or ""))
    return report, list(groups.values())


def _melding_values(parsed: dict[str, Any], names: list[str]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for name in names:
        column = COLUMN_BY_NAME[name]
        value = parsed.get(name)
        if column.kind == "labels":
            for code, label_field in Melding.LABEL_FIELDS.items():
                values[label_field] = code in (value or [])
        elif value is not None:
            values[column.field] = value
    return values


def _check_meldingen(groups: list[_Group], *, user, report: ImportReport) -> None:
    """Each melding against the intake rules, and the kenmerken against the database."""
    references = [g.reference for g in groups]
    taken: set[str] = set()
    for i in range(0, len(references), 500):
        taken |= set(
            Melding.objects.filter(reference__in=references[i : i + 500]).values_list(
                "reference", flat=True
            )
        )
    unreadable = {p.row for p in report.problems}
    for group in groups:
        judge = not unreadable.intersection([group.first_row, *group.person_rows])
        if group.reference in taken:
            report.problems.append(
                ImportProblem(
                    group.first_row,
                    "kenmerk",
                    Code.REFERENCE_TAKEN,
                    _("Er is al een melding met kenmerk %(ref)s.") % {"ref": group.reference[:40]},
                )
            )
        if not judge:
            continue  # a row could not be read: the melding is judged once it can be
        try:
            validation.validate_intake(
                user=user,
                organisation=user.organisation,
                melding=group.melding,
                persons=group.persons,
                check_reference=False,
            )
        except IntakeError as exc:
            report.problems += [_import_problem(group, p) for p in exc.problems]


def _import_problem(group: _Group, problem: Problem) -> ImportProblem:
    if problem.person is not None:
        column = PERSON_COLUMN_BY_FIELD.get(problem.field)
        return ImportProblem(
            group.person_rows[problem.person],
            column.name if column else None,
            problem.code,
            problem.message,
        )
    column = MELDING_COLUMN_BY_FIELD.get(problem.field)
    if problem.field.startswith("label_"):
        column = COLUMN_BY_NAME["labels"]
    name = column.name if column else ("rol" if problem.field == "persons" else None)
    message = problem.message
    if problem.field == "persons":
        message = _("Melding %(ref)s: %(m)s") % {"ref": group.reference[:40], "m": message}
    return ImportProblem(group.first_row, name, problem.code, message)


def import_file(
    path: Path,
    *,
    user,
    organisation=None,
    dry_run: bool = False,
    progress: TextIO | None = None,
    on_stored: Callable[[Melding], None] | None = None,
) -> ImportReport:
    """Check the file and, when it has no problems and this is no dry run, store every melding
    in one transaction (all or nothing)."""
    report, groups = check_file(path, user=user, organisation=organisation, progress=progress)
    if not report.ok or dry_run:
        return report
    from voorop.meldingen.services import melding_record

    bar = Progress(_("Opslaan"), len(groups), progress)
    try:
        with transaction.atomic():
            for done, group in enumerate(groups, start=1):
                melding = melding_record(
                    user=user, melding=group.melding, persons=group.persons, channel="IMPORT"
                )
                report.references.append(melding.reference)
                if on_stored is not None:
                    on_stored(melding)
                bar.update(done)
    except IntakeError as exc:
        # The database changed between checking and storing (e.g. a kenmerk taken meanwhile).
        report.references = []
        report.problems += [_import_problem(group, p) for p in exc.problems]
        return report
    bar.finish()
    report.stored = True
    return report
