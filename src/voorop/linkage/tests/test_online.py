"""Online linkage, the review queue's services, the split and family formation."""

import csv
import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from voorop.audit.models import AccessLogEntry
from voorop.core.testing import factories as f
from voorop.linkage import batch, services
from voorop.linkage.models import LinkIdentity, LinkReview, PersonLink, ReviewStatus
from voorop.linkage.normalise import looks_swapped, normalise
from voorop.linkage.online import index_person, link_melding_persons
from voorop.linkage.scoring import default_model
from voorop.meldingen.models import MeldingPerson
from voorop.persons.models import FamilyMembership, Person, Relation, RelationKind
from voorop.persons.services import family_form, family_person_move

pytestmark = pytest.mark.django_db


@pytest.fixture
def household(organisations):
    """Father, mother and twins at one address, in the index with their online keys."""
    vt = organisations["VT"]
    family = f.FamilySystemFactory(recorded_by=vt, name="Gezin van der Berg")
    people = {}
    for key, given, sex, dob, bsn in [
        ("father", "Jan", "M", dt.date(1980, 5, 3), "111222333"),
        ("mother", "Eva", "V", dt.date(1982, 7, 1), None),
        ("sem", "Sem", "M", dt.date(2015, 4, 9), None),
        ("ties", "Ties", "M", dt.date(2015, 4, 9), None),
    ]:
        person = f.PersonFactory(
            given_names=given,
            prefix="van der",
            surname="Berg",
            sex=sex,
            date_of_birth=dob,
            bsn=bsn,
            recorded_by=vt,
        )
        f.AddressFactory(
            person=person, street="Dorpsstraat", house_number="12", postcode="1234AB", valid_to=None
        )
        f.FamilyMembershipFactory(family_system=family, person=person)
        index_person(person)
        people[key] = person
    f.InvolvementFactory(family_system=family, organisation=vt)
    return family, people


def _report(org, *mentions, family=None):
    melding = f.MeldingFactory(source_organisation=org, family_system=family)
    made = []
    for i, m in enumerate(mentions):
        values = {
            "role": "SLACHTOFFER",
            "given_names": "",
            "prefix": "",
            "surname": "",
            "date_of_birth": None,
            "sex": "O",
            "bsn": "",
            "street": "",
            "house_number": "",
            "postcode": "",
            "city": "",
            **m,
        }
        made.append(
            MeldingPerson.objects.create(
                melding=melding, person=None, source_record_id=f"r{i}", **values
            )
        )
    return melding, made


def test_valid_bsn_links_deterministically(household, organisations):
    _, people = household
    melding, _ = _report(
        organisations["POLITIE"], {"given_names": "J.", "surname": "Berg", "bsn": "111222333"}
    )
    [outcome] = link_melding_persons(melding=melding)
    assert (outcome.method, outcome.person_id, outcome.score) == ("BSN", people["father"].pk, 1.0)
    link = PersonLink.objects.get(mention_id=outcome.mention_id)
    assert link.method == "BSN" and link.superseded_at is None


def test_probabilistic_link_explains_itself(household, organisations):
    _, people = household
    melding, _ = _report(
        organisations["POLITIE"],
        {
            "given_names": "Eva",
            "surname": "Van der Berg",
            "date_of_birth": dt.date(1982, 1, 7),
            "sex": "V",
            "postcode": "1234 ab",
            "house_number": "12",
        },
    )
    [outcome] = link_melding_persons(melding=melding)
    assert outcome.method == "PROBABILISTISCH"
    assert outcome.person_id == people["mother"].pk
    link = PersonLink.objects.get(mention_id=outcome.mention_id)
    levels = {v["veld"]: v["niveau"] for v in link.explanation["velden"]}
    assert levels["geboortedatum"] == "dag en maand verwisseld"
    assert link.score >= 0.9


def test_initial_tells_the_twins_apart(household, organisations):
    _, people = household
    melding, _ = _report(
        organisations["POLITIE"],
        {
            "given_names": "S.",
            "surname": "van der Berg",
            "date_of_birth": dt.date(2015, 4, 9),
            "sex": "M",
            "postcode": "1234AB",
            "house_number": "12",
        },
    )
    [outcome] = link_melding_persons(melding=melding)
    assert outcome.person_id == people["sem"].pk  # "T." would be Ties; no guess between them


def test_ambiguous_twins_go_to_review(household, organisations):
    _, people = household
    melding, [mention] = _report(
        organisations["POLITIE"],
        {
            "given_names": "",
            "surname": "van der Berg",
            "date_of_birth": dt.date(2015, 4, 9),
            "sex": "M",
            "postcode": "1234AB",
            "house_number": "12",
        },
    )
    [outcome] = link_melding_persons(melding=melding)
    assert outcome.method == "BEOORDELEN"
    assert set(
        LinkReview.objects.filter(mention=mention).values_list("candidate_id", flat=True)
    ) == {
        people["sem"].pk,
        people["ties"].pk,
    }


