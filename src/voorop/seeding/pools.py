"""Pools of Dutch names and addresses, drawn once from Faker (nl_NL) and then sampled.

Calling Faker per row is far too slow for 10,000 families, so Faker is used once, seeded, to
produce street names; names come from Faker's nl_NL lists, filtered to modern single-word
surnames, plus short lists of names common for older generations (Faker's nl_NL first names
are today's baby names). All sampling afterwards goes through the caller's ``random.Random``.
"""

from __future__ import annotations

import random
import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate

from faker import Faker
from faker.providers.person.nl_NL import Provider as NlPersonProvider

from voorop.seeding.region import TOWNS, Town

# Names common for people born before about 1960, and between 1960 and 1990.
_OLDER_MALE = [
    "Johannes",
    "Cornelis",
    "Hendrik",
    "Gerrit",
    "Willem",
    "Jan",
    "Pieter",
    "Jacobus",
    "Adrianus",
    "Gerardus",
    "Theodorus",
    "Henk",
    "Kees",
    "Wim",
    "Klaas",
    "Dirk",
    "Hans",
    "Piet",
    "Gerard",
    "Frans",
    "Ton",
    "Rob",
    "Joop",
    "Bert",
    "Harry",
    "Jaap",
    "Ben",
    "Arie",
]
_OLDER_FEMALE = [
    "Maria",
    "Johanna",
    "Cornelia",
    "Wilhelmina",
    "Hendrika",
    "Geertruida",
    "Anna",
    "Elisabeth",
    "Ria",
    "Joke",
    "Annie",
    "Tineke",
    "Gerda",
    "Marian",
    "Wilma",
    "Els",
    "Ineke",
    "Truus",
    "Corrie",
    "Riet",
    "Bep",
    "Greet",
    "Ans",
    "Thea",
    "Margriet",
    "Hennie",
]
_MIDDLE_MALE = [
    "Mark",
    "Marco",
    "Dennis",
    "Patrick",
    "Erik",
    "Michel",
    "Richard",
    "Martijn",
    "Jeroen",
    "Sander",
    "Remco",
    "Arjan",
    "Robert",
    "Edwin",
    "Ronald",
    "Peter",
    "Paul",
    "Frank",
    "René",
    "Jeffrey",
    "Kevin",
    "Niels",
    "Wouter",
    "Mohamed",
    "Ahmet",
    "Mustafa",
    "Stefan",
    "Vincent",
    "Roy",
    "Danny",
    "Raymond",
    "Ricardo",
]
_MIDDLE_FEMALE = [
    "Sandra",
    "Linda",
    "Wendy",
    "Kim",
    "Mandy",
    "Patricia",
    "Monique",
    "Marieke",
    "Esther",
    "Ilse",
    "Anouk",
    "Sanne",
    "Judith",
    "Petra",
    "Nicole",
    "Ingrid",
    "Mariska",
    "Chantal",
    "Saskia",
    "Miranda",
    "Fatima",
    "Samira",
    "Ayşe",
    "Priscilla",
    "Natasja",
    "Jolanda",
    "Marloes",
    "Kelly",
    "Daniëlle",
    "Yvonne",
]
# Traditional second and third given names.
_SECOND_MALE = [
    "Johannes",
    "Cornelis",
    "Hendrik",
    "Willem",
    "Jan",
    "Pieter",
    "Maria",
    "Jacobus",
    "Gerardus",
    "Antonius",
    "Petrus",
    "Franciscus",
    "Theodorus",
    "Adrianus",
    "Alexander",
    "Hubertus",
]
_SECOND_FEMALE = [
    "Maria",
    "Johanna",
    "Cornelia",
    "Anna",
    "Elisabeth",
    "Wilhelmina",
    "Catharina",
    "Petronella",
    "Helena",
    "Margaretha",
    "Geertruida",
    "Jacoba",
    "Hendrika",
    "Louise",
    "Sophie",
]

