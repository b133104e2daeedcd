"""Dutch-aware normalisation of a reported identity into the fields the linkage model compares.

The same person comes out of reports written differently: "Van den Berg", "van den Berg",
"Berg, van den", "VAN DEN BERG", "Berg" (prefix dropped); "Jansen-de Vries" for a married woman
who is "de Vries" elsewhere; "J.P." for "Jan Pieter"; 03-05 for 05-03; "1234 ab" for "1234AB".
Everything here is a pure function of one record, shared by the batch pipeline (applied to the
distinct values of a column) and by online linkage (applied to one mention), so both compare
exactly the same things.

Rules:
- Text is lowercased, diacritics are stripped ("Ayşe" → "ayse", "Müller" → "muller"), and
  anything but letters, digits, spaces, hyphens and apostrophes is dropped.
- The tussenvoegsel (van, de, van der, in 't, ter, …) is split off the surname wherever it was
  written: in the prefix field, in front of the surname or behind it after a comma (register
  style). The prefix is not compared: it is dropped or moved too often to carry evidence.
- A double surname ("Jansen-de Vries") keeps all its parts: the comparison counts a shared part
  as partial agreement, so the woman recorded under her partner's name and her own still meets.
- Given names give the first given name and the initials; a record with only initials ("J.P.")
  is marked as such and can only agree on initials.
- The phonetic key folds Dutch spelling variants (ij/ei/y, au/ou, dt/d/t, c/k, ph/f, s/z, sch,
  double letters) so that "Meijer", "Meyer" and "Meier" meet.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from voorop.persons.bsn import is_valid_bsn

#: Words that make up a Dutch (or Flemish, French, German, Portuguese …) tussenvoegsel.
PREFIX_WORDS = frozenset(
    {
        "van",
        "de",
        "der",
        "den",
        "het",
        "'t",
        "t",
        "in",
        "te",
        "ten",
        "ter",
        "op",
        "uit",
        "uijt",
        "aan",
        "bij",
        "onder",
        "over",
        "voor",
        "la",
        "le",
        "les",
        "du",
        "des",
        "d'",
        "l'",
        "von",
        "zu",
        "vom",
        "zum",
        "da",
        "das",
        "do",
        "dos",
        "del",
        "della",
        "di",
        "el",
        "al",
        "vanden",
        "vander",
        "vande",
    }
)

_KEEP = re.compile(r"[^a-z0-9 ,'\-]")
_SPACES = re.compile(r"\s+")
_NON_ALNUM = re.compile(r"[^a-z0-9]")
_POSTCODE = re.compile(r"^([0-9]{4})([a-z]{2})$")


def fold(value: str | None) -> str:
    """Lowercase, strip diacritics; keep letters, digits, spaces, commas, hyphens, apostrophes."""
    if not value:
        return ""
    text = unicodedata.normalize("NFKD", value)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = text.replace("’", "'").replace("`", "'").replace(".", " ")
    text = _KEEP.sub(" ", text).replace(",", " , ")
    return _SPACES.sub(" ", text).strip()


def _is_prefix_word(token: str) -> bool:
    return token in PREFIX_WORDS


def split_surname(prefix: str | None, surname: str | None) -> tuple[str, list[str]]:
    """The tussenvoegsel and the surname parts (without tussenvoegsels) of a reported name.

    ``split_surname("", "Van den Berg") == ("van den", ["berg"])``;
    ``split_surname("", "Berg, van den") == ("van den", ["berg"])``;
    ``split_surname("", "Jansen-de Vries") == ("", ["jansen", "vries"])``.
    """
    prefix_words = fold(prefix).replace(",", " ").split()
    text = fold(surname)
    if " , " in f" {text} ":
        # Register style "Berg, van den": what follows the comma is the prefix.
        main, _, rest = text.partition(",")
        text = main.strip()
        prefix_words += [w for w in rest.split() if w]
    parts: list[str] = []
    leading = True
    for chunk in text.replace(" - ", "-").split("-"):
        tokens = [t for t in chunk.replace(",", " ").split() if t]
        # Drop tussenvoegsel words in front of each part, but keep the last token in any case.
        while len(tokens) > 1 and _is_prefix_word(tokens[0]):
            word = tokens.pop(0)
            if leading:
                prefix_words.append(word)
        leading = False
        core = "".join(tokens).replace("'", "")
        if core:
            parts.append(core)
    return " ".join(prefix_words), parts


def split_given(given_names: str | None) -> tuple[str, str, bool]:
    """First given name, initials and whether only initials were reported.

    ``split_given("Jan Pieter") == ("jan", "jp", False)``; ``split_given("J.P.") ==
    ("", "jp", True)``; ``split_given("JP") == ("", "jp", True)`` (two capitals, no vowels)."""
    raw = (given_names or "").strip()
    if not raw:
        return "", "", False
    compact = raw.replace(".", "").replace(" ", "")
    if (
        compact.isalpha()
        and compact.isupper()
        and 1 < len(compact) <= 4
        and "." not in raw
        and not any(v in compact for v in "AEIOUY")
    ):
        return "", compact.lower(), True
    tokens = fold(raw).replace("'", "").replace(",", " ").split()
    if not tokens:
        return "", "", False
    initials = "".join(t[0] for t in tokens)
    if all(len(t) == 1 for t in tokens):
        return "", initials, True
    first = next(t for t in tokens if len(t) > 1) if len(tokens[0]) == 1 else tokens[0]
    return first, initials, False


_PHONETIC_RULES = (
    ("sch", "s"),
    ("ij", "y"),
    ("ei", "y"),
    ("ey", "y"),
    ("au", "ou"),
    ("dt", "t"),
    ("ck", "k"),
    ("ch", "g"),
    ("ph", "f"),
    ("th", "t"),
    ("qu", "kw"),
    ("c", "k"),
    ("z", "s"),
    ("x", "ks"),
    ("ie", "i"),
    ("oe", "u"),
    ("ae", "a"),
    ("v", "f"),
    ("w", "v"),
    ("h", ""),
)


def phonetic(value: str) -> str:
    """A Dutch phonetic key: spelling variants that sound alike get the same key."""
    text = _NON_ALNUM.sub("", value)
    if not text:
        return ""
    for a, b in _PHONETIC_RULES:
        text = text.replace(a, b)
    text = re.sub(r"(.)\1+", r"\1", text)
    text = re.sub(r"d$", "t", text)
    return text or value[:1]


def postcode(value: str | None) -> str:
    """``"1234 ab"`` → ``"1234AB"``; other formats (foreign postcodes) are kept, folded."""
    text = _NON_ALNUM.sub("", fold(value))
    match = _POSTCODE.match(text)
    return f"{match.group(1)}{match.group(2).upper()}" if match else text.upper()


def house_number(value: str | None) -> str:
    """``"12 A"``, ``"12-a"`` and ``"12a"`` are one number: ``"12a"``."""
    return _NON_ALNUM.sub("", fold(value))


def dob_swapped(value: date | None) -> date | None:
    """The date with day and month swapped, when that is a different valid date."""
    if value is None or value.day > 12 or value.day == value.month:
        return None
    return value.replace(day=value.month, month=value.day)


def parse_date(value: str | None) -> date | None:
    """A YYYY-MM-DD date, or None when empty; ValueError when malformed."""
    if value is None or not value.strip():
        return None
    return date.fromisoformat(value.strip())


@dataclass(frozen=True, slots=True)
class Identity:
    """A reported identity in the form the model compares (all fields may be empty)."""

    given_full: str
    given1: str
    initials: str
    initials_only: bool
    given_phon: str
    surname: str
    surname_parts: tuple[str, ...]
    surname_phon: str
    dob: date | None
    dob_swap: date | None
    sex: str
    postcode: str
    house_number: str
    pc_hn: str
    bsn: str

    @property
    def birth_year(self) -> int | None:
        return self.dob.year if self.dob else None

    def as_row(self) -> dict[str, object]:
        """The same fields with the names and types of the batch pipeline's prepared table."""
        return {
            "given_full": self.given_full or None,
            "given1": self.given1 or None,
            "initials": self.initials or None,
            "initials_only": self.initials_only,
            "given_phon": self.given_phon or None,
            "surname": self.surname or None,
            "surname_parts": list(self.surname_parts) or None,
            "surname_phon": self.surname_phon or None,
            "dob": self.dob.isoformat() if self.dob else None,
            "dob_swap": self.dob_swap.isoformat() if self.dob_swap else None,
            "sex": self.sex or None,
            "pc": self.postcode or None,
            "pc_hn": self.pc_hn or None,
            "bsn": self.bsn or None,
        }


