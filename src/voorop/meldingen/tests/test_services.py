"""melding_record: the one write behind every intake channel — rules, placement in a family
system, kenmerk, and who may record; plus the text and time readers the channels share."""

from __future__ import annotations

import datetime as dt
from datetime import timedelta

import pytest
from django.utils import timezone

from voorop.accounts.models import RoleCode
from voorop.core.testing import factories as f
from voorop.meldingen import parsing, validation
from voorop.meldingen.models import Channel, Melding, MeldingKind
from voorop.meldingen.services import Placement, melding_record
from voorop.meldingen.tests.intake_cases import valid_bsn
from voorop.meldingen.validation import IntakeError
from voorop.persons.models import OrganisationInvolvement

pytestmark = pytest.mark.django_db


def values(**overrides):
    now = timezone.now()
    return {
        "kind": MeldingKind.POLITIE_INCIDENT,
        "channel": Channel.NOODNUMMER,
        "occurred_at": now - timedelta(hours=2),
        "received_at": now - timedelta(hours=1),
        "label_hg": True,
        **overrides,
    }


def codes(exc: pytest.ExceptionInfo) -> list[tuple[str, str, int | None]]:
    return [(p.field, p.code, p.person) for p in exc.value.problems]


# --- placement -----------------------------------------------------------------------------------


def test_linked_persons_of_one_family_place_the_melding_there(family_scenario, user_for):
    agent = user_for("POLITIE")
    persons = family_scenario.persons
    melding = melding_record(
        user=agent,
        melding=values(),
        persons=[
            {"person": persons["mother"], "role": "SLACHTOFFER"},
            {"person": persons["child"], "role": "KIND_AANWEZIG"},
        ],
    )
    assert melding.intake_outcome.placement == Placement.DERIVED
    assert melding.family_system == family_scenario.family
    involvement = OrganisationInvolvement.objects.get(
        family_system=family_scenario.family, organisation=agent.organisation
    )
    assert involvement.last_activity_at == melding.received_at


def test_persons_of_different_families_leave_the_melding_unplaced(family_scenario, user_for):
    agent = user_for("POLITIE")
    other = f.PersonFactory(surname="Jansen")
    f.FamilyMembershipFactory(family_system=family_scenario.politie_only_family, person=other)
    melding = melding_record(
        user=agent,
        melding=values(),
        persons=[
            {"person": family_scenario.persons["mother"], "role": "SLACHTOFFER"},
            {"person": other, "role": "VERDACHTE"},
        ],
    )
    assert melding.intake_outcome.placement == Placement.UNPLACED
    assert melding.family_system is None


def test_a_given_family_system_must_be_known_to_the_organisation(family_scenario, user_for):
    om = user_for("OM", roles=[RoleCode.OFFICIER])
    with pytest.raises(IntakeError) as exc:
        melding_record(
            user=om,
            melding=values(kind=MeldingKind.OVERIG, family_system=family_scenario.family.reference),
            persons=[{"role": "SLACHTOFFER", "surname": "Vries"}],
        )
    assert codes(exc) == [("family_system", "gezinssysteem_onbekend", None)]
    agent = user_for("POLITIE")
    melding = melding_record(
        user=agent,
        melding=values(family_system=family_scenario.family.reference),
        persons=[{"role": "SLACHTOFFER", "surname": "Vries"}],
    )
    assert melding.intake_outcome.placement == Placement.GIVEN


def test_a_person_the_organisation_cannot_see_is_refused(family_scenario, user_for):
    om = user_for("OM", roles=[RoleCode.OFFICIER])
    with pytest.raises(IntakeError) as exc:
        melding_record(
            user=om,
            melding=values(kind=MeldingKind.OVERIG),
            persons=[{"person": family_scenario.persons["mother"], "role": "SLACHTOFFER"}],
        )
    assert codes(exc) == [("person", "persoon_onbekend", 0)]