# Share of Dutch surnames with a tussenvoegsel, and how the tussenvoegsels are spread.
PREFIX_SHARE = 0.27
_PREFIX_WEIGHTS = {
    "de": 38,
    "van": 24,
    "van der": 12,
    "van den": 8,
    "van de": 7,
    "van 't": 2,
    "den": 2,
    "ter": 2,
    "te": 1,
    "'t": 1,
    "in 't": 1,
    "op de": 1,
    "el": 1,
}
# Common bases per tussenvoegsel; the rest of the time the base is a plain Faker surname.
_PREFIX_BASES = {
    "de": "Jong Vries Boer Groot Bruijn Graaf Wit Haan Lange Koning Bruin Vos Ruiter Klerk "
    "Wilde Leeuw Jonge Kok Rooij Beer Hoog Kleijn Backer Waal",
    "van": "Dijk Leeuwen Beek Vliet Dam Wijk Dongen Doorn Rijn Veen Loon Es Gils Oosten Kampen "
    "Vugt Deursen Eck Houten Os Tol Haren Driel",
    "van der": "Meer Linden Heijden Berg Wal Veen Laan Ven Zee Pol Velde Werf Sluis Horst Wel "
    "Kolk Leij Hoeven",
    "van den": "Berg Broek Bosch Heuvel Brink Bogaard Hoek Akker Oever Eijnde Bergh Boom Hurk",
    "van de": "Ven Pol Kamp Wetering Wiel Laar Graaf Water Velde Sande Ree",
    "van 't": "Hof Hek Zand Veer Klooster Wout",
    "den": "Hartog Boer Ouden Hollander Dekker Besten",
    "ter": "Horst Haar Beek Steege Maat Braak",
    "te": "Riele Winkel Velde Lintelo",
    "'t": "Hart Hoen Lam",
    "in 't": "Veld Hout Zandt",
    "op de": "Weegh Kamp Beek",
    "el": "Amrani Idrissi Khatib Bakkali Ouali",
}
# Letters used in postcodes; SA, SD and SS are never issued.
_POSTCODE_LETTERS = "ABCDEGHJKLMNPRSTVWXZ"
_LETTER_PAIRS = tuple(
    a + b for a in _POSTCODE_LETTERS for b in _POSTCODE_LETTERS if a + b not in {"SA", "SD", "SS"}
)
_SURNAME_RE = re.compile(r"[A-Z][a-zëéïöü]+")
_ARCHAIC_RE = re.compile(r"(dr|sz|szn|sdr|dochter)$")


@dataclass(frozen=True, slots=True)
class AddressPlan:
    street: str
    house_number: str
    postcode: str
    city: str
    #: Code of the police basisteam that covers this address.
    basisteam: str

    @property
    def line(self) -> str:
        return f"{self.street} {self.house_number}"


@dataclass(frozen=True, slots=True)
class _Street:
    name: str
    town: Town
    digits: int
    letter_index: int
    max_number: int


def _cum(weights: list[float]) -> list[float]:
    return list(accumulate(weights))