def normalise_sex(value: str | None) -> str:
    text = (value or "").strip().upper()[:1]
    return {"M": "M", "V": "V", "F": "V", "W": "V", "X": "X"}.get(text, "")


def normalise_given(given_names: str | None) -> tuple[str, str, str, bool, str]:
    """(given_full, given1, initials, initials_only, given_phon)."""
    given1, initials, initials_only = split_given(given_names)
    full = "" if initials_only else " ".join(fold(given_names).replace(",", " ").split())
    return full, given1, initials, initials_only, phonetic(given1) if given1 else ""


def normalise_surname(prefix: str | None, surname: str | None) -> tuple[str, tuple[str, ...], str]:
    """(surname, parts, phonetic key) — the surname without tussenvoegsel, parts joined."""
    _, parts = split_surname(prefix, surname)
    joined = " ".join(parts)
    return joined, tuple(parts), phonetic(joined.replace(" ", ""))


_INITIALS_ONLY = re.compile(r"([A-Za-z]\.\s*)+")
_NOT_A_TO_Z = re.compile(r"[^a-z]")


def _letters(value: str) -> str:
    text = unicodedata.normalize("NFKD", value)
    return _NOT_A_TO_Z.sub("", "".join(c for c in text if not unicodedata.combining(c)).lower())