# --- who records what ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "allowed"),
    [
        ("POLITIE", {"POLITIE_INCIDENT", "AANGIFTE", "AANHOUDING", "OVERIG"}),
        ("VT", {"VT_MELDING", "ZIEKENHUISMELDING", "OVERIG"}),
        ("OM", {"OVERIG"}),
        ("RECLASSERING", {"OVERIG"}),
        ("RVDK", {"OVERIG"}),
    ],
)
def test_each_kind_of_organisation_records_its_own_kinds(user_for, kind, allowed):
    user = user_for(kind)
    for melding_kind in MeldingKind.values:
        try:
            melding_record(
                user=user,
                melding=values(kind=melding_kind, reference=f"R-{kind}-{melding_kind}"),
                persons=[{"role": "SLACHTOFFER", "surname": "Vries"}],
            )
        except IntakeError as exc:
            assert melding_kind not in allowed
            assert [p.code for p in exc.problems] == ["soort_niet_voor_organisatie"]
        else:
            assert melding_kind in allowed


def test_a_hospital_does_not_record_in_voorop():
    hospital = f.OrganisationFactory(kind="ZIEKENHUIS", code="ziekenhuis")
    user = f.UserFactory(organisation=hospital, roles=[RoleCode.FUNCTIONEEL_BEHEERDER])
    with pytest.raises(IntakeError) as exc:
        melding_record(user=user, melding=values(), persons=[{"role": "MELDER"}])
    assert exc.value.forbidden
    assert [p.code for p in exc.value.problems] == ["organisatie_legt_niets_vast"]


def test_functioneel_beheer_records_for_imports(user_for):
    user = user_for("POLITIE", roles=[RoleCode.FUNCTIONEEL_BEHEERDER])
    assert melding_record(user=user, melding=values(), persons=[{"role": "MELDER"}]).pk


def test_the_reporting_organisation_by_code(user_for):
    f.OrganisationFactory(kind="ZIEKENHUIS", code="ziekenhuis-rijnveen", name="Rijnveen Ziekenhuis")
    vt = user_for("VT")
    melding = melding_record(
        user=vt,
        melding=values(
            kind=MeldingKind.ZIEKENHUISMELDING,
            channel=Channel.PROFESSIONAL,
            label_km=True,
            child_injury_suspected=True,
            reporter_organisation="ziekenhuis-rijnveen",
            medical_details="Fractuur onderarm, 2 jaar.",
        ),
        persons=[{"role": "SLACHTOFFER", "surname": "Vries", "date_of_birth": dt.date(2024, 1, 5)}],
    )
    assert melding.reporter_organisation.name == "Rijnveen Ziekenhuis"
    assert [a.route for a in melding.intake_outcome.advice] == ["HSSK"]
    with pytest.raises(IntakeError) as exc:
        melding_record(
            user=vt, melding=values(reporter_organisation="onbekend"), persons=[{"role": "MELDER"}]
        )
    assert ("reporter_organisation", "melder_onbekend", None) in codes(exc)


def test_an_anonymous_melder_is_allowed_other_persons_need_something(user_for):
    agent = user_for("POLITIE")
    melding_record(user=agent, melding=values(), persons=[{"role": "MELDER"}])
    with pytest.raises(IntakeError) as exc:
        melding_record(user=agent, melding=values(), persons=[{"role": "GETUIGE"}])
    assert codes(exc) == [("surname", "persoon_onvolledig", 0)]


def test_the_same_person_in_two_roles_is_fine(user_for):
    victim = {"surname": "Dijk", "given_names": "Eva", "date_of_birth": dt.date(1988, 3, 14)}
    melding_record(
        user=user_for("POLITIE"),
        melding=values(),
        persons=[{**victim, "role": "SLACHTOFFER"}, {**victim, "role": "MELDER"}],
    )


def test_reserved_kenmerken(user_for):
    with pytest.raises(IntakeError) as exc:
        melding_record(
            user=user_for("POLITIE"),
            melding=values(reference="VV-2026-000001"),
            persons=[{"role": "MELDER"}],
        )
    assert codes(exc) == [("reference", "kenmerk_gereserveerd", None)]


def test_values_are_normalised(user_for):
    bsn = valid_bsn(12_345_000)  # eight digits and a leading zero
    assert bsn.startswith("0")
    melding = melding_record(
        user=user_for("POLITIE"),
        melding=values(postcode=" 3511ab ", city="  Utrecht "),
        persons=[
            {"role": "SLACHTOFFER", "surname": "Dijk", "bsn": f"{bsn[1:5]}.{bsn[5:7]}.{bsn[7:]}"}
        ],
    )
    assert (melding.postcode, melding.city) == ("3511AB", "Utrecht")
    assert melding.persons.get().bsn == bsn


