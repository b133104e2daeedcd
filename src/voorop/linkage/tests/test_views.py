"""Pages and API of the review queue: what each partner organisation may see and do."""

import pytest
from django.urls import reverse

from voorop.linkage.models import LinkReview, ReviewStatus
from voorop.meldingen.models import MeldingPerson

pytestmark = pytest.mark.django_db

OTHERS = ["OM", "RECLASSERING", "RVDK"]


@pytest.fixture
def review(family_scenario):
    """A VT mention of the scenario's child, unsure between the child and nobody else."""
    s = family_scenario
    melding = s.meldingen["VT"][0]
    child = s.persons["child"]
    mention = MeldingPerson.objects.create(
        melding=melding,
        person=None,
        role="KIND_AANWEZIG",
        given_names="N.",
        surname=child.surname,
        date_of_birth=child.date_of_birth,
        sex="V",
    )
    return LinkReview.objects.create(
        mention=mention,
        candidate=child,
        score=0.7,
        explanation={"velden": [{"veld": "voornaam", "niveau": "voorletter past", "gewicht": 4.3}]},
    )


def test_review_list_and_pair_view(client, user_for, review):
    client.force_login(user_for("VT"))
    response = client.get(reverse("linkage:review_list"))
    assert response.status_code == 200
    assert review.mention.melding.reference in response.content.decode()
    detail = client.get(reverse("linkage:review_detail", args=[review.pk]))
    body = detail.content.decode()
    assert detail.status_code == 200
    assert "voorletter past" in body and "Bevestigen" in body


def test_confirm_through_the_page(client, user_for, review):
    client.force_login(user_for("VT"))
    response = client.post(
        reverse("linkage:review_decide", args=[review.pk]), {"actie": "bevestigen"}
    )
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.status == ReviewStatus.BEVESTIGD
    review.mention.refresh_from_db()
    assert review.mention.person_id == review.candidate_id


@pytest.mark.parametrize("kind", ["POLITIE", *OTHERS])
def test_other_organisations_do_not_see_the_pair(client, user_for, review, kind):
    """POLITIE is involved in the family but did not record (nor receive) the VT melding."""
    client.force_login(user_for(kind))
    assert review.pk not in [
        r.pk for r in client.get(reverse("linkage:review_list")).context["page_obj"]
    ]
    assert client.get(reverse("linkage:review_detail", args=[review.pk])).status_code == 404
    response = client.post(
        reverse("linkage:review_decide", args=[review.pk]), {"actie": "bevestigen"}
    )
    assert response.status_code == 404
    review.refresh_from_db()
    assert review.status == ReviewStatus.OPEN


@pytest.mark.parametrize("kind", ["POLITIE", *OTHERS])
def test_api_forbidden_for_other_organisations(api_client, user_for, review, kind):
    api_client.force_authenticate(user=user_for(kind))
    assert api_client.get(f"/api/v1/koppelingen/{review.pk}/").status_code == 404
    assert api_client.post(f"/api/v1/koppelingen/{review.pk}/afwijzen/").status_code == 404
    assert review.pk not in [
        r["id"] for r in api_client.get("/api/v1/koppelingen/").json()["results"]
    ]


def test_api_list_and_reject(api_client, user_for, review):
    api_client.force_authenticate(user=user_for("VT"))
    listed = api_client.get("/api/v1/koppelingen/").json()["results"]
    assert [r["id"] for r in listed] == [review.pk]
    assert listed[0]["velden"][0]["niveau"] == "voorletter past"
    response = api_client.post(f"/api/v1/koppelingen/{review.pk}/afwijzen/")
    assert response.status_code == 200 and response.json()["status"] == "AFGEWEZEN"
    assert api_client.post(f"/api/v1/koppelingen/{review.pk}/afwijzen/").status_code == 409


def test_person_links_page_and_split(client, user_for, family_scenario):
    s = family_scenario
    mother = s.persons["mother"]
    client.force_login(user_for("VT"))
    page = client.get(reverse("persons:person_detail", args=[mother.pk]))
    assert reverse("linkage:person_links", args=[mother.pk]) in page.content.decode()
    mentions = list(
        MeldingPerson.objects.filter(
            person=mother, melding__source_organisation=s.organisations["VT"]
        )
    )
    response = client.get(reverse("linkage:person_links", args=[mother.pk]))
    assert response.status_code == 200 and "Splitsen" in response.content.decode()
    if len(MeldingPerson.objects.filter(person=mother)) > 1:
        moved = mentions[0]
        response = client.post(
            reverse("linkage:person_links", args=[mother.pk]), {"vermeldingen": [moved.pk]}
        )
        assert response.status_code == 302
        moved.refresh_from_db()
        assert moved.person_id != mother.pk


@pytest.mark.parametrize("kind", OTHERS)
def test_person_links_forbidden(client, user_for, family_scenario, kind):
    client.force_login(user_for(kind))
    mother = family_scenario.persons["mother"]
    assert client.get(reverse("linkage:person_links", args=[mother.pk])).status_code == 404
    assert (
        client.post(
            reverse("linkage:person_links", args=[mother.pk]), {"vermeldingen": ["1"]}
        ).status_code
        == 404
    )