def test_unknown_person_becomes_new_and_same_report_never_links_twice(household, organisations):
    melding, _ = _report(
        organisations["POLITIE"],
        {
            "given_names": "Karel",
            "surname": "Appel",
            "date_of_birth": dt.date(1950, 1, 1),
            "sex": "M",
        },
        {
            "given_names": "Karel",
            "surname": "Appel",
            "date_of_birth": dt.date(1950, 1, 1),
            "sex": "M",
            "role": "GETUIGE",
        },
    )
    first, second = link_melding_persons(melding=melding)
    assert first.method == "NIEUW" and first.person_id is not None
    assert second.person_id != first.person_id


def test_confirm_and_reject_from_the_review_queue(household, organisations, user_for):
    _, people = household
    reviewer = user_for("VT")
    melding, [mention] = _report(
        organisations["VT"],
        {
            "surname": "van der Berg",
            "date_of_birth": dt.date(2015, 4, 9),
            "sex": "M",
            "postcode": "1234AB",
            "house_number": "12",
        },
    )
    link_melding_persons(melding=melding)
    sem = LinkReview.objects.get(mention=mention, candidate=people["sem"])
    ties = LinkReview.objects.get(mention=mention, candidate=people["ties"])
    services.link_reject(review=ties, user=reviewer)
    ties.refresh_from_db()
    assert ties.status == ReviewStatus.AFGEWEZEN and ties.reviewer == reviewer
    mention.refresh_from_db()
    assert mention.person_id is None  # Sem is still open
    services.link_confirm(review=sem, user=reviewer)
    mention.refresh_from_db()
    assert mention.person_id == people["sem"].pk
    assert PersonLink.objects.get(mention=mention, superseded_at__isnull=True).method == "HANDMATIG"
    with pytest.raises(ValidationError):
        services.link_confirm(review=sem, user=reviewer)
    assert AccessLogEntry.objects.filter(action="MERGE", object_type="koppeling").exists()


def test_reject_last_candidate_makes_a_new_person(household, organisations, user_for):
    _, people = household
    melding, [mention] = _report(
        organisations["VT"],
        {
            "surname": "van der Berg",
            "date_of_birth": dt.date(2015, 4, 9),
            "sex": "M",
            "postcode": "1234AB",
            "house_number": "12",
        },
    )
    link_melding_persons(melding=melding)
    for review in LinkReview.objects.filter(mention=mention):
        services.link_reject(review=review, user=user_for("VT"))
    mention.refresh_from_db()
    assert mention.person_id not in (None, people["sem"].pk, people["ties"].pk)


def test_split_keeps_every_record(household, organisations, user_for):
    family, people = household
    father = people["father"]
    own, _ = _report(
        organisations["VT"], {"given_names": "Jan", "surname": "Berg", "bsn": "111222333"}
    )
    other, _ = _report(
        organisations["VT"],
        {"given_names": "Jan", "surname": "Berg", "date_of_birth": dt.date(2008, 1, 1)},
    )
    mentions = list(MeldingPerson.objects.filter(melding__in=[own, other]))
    for m in mentions:
        m.person = father
        m.save(update_fields=["person"])
        PersonLink.objects.create(mention=m, person=father, method="PROBABILISTISCH", score=0.93)
    wrong = [m for m in mentions if m.melding_id == other.pk]
    before = (MeldingPerson.objects.count(), PersonLink.objects.count())
    new = services.person_split(person=father, mentions=wrong, user=user_for("VT"))
    assert MeldingPerson.objects.count() == before[0]
    assert PersonLink.objects.count() == before[1] + 1  # old link superseded, not deleted
    assert PersonLink.objects.filter(
        mention=wrong[0], superseded_at__isnull=False, person=father
    ).exists()
    wrong[0].refresh_from_db()
    assert wrong[0].person_id == new.pk
    assert Person.objects.get(pk=father.pk).bsn == "111222333"
    assert FamilyMembership.objects.filter(person=new, family_system=family).exists()
    assert AccessLogEntry.objects.filter(action="SPLIT", object_id=str(father.pk)).exists()
    with pytest.raises(ValidationError):
        services.person_split(
            person=father,
            mentions=list(MeldingPerson.objects.filter(person=father)),
            user=user_for("VT"),
        )