class Pools:
    """Everything drawn from Faker, made once per run (deterministic for a given seed)."""

    def __init__(self, seed: int, streets: int = 1500) -> None:
        self.plain_surnames = tuple(
            name
            for name in NlPersonProvider.last_names
            if _SURNAME_RE.fullmatch(name) and not _ARCHAIC_RE.search(name)
        )
        self.young_male = tuple(NlPersonProvider.first_names_male)
        self.young_female = tuple(NlPersonProvider.first_names_female)
        self.prefixes = tuple(_PREFIX_WEIGHTS)
        self.prefix_cum = _cum(list(_PREFIX_WEIGHTS.values()))
        self.prefix_bases = {p: tuple(b.split()) for p, b in _PREFIX_BASES.items()}

        faker = Faker("nl_NL")
        faker.seed_instance(seed)
        names: set[str] = set()
        attempts = 0
        while len(names) < streets and attempts < streets * 20:
            names.add(faker.street_name())
            attempts += 1
        rng = random.Random(f"streets:{seed}")
        town_cum = _cum([t.weight for t in TOWNS])
        self.streets_by_town: dict[str, list[_Street]] = {t.name: [] for t in TOWNS}
        for name in sorted(names):
            town = rng.choices(TOWNS, cum_weights=town_cum)[0]
            street = _Street(
                name=name,
                town=town,
                digits=rng.randint(*town.postcode_range),
                letter_index=rng.randrange(len(_LETTER_PAIRS)),
                max_number=rng.choice((12, 24, 40, 60, 90, 140, 220)),
            )
            self.streets_by_town[town.name].append(street)
        self.towns = TOWNS
        self.town_cum = town_cum

    # -- names ---------------------------------------------------------------------------------

    def surname(self, rng: random.Random) -> tuple[str, str]:
        """A (tussenvoegsel, surname) pair; about a quarter of Dutch surnames have a prefix."""
        if rng.random() >= PREFIX_SHARE:
            return "", rng.choice(self.plain_surnames)
        prefix = rng.choices(self.prefixes, cum_weights=self.prefix_cum)[0]
        if rng.random() < 0.75:
            return prefix, rng.choice(self.prefix_bases[prefix])
        return prefix, rng.choice(self.plain_surnames)

    def first_name(self, rng: random.Random, sex: str, birth_year: int) -> str:
        male = sex == "M"
        pool: Sequence[str]
        if birth_year < 1960:
            pool = _OLDER_MALE if male else _OLDER_FEMALE
        elif birth_year < 1990 and rng.random() < 0.75:
            pool = _MIDDLE_MALE if male else _MIDDLE_FEMALE
        else:
            pool = self.young_male if male else self.young_female
        return rng.choice(pool)

    def given_names(self, rng: random.Random, sex: str, birth_year: int) -> str:
        """Official given names: the roepnaam first, often followed by traditional names."""
        names = [self.first_name(rng, sex, birth_year)]
        extra = rng.choices((0, 1, 2), weights=(40, 42, 18))[0]
        seconds = _SECOND_MALE if sex == "M" else _SECOND_FEMALE
        for _ in range(extra):
            name = rng.choice(seconds)
            if name not in names:
                names.append(name)
        return " ".join(names)

    # -- addresses -----------------------------------------------------------------------------

    def town(self, rng: random.Random) -> Town:
        return rng.choices(self.towns, cum_weights=self.town_cum)[0]

    def address(self, rng: random.Random, town: Town | None = None) -> AddressPlan:
        town = town or self.town(rng)
        street = rng.choice(self.streets_by_town[town.name] or self.streets_by_town["Rijnveen"])
        number = rng.randint(1, street.max_number)
        return self._at(street, number, rng)

    def neighbour_address(self, rng: random.Random, address: AddressPlan) -> AddressPlan:
        """An address in the same street, a few doors away."""
        for street in self.streets_by_town.get(address.city, ()):
            if street.name == address.street:
                digits = re.match(r"\d+", address.house_number)
                base = int(digits.group()) if digits else 1
                number = max(1, base + rng.choice((-4, -2, -1, 1, 2, 4, 6)))
                return self._at(street, number, rng)
        return self.address(rng)

    def _at(self, street: _Street, number: int, rng: random.Random) -> AddressPlan:
        house_number = str(number)
        roll = rng.random()
        if roll < 0.07:
            house_number += rng.choice("ABC")
        elif roll < 0.12:
            house_number += f"-{rng.randint(1, 4)}"
        letters = _LETTER_PAIRS[(street.letter_index + number // 30) % len(_LETTER_PAIRS)]
        return AddressPlan(
            street=street.name,
            house_number=house_number,
            postcode=f"{street.digits}{letters}",
            city=street.town.name,
            basisteam=street.town.basisteam,
        )


def surname_alone(prefix: str, surname: str) -> str:
    """A surname written without given names: the tussenvoegsel gets a capital ("De Vries")."""
    if not prefix:
        return surname
    if prefix[0].isalpha():
        prefix = prefix[0].upper() + prefix[1:]
    return f"{prefix} {surname}"
