"""The anonymity check of the consultation's texts (``voorop.hssk.anonymity``)."""

from __future__ import annotations

import datetime as dt

import pytest

from voorop.hssk.anonymity import KnownIdentity, findings, message

KNOWN = KnownIdentity.build(
    people=[
        {
            "given_names": "Yaralinde Émilie",
            "prefix": "van der",
            "surname": "Zarvoortel",
            "bsn": "111222333",
            "date_of_birth": dt.date(2024, 5, 17),
            "street": "Vlinderhofkade",
            "postcode": "9876 QX",
        },
        {"given_names": "Bo", "surname": "de Yılmaz"},
    ],
    references=["M-SENTINEL-4711", "GS-SENT-0042"],
)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Bel moeder op 06-12345678.", "telefoonnummer"),
        ("Bel moeder op 0612345678.", "telefoonnummer"),
        ("Mail: moeder@example.nl", "e-mailadres"),
        ("BSN 123456782 bekend.", "nummer"),
        ("Woont in 3511 AB.", "postcode"),
        ("Geboren 17-05-2024.", "datum"),
        ("Geboren 2024-05-17.", "datum"),
        ("Geboren 17 mei 2024.", "datum"),
        ("Woont Kerkstraat 12.", "adres"),
    ],
)
def test_patterns_anyone_could_type(text, kind):
    assert kind in {f.kind for f in findings(text)}


@pytest.mark.parametrize(
    "text",
    [
        "Peuter van 2 jaar met blauwe plekken op beide wangen; vorige week ook op de SEH.",
        "Sinds 2023 OM betrokken; in 2024 VT melding. Letsel 3 dagen oud.",
        "Op 3 december naar de huisarts, daarna naar het ziekenhuis.",
        "De moeder en de stiefvader wonen samen; twee broertjes van 5 en 7.",
    ],
)
def test_ordinary_case_texts_pass(text):
    assert findings(text, KNOWN) == []


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Yaralinde heeft een breuk.", "naam"),
        ("Familie ZARVOORTEL is bekend.", "naam"),
        ("Emilie huilde veel.", "naam"),  # accents folded
        ("Vader Yilmaz was erbij.", "naam"),  # Turkish dotless i folded
        ("Het BSN is 111 222 333.", "BSN"),
        ("Geboren 17/5/2024.", "geboortedatum"),
        ("Zij wonen aan de vlinderhofkade.", "straat"),
        ("Postcode 9876qx.", "postcode"),
        ("Zie melding m-sentinel-4711.", "kenmerk"),
    ],
)
def test_the_identity_the_initiator_knows(text, kind):
    assert kind in {f.kind for f in findings(text, KNOWN)}


def test_particles_and_short_names_are_no_names():
    """ "van der" and "de" are not names; "Bo" is too short to tell from a word."""
    assert findings("Het kind van de buren was er ook bij.", KNOWN) == []
    assert findings("Bo", KNOWN) == []


def test_the_message_names_the_fragment_only_when_revealing():
    found = findings("Yaralinde, 9876 QX", KNOWN)
    assert "yaralinde" in message(found, reveal=True)
    hidden = message(found, reveal=False)
    assert "yaralinde" not in hidden.lower() and "9876" not in hidden
