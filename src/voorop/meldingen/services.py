"""Recording a melding — the one write behind every intake channel (API, web form, CSV import):
validation, the report and the persons as reported, linkage, placement in a family system, the
organisation's involvement, route advice, the 24-hour rule and the access-log record, in one
transaction, and — for an arrest by the police — the automatic inflow into the queue of its ZSM
location (``voorop.zsm.inflow``). And the police reporting a melding to Veilig Thuis
(``vt_referral_send``)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from voorop.audit.models import AccessAction
from voorop.audit.services import access_log_write
from voorop.intake import services as intake
from voorop.intake.models import RouteAdvice, VtReferral
from voorop.intake.routes import Route
from voorop.linkage.online import LinkOutcome, link_melding_persons
from voorop.meldingen import validation
from voorop.meldingen.models import Channel, Melding, MeldingKind, MeldingPerson
from voorop.meldingen.validation import Code, IntakeError, Problem
from voorop.organisations.models import Organisation, OrganisationKind
from voorop.persons.models import FamilyMembership, FamilySystem
from voorop.persons.services import involvement_touch


class Placement:
    """How a new melding got (or did not get) its family system."""

    GIVEN = "OPGEGEVEN"  # the recorder named it
    DERIVED = "AFGELEID"  # all linked persons share exactly one family system
    UNPLACED = "NIET_GEKOPPELD"  # left for review: the list shows "nog niet gekoppeld"


@dataclass
class IntakeOutcome:
    """What happened around a newly recorded melding (not stored as such; the melding page
    shows the stored parts): one linkage outcome per person, the route advice, the 24-hour
    referral the melding opened (police) or answered (Veilig Thuis), and its placement."""

    links: list[LinkOutcome]
    mentions: list[MeldingPerson]
    advice: list[RouteAdvice]
    placement: str
    referral: VtReferral | None = None
    answered: list[VtReferral] = field(default_factory=list)
    #: The ZSM case the melding entered (an arrest by the police; ``voorop.zsm.inflow``).
    zsm_case: Any = None


def melding_record(
    *,
    user,
    melding: dict[str, Any],
    persons: Sequence[dict[str, Any]] = (),
    organisation: Organisation | None = None,
    channel: str = "WEB",
) -> Melding:
    """Record one melding for the user's organisation.

    ``melding`` holds Melding field values (``family_system`` may be the object, its id or its
    kenmerk; ``follows_from`` the earlier melding or its kenmerk; ``reporter_organisation`` an
    organisation or its code), ``persons`` one dict of MeldingPerson fields per person as
    reported. ``organisation`` is the organisation a channel says it records for: anything but
    the user's own is refused. Nothing is stored unless everything validates; the problems come
    as one ``IntakeError`` (``voorop.meldingen.validation``).

    The returned melding carries ``intake_outcome`` (``IntakeOutcome``). Without a kenmerk it
    gets ``VV-<year>-<number>``. Without a family system it is placed in the one all its linked
    persons share, if there is exactly one; otherwise it stays unplaced for review."""
    problems = validation.check_may_record(user=user, organisation=organisation)
    if problems:
        raise IntakeError(problems)
    with transaction.atomic():
        clean = validation.validate_intake(
            user=user, organisation=user.organisation, melding=melding, persons=persons
        )
        return _store(
            user=user, organisation=user.organisation, clean=clean, channel=channel, purpose=""
        )


def melding_record_received(
    *,
    user,
    organisation: Organisation,
    melding: dict[str, Any],
    persons: Sequence[dict[str, Any]] = (),
    channel: str = "WEB",
    purpose: str = "",
) -> Melding:
    """Record a melding for ``organisation`` that a partner hands over to it through voorop,
    with the facts as the partner recorded them (validated when they were recorded; nothing is
    re-judged on the way), and everything recording does: linkage of persons not yet linked,
    placement, involvement, route advice, the 24-hour rule and the access-log record (CREATE,
    with ``purpose``). Used when the ZSM partners confirm huiselijk geweld on a case without the
    label and Veilig Thuis gets a melding of it (``voorop.zsm.services.zsm_hg_confirm``)."""
    with transaction.atomic():
        return _store(
            user=user,
            organisation=organisation,
            clean=validation.CleanIntake(melding=dict(melding), persons=list(persons)),
            channel=channel,
            purpose=purpose,
        )


def _store(
    *,
    user,
    organisation: Organisation,
    clean: validation.CleanIntake,
    channel: str,
    purpose: str,
) -> Melding:
    values = dict(clean.melding)
    generated = not values.get("reference")
    if generated:
        # A unique placeholder until the primary key gives the lasting kenmerk.
        values["reference"] = f"VV-NIEUW-{uuid.uuid4().hex[:24]}"
    record = Melding(source_organisation=organisation, **values)
    record.full_clean()
    record.save()
    if generated:
        year = timezone.localtime(record.received_at).year
        record.reference = f"{validation.GENERATED_REFERENCE_PREFIX}{year}-{record.pk:06d}"
        record.save(update_fields=["reference"])
    mentions = [MeldingPerson(melding=record, **fields) for fields in clean.persons]
    for mention in mentions:
        mention.full_clean(exclude=["melding"])
    MeldingPerson.objects.bulk_create(mentions)

    links = link_melding_persons(melding=record, user=user)
    mentions = list(
        MeldingPerson.objects.filter(melding=record).select_related("person").order_by("pk")
    )
    placement = Placement.GIVEN if record.family_system_id else Placement.UNPLACED
    if record.family_system_id is None:
        family = _shared_family_system([m.person_id for m in mentions if m.person_id])
        if family is not None:
            record.family_system = family
            record.save(update_fields=["family_system"])
            placement = Placement.DERIVED
    if record.family_system is not None:
        involvement_touch(
            family_system=record.family_system, organisation=organisation, at=record.received_at
        )

    advice = intake.route_advice_record(melding=record)
    referral = intake.vt_referral_open(melding=record) if intake.needs_vt_referral(record) else None
    answered = []
    followed = intake.referral_followed_by(record)
    if followed is not None:
        answered.append(
            intake.vt_referral_known(
                referral=followed, known_at=record.received_at, vt_melding=record
            )
        )

    access_log_write(
        user=user,
        action=AccessAction.CREATE,
        object_type="melding",
        object_id=record.pk,
        person_ids=[m.person_id for m in mentions if m.person_id],
        purpose=purpose,
        channel=channel,
    )
    # An arrest enters the queue of its ZSM location (imported here: zsm reads meldingen).
    from voorop.zsm.services import zsm_case_inflow_from_intake

    zsm_case = zsm_case_inflow_from_intake(melding=record, user=user, channel=channel)
    record.intake_outcome = IntakeOutcome(
        links=links,
        mentions=mentions,
        advice=advice,
        placement=placement,
        referral=referral,
        answered=answered,
        zsm_case=zsm_case,
    )
    return record


def _shared_family_system(person_ids: list[int]) -> FamilySystem | None:
    """The one family system every linked person belongs to, if there is exactly one."""
    if not person_ids:
        return None
    memberships: dict[int, set[int]] = {pk: set() for pk in person_ids}
    for person_id, family_id in FamilyMembership.objects.filter(
        person_id__in=person_ids
    ).values_list("person_id", "family_system_id"):
        memberships[person_id].add(family_id)
    shared = set.intersection(*memberships.values())
    if len(shared) != 1:
        return None
    return FamilySystem.objects.get(pk=shared.pop())


# -- the police report to Veilig Thuis -----------------------------------------------------------

#: The legal basis of the police reporting to Veilig Thuis (Bijlage 1 of the Toolkit).
POLICE_TO_VT_BASIS = "politie-wpg-18-bpg-4-2"


class ReferralCode:
    NOT_OWN = "niet_eigen_melding"
    NO_REFERRAL = "geen_doormelding"
    ALREADY_SENT = "al_doorgemeld"
    NOT_VT = "geen_veilig_thuis"
    NOT_SHARED = "delen_niet_toegestaan"


def vt_referral_send(
    *, user, melding: Melding, vt_organisation: Organisation, channel: str = "WEB"
) -> VtReferral:
    """The police report one of their meldingen to Veilig Thuis (the 24-hour rule).

    In one transaction: the police melding is disclosed to ``vt_organisation`` in the disclosure
    register (art. 18 Wpg jo. art. 4:2 Bpg, for the first advised coordination moment; only when
    the melding is placed in a family system, which a disclosure is about), Veilig Thuis gets
    its own melding (kind VT-melding, channel "zorgmelding politie", following from the police
    melding, with the facts the sharing rule allows: core facts, location, narrative, persons as
    reported — never medical details), and the referral records that Veilig Thuis knows now.
    Only the police organisation that recorded the melding sends it, once."""
    from voorop.sharing import selectors as sharing_selectors
    from voorop.sharing import services as sharing_services
    from voorop.sharing.fields import FieldGroup

    def refuse(code: str, message: str) -> IntakeError:
        return IntakeError([Problem("", code, message)])

    problems = validation.check_may_record(user=user)
    if problems:
        raise IntakeError(problems)
    if melding.source_organisation_id != user.organisation_id:
        raise refuse(
            ReferralCode.NOT_OWN, _("U kunt alleen meldingen van uw eigen organisatie doormelden.")
        )
    if vt_organisation.kind != OrganisationKind.VT:
        raise refuse(ReferralCode.NOT_VT, _("Kies een Veilig Thuis-organisatie."))
    with transaction.atomic():
        referral = VtReferral.objects.select_for_update().filter(police_melding=melding).first()
        if referral is None:
            raise refuse(
                ReferralCode.NO_REFERRAL,
                _("Voor deze melding geldt de 24-uursregel niet; er valt niets door te melden."),
            )
        if referral.sent_at is not None:
            raise refuse(
                ReferralCode.ALREADY_SENT,
                _("Deze melding is al doorgemeld aan Veilig Thuis op %(when)s.")
                % {"when": timezone.localtime(referral.sent_at).strftime("%d-%m-%Y %H:%M")},
            )
        groups = {FieldGroup.KERN.value}
        disclosure = None
        basis = sharing_selectors.legal_basis_by_code(code=POLICE_TO_VT_BASIS)
        rule = (
            sharing_selectors.sharing_rule_find(
                from_kind=OrganisationKind.POLITIE, to_kind=OrganisationKind.VT, legal_basis=basis
            )
            if basis is not None
            else None
        )
        if rule is None or not rule.active or basis is None or not basis.active:
            raise refuse(
                ReferralCode.NOT_SHARED,
                _(
                    "Er is geen actieve deelregel voor politie → Veilig Thuis op art. 18 Wpg; "
                    "meld telefonisch door en vraag functioneel beheer de deelregel te herstellen."
                ),
            )
        groups |= set(rule.field_groups)
        advice = list(RouteAdvice.objects.filter(melding=melding).order_by("position"))
        moment = advice[0].route if advice else Route.ACTIEOVERLEG
        if melding.family_system is not None:
            try:
                disclosure = sharing_services.disclosure_create(
                    user=user,
                    family_system=melding.family_system,
                    to_organisation=vt_organisation,
                    legal_basis=basis,
                    moment=moment,
                    necessity=_(
                        "Doormelding aan Veilig Thuis (routekaart: politie meldt binnen 24 uur) "
                        "voor de veiligheidsbeoordeling."
                    ),
                    items=[(melding, sorted(groups))],
                    channel=channel,
                )
            except ValidationError as exc:
                raise refuse(ReferralCode.NOT_SHARED, " ".join(exc.messages)) from exc
        now = timezone.now()
        copy: dict[str, Any] = {
            "kind": MeldingKind.VT_MELDING,
            "channel": Channel.POLITIE_ZORGMELDING,
            "occurred_at": melding.occurred_at,
            "received_at": max(now, melding.occurred_at),
            "is_acute": melding.is_acute,
            "suspect_arrested": melding.suspect_arrested,
            "child_injury_suspected": melding.child_injury_suspected,
            "follows_from": melding,
            "reporter_organisation": melding.source_organisation,
            "family_system": melding.family_system,
            **{name: getattr(melding, name) for name in Melding.LABEL_FIELDS.values()},
        }
        if FieldGroup.LOCATIE in groups:
            copy |= {
                "location": melding.location,
                "postcode": melding.postcode,
                "city": melding.city,
            }
        if FieldGroup.TOELICHTING in groups:
            copy["narrative"] = melding.narrative
        persons = []
        if FieldGroup.PERSONEN in groups:
            persons = [
                {
                    name: getattr(mention, name)
                    for name in validation.PERSON_FIELDS
                    if name != "person"
                }
                | {"person": mention.person}
                for mention in melding.persons.select_related("person").order_by("pk")
            ]
        # Copied as the police recorded it (already validated then, or seeded), with the
        # persons the police linked: nothing is re-judged on the way to Veilig Thuis.
        clean = validation.CleanIntake(melding=copy, persons=persons)
        _store(
            user=user,
            organisation=vt_organisation,
            clean=clean,
            channel=channel,
            purpose=_("doormelding aan Veilig Thuis (art. 18 Wpg)"),
        )
        referral = VtReferral.objects.select_for_update().get(pk=referral.pk)
        referral.sent_at = now
        referral.sent_by = user
        referral.vt_organisation = vt_organisation
        referral.disclosure = disclosure
        referral.save(update_fields=["sent_at", "sent_by", "vt_organisation", "disclosure"])
    return referral


__all__ = [
    "Code",
    "IntakeError",
    "IntakeOutcome",
    "Placement",
    "melding_record",
    "melding_record_received",
    "vt_referral_send",
]
