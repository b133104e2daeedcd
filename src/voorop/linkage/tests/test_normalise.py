from datetime import date

import pytest

from voorop.linkage.normalise import (
    dob_swapped,
    house_number,
    normalise,
    normalise_given,
    phonetic,
    postcode,
    split_surname,
)


@pytest.mark.parametrize(
    ("prefix", "surname", "expected"),
    [
        ("van der", "Berg", ("van der", ["berg"])),
        ("", "van der Berg", ("van der", ["berg"])),
        ("", "Van der Berg", ("van der", ["berg"])),
        ("Van Den", "Berg", ("van den", ["berg"])),
        ("", "Berg, van den", ("van den", ["berg"])),
        ("", "in 't Veld", ("in 't", ["veld"])),
        ("", "'t Hart", ("'t", ["hart"])),
        ("", "ter Horst", ("ter", ["horst"])),
        ("", "VAN DEN BERG", ("van den", ["berg"])),
        ("", "Jansen-de Vries", ("", ["jansen", "vries"])),
        ("", "Müller", ("", ["muller"])),
        ("", "van", ("", ["van"])),
    ],
)
def test_tussenvoegsel_is_split_off_wherever_it_was_written(prefix, surname, expected):
    assert split_surname(prefix, surname) == expected


def test_double_surname_keeps_both_parts():
    identity = normalise(surname="Van der Berg-de Vries")
    assert identity.surname_parts == ("berg", "vries")
    assert identity.surname == "berg vries"


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("Jan Pieter", ("jan pieter", "jan", "jp", False)),
        ("J.P.", ("", "", "jp", True)),
        ("J. P.", ("", "", "jp", True)),
        ("JP", ("", "", "jp", True)),
        ("Ayşe", ("ayse", "ayse", "a", False)),
        ("Anne-Marie", ("anne-marie", "anne-marie", "a", False)),
    ],
)
def test_given_names_give_first_name_and_initials(given, expected):
    assert normalise_given(given)[:4] == expected


@pytest.mark.parametrize(("a", "b"), [("Meijer", "Meyer"), ("Janssen", "Jansen"), ("Smit", "Smid")])
def test_dutch_spelling_variants_share_a_phonetic_key(a, b):
    assert phonetic(a.lower()) == phonetic(b.lower())


def test_dob_swap_only_when_it_is_another_valid_date():
    assert dob_swapped(date(1980, 5, 3)) == date(1980, 3, 5)
    assert dob_swapped(date(1980, 5, 5)) is None
    assert dob_swapped(date(1980, 5, 13)) is None


def test_address_and_bsn_normalisation():
    assert postcode("1234 ab") == "1234AB"
    assert house_number("12-A") == house_number("12 a") == "12a"
    assert normalise(bsn="111222333").bsn == "111222333"
    assert normalise(bsn="111222334").bsn == ""  # fails the elfproef