# --- text and time -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "-5 graden, slachtoffer buiten",
        "+31 6 12345678",
        "- moeder (32) sloeg terug",
        "@gemeente gebeld",
        "kind < 4 jaar",
        "Robert'); DROP TABLE meldingen_melding;--",
        "Zoë, Ömer en Łukasz",
    ],
)
def test_free_text_that_is_fine(text):
    assert validation.text_problems(text, multiline=True, max_length=1000) == []


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("=SUM(A1:A9)", "formule"),
        ("  =1+1", "formule"),
        ('+HYPERLINK("x")', "formule"),
        ("@SUM(1+1)*cmd|' /C calc'!A0", "formule"),
        ("-2+3+cmd|' /C calc'!A0", "formule"),
        ("<img src=x onerror=alert(1)>", "opmaak"),
        ("</textarea>", "opmaak"),
        ("a\x00b", "stuurteken"),
        ("rechts\u202enaar links", "stuurteken"),
        ("onzichtbaar\u200bteken", "stuurteken"),
    ],
)
def test_free_text_that_is_refused(text, code):
    assert code in [c for c, _m in validation.text_problems(text, multiline=True, max_length=1000)]


def test_line_breaks_only_in_multiline_text():
    assert validation.text_problems("a\nb", multiline=True, max_length=10) == []
    assert [c for c, _ in validation.text_problems("a\nb", max_length=10)] == ["stuurteken"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("14-03-2026 21:40", dt.datetime(2026, 3, 14, 20, 40, tzinfo=dt.UTC)),
        ("4-3-2026 9:05", dt.datetime(2026, 3, 4, 8, 5, tzinfo=dt.UTC)),
        ("2026-07-01T12:00", dt.datetime(2026, 7, 1, 10, 0, tzinfo=dt.UTC)),
        ("2026-07-01T12:00:30+02:00", dt.datetime(2026, 7, 1, 10, 0, 30, tzinfo=dt.UTC)),
        ("2026-07-01T10:00:00Z", dt.datetime(2026, 7, 1, 10, 0, tzinfo=dt.UTC)),
        # the hour that occurs twice when summer time ends: the first (summer time)
        ("25-10-2026 02:30", dt.datetime(2026, 10, 25, 0, 30, tzinfo=dt.UTC)),
    ],
)
def test_moments(text, expected):
    assert parsing.parse_moment(text) == expected


@pytest.mark.parametrize(
    ("text", "code", "message"),
    [
        ("31-02-2026 10:00", "datum_ongeldig", "31-02-2026 is geen bestaande datum."),
        ("2026-02-30T10:00", "datum_ongeldig", "2026-02-30 is geen bestaande datum."),
        ("14-03-2026 25:00", "datum_ongeldig", "14-03-2026 25:00 is geen bestaande tijd."),
        (
            "29-03-2026 02:30",
            "tijd_bestaat_niet",
            "29-03-2026 02:30 bestaat niet in Nederlandse tijd",
        ),
        ("gisteren", "ongeldig", "„gisteren” is geen datum met tijd"),
        ("14-03-2026", "ongeldig", "is geen datum met tijd"),
    ],
)
def test_impossible_moments(text, code, message):
    with pytest.raises(parsing.ParseError) as exc:
        parsing.parse_moment(text)
    assert exc.value.code == code
    assert message in exc.value.message


def test_dates_and_yes_no():
    assert (
        parsing.parse_date("14-03-1988") == parsing.parse_date("1988-03-14") == dt.date(1988, 3, 14)
    )
    with pytest.raises(parsing.ParseError, match="29-02-2023 is geen bestaande datum"):
        parsing.parse_date("29-02-2023")
    assert parsing.parse_date("29-02-2024") == dt.date(2024, 2, 29)
    assert [parsing.parse_bool(v) for v in ("ja", "Nee", "", "1", "true")] == [
        True,
        False,
        False,
        True,
        True,
    ]
    with pytest.raises(parsing.ParseError):
        parsing.parse_bool("misschien")


def test_nothing_is_stored_when_the_melding_is_refused(user_for):
    with pytest.raises(IntakeError):
        melding_record(
            user=user_for("POLITIE"),
            melding=values(received_at=timezone.now() - timedelta(days=1)),
            persons=[{"role": "MELDER"}],
        )
    assert Melding.objects.count() == 0
