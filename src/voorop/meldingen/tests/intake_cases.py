"""One valid melding and the bad inputs of the intake issue, written once and sent through every
channel: the API (JSON), the web form (POST data) and the CSV import (a file).

A melding is a plain dict with the Dutch field names the API and the form share (``personen``
a list of dicts); ``as_json``, ``as_form_data`` and ``as_csv`` turn it into each channel's
format, and ``csv_location`` says where a problem at an API path shows up in the CSV report.
"""

from __future__ import annotations

import copy
import csv
import datetime as dt
import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from voorop.persons.bsn import is_valid_bsn


def valid_bsn(start: int) -> str:
    """The first BSN at or after ``start`` that passes the elfproef."""
    n = start
    while not is_valid_bsn(f"{n:09d}"):
        n += 1
    return f"{n:09d}"


BSN_VICTIM = valid_bsn(111222333)
BSN_SUSPECT = valid_bsn(222333444)
BSN_CHILD = valid_bsn(333444555)


def moment(hours: float) -> str:
    """A local time ``hours`` from now, as the Dutch write it: 14-03-2026 21:40."""
    at = timezone.localtime(timezone.now() + dt.timedelta(hours=hours))
    return at.strftime("%d-%m-%Y %H:%M")


def valid_melding(**overrides: Any) -> dict[str, Any]:
    """An acute police incident of domestic violence with a child present."""
    melding: dict[str, Any] = {
        "kenmerk": "BVH-2026-000123",
        "soort": "POLITIE_INCIDENT",
        "kanaal": "112",
        "voorgevallen_op": moment(-3),
        "ontvangen_op": moment(-2.9),
        "acuut": True,
        "labels": ["HG", "KM"],
        "verdachte_aangehouden": False,
        "letsel_bij_kind": False,
        "locatie": "Dorpsstraat 12",
        "postcode": "3511 AB",
        "plaats": "Utrecht",
        "toelichting": "Buren hoorden geschreeuw; moeder met blauwe plek, kind (8) aanwezig.",
        "personen": [
            {
                "rol": "SLACHTOFFER",
                "voornamen": "Eva",
                "tussenvoegsel": "van",
                "achternaam": "Dijk",
                "geboortedatum": "14-03-1988",
                "geslacht": "V",
                "bsn": BSN_VICTIM,
                "straat": "Dorpsstraat",
                "huisnummer": "12",
                "postcode": "3511 AB",
                "woonplaats": "Utrecht",
            },
            {
                "rol": "VERDACHTE",
                "voornamen": "Mark",
                "achternaam": "Bakker",
                "geboortedatum": "02-11-1985",
                "geslacht": "M",
                "bsn": BSN_SUSPECT,
            },
            {
                "rol": "KIND_AANWEZIG",
                "voornamen": "Noor",
                "tussenvoegsel": "van",
                "achternaam": "Dijk",
                "geboortedatum": "30-06-2017",
                "geslacht": "V",
            },
        ],
    }
    melding.update(overrides)
    return melding


# -- channels -------------------------------------------------------------------------------------


def as_json(melding: dict[str, Any]) -> dict[str, Any]:
    return copy.deepcopy(melding)


FORM_FLAGS = ("acuut", "verdachte_aangehouden", "letsel_bij_kind")


def as_form_data(melding: dict[str, Any], *, rows: int | None = None) -> dict[str, Any]:
    """POST data of /meldingen/nieuw/ (lists become repeated keys in the test client)."""
    persons = melding.get("personen", [])
    data: dict[str, Any] = {}
    for key, value in melding.items():
        if key == "personen":
            continue
        if key in FORM_FLAGS:
            if value:
                data[key] = "on"
        elif key == "labels":
            data[key] = list(value)
        else:
            data[key] = value
    total = max(rows or 0, len(persons))
    data |= {
        "personen-TOTAL_FORMS": str(total),
        "personen-INITIAL_FORMS": "0",
        "personen-MIN_NUM_FORMS": "0",
        "personen-MAX_NUM_FORMS": "50",
    }
    for index, person in enumerate(persons):
        for key, value in person.items():
            data[f"personen-{index}-{key}"] = value
    return data


CSV_MELDING_COLUMNS = (
    "kenmerk",
    "soort",
    "kanaal",
    "voorgevallen_op",
    "ontvangen_op",
    "acuut",
    "labels",
    "verdachte_aangehouden",
    "letsel_bij_kind",
    "locatie",
    "postcode",
    "plaats",
    "toelichting",
)
#: Person field (API/form name) → CSV column.
CSV_PERSON_COLUMNS = {
    "rol": "rol",
    "voornamen": "voornamen",
    "tussenvoegsel": "tussenvoegsel",
    "achternaam": "achternaam",
    "geboortedatum": "geboortedatum",
    "geslacht": "geslacht",
    "bsn": "bsn",
    "straat": "straat",
    "huisnummer": "huisnummer",
    "postcode": "persoon_postcode",
    "woonplaats": "woonplaats",
}
CSV_HEADER = (*CSV_MELDING_COLUMNS, *CSV_PERSON_COLUMNS.values())


def _csv_value(key: str, value: Any) -> str:
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if key == "labels":
        return "|".join(value)
    return "" if value is None else str(value)


def csv_rows(melding: dict[str, Any]) -> list[list[str]]:
    head = [_csv_value(k, melding.get(k, "")) for k in CSV_MELDING_COLUMNS]
    persons = melding.get("personen") or [{}]
    return [
        head + [_csv_value(k, person.get(k, "")) for k in CSV_PERSON_COLUMNS] for person in persons
    ]


