"""Writes of the ZSM work process.

Business rules:

- Only organisations registered as ZSM partner at the case's location (``ZsmPartner``) act on
  a case; anyone else gets the same 404 as for a missing case (``selectors.case_get``).
- Inflow (``zsm_case_inflow``): a melding with a suspect (arrest or aangifte) enters the queue
  of a ZSM location with ``due_at = inflow_at + 9 h``. The clock does not pause outside ZSM's
  opening hours (7 days × 14 h): the norm is about a suspect who is waiting, so the time left is
  shown as it is (``docs/adr/0012-zsm.md``). At inflow the system sets
  - the HG label: GELABELD when the melding carries HG; MOGELIJK_HG when the network knows
    suspect and victim as (ex-)partners or family (``voorop.zsm.detector``); otherwise GEEN;
  - ``known_to_vt``: Veilig Thuis already knows the family or the persons (``known_to_vt``; the
    fact only, as dat-informatie);
  - the RvdK's involvement: a minor suspect, or an adult suspect with minor children in the
    family system (``rvdk_rule``);
  - the involvement in the family system of the ZSM partners at the location that work the case
    (``case_partners``: the Raad only when its rule involves it, Veilig Thuis only when the
    case is (possibly) huiselijk geweld), so that VT can share its veiligheidsvoorwaarden with
    them through the disclosure register.
- A MOGELIJK_HG case is confirmed (label BEVESTIGD and a VT melding recorded for the Veilig
  Thuis partner at the location, following the ZSM melding) or rejected, by any ZSM partner.
- Veilig Thuis links its own veiligheidsbeoordeling (at least part A done) and shares it —
  outcome and veiligheidsvoorwaarden — with the other ZSM partners through the register.
- 3RO records its advice on the suspect; whether it was coordinated with VT and how long that
  took are recorded too, so the share of advices with coordination is measurable.
- The OM decides (disposal/route) or delays to the HG-spreekuur or verdiepingstafel with a new
  date; a delayed case comes back (``zsm_case_return``) with its history and a new clock, and the
  handover note says who had it and what is open.
- Release safeguard: a suspect in a case with acute unsafety (the melding was acute, or VT's part
  A says HOOG or ACUUT) is not marked released unless a safety measure is recorded — a juridical
  measure in an OM decision, or an item in force in the family's veiligheidsplan that serves
  direct safety (e.g. a tijdelijk huisverbod via police and VT; ``safety_measures``). The
  refusal names the conflict (``ErrorCode.RELEASE_UNSAFE``).

Every write is one transaction: the change, a ``ZsmEvent`` line and the access-log record.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from voorop.assessment import services as assessment_services
from voorop.assessment.choices import Status as BeoordelingStatus
from voorop.assessment.levels import AcuteLevel
from voorop.assessment.models import Veiligheidsbeoordeling
from voorop.audit.models import AccessAction
from voorop.audit.services import access_log_write
from voorop.authz.selectors import is_professional
from voorop.cases.models import Phase
from voorop.core.errors import field_error as _error
from voorop.meldingen import services as meldingen_services
from voorop.meldingen.models import (
    Channel,
    InvolvementRole,
    Melding,
    MeldingKind,
    MeldingPerson,
)
from voorop.meldingen.validation import PERSON_FIELDS
from voorop.organisations.models import Organisation, OrganisationKind, Region, RegionKind
from voorop.persons.models import (
    FamilyMembership,
    OrganisationInvolvement,
    Relation,
    RelationKind,
)
from voorop.persons.services import involvement_touch
from voorop.safetyplan.models import AgreementTopic, PlanItem, PlanItemKind, PlanItemStatus
from voorop.sharing import selectors as sharing_selectors
from voorop.sharing.models import CoordinationMoment, LegalBasis
from voorop.zsm import detector, inflow, workflow
from voorop.zsm.choices import (
    DecisionKind,
    DelayTo,
    Disposal,
    EventKind,
    HgLabel,
    Status,
    VtPresence,
)
from voorop.zsm.models import (
    CLOCK,
    Afstemmingsoverleg,
    OmDecision,
    ReclasseringAdvice,
    ZsmCase,
    ZsmEvent,
    ZsmPartner,
)

OBJECT_TYPE = "zsm-zaak"

logger = logging.getLogger(__name__)

#: Acute levels of part A that count as acute unsafety for the release safeguard.
ACUTE_LEVELS = (AcuteLevel.HOOG, AcuteLevel.ACUUT)


class ErrorCode:
    NOT_A_PARTNER = "geen_zsm_partner"
    WRONG_KIND = "verkeerde_organisatie"
    NOT_A_LOCATION = "geen_zsm_locatie"
    NO_SUSPECT = "geen_verdachte"
    ALREADY_IN_ZSM = "al_op_zsm"
    NOT_FLAGGED = "niet_mogelijk_hg"
    NO_VT_PARTNER = "geen_vt_op_locatie"
    BEOORDELING = "beoordeling_past_niet"
    TEXT_MISSING = "tekst_ontbreekt"
    MINUTES = "minuten_ongeldig"
    DISPOSAL = "afdoening_ontbreekt"
    DELAY = "uitstel_onvolledig"
    RELEASE_UNSAFE = "vrijlating_zonder_veiligheidsmaatregel"
    ALREADY_RELEASED = "al_vrijgelaten"
    NOT_DUE = "nog_niet_terug"
    NO_LEGAL_BASIS = "grondslag_ontbreekt"
    UNKNOWN_ORGANISATION = "onbekende_organisatie"


def error_codes(error: ValidationError) -> list[str]:
    """The stable codes of a refusal, whether it names fields or not."""
    found = (
        [e for errors in error.error_dict.values() for e in errors]
        if hasattr(error, "error_dict")
        else error.error_list
    )
    return sorted({e.code or "" for e in found})


# --- who may act --------------------------------------------------------------------------------


def is_partner(organisation: Organisation | None, location: Region) -> bool:
    return (
        organisation is not None
        and ZsmPartner.objects.filter(location=location, organisation=organisation).exists()
    )


def _check_partner(user, case: ZsmCase, kinds: tuple[str, ...] = ()) -> Organisation:
    organisation = getattr(user, "organisation", None)
    if not getattr(user, "is_active", False) or not is_partner(organisation, case.location):
        raise PermissionDenied(_("U werkt niet op deze ZSM-locatie."))
    assert organisation is not None
    if not is_professional(user):  # as in every workflow (ADR 0009): they read along
        raise PermissionDenied(
            _(
                "Privacy officers en functioneel beheerders lezen mee; vastleggen doen de "
                "professionals van de ZSM-partners."
            )
        )
    if kinds and organisation.kind not in kinds:
        raise ValidationError(
            _("Dit legt %(who)s vast.")
            % {"who": ", ".join(str(OrganisationKind(k).label) for k in kinds)},
            code=ErrorCode.WRONG_KIND,
        )
    return organisation


def case_partners(case: ZsmCase) -> list[Organisation]:
    """The ZSM partners at the case's location that work the case: all of them, except the
    Raad voor de Kinderbescherming when its rule does not involve it (no minor suspect, no
    minor children), and Veilig Thuis when nothing points at huiselijk geweld (label GEEN: "in
    de gezamenlijke aanpak heeft Veilig Thuis enkel in zaken met een huiselijk geweld label een
    rol", Significant §5.4). They become involved in the family system at inflow, and VT shares
    its veiligheidsvoorwaarden with them."""
    organisations = Organisation.objects.filter(zsm_locations__location=case.location)
    if not case.rvdk_involved:
        organisations = organisations.exclude(kind=OrganisationKind.RVDK)
    if case.hg_label == HgLabel.GEEN:
        organisations = organisations.exclude(kind=OrganisationKind.VT)
    return list(organisations.order_by("name", "pk"))


def _locked(case: ZsmCase) -> ZsmCase:
    return ZsmCase.objects.select_for_update().get(pk=case.pk)


def _refresh(target: ZsmCase, source: ZsmCase) -> None:
    for f in ZsmCase._meta.concrete_fields:
        setattr(target, f.attname, getattr(source, f.attname))


def _person_ids(case: ZsmCase) -> list[int]:
    ids = [case.suspect_id] if case.suspect_id else []
    return ids + list(case.victims.values_list("pk", flat=True))


def _record(
    case: ZsmCase,
    *,
    user,
    kind: str,
    action: str,
    note: str = "",
    from_status: str = "",
    to_status: str = "",
    channel: str = "WEB",
) -> None:
    authenticated = getattr(user, "is_authenticated", False)
    ZsmEvent.objects.create(
        case=case,
        at=timezone.now(),
        kind=kind,
        from_status=from_status,
        to_status=to_status,
        user=user if authenticated else None,
        organisation=user.organisation if authenticated else None,
        note=note[:300],
    )
    access_log_write(
        user=user,
        action=action,
        object_type=OBJECT_TYPE,
        object_id=case.pk,
        person_ids=_person_ids(case),
        channel=channel,
    )


def _move(case: ZsmCase, *, user, to: str, note: str = "", channel: str = "WEB") -> None:
    workflow.transition_check(case.status, to)
    source = case.status
    case.status = to
    case.status_changed_at = timezone.now()
    case.save(update_fields=["status", "status_changed_at"])
    _record(
        case,
        user=user,
        kind=EventKind.STATUS,
        action=AccessAction.UPDATE,
        from_status=source,
        to_status=to,
        note=note,
        channel=channel,
    )


# --- rules read at inflow -----------------------------------------------------------------------


def _age(born: dt.date | None, on: dt.date) -> int | None:
    if born is None:
        return None
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def rvdk_rule(
    *, suspect, family_system_id: int | None, on: dt.date, born: dt.date | None = None
) -> str:
    """Why the Raad voor de Kinderbescherming is involved ("" if not): a minor suspect
    (strafrechtelijke rol), or an adult suspect with minor children in the family system
    (civielrechtelijke rol) — a child of the suspect, or any minor member of the family.
    ``born`` is the reported date of birth, for a suspect not (yet) linked to the person index."""
    age = _age(suspect.date_of_birth if suspect is not None else born, on)
    if age is not None and age < 18:
        return _("minderjarige verdachte")
    children = (
        Relation.objects.filter(
            person_a=suspect, kind__in=(RelationKind.OUDER_KIND, RelationKind.VERZORGER)
        ).values_list("person_b__date_of_birth", flat=True)
        if suspect is not None
        else []
    )
    members = (
        FamilyMembership.objects.filter(family_system_id=family_system_id)
        .exclude(person=suspect)
        .values_list("person__date_of_birth", flat=True)
        if family_system_id
        else []
    )
    if any((a := _age(dob, on)) is not None and a < 18 for dob in [*children, *members]):
        return _("meerderjarige verdachte met minderjarige kinderen in het gezinssysteem")
    return ""


def known_to_vt(family_system_id: int | None, person_ids: list[int]) -> bool:
    """Whether Veilig Thuis already knows the family as a whole or the persons individually
    (Significant §4.3e: 73% of the cases at ZSM Noord-Holland were): a Veilig Thuis
    organisation is involved in the family system or in another family system one of the
    persons belongs to, or a Veilig Thuis melding names one of them. The fact only, as
    dat-informatie; nothing of VT's content."""
    families = set(
        FamilyMembership.objects.filter(person_id__in=person_ids).values_list(
            "family_system_id", flat=True
        )
    )
    if family_system_id is not None:
        families.add(family_system_id)
    if OrganisationInvolvement.objects.filter(
        family_system_id__in=families, organisation__kind=OrganisationKind.VT
    ).exists():
        return True
    return MeldingPerson.objects.filter(
        person_id__in=person_ids, melding__source_organisation__kind=OrganisationKind.VT
    ).exists()


# --- inflow -------------------------------------------------------------------------------------


def zsm_case_inflow(
    *,
    melding: Melding,
    location: Region,
    user=None,
    at: dt.datetime | None = None,
    channel: str = "WEB",
    note: str = "",
) -> ZsmCase:
    """A melding with a suspect enters the queue of ``location`` (see the module's rules).
    ``user`` is the police officer who sends it or who recorded the arrest, None for a command.
    The suspect need not be linked to the person index yet (a linkage review may be pending):
    then the flag cannot look at relations and the Raad's rule reads the reported date of
    birth."""
    if location.kind != RegionKind.ZSM_LOCATIE:
        raise _error("location", _("Kies een ZSM-locatie."), ErrorCode.NOT_A_LOCATION)
    mentions = list(melding.persons.select_related("person").order_by("pk"))
    suspects = [m for m in mentions if m.role == InvolvementRole.VERDACHTE]
    victims = [m.person for m in mentions if m.role == InvolvementRole.SLACHTOFFER and m.person]
    if not suspects:
        raise _error("melding", _("Een ZSM-zaak heeft een verdachte."), ErrorCode.NO_SUSPECT)
    if ZsmCase.objects.filter(melding=melding).exists():
        raise _error("melding", _("Deze melding is al op ZSM."), ErrorCode.ALREADY_IN_ZSM)
    now = at or timezone.now()
    mention = next((m for m in suspects if m.person is not None), suspects[0])
    suspect = mention.person
    if melding.label_hg:
        label, reason = HgLabel.GELABELD, ""
    else:
        reason = detector.flag_reasons([melding.pk]).get(melding.pk, "")
        label = HgLabel.MOGELIJK_HG if reason else HgLabel.GEEN
    rvdk_reason = rvdk_rule(
        suspect=suspect,
        family_system_id=melding.family_system_id,
        on=timezone.localdate(now),
        born=mention.date_of_birth,
    )
    notes = [note, reason, rvdk_reason and _("Raad betrokken: %s") % rvdk_reason]
    if suspect is None:
        notes.append(_("verdachte nog niet gekoppeld aan de personenindex"))
    with transaction.atomic():
        case = ZsmCase(
            reference=f"ZSM-NIEUW-{uuid.uuid4().hex[:20]}",
            melding=melding,
            family_system_id=melding.family_system_id,
            suspect=suspect,
            location=location,
            status=Status.INSTROOM,
            inflow_at=now,
            due_at=now + CLOCK,
            status_changed_at=now,
            hg_label=label,
            hg_flag_reason=reason,
            known_to_vt=known_to_vt(
                melding.family_system_id,
                [p.pk for p in [suspect, *victims] if p is not None],
            ),
            is_acute=melding.is_acute,
            rvdk_involved=bool(rvdk_reason),
            rvdk_reason=rvdk_reason,
        )
        case.full_clean()
        case.save()
        case.reference = f"ZSM-{timezone.localtime(now).year}-{case.pk:06d}"
        case.save(update_fields=["reference"])
        case.victims.set(victims)
        if melding.family_system is not None:
            for organisation in case_partners(case):
                involvement_touch(
                    family_system=melding.family_system, organisation=organisation, at=now
                )
        _record(
            case,
            user=user,
            kind=EventKind.INSTROOM,
            action=AccessAction.CREATE,
            to_status=Status.INSTROOM,
            note="; ".join(n for n in notes if n),
            channel=channel,
        )
    return case


def zsm_case_inflow_from_intake(*, melding: Melding, user=None, channel: str = "WEB"):
    """The automatic inflow: called by ``voorop.meldingen.services`` for every melding it
    records, inside that transaction. Applies the rules of ``voorop.zsm.inflow``; a melding that
    does not qualify is left alone and the reason is written to the application log
    (identifiers and a code only). Returns the new case or None. Idempotent: a melding (or the
    incident it follows from) is at ZSM at most once. A refusal of the inflow itself never
    fails the recording of the melding: it runs in a savepoint."""
    routing = inflow.route(melding)
    if routing.location is None:
        if routing.skip not in (inflow.SkipCode.NOT_POLICE, inflow.SkipCode.NOT_ARRESTED):
            logger.warning(
                "zsm inflow skipped: melding=%s organisation=%s code=%s",
                melding.pk,
                melding.source_organisation.code,
                routing.skip,
            )
        return None
    try:
        with transaction.atomic():
            case = zsm_case_inflow(
                melding=melding,
                location=routing.location,
                user=user,
                at=max(melding.received_at, timezone.now()),
                channel=channel,
                note=_("automatisch vanuit de intake (%(how)s)") % {"how": routing.how},
            )
    except ValidationError as error:
        logger.warning(
            "zsm inflow refused: melding=%s location=%s codes=%s",
            melding.pk,
            routing.location.code,
            ",".join(error_codes(error)),
        )
        return None
    logger.info(
        "zsm inflow: melding=%s case=%s location=%s via=%s",
        melding.pk,
        case.pk,
        routing.location.code,
        routing.how,
    )
    return case


def zsm_case_take_up(*, user, case: ZsmCase, channel: str = "WEB") -> ZsmCase:
    """INSTROOM → IN_BEHANDELING: a ZSM partner at the location takes the case up. When an
    officier takes up a case that came back from a delay, the handover is made explicit: the
    history records from which officier to which, with the handover note."""
    organisation = _check_partner(user, case)
    with transaction.atomic():
        locked = _locked(case)
        note = ""
        if locked.returns and organisation.kind == OrganisationKind.OM:
            handover = (
                locked.decisions.filter(kind=DecisionKind.UITSTEL).select_related("officier").last()
            )
            if handover is not None:
                note = _("Overdracht van %(from)s aan %(to)s: %(note)s") % {
                    "from": handover.officier.get_full_name() or handover.officier.get_username(),
                    "to": user.get_full_name() or user.get_username(),
                    "note": handover.note,
                }
        _move(locked, user=user, to=Status.IN_BEHANDELING, note=note, channel=channel)
    _refresh(case, locked)
    return case


# --- the HG label -------------------------------------------------------------------------------


def zsm_hg_confirm(*, user, case: ZsmCase, note: str = "", channel: str = "WEB") -> ZsmCase:
    """MOGELIJK_HG → BEVESTIGD: the case follows the HG process; a VT melding is recorded for the
    Veilig Thuis partner at the location, following the ZSM melding, with the same persons."""
    organisation = _check_partner(user, case)
    with transaction.atomic():
        locked = _locked(case)
        if locked.hg_label != HgLabel.MOGELIJK_HG:
            raise _error(
                "hg_label",
                _("Alleen een zaak met 'mogelijk huiselijk geweld' wordt bevestigd of afgewezen."),
                ErrorCode.NOT_FLAGGED,
            )
        vt = (
            Organisation.objects.filter(
                zsm_locations__location=locked.location, kind=OrganisationKind.VT
            )
            .order_by("pk")
            .first()
        )
        if vt is None:
            raise _error(
                "hg_label",
                _("Er is geen Veilig Thuis-organisatie aan deze ZSM-locatie verbonden."),
                ErrorCode.NO_VT_PARTNER,
            )
        source = locked.melding
        if source is None:
            raise _error(
                "melding",
                _("De melding van deze zaak is er niet meer (bewaartermijn verstreken)."),
                ErrorCode.NOT_FLAGGED,
            )
        now = timezone.now()
        vt_melding = meldingen_services.melding_record_received(
            user=user,
            organisation=vt,
            melding={
                "kind": MeldingKind.VT_MELDING,
                "channel": Channel.PROFESSIONAL,
                "occurred_at": source.occurred_at,
                "received_at": max(now, source.occurred_at),
                "is_acute": source.is_acute,
                "label_hg": True,
                "narrative": _("Huiselijk geweld bevestigd op ZSM (%(ref)s).")
                % {"ref": locked.reference},
                "family_system": source.family_system,
                "suspect_arrested": True,
                "reporter_organisation": organisation,
                "follows_from": source,
            },
            persons=[
                {
                    name: getattr(mention, name)
                    for name in PERSON_FIELDS
                    if name not in ("person", "source_record_id")
                }
                | {"person": mention.person}
                for mention in source.persons.select_related("person").order_by("pk")
            ],
            channel=channel,
            purpose=_("HG bevestigd op ZSM: melding aan Veilig Thuis"),
        )
        locked.hg_label = HgLabel.BEVESTIGD
        locked.vt_melding = vt_melding
        locked.save(update_fields=["hg_label", "vt_melding"])
        _record(
            locked,
            user=user,
            kind=EventKind.HG_LABEL,
            action=AccessAction.UPDATE,
            note=note or _("HG bevestigd; VT-melding %(ref)s.") % {"ref": vt_melding.reference},
            channel=channel,
        )
    _refresh(case, locked)
    return case


def zsm_hg_reject(*, user, case: ZsmCase, note: str, channel: str = "WEB") -> ZsmCase:
    """MOGELIJK_HG → AFGEWEZEN, with the reason."""
    _check_partner(user, case)
    note = (note or "").strip()
    if not note:
        raise _error(
            "note", _("Geef aan waarom het geen huiselijk geweld is."), ErrorCode.TEXT_MISSING
        )
    with transaction.atomic():
        locked = _locked(case)
        if locked.hg_label != HgLabel.MOGELIJK_HG:
            raise _error(
                "hg_label",
                _("Alleen een zaak met 'mogelijk huiselijk geweld' wordt bevestigd of afgewezen."),
                ErrorCode.NOT_FLAGGED,
            )
        locked.hg_label = HgLabel.AFGEWEZEN
        locked.save(update_fields=["hg_label"])
        _record(
            locked,
            user=user,
            kind=EventKind.HG_LABEL,
            action=AccessAction.UPDATE,
            note=note,
            channel=channel,
        )
    _refresh(case, locked)
    return case


# --- Veilig Thuis at ZSM ------------------------------------------------------------------------


def zsm_beoordeling_link(
    *, user, case: ZsmCase, beoordeling: Veiligheidsbeoordeling, channel: str = "WEB"
) -> ZsmCase:
    """VT links its own veiligheidsbeoordeling of the case's family system (part A at least).
    The history says whether part A was completed within the case's 9-hour clock (Significant
    §5.4: VT performs at least part A at ZSM)."""
    _check_partner(user, case, kinds=(OrganisationKind.VT,))
    if (
        beoordeling.organisation_id != user.organisation_id
        or beoordeling.family_system_id != case.family_system_id
        or beoordeling.status == BeoordelingStatus.DRAFT
    ):
        raise _error(
            "beoordeling",
            _(
                "Koppel een eigen veiligheidsbeoordeling van dit gezinssysteem waarvan ten "
                "minste deel A (acute onveiligheid) is afgerond."
            ),
            ErrorCode.BEOORDELING,
        )
    with transaction.atomic():
        locked = _locked(case)
        locked.beoordeling = beoordeling
        locked.save(update_fields=["beoordeling"])
        _record(
            locked,
            user=user,
            kind=EventKind.BEOORDELING,
            action=AccessAction.UPDATE,
            note=(
                _("Veilig Thuis koppelde een veiligheidsbeoordeling; deel A binnen de klok.")
                if beoordeling.part_a_completed_at
                and beoordeling.part_a_completed_at <= locked.due_at
                else _("Veilig Thuis koppelde een veiligheidsbeoordeling; deel A na de klok.")
            ),
            channel=channel,
        )
    _refresh(case, locked)
    return case


#: The legal basis Veilig Thuis shares on at ZSM (sharing's data migration, Bijlage 1).
VT_LEGAL_BASIS = "vt-avg-6-1-e-wmo-4-1-1"


def zsm_vt_share(
    *,
    user,
    case: ZsmCase,
    necessity: str,
    legal_basis: LegalBasis | None = None,
    channel: str = "WEB",
) -> list[Organisation]:
    """VT shares the linked beoordeling (outcome and veiligheidsvoorwaarden) with the other ZSM
    partners that work the case (``case_partners``), each through the disclosure register
    (moment ZSM), on
    ``legal_basis`` (by default art. 6 lid 1 sub e AVG jo. art. 4.1.1 Wmo, ``VT_LEGAL_BASIS``).
    All or nothing: when one partner may not receive it, nothing is shared."""
    _check_partner(user, case, kinds=(OrganisationKind.VT,))
    if case.beoordeling is None:
        raise _error(
            "beoordeling", _("Koppel eerst de veiligheidsbeoordeling."), ErrorCode.BEOORDELING
        )
    if legal_basis is None:
        legal_basis = sharing_selectors.legal_basis_by_code(code=VT_LEGAL_BASIS)
    if legal_basis is None:
        raise _error(
            "legal_basis",
            _(
                "De grondslag voor verstrekking door Veilig Thuis ontbreekt; vraag "
                "functioneel beheer om die te herstellen."
            ),
            ErrorCode.NO_LEGAL_BASIS,
        )
    recipients = [o for o in case_partners(case) if o.pk != user.organisation_id]
    with transaction.atomic():
        for organisation in recipients:
            assessment_services.beoordeling_share(
                user=user,
                beoordeling=case.beoordeling,
                to_organisation=organisation,
                legal_basis=legal_basis,
                moment=CoordinationMoment.ZSM,
                necessity=necessity,
                channel=channel,
            )
        _record(
            case,
            user=user,
            kind=EventKind.BEOORDELING,
            action=AccessAction.UPDATE,
            note=_("Veiligheidsvoorwaarden gedeeld met %(n)s ZSM-partners.")
            % {"n": len(recipients)},
            channel=channel,
        )
    return recipients


# --- 3RO, RvdK, afstemmingsoverleg --------------------------------------------------------------


def zsm_advice_record(
    *,
    user,
    case: ZsmCase,
    advice: str,
    builds_on_vt: bool,
    coordinated_with_vt: bool,
    coordination_minutes: int | None = None,
    channel: str = "WEB",
) -> ReclasseringAdvice:
    """3RO's advice on the suspect, and whether (and how many minutes) it was coordinated with
    Veilig Thuis."""
    organisation = _check_partner(user, case, kinds=(OrganisationKind.RECLASSERING,))
    advice = (advice or "").strip()
    if not advice:
        raise _error("advice", _("Schrijf het advies over de verdachte."), ErrorCode.TEXT_MISSING)
    if coordinated_with_vt and (coordination_minutes is None or coordination_minutes <= 0):
        raise _error(
            "coordination_minutes",
            _("Vul in hoeveel minuten de afstemming met Veilig Thuis duurde."),
            ErrorCode.MINUTES,
        )
    with transaction.atomic():
        row = ReclasseringAdvice(
            case=case,
            organisation=organisation,
            author=user,
            advice=advice,
            builds_on_vt=builds_on_vt,
            coordinated_with_vt=coordinated_with_vt,
            coordination_minutes=coordination_minutes if coordinated_with_vt else None,
            created_at=timezone.now(),
        )
        row.full_clean()
        row.save()
        _record(
            case,
            user=user,
            kind=EventKind.ADVIES,
            action=AccessAction.CREATE,
            note=_("afgestemd met VT") if coordinated_with_vt else _("niet afgestemd met VT"),
            channel=channel,
        )
    return row


def zsm_overleg_record(
    *,
    user,
    case: ZsmCase,
    vt_presence: str,
    organisations: list[Organisation],
    summary: str,
    held_at: dt.datetime | None = None,
    channel: str = "WEB",
) -> Afstemmingsoverleg:
    """The ZSM partners' afstemmingsoverleg on the case, with Veilig Thuis present, by phone, or
    not; participants are ZSM partners at the location."""
    _check_partner(user, case)
    summary = (summary or "").strip()
    if not summary:
        raise _error("summary", _("Leg de afspraken vast."), ErrorCode.TEXT_MISSING)
    if vt_presence not in VtPresence.values:
        raise _error(
            "vt_presence", _("Kies de aanwezigheid van Veilig Thuis."), ErrorCode.TEXT_MISSING
        )
    outsiders = [o for o in organisations if not is_partner(o, case.location)]
    if outsiders:
        raise _error(
            "organisations",
            _("Geen ZSM-partner op deze locatie: %s") % ", ".join(o.name for o in outsiders),
            ErrorCode.NOT_A_PARTNER,
        )
    with transaction.atomic():
        overleg = Afstemmingsoverleg(
            case=case,
            held_at=held_at or timezone.now(),
            vt_presence=vt_presence,
            summary=summary,
            recorded_by=user,
        )
        overleg.full_clean()
        overleg.save()
        overleg.organisations.set(organisations)
        _record(
            case,
            user=user,
            kind=EventKind.OVERLEG,
            action=AccessAction.CREATE,
            note=str(VtPresence(vt_presence).label),
            channel=channel,
        )
    return overleg


# --- the OM ---------------------------------------------------------------------------------------


def zsm_decide(
    *,
    user,
    case: ZsmCase,
    disposal: str,
    juridical_measures: str = "",
    note: str = "",
    channel: str = "WEB",
) -> OmDecision:
    """IN_BEHANDELING → BESLOTEN: the officier on duty records the disposal or route."""
    _check_partner(user, case, kinds=(OrganisationKind.OM,))
    if disposal not in Disposal.values:
        raise _error("disposal", _("Kies de afdoening of route."), ErrorCode.DISPOSAL)
    with transaction.atomic():
        locked = _locked(case)
        workflow.transition_check(locked.status, Status.BESLOTEN)
        decision = OmDecision(
            case=locked,
            kind=DecisionKind.BESLUIT,
            disposal=disposal,
            juridical_measures=(juridical_measures or "").strip(),
            officier=user,
            note=(note or "").strip(),
            created_at=timezone.now(),
        )
        decision.full_clean()
        decision.save()
        _move(
            locked,
            user=user,
            to=Status.BESLOTEN,
            note=str(Disposal(disposal).label),
            channel=channel,
        )
    _refresh(case, locked)
    return decision


def zsm_delay(
    *,
    user,
    case: ZsmCase,
    delay_to: str,
    delay_until: dt.date,
    note: str,
    channel: str = "WEB",
) -> OmDecision:
    """IN_BEHANDELING → UITGESTELD: to the HG-spreekuur or verdiepingstafel on ``delay_until``;
    ``note`` is the handover for whichever officier has the case when it returns."""
    _check_partner(user, case, kinds=(OrganisationKind.OM,))
    note = (note or "").strip()
    today = timezone.localdate()
    if delay_to not in DelayTo.values or delay_until is None or delay_until <= today or not note:
        raise _error(
            "delay_until",
            _(
                "Kies HG-spreekuur of verdiepingstafel, een nieuwe datum na vandaag en schrijf "
                "een overdracht."
            ),
            ErrorCode.DELAY,
        )
    with transaction.atomic():
        locked = _locked(case)
        workflow.transition_check(locked.status, Status.UITGESTELD)
        decision = OmDecision(
            case=locked,
            kind=DecisionKind.UITSTEL,
            delay_to=delay_to,
            delay_until=delay_until,
            officier=user,
            note=note,
            created_at=timezone.now(),
        )
        decision.full_clean()
        decision.save()
        locked.delayed_to = delay_to
        locked.delayed_until = delay_until
        locked.save(update_fields=["delayed_to", "delayed_until"])
        _move(locked, user=user, to=Status.UITGESTELD, note=note, channel=channel)
    _refresh(case, locked)
    return decision


def zsm_case_return(
    *, user, case: ZsmCase, at: dt.datetime | None = None, channel: str = "WEB"
) -> ZsmCase:
    """UITGESTELD → INSTROOM on or after the new date: back in the queue with its history and a
    new 9-hour clock. The last handover note travels with it (shown on the case page)."""
    _check_partner(user, case)
    now = at or timezone.now()
    with transaction.atomic():
        locked = _locked(case)
        workflow.transition_check(locked.status, Status.INSTROOM)
        if locked.delayed_until and timezone.localdate(now) < locked.delayed_until:
            raise _error(
                "delayed_until",
                _("Deze zaak komt pas op %(d)s terug.")
                % {"d": locked.delayed_until.strftime("%d-%m-%Y")},
                ErrorCode.NOT_DUE,
            )
        handover = locked.decisions.filter(kind=DecisionKind.UITSTEL).last()
        locked.inflow_at = now
        locked.due_at = now + CLOCK
        locked.returns += 1
        locked.save(update_fields=["inflow_at", "due_at", "returns"])
        _move(
            locked,
            user=user,
            to=Status.INSTROOM,
            note=_("Terug van %(to)s; overdracht van %(who)s.")
            % {
                "to": DelayTo(locked.delayed_to).label if locked.delayed_to else "-",
                "who": handover.officier.get_full_name() if handover else "-",
            },
            channel=channel,
        )
    _refresh(case, locked)
    return case


# --- the release safeguard ------------------------------------------------------------------------


def acute_unsafety(case: ZsmCase) -> bool:
    """Acute unsafety: the melding was acute, or VT's part A found it HOOG or ACUUT."""
    if case.is_acute:
        return True
    return case.beoordeling is not None and case.beoordeling.acute_level in ACUTE_LEVELS


def safety_measures(case: ZsmCase) -> list[str]:
    """The recorded safety measures that cover a release: juridical measures in an OM decision,
    and in the family's veiligheidsplan the items in force (planned or running, not ended) that
    serve direct safety — an intervention of the acute phase in the interventiepalet (a
    tijdelijk huisverbod, a contactverbod, ...) or an agreement on temporary measures. An
    agreement on who consults whom, or help for the longer term, does not cover a release."""
    found = [d.juridical_measures for d in case.decisions.all() if d.juridical_measures.strip()]
    if case.family_system_id:
        today = timezone.localdate()
        items = PlanItem.objects.filter(
            plan__family_system_id=case.family_system_id,
            status__in=(PlanItemStatus.PLANNED, PlanItemStatus.ACTIVE),
        ).select_related("intervention")
        found += [
            str(item)
            for item in items
            if (item.ends_on is None or item.ends_on >= today)
            and (
                (item.intervention is not None and Phase.ACUUT in item.intervention.phases)
                or (
                    item.kind == PlanItemKind.AGREEMENT
                    and item.topic == AgreementTopic.TIJDELIJKE_MAATREGELEN
                )
            )
        ]
    return found


def zsm_suspect_release(*, user, case: ZsmCase, channel: str = "WEB") -> ZsmCase:
    """Mark the suspect released (OM or police). Refused while there is acute unsafety and no
    safety measure is recorded: the conflict is shown, never silently allowed."""
    _check_partner(user, case, kinds=(OrganisationKind.OM, OrganisationKind.POLITIE))
    with transaction.atomic():
        locked = _locked(case)
        if locked.suspect_released_at is not None:
            raise _error(
                "released", _("De verdachte is al vrijgelaten."), ErrorCode.ALREADY_RELEASED
            )
        if acute_unsafety(locked) and not safety_measures(locked):
            raise _error(
                "released",
                _(
                    "Conflict: er is acute onveiligheid in deze zaak en er is geen "
                    "veiligheidsmaatregel vastgelegd. Leg eerst een juridische maatregel vast "
                    "(bijvoorbeeld een contactverbod als voorwaarde) of, als het bewijs "
                    "tekortschiet, een maatregel in het veiligheidsplan (bijvoorbeeld een "
                    "tijdelijk huisverbod via politie en Veilig Thuis)."
                ),
                ErrorCode.RELEASE_UNSAFE,
            )
        locked.suspect_released_at = timezone.now()
        locked.save(update_fields=["suspect_released_at"])
        _record(
            locked,
            user=user,
            kind=EventKind.VRIJLATING,
            action=AccessAction.UPDATE,
            channel=channel,
        )
    _refresh(case, locked)
    return case
