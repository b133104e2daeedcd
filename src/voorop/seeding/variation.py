"""How a person's identity comes out in a report: the same person, written down differently.

Each source has its own habits. Police registrations often carry only the roepnaam, miss a
date of birth and rarely a BSN; Veilig Thuis records full given names and more often the BSN;
a hospital report knows the child's BSN and date of birth. Everyone sometimes makes a typo,
writes the tussenvoegsel inside the surname ("van den Berg" as surname) or with a capital,
swaps day and month of a date of birth, or still uses the address the person has moved from.
A married woman is sometimes recorded under her partner's surname, a child under the other
parent's surname. These are the variations the linkage work has to cope with.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date

from voorop.seeding.plans import ExternalPerson, MentionPlan, PersonPlan
from voorop.seeding.pools import AddressPlan, surname_alone

POLICE = "POL"
VEILIG_THUIS = "VT"
HOSPITAL = "ZH"

# Prefix presentations: separate field, inside surname, inside surname with capital,
# capitalised prefix field ("Van Den"), dropped, register style ("Berg, van den").
_PREFIX_MODES = ("separate", "merged", "merged_cap", "prefix_cap", "dropped", "register")


@dataclass(frozen=True, slots=True)
class SourceProfile:
    full_given: float
    initials: float
    typo_given: float
    typo_surname: float
    swap_names: float
    prefix_modes: tuple[int, ...]
    upper_surname: float
    dob_missing_adult: float
    dob_missing_child: float
    dob_swap: float
    dob_year_typo: float
    sex_missing: float
    bsn_adult: float
    bsn_child: float
    bsn_typo: float
    address_missing: float
    old_address: float
    partner_name: float
    child_other_surname: float


PROFILES = {
    POLICE: SourceProfile(
        full_given=0.30,
        initials=0.08,
        typo_given=0.05,
        typo_surname=0.06,
        swap_names=0.02,
        prefix_modes=(45, 30, 10, 5, 6, 4),
        upper_surname=0.04,
        dob_missing_adult=0.12,
        dob_missing_child=0.25,
        dob_swap=0.03,
        dob_year_typo=0.01,
        sex_missing=0.08,
        bsn_adult=0.22,
        bsn_child=0.10,
        bsn_typo=0.02,
        address_missing=0.05,
        old_address=0.35,
        partner_name=0.05,
        child_other_surname=0.10,
    ),
    VEILIG_THUIS: SourceProfile(
        full_given=0.55,
        initials=0.04,
        typo_given=0.03,
        typo_surname=0.04,
        swap_names=0.01,
        prefix_modes=(65, 20, 6, 3, 4, 2),
        upper_surname=0.01,
        dob_missing_adult=0.20,
        dob_missing_child=0.06,
        dob_swap=0.02,
        dob_year_typo=0.01,
        sex_missing=0.03,
        bsn_adult=0.50,
        bsn_child=0.60,
        bsn_typo=0.01,
        address_missing=0.08,
        old_address=0.25,
        partner_name=0.04,
        child_other_surname=0.08,
    ),
    HOSPITAL: SourceProfile(
        full_given=0.75,
        initials=0.02,
        typo_given=0.02,
        typo_surname=0.02,
        swap_names=0.005,
        prefix_modes=(75, 15, 5, 2, 2, 1),
        upper_surname=0.0,
        dob_missing_adult=0.30,
        dob_missing_child=0.01,
        dob_swap=0.01,
        dob_year_typo=0.005,
        sex_missing=0.01,
        bsn_adult=0.30,
        bsn_child=0.85,
        bsn_typo=0.005,
        address_missing=0.02,
        old_address=0.15,
        partner_name=0.02,
        child_other_surname=0.05,
    ),
}

_PHONETIC = (
    ("ij", "y"),
    ("y", "ij"),
    ("ei", "ij"),
    ("ou", "au"),
    ("au", "ou"),
    ("dt", "t"),
    ("ck", "k"),
    ("c", "k"),
    ("k", "c"),
    ("ph", "f"),
    ("th", "t"),
    ("ie", "i"),
    ("ee", "e"),
    ("aa", "a"),
    ("oo", "o"),
    ("s", "z"),
    ("z", "s"),
    ("sch", "s"),
    ("ssen", "sen"),
    ("sen", "ssen"),
    ("é", "e"),
    ("ë", "e"),
)
_KEYBOARD = {
    "a": "qsz",
    "b": "vn",
    "c": "xv",
    "d": "sf",
    "e": "wr",
    "f": "dg",
    "g": "fh",
    "h": "gj",
    "i": "uo",
    "j": "hk",
    "k": "jl",
    "l": "k",
    "m": "n",
    "n": "bm",
    "o": "ip",
    "p": "o",
    "r": "et",
    "s": "ad",
    "t": "ry",
    "u": "yi",
    "v": "cb",
    "w": "qe",
    "y": "tu",
    "z": "x",
}


def typo(value: str, rng: random.Random) -> str:
    """One plausible slip of the pen or ear: a Dutch spelling variant, swapped, dropped,
    doubled or neighbouring key. The result differs from ``value`` and is never empty."""
    if len(value) < 3:
        return value
    for _ in range(6):
        roll = rng.random()
        lower = value.lower()
        result = value
        if roll < 0.35:
            candidates = [(a, b) for a, b in _PHONETIC if a in lower[1:]]
            if candidates:
                a, b = rng.choice(candidates)
                i = lower.index(a, 1)
                result = value[:i] + b + value[i + len(a) :]
        elif roll < 0.55:
            i = rng.randrange(1, len(value) - 1)
            result = value[:i] + value[i + 1] + value[i] + value[i + 2 :]
        elif roll < 0.70:
            i = rng.randrange(1, len(value))
            result = value[:i] + value[i + 1 :]
        elif roll < 0.85:
            i = rng.randrange(1, len(value))
            result = value[:i] + value[i] + value[i:]
        else:
            i = rng.randrange(1, len(value))
            near = _KEYBOARD.get(value[i].lower())
            if near:
                result = value[:i] + rng.choice(near) + value[i + 1 :]
        if result != value and result.strip():
            return result
    return value


def _given(person_given: str, profile: SourceProfile, rng: random.Random) -> str:
    names = person_given.split()
    if not names:
        return ""
    roll = rng.random()
    if roll < profile.initials:
        given = ".".join(n[0] for n in names) + "."
    elif roll < profile.initials + profile.full_given:
        given = person_given
    else:
        given = names[0]
    if len(given) > 3 and rng.random() < profile.typo_given:
        given = typo(given, rng)
    return given


def _surname(
    prefix: str, surname: str, profile: SourceProfile, rng: random.Random
) -> tuple[str, str]:
    if rng.random() < profile.typo_surname:
        surname = typo(surname, rng)
    if prefix:
        mode = rng.choices(_PREFIX_MODES, weights=profile.prefix_modes)[0]
        if mode == "merged":
            prefix, surname = "", f"{prefix} {surname}"
        elif mode == "merged_cap":
            prefix, surname = "", surname_alone(prefix, surname)
        elif mode == "prefix_cap":
            prefix = " ".join(p[:1].upper() + p[1:] for p in prefix.split())
        elif mode == "dropped":
            prefix = ""
        elif mode == "register":
            prefix, surname = "", f"{surname}, {prefix}"
    if rng.random() < profile.upper_surname:
        surname = surname.upper()
    return prefix, surname


def _dob(dob: date | None, child: bool, profile: SourceProfile, rng: random.Random) -> date | None:
    if dob is None:
        return None
    if rng.random() < (profile.dob_missing_child if child else profile.dob_missing_adult):
        return None
    roll = rng.random()
    if roll < profile.dob_swap and dob.day <= 12 and dob.day != dob.month:
        return dob.replace(month=dob.day, day=dob.month)
    if roll < profile.dob_swap + profile.dob_year_typo:
        delta = rng.choice((-1, -10) if child else (-1, 1, -10, 10))
        try:
            return dob.replace(year=dob.year + delta)
        except ValueError:  # 29 February
            return dob.replace(year=dob.year + delta, day=28)
    return dob


def _bsn(bsn: str | None, child: bool, profile: SourceProfile, rng: random.Random) -> str:
    if not bsn or rng.random() >= (profile.bsn_child if child else profile.bsn_adult):
        return ""
    if rng.random() < profile.bsn_typo:
        i = rng.randrange(8)
        if bsn[i] != bsn[i + 1]:
            return bsn[:i] + bsn[i + 1] + bsn[i] + bsn[i + 2 :]
    return bsn


def _address(address: AddressPlan | None, rng: random.Random) -> tuple[str, str, str, str]:
    if address is None:
        return "", "", "", ""
    street, number, postcode, city = (
        address.street,
        address.house_number,
        address.postcode,
        address.city,
    )
    roll = rng.random()
    if roll < 0.25:
        postcode = f"{postcode[:4]} {postcode[4:]}"
    elif roll < 0.28:
        postcode = postcode.lower()
    if not number.isdigit() and rng.random() < 0.4:
        digits = number.rstrip("ABC").split("-")[0]
        suffix = number[len(digits) :].lstrip("-")
        if suffix.isalpha():
            number = rng.choice(
                (f"{digits}{suffix.lower()}", f"{digits} {suffix}", f"{digits}-{suffix}")
            )
        else:
            number = f"{digits} {suffix}"
    if street.endswith("straat") and rng.random() < 0.05:
        street = street[: -len("straat")] + "str."
    if rng.random() < 0.04:
        city = city.upper()
    return street, number, postcode, city


def report_person(
    rng: random.Random, person: PersonPlan, role: str, source: str, day: date
) -> MentionPlan:
    """The mention of a true family member in a report from ``source`` on ``day``."""
    profile = PROFILES[source]
    child = person.age_at(day) < 18
    given = _given(person.given_names, profile, rng)
    prefix, surname = person.prefix, person.surname
    roll = rng.random()
    if person.partner is not None and person.sex == "V" and roll < profile.partner_name:
        if rng.random() < 0.6:
            prefix, surname = person.partner.prefix, person.partner.surname
        else:  # partner's name followed by her own: "Jansen-de Vries"
            own = " ".join(p for p in (person.prefix, person.surname) if p)
            prefix, surname = (
                "",
                f"{surname_alone(person.partner.prefix, person.partner.surname)}-{own}",
            )
    elif child and person.other_parent_name and roll < profile.child_other_surname:
        prefix, surname = person.other_parent_name
    prefix, surname = _surname(prefix, surname, profile, rng)
    if rng.random() < profile.swap_names:
        given, surname = " ".join(p for p in (prefix, surname) if p), given
        prefix = ""
    address = None
    if rng.random() >= profile.address_missing * (3 if child else 1):
        address = person.address_at(day)
        if rng.random() < profile.old_address:
            address = person.previous_address(day) or address
    street, number, postcode, city = _address(address, rng)
    return MentionPlan(
        role=role,
        truth_key=person.key,
        person=person,
        given_names=given,
        prefix=prefix,
        surname=surname,
        date_of_birth=_dob(person.date_of_birth, child, profile, rng),
        sex="O" if rng.random() < profile.sex_missing else person.sex,
        bsn=_bsn(person.bsn, child, profile, rng),
        street=street,
        house_number=number,
        postcode=postcode,
        city=city,
    )


def report_external(
    rng: random.Random, person: ExternalPerson, role: str, source: str
) -> MentionPlan:
    """The mention of someone outside the family (a neighbour reporting, a witness)."""
    profile = PROFILES[source]
    prefix, surname = _surname(person.prefix, person.surname, profile, rng)
    street, number, postcode, city = _address(person.address, rng)
    dob = person.date_of_birth if rng.random() < 0.5 else None
    return MentionPlan(
        role=role,
        truth_key=person.key,
        person=None,
        given_names=_given(person.given_names, profile, rng),
        prefix=prefix,
        surname=surname,
        date_of_birth=dob,
        sex=person.sex,
        street=street,
        house_number=number,
        postcode=postcode,
        city=city,
    )