def test_family_formed_from_stated_relations_and_co_residence(organisations, user_for):
    politie = organisations["POLITIE"]
    melding, (victim, suspect, child, neighbour) = _report(
        politie,
        {
            "given_names": "Lisa",
            "surname": "Smit",
            "sex": "V",
            "postcode": "1111AA",
            "house_number": "1",
        },
        {
            "given_names": "Tom",
            "surname": "Bakker",
            "sex": "M",
            "role": "VERDACHTE",
            "postcode": "2222BB",
            "house_number": "2",
        },
        {
            "given_names": "Mila",
            "surname": "Bakker",
            "sex": "V",
            "role": "GETUIGE",
            "postcode": "1111 aa",
            "house_number": "1",
        },
        {
            "given_names": "Piet",
            "surname": "Buur",
            "sex": "M",
            "role": "MELDER",
            "postcode": "1111AA",
            "house_number": "3",
        },
    )
    melding.family_system = None
    melding.save(update_fields=["family_system"])
    link_melding_persons(melding=melding)
    for m in (victim, suspect, child, neighbour):
        m.refresh_from_db()
    family = family_form(melding=melding, relations=[(victim, suspect, RelationKind.EX_PARTNER)])
    members = set(
        FamilyMembership.objects.filter(family_system=family).values_list("person_id", flat=True)
    )
    assert members == {victim.person_id, suspect.person_id, child.person_id}  # not the neighbour
    assert Relation.objects.filter(family_system=family, kind=RelationKind.EX_PARTNER).count() == 1
    # A later report at a new address joins the same family: moving house does not break it.
    later, (moved,) = _report(
        politie,
        {
            "given_names": "Lisa",
            "surname": "Smit",
            "sex": "V",
            "postcode": "9999ZZ",
            "house_number": "9",
        },
    )
    later.family_system = None
    later.save(update_fields=["family_system"])
    moved.person = victim.person
    moved.save(update_fields=["person"])
    assert family_form(melding=later) == family
    # Corrected by hand: the child moves to another family system.
    other = f.FamilySystemFactory(recorded_by=politie)
    family_person_move(
        person=child.person, from_family=family, to_family=other, user=user_for("POLITIE")
    )
    assert not FamilyMembership.objects.filter(family_system=family, person=child.person).exists()
    assert FamilyMembership.objects.filter(family_system=other, person=child.person).exists()


def test_given_name_and_surname_swapped_are_recognised(household, organisations):
    """ "Berg, Jan" written as given name "Berg", surname "Jan": un-swapped by the name counts
    shipped with the model (berg is a common surname, jan a common given name)."""
    _, people = household
    melding, _ = _report(
        organisations["POLITIE"],
        {
            "given_names": "Berg",
            "prefix": "van der",
            "surname": "Jan",
            "date_of_birth": dt.date(1980, 5, 3),
            "sex": "M",
            "postcode": "1234AB",
            "house_number": "12",
        },
    )
    [outcome] = link_melding_persons(melding=melding)
    assert (outcome.method, outcome.person_id) == ("PROBABILISTISCH", people["father"].pk)
    identity = LinkIdentity.objects.get(mention_id=outcome.mention_id)
    assert (identity.profile["given1"], identity.profile["surname"]) == ("jan", "berg")


SWAP_CASES = [
    # given names, prefix, surname, swapped?
    ("Jansen", "", "Daan", True),
    ("Koning", "de", "Kim", True),
    ("Bakker", "", "S.", True),  # surname field holds only initials
    ("Daan", "", "Jansen", False),
    ("Kim", "de", "Vos", False),
    ("Sanne", "", "Kim", False),  # both given names: nothing to go by
    ("Jan Vos", "", "Niels", False),  # vos is common, but so is jan as a given name
    ("", "", "Niels", False),
]


def test_online_un_swap_agrees_with_the_batch(tmp_path):
    counts = default_model().name_counts
    assert counts is not None
    path = tmp_path / "swaps.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(batch.INPUT_COLUMNS)
        for i, (given, prefix, surname, _) in enumerate(SWAP_CASES):
            writer.writerow([f"r{i}", "", given, prefix, surname, "", "", "", "", "", "", ""])
    con = batch.connect()
    batch.load_csv(con, path)
    batch.prepare(con, name_counts=counts)
    prepared = con.execute("SELECT given1, surname FROM prepared ORDER BY unique_id").fetchall()
    for (given, prefix, surname, swapped), (b_given1, b_surname) in zip(
        SWAP_CASES, prepared, strict=True
    ):
        identity = normalise(given_names=given, prefix=prefix, surname=surname, name_counts=counts)
        assert (identity.given1 or None, identity.surname or None) == (b_given1, b_surname)
        assert (
            looks_swapped(
                given,
                surname,
                given1=normalise(given_names=given).given1,
                surname_norm=normalise(prefix=prefix, surname=surname).surname,
                given_counts=counts[0],
                surname_counts=counts[1],
            )
            is swapped
        )


def test_prior_is_corrected_for_the_size_of_the_index(household, organisations, monkeypatch):
    """λ holds for pairs within the training data; against a larger index each candidate is
    proportionally less likely to be the one (scoring.Model.prior_shift)."""
    from voorop.linkage import online

    model = default_model()
    assert model.training_records > 0
    assert model.prior_shift(10) == 0.0  # a small index never raises the prior
    assert model.prior_shift(model.training_records * 8) == pytest.approx(3.0)
    _, people = household
    monkeypatch.setattr(online, "index_size", lambda: model.training_records * 8)
    melding, _ = _report(
        organisations["POLITIE"],
        {
            "given_names": "Eva",
            "surname": "Van der Berg",
            "date_of_birth": dt.date(1982, 7, 1),
            "sex": "V",
            "postcode": "1234 ab",
            "house_number": "12",
        },
    )
    [outcome] = link_melding_persons(melding=melding)
    assert (outcome.method, outcome.person_id) == ("PROBABILISTISCH", people["mother"].pk)
    link = PersonLink.objects.get(mention_id=outcome.mention_id)
    assert link.explanation["indexcorrectie"] == pytest.approx(-3.0)
