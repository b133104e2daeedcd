"""Moving families: the chair hands an item's plan and minutes to another VT region's
actieoverleg through the disclosure register; the recipient reads them while the disclosure
stands, and not after it is withdrawn."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from voorop.accounts.models import RoleCode
from voorop.actieoverleg import selectors, services
from voorop.core.testing import factories as f
from voorop.safetyplan.models import AgreementTopic
from voorop.sharing import records
from voorop.sharing import services as sharing_services
from voorop.sharing.models import SharingRule

pytestmark = pytest.mark.django_db

BASIS = "vt-avg-6-1-e-wmo-4-1-1"


@pytest.fixture
def other_vt(ao, user_for):
    region = f.RegionFactory(code="vt-regio-noord", name="Noord")
    organisation = f.OrganisationFactory(
        code="vt-noord", kind="VT", name="Veilig Thuis Noord", region=region
    )
    return organisation, user_for(organisation, username="vt.noord")


def hand_over(ao, item, organisation):
    return services.item_hand_over_region(
        user=ao.chair,
        item=item,
        to_organisation=organisation,
        legal_basis=ao.bases[BASIS],
        necessity="Het gezin is verhuisd naar de regio Noord; daar loopt het plan verder.",
    )


def test_without_a_sharing_rule_nothing_is_handed_over(ao, other_vt):
    _meeting, item = ao.running()
    with pytest.raises(ValidationError) as exc:
        hand_over(ao, item, other_vt[0])
    assert "geen_deelregel" in {e.code for errs in exc.value.error_dict.values() for e in errs}


def test_only_to_another_vt(ao):
    _meeting, item = ao.running()
    with pytest.raises(ValidationError) as exc:
        hand_over(ao, item, ao.orgs["POLITIE"])
    assert services.ErrorCode.NOT_OTHER_VT in {
        e.code for errs in exc.value.error_dict.values() for e in errs
    }


def test_handover_through_the_register(client, ao, other_vt):
    organisation, user = other_vt
    SharingRule.objects.create(
        from_kind="VT", to_kind="VT", legal_basis=ao.bases[BASIS], field_groups=[]
    )
    meeting, item = ao.running()
    minutes = reverse("actieoverleg:minutes", args=[meeting.pk])
    client.force_login(user)
    assert client.get(minutes).status_code == 404

    handover = hand_over(ao, item, organisation)
    assert list(selectors.items_for(user)) == [item]
    shared = records.records_for([handover.disclosure_id])[handover.disclosure_id]
    assert shared[0].record_id == item.pk
    response = client.get(minutes)
    assert response.status_code == 200
    assert response.content.decode().count('data-testid="verslag-punt"') == 1

    sharing_services.disclosure_withdraw(
        user=ao.chair, disclosure=handover.disclosure, reason="Verhuizing ging niet door."
    )
    assert client.get(minutes).status_code == 404
    assert client.get(reverse("actieoverleg:item", args=[item.pk])).status_code == 404


def test_the_receiving_region_reads_but_does_not_take_part(client, ao, other_vt, user_for):
    """The new region reads the item and starts its next meeting with the open agreements;
    it does not record in the old region's meeting."""
    organisation, user = other_vt
    SharingRule.objects.create(
        from_kind="VT", to_kind="VT", legal_basis=ao.bases[BASIS], field_groups=[]
    )
    meeting, item = ao.running()
    services.item_add_agreement(
        user=ao.chair,
        item=item,
        topic=AgreementTopic.OVERLEG,
        description="Politie hoort moeder",
        owner_organisation=ao.orgs["POLITIE"],
        due_on=timezone.localdate() + dt.timedelta(days=3),
    )
    hand_over(ao, item, organisation)
    with pytest.raises(ValidationError) as exc:
        services.disagreement_record(user=user, item=item, description="x")
    assert services.ErrorCode.NOT_PARTICIPANT in {
        e.code for errs in exc.value.error_dict.values() for e in errs
    }
    client.force_login(user)
    page = client.get(reverse("actieoverleg:item", args=[item.pk])).content.decode()
    assert 'data-testid="form-verschil"' not in page
    assert "Politie hoort moeder" in page

    north_chair = user_for(
        organisation, roles=[RoleCode.VT_MEDEWERKER, RoleCode.VOORZITTER_ACTIEOVERLEG]
    )
    start = meeting.starts_at + dt.timedelta(days=7)
    north_meeting = services.meeting_create(
        user=north_chair,
        starts_at=start,
        ends_at=start + dt.timedelta(hours=1),
        standing_organisations=[ao.orgs["POLITIE"], ao.orgs["OM"]],
    )
    previous = selectors.previous_open_agreements(user=north_chair, meeting=north_meeting)
    assert [a.plan_item.description for a in previous] == ["Politie hoort moeder"]