def looks_swapped(
    given_names: str | None,
    surname: str | None,
    *,
    given1: str,
    surname_norm: str,
    given_counts: Mapping[str, int],
    surname_counts: Mapping[str, int],
) -> bool:
    """Whether given names and surname were written in each other's field ("Spiker" as given
    name, "Floris" as surname), judged by how often the values occur as first given name and
    as surname (``given_counts``, ``surname_counts``; normalised values):

    - the last given name is a common surname (≥ 3) and more than five times as common as a
      surname as the first given name is as a given name, and
    - the surname is only initials, or its first word is a common given name (≥ 3) and more
      than five times as common as a given name as the surname is as a surname.

    ``given1`` and ``surname_norm`` are the normalised fields as reported. The batch pipeline
    applies the same rule in SQL (``batch.SWAPPED_SQL``)."""
    given_raw = (given_names or "").strip()
    surname_raw = (surname or "").strip()
    if not given_raw or not surname_raw:
        return False
    surname_of_given = surname_counts.get(_letters(given_raw.split(" ")[-1]), 0)
    if surname_of_given < 3 or surname_of_given <= 5 * given_counts.get(given1, 0):
        return False
    if _INITIALS_ONLY.fullmatch(surname_raw):
        return True
    given_of_surname = given_counts.get(_letters(surname_raw.split(" ")[0]), 0)
    return given_of_surname >= 3 and given_of_surname > 5 * surname_counts.get(surname_norm, 0)


def normalise(
    *,
    given_names: str | None = "",
    prefix: str | None = "",
    surname: str | None = "",
    date_of_birth: date | None = None,
    sex: str | None = "",
    postcode_value: str | None = "",
    house_number_value: str | None = "",
    bsn: str | None = "",
    name_counts: tuple[Mapping[str, int], Mapping[str, int]] | None = None,
) -> Identity:
    """One reported identity, normalised. With ``name_counts`` (first-given-name and surname
    counts) given names and surname written in each other's field are swapped back
    (``looks_swapped``)."""
    given_full, given1, initials, initials_only, given_phon = normalise_given(given_names)
    surname_norm, parts, surname_phon = normalise_surname(prefix, surname)
    if name_counts is not None and looks_swapped(
        given_names,
        surname,
        given1=given1,
        surname_norm=surname_norm,
        given_counts=name_counts[0],
        surname_counts=name_counts[1],
    ):
        given_full, given1, initials, initials_only, given_phon = normalise_given(surname)
        surname_norm, parts, surname_phon = normalise_surname(prefix, given_names)
    pc = postcode(postcode_value)
    hn = house_number(house_number_value)
    bsn_clean = (bsn or "").strip()
    return Identity(
        given_full=given_full,
        given1=given1,
        initials=initials,
        initials_only=initials_only,
        given_phon=given_phon,
        surname=surname_norm,
        surname_parts=parts,
        surname_phon=surname_phon,
        dob=date_of_birth,
        dob_swap=dob_swapped(date_of_birth),
        sex=normalise_sex(sex),
        postcode=pc,
        house_number=hn,
        pc_hn=f"{pc}:{hn}" if pc and hn else "",
        bsn=bsn_clean if is_valid_bsn(bsn_clean) else "",
    )