def as_csv(*meldingen: dict[str, Any], delimiter: str = ";") -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    for melding in meldingen:
        writer.writerows(csv_rows(melding))
    return out.getvalue()


def csv_location(api_path: str, *, first_row: int = 2) -> tuple[int, str]:
    """Where a problem at ``api_path`` (``personen[1].bsn``, ``toelichting``) is reported in the
    CSV import of one melding starting at ``first_row``: (row, column)."""
    if api_path.startswith("personen["):
        index = int(api_path[len("personen[") : api_path.index("]")])
        field = api_path.split(".", 1)[1]
        return first_row + index, CSV_PERSON_COLUMNS[field]
    return first_row, api_path


def form_anchor(api_path: str) -> str:
    """The id the web form's error summary links to for ``api_path``."""
    if api_path.startswith("personen["):
        index = int(api_path[len("personen[") : api_path.index("]")])
        field = api_path.split(".", 1)[1]
        return f"id_personen-{index}-{field}"
    return f"id_{api_path}"


# -- the bad inputs of the issue ------------------------------------------------------------------


@dataclass(frozen=True)
class BadCase:
    id: str
    change: Callable[[dict[str, Any]], None]
    #: Where the problem is (API path) and its code.
    field: str
    code: str
    #: A piece of the Dutch message.
    message: str


def _set(path: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def change(melding: dict[str, Any]) -> None:
        if path.startswith("personen["):
            index = int(path[len("personen[") : path.index("]")])
            melding["personen"][index][path.split(".", 1)[1]] = value
        else:
            melding[path] = value

    return change


def _duplicate_person(melding: dict[str, Any]) -> None:
    melding["personen"].append(copy.deepcopy(melding["personen"][0]))


BAD_CASES: tuple[BadCase, ...] = (
    BadCase(
        "onmogelijke-datum",
        _set("voorgevallen_op", "31-02-2026 22:15"),
        "voorgevallen_op",
        "datum_ongeldig",
        "31-02-2026 is geen bestaande datum",
    ),
    BadCase(
        "onmogelijke-geboortedatum",
        _set("personen[2].geboortedatum", "30-02-2017"),
        "personen[2].geboortedatum",
        "datum_ongeldig",
        "30-02-2017 is geen bestaande datum",
    ),
    BadCase(
        "tijd-bestaat-niet",
        _set("voorgevallen_op", "29-03-2026 02:30"),
        "voorgevallen_op",
        "tijd_bestaat_niet",
        "bestaat niet in Nederlandse tijd",
    ),
    BadCase(
        "voorval-in-de-toekomst",
        _set("voorgevallen_op", moment(48)),
        "voorgevallen_op",
        "in_de_toekomst",
        "ligt in de toekomst",
    ),
    BadCase(
        "geboren-in-de-toekomst",
        _set("personen[2].geboortedatum", "01-01-2099"),
        "personen[2].geboortedatum",
        "in_de_toekomst",
        "ligt in de toekomst",
    ),
    BadCase(
        "ontvangen-voor-voorval",
        _set("ontvangen_op", moment(-30)),
        "ontvangen_op",
        "ontvangen_voor_voorval",
        "vóór het voorval",
    ),
    BadCase(
        "formule-in-naam",
        _set("personen[0].achternaam", '=HYPERLINK("http://evil.example","klik")'),
        "personen[0].achternaam",
        "formule",
        "spreadsheetformule",
    ),
    BadCase(
        "dde-formule-in-toelichting",
        _set("toelichting", "-2+3+cmd|' /C calc'!A0"),
        "toelichting",
        "formule",
        "spreadsheetformule",
    ),
    BadCase(
        "at-formule-in-locatie",
        _set("locatie", "@SUM(1+1)*cmd|' /C calc'!A0"),
        "locatie",
        "formule",
        "spreadsheetformule",
    ),
    BadCase(
        "script-in-toelichting",
        _set("toelichting", "Zie <script>alert('x')</script>"),
        "toelichting",
        "opmaak",
        "HTML-opmaak",
    ),
    BadCase(
        "sql-in-naam",
        _set("personen[1].achternaam", "Bakker'); DROP TABLE meldingen_melding;--"),
        "personen[1].achternaam",
        "ongeldige_tekens",
        "Een naam bestaat uit letters",
    ),
    BadCase(
        "stuurteken",
        _set("locatie", "Dorpsstraat\x0712"),
        "locatie",
        "stuurteken",
        "stuurteken",
    ),
    BadCase(
        "te-lang",
        _set("toelichting", "Lang verhaal. " * 800),
        "toelichting",
        "te_lang",
        "het maximum is 10000",
    ),
    BadCase(
        "bsn-elfproef",
        _set("personen[1].bsn", "123456789"),
        "personen[1].bsn",
        "bsn_ongeldig",
        "elfproef",
    ),
    BadCase(
        "dubbele-persoon",
        _duplicate_person,
        "personen[3].bsn",
        "persoon_dubbel",
        "staat al eerder in de melding",
    ),
    BadCase(
        "soort-niet-voor-politie",
        _set("soort", "VT_MELDING"),
        "soort",
        "soort_niet_voor_organisatie",
        "legt geen",
    ),
    BadCase(
        "onbekende-rol",
        _set("personen[0].rol", "BUURMAN"),
        "personen[0].rol",
        "ongeldige_keuze",
        "BUURMAN",
    ),
    BadCase(
        "postcode",
        _set("postcode", "35111AB"),
        "postcode",
        "postcode_ongeldig",
        "geen postcode",
    ),
)


def bad_melding(case: BadCase) -> dict[str, Any]:
    melding = valid_melding()
    case.change(melding)
    return melding
