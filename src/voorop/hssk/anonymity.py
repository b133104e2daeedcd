"""Keeping the anonymous consultation anonymous.

In step 2 the case is discussed *without identifying data* until the initiator decides to
proceed. The structured facts (age band, kinds of injury, who reported — as a kind) identify
nobody by construction; the free texts (circumstances, question, the partners' views, the
reason not to proceed) are checked here before they are stored.

Two checks, with a reason each:

- **Patterns anyone could type** — a BSN or other long number, a postcode, a full date with a
  year (a date of birth looks like any other date), a phone number, an e-mail address, a
  street with a house number. Applied to every text in the anonymous phase, whoever writes it.
- **The identity the initiator knows** — the names, BSNs, dates of birth, streets and
  postcodes of the persons in the initiator's melding and of the family's members, and the
  melding's and family system's references. Applied only to the initiator's own texts: telling
  the police "this text contains a name of the family" when they typed a guess would confirm
  the guess, so their texts get the pattern check alone.

The refusal names the fragment only to the initiator (who knows the identity anyway).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

MONTHS = (
    "januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december|"
    "jan|feb|mrt|apr|jun|jul|aug|sep|sept|okt|nov|dec"
)
#: Name particles that are not a name on their own.
PARTICLES = frozenset(
    [
        "van",
        "de",
        "der",
        "den",
        "het",
        "ter",
        "ten",
        "te",
        "la",
        "le",
        "el",
        "al",
        "bin",
        "ben",
        "da",
        "do",
        "dos",
        "du",
        "op",
        "in",
        "'t",
    ]
)
MIN_NAME_LENGTH = 3

PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("e-mailadres", re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")),
    ("telefoonnummer", re.compile(r"(?<!\d)(\+31|0031|0)[\s-]?\d([\s-]?\d){8}(?!\d)")),
    ("nummer", re.compile(r"(?<![\d.])\d{4}\.?\d{2}\.?\d{2,3}(?![\d])")),
    # Not "2023 OM" or "2024 VT"; SA, SD and SS are never used in postcodes.
    ("postcode", re.compile(r"\b[1-9]\d{3}\s?(?!(OM|VT|SA|SD|SS)\b)[A-Z]{2}\b")),
    (
        "datum",
        re.compile(
            r"\b(\d{1,2}[-/.]\d{1,2}[-/.](\d{4}|\d{2})|(19|20)\d{2}-\d{1,2}-\d{1,2}|"
            rf"\d{{1,2}}\s+({MONTHS})\.?\s+(19|20)\d{{2}})\b",
            re.IGNORECASE,
        ),
    ),
    (
        "adres",
        re.compile(
            r"\b[A-Za-z][\w'-]*(straat|laan|weg|plein|gracht|kade|singel|dijk|hof|park|dreef|"
            r"steeg|pad|plantsoen|erf|markt|baan|veld|wal|kwartier|hoven)\s+\d+",
            re.IGNORECASE,
        ),
    ),
)


def _fold(text: str) -> str:
    """Lower case without accents: "Yılmaz" and "yilmaz", "Émile" and "emile" match."""
    decomposed = unicodedata.normalize("NFKD", text.replace("ı", "i"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def _words(text: str) -> list[str]:
    return re.findall(r"[\w']+", _fold(text))


@dataclass(frozen=True)
class Finding:
    kind: str  # "naam", "BSN", "postcode", "datum", …
    fragment: str


@dataclass(frozen=True)
class KnownIdentity:
    """What the initiator knows about whom the case is about, folded for matching."""

    names: frozenset[str] = frozenset()
    numbers: frozenset[str] = frozenset()  # BSNs, house numbers are not kept (too common)
    dates: frozenset[str] = frozenset()  # "14-3-1988", "1988-03-14", "14 maart 1988" folded
    streets: frozenset[str] = frozenset()
    postcodes: frozenset[str] = frozenset()  # "3511ab"
    references: frozenset[str] = frozenset()

    @classmethod
    def build(
        cls,
        *,
        people: Iterable[Mapping[str, Any]],
        references: Iterable[str] = (),
    ) -> KnownIdentity:
        """``people``: dicts with given_names, prefix, surname, bsn, date_of_birth, street,
        postcode (any may be missing or empty)."""
        names: set[str] = set()
        numbers: set[str] = set()
        dates: set[str] = set()
        streets: set[str] = set()
        postcodes: set[str] = set()
        for person in people:
            for part in ("given_names", "surname"):
                for word in _words(person.get(part) or ""):
                    if len(word) >= MIN_NAME_LENGTH and word not in PARTICLES:
                        names.add(word)
            if person.get("bsn"):
                numbers.add(re.sub(r"\D", "", person["bsn"]))
            born = person.get("date_of_birth")
            if born:
                dates |= _date_forms(born)
            street = _fold(person.get("street") or "").strip()
            if len(street) >= MIN_NAME_LENGTH:
                streets.add(street)
            postcode = re.sub(r"\s", "", _fold(person.get("postcode") or ""))
            if postcode:
                postcodes.add(postcode)
        return cls(
            names=frozenset(names),
            numbers=frozenset(numbers),
            dates=frozenset(dates),
            streets=frozenset(streets),
            postcodes=frozenset(postcodes),
            references=frozenset(_fold(r) for r in references if r),
        )


_MONTH_NAMES = MONTHS.split("|")[:12]


def _date_forms(day) -> set[str]:
    d, m, y = day.day, day.month, day.year
    forms = {
        f"{d}-{m}-{y}",
        f"{d:02d}-{m:02d}-{y}",
        f"{y}-{m:02d}-{d:02d}",
        f"{d}-{m}-{y % 100:02d}",
        f"{d:02d}-{m:02d}-{y % 100:02d}",
        f"{d} {_MONTH_NAMES[m - 1]} {y}",
    }
    return {form.replace("/", "-").replace(".", "-") for form in forms}


def findings(text: str, known: KnownIdentity | None = None) -> list[Finding]:
    """What in ``text`` could identify a person (empty: nothing found)."""
    found: list[Finding] = []
    for kind, pattern in PATTERNS:
        found += [Finding(kind, m.group(0)) for m in pattern.finditer(text)]
    if known is None:
        return found
    folded = _fold(text)
    words = _words(text)
    found += [Finding("naam", w) for w in words if w in known.names]
    digits = re.sub(r"[\s.]", "", folded)
    found += [Finding("BSN", n) for n in known.numbers if n and n in digits]
    normalised_dates = re.sub(r"[/.]", "-", folded)
    found += [Finding("geboortedatum", d) for d in known.dates if d in normalised_dates]
    found += [
        Finding("straat", s) for s in known.streets if re.search(rf"\b{re.escape(s)}\b", folded)
    ]
    compact = re.sub(r"\s", "", folded)
    found += [Finding("postcode", p) for p in known.postcodes if p in compact]
    found += [Finding("kenmerk", r) for r in known.references if r in folded]
    return found


def message(found: list[Finding], *, reveal: bool) -> str:
    """The Dutch refusal. ``reveal``: name the fragments (only to the initiator)."""
    base = _(
        "Deze tekst bevat gegevens die een persoon kunnen identificeren. In het anonieme "
        "overleg staan geen namen, BSN, geboortedata, adressen, postcodes, telefoonnummers of "
        "kenmerken: beschrijf de casus zonder (bijvoorbeeld 'de moeder', 'vorige week')."
    )
    if not reveal:
        return base
    kinds = sorted({f"{f.kind} '{f.fragment}'" for f in found})
    return base + " " + _("Gevonden: %(what)s.") % {"what": ", ".join(kinds)}
