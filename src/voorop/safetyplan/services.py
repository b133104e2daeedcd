"""Writes of the veiligheidsplan. Each is one transaction with its history record and its
access-log record; the Samen op in acuut workflow (step 4) and the other coordination moments
call these, passing the ``moment`` (and their own ``moment_reference``) they record for.

Business rules:

- A family system has one living plan, created on first use (``plan_get_or_create``).
- Only a user of a partner organisation that is involved in the family system in its own right
  adds to the plan (emergency access reads, it does not write).
- An item is an intervention from the interventiepalet or an agreement (afspraak). It has an
  owner organisation — any organisation, e.g. the gemeente for a huisverbod — and optionally a
  person of that organisation. A partner organisation that becomes owner becomes involved in the
  family system (it now has a task in it), so it can read the plan.
- Dates not given are derived from the catalogue: a tijdelijk huisverbod starting on day 0 ends
  on day 10 and is reassessed (advice on extension) on day 8; it can never run past day 28.
- An item is changed by its owner organisation or the organisation that recorded it; status
  changes follow the table in ``voorop.safetyplan.workflow``; extending and reassessing are only
  possible while the item is open.
- The internal note is disclosed to every reader of the plan only on an active legal basis.

Errors are Dutch ``ValidationError``s keyed by argument name (general ones under
``NON_FIELD_ERRORS``), each with a stable code from ``ErrorCode``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from voorop.audit.models import AccessAction
from voorop.audit.services import access_log_write
from voorop.cases.models import Phase
from voorop.core.errors import field_error as _error
from voorop.organisations.models import Organisation
from voorop.persons.models import FamilySystem
from voorop.persons.services import involvement_touch
from voorop.safetyplan import selectors, workflow
from voorop.safetyplan.models import (
    AgreementTopic,
    Intervention,
    PlanItem,
    PlanItemChange,
    PlanItemKind,
    PlanItemStatus,
    SafetyPlan,
)
from voorop.sharing.models import CoordinationMoment, LegalBasis

#: Object types of the access log. A plan is known by its family system's id (also before the
#: plan exists), an item by its own id.
PLAN = "veiligheidsplan"
ITEM = "planonderdeel"


class ErrorCode:
    """The stable codes of the plan services' validation errors."""

    NOT_INVOLVED = "niet_betrokken"
    NOT_OWNER = "niet_eigenaar"
    INTERVENTION_INACTIVE = "interventie_niet_in_gebruik"
    PHASE_NOT_IN_CATALOGUE = "fase_past_niet"
    UNKNOWN_PHASE = "fase_onbekend"
    UNKNOWN_MOMENT = "onbekend_afstemmingsmoment"
    UNKNOWN_TOPIC = "onderwerp_onbekend"
    INITIAL_STATUS = "beginstatus_ongeldig"
    TRANSITION_NOT_ALLOWED = "statusovergang_niet_toegestaan"
    LONGER_THAN_MAXIMUM = "langer_dan_maximum"
    NOT_OPEN = "niet_open"
    NOT_LATER = "niet_later"
    NO_MAXIMUM = "geen_verlenging"
    NOTE_EMPTY = "geen_notitie"
    NOTE_ALREADY_DISCLOSED = "notitie_al_gedeeld"
    BASIS_INACTIVE = "grondslag_niet_in_gebruik"


class _Unchanged:
    def __repr__(self) -> str:
        return "UNCHANGED"


#: "Leave this field as it is" for ``plan_item_update``.
UNCHANGED: Any = _Unchanged()


def _check_writer(*, user, family_system: FamilySystem) -> None:
    if not selectors.may_add_to_plan(user=user, family_system=family_system):
        raise _error(
            NON_FIELD_ERRORS,
            _(
                "Alleen een partnerorganisatie die zelf betrokken is bij dit gezinssysteem kan "
                "het veiligheidsplan aanvullen."
            ),
            ErrorCode.NOT_INVOLVED,
        )


def _check_changer(*, user, item: PlanItem) -> None:
    if not selectors.may_change_item(user=user, item=item):
        raise _error(
            NON_FIELD_ERRORS,
            _(
                "Alleen de eigenaar van dit onderdeel of de organisatie die het vastlegde, kan "
                "het wijzigen."
            ),
            ErrorCode.NOT_OWNER,
        )


def _date(value: dt.date | None) -> str:
    return f"{value:%d-%m-%Y}" if value else "–"


def _display(field: str, value: Any) -> str:
    """A value as the history shows it (never the note's content)."""
    if value is None or value == "":
        return "–"
    if isinstance(value, dt.date):
        return _date(value)
    if field == "status":
        return str(PlanItemStatus(value).label)
    if field == "owner_user":
        return value.get_full_name() or value.get_username()
    return str(value)


def _log_access(
    *, user, action: str, object_type: str, object_id: object, family_system, purpose: str, channel
) -> None:
    access_log_write(
        user=user,
        action=action,
        object_type=object_type,
        object_id=object_id,
        person_ids=selectors.family_member_ids(family_system=family_system),
        purpose=purpose,
        channel=channel,
    )


def _record_change(*, item: PlanItem, user, action: str, changes: dict[str, list[str]]) -> None:
    PlanItemChange.objects.create(
        item=item, user=user, organisation=user.organisation, action=action, changes=changes
    )


# --- the plan ---------------------------------------------------------------------------------


def plan_get_or_create(*, user, family_system: FamilySystem) -> SafetyPlan:
    """The family system's plan, created on first use (the first point of contact for the
    measures starts as the case's first point of contact, else the user's organisation)."""
    _check_writer(user=user, family_system=family_system)
    with transaction.atomic():
        plan = SafetyPlan.objects.filter(family_system=family_system).first()
        if plan is not None:
            return plan
        case = getattr(family_system, "case", None)
        plan = SafetyPlan(
            family_system=family_system,
            contact_organisation=case.first_contact_organisation if case else user.organisation,
            contact_user=case.first_contact_user if case else None,
            created_by=user,
        )
        plan.full_clean(exclude=["family_system"])
        try:
            with transaction.atomic():
                plan.save()
        except IntegrityError:  # created by someone else a moment ago
            return SafetyPlan.objects.get(family_system=family_system)
    return plan


def plan_set_contact(
    *,
    user,
    family_system: FamilySystem,
    organisation: Organisation,
    contact_user=None,
    channel: str = "WEB",
) -> SafetyPlan:
    """Record who is the first point of contact for the whole set of safety measures (Samen op
    in acuut, step 4). Logged as UPDATE ``veiligheidsplan``."""
    with transaction.atomic():
        plan = plan_get_or_create(user=user, family_system=family_system)
        plan = SafetyPlan.objects.select_for_update(of=("self",)).get(pk=plan.pk)
        plan.contact_organisation = organisation
        plan.contact_user = contact_user
        plan.full_clean(exclude=["family_system"])
        plan.save(update_fields=["contact_organisation", "contact_user", "updated_at"])
        involvement_touch(
            family_system=family_system, organisation=user.organisation, at=timezone.now()
        )
        _log_access(
            user=user,
            action=AccessAction.UPDATE,
            object_type=PLAN,
            object_id=family_system.pk,
            family_system=family_system,
            purpose="",
            channel=channel,
        )
    return plan


# --- adding items -----------------------------------------------------------------------------


def _default_phase(family_system: FamilySystem, allowed: list[str] | None = None) -> str:
    case = getattr(family_system, "case", None)
    phase = case.phase if case else Phase.ACUUT
    if allowed and phase not in allowed:
        return next(p for p in Phase.values if p in allowed)
    return phase


def _initial_status(status: str | None, starts_on: dt.date) -> str:
    if status is None:
        return PlanItemStatus.ACTIVE if starts_on <= selectors.today() else PlanItemStatus.PLANNED
    if status not in workflow.INITIAL_STATUSES:
        raise _error(
            "status",
            _("Een nieuw onderdeel is gepland of lopend."),
            ErrorCode.INITIAL_STATUS,
        )
    return status


def _check_moment(moment: str) -> None:
    if moment not in CoordinationMoment.values:
        raise _error("moment", _("Kies een afstemmingsmoment."), ErrorCode.UNKNOWN_MOMENT)


def _check_maximum(item: PlanItem) -> None:
    end = selectors.latest_end(item)
    intervention = item.intervention
    if intervention is not None and end is not None and item.ends_on and item.ends_on > end:
        raise _error(
            "ends_on",
            _(
                "%(name)s duurt ten hoogste %(days)s dagen: de einddatum kan niet later zijn "
                "dan %(date)s."
            )
            % {
                "name": intervention.name,
                "days": intervention.max_duration_days,
                "date": _date(end),
            },
            ErrorCode.LONGER_THAN_MAXIMUM,
        )


def _save_new_item(*, user, family_system: FamilySystem, item: PlanItem, channel: str) -> PlanItem:
    plan = plan_get_or_create(user=user, family_system=family_system)
    item.plan = plan
    item.recorded_by = user.organisation
    item.created_by = user
    item.full_clean(exclude=["plan"])
    item.save()
    now = timezone.now()
    involvement_touch(family_system=family_system, organisation=user.organisation, at=now)
    if item.owner_organisation.is_partner:
        involvement_touch(family_system=family_system, organisation=item.owner_organisation, at=now)
    fields = ["owner_organisation", "owner_user", "starts_on", "ends_on", "reassess_on", "status"]
    _record_change(
        item=item,
        user=user,
        action=PlanItemChange.Action.CREATE,
        changes={
            f: ["–", _display(f, getattr(item, f))] for f in fields if getattr(item, f) is not None
        },
    )
    _log_access(
        user=user,
        action=AccessAction.CREATE,
        object_type=ITEM,
        object_id=item.pk,
        family_system=family_system,
        purpose=str(CoordinationMoment(item.moment).label),
        channel=channel,
    )
    return item


def plan_add_intervention(
    *,
    user,
    family_system: FamilySystem,
    intervention: Intervention,
    owner_organisation: Organisation,
    owner_user=None,
    starts_on: dt.date | None = None,
    ends_on: dt.date | None = None,
    reassess_on: dt.date | None = None,
    moment: str = CoordinationMoment.VEILIGHEIDSPLAN,
    moment_reference: str = "",
    phase: str | None = None,
    description: str = "",
    note: str = "",
    status: str | None = None,
    channel: str = "WEB",
) -> PlanItem:
    """Add an intervention from the interventiepalet to the family system's plan.

    ``starts_on`` defaults to today; ``ends_on`` and ``reassess_on`` left as None are derived
    from the catalogue (a huisverbod: +10 and +8 days), and the end may not pass the
    catalogue's maximum (+28). ``phase`` defaults to the case's phase if the intervention fits
    it, else the first phase the intervention has. ``status`` defaults to ACTIVE when it starts
    today or earlier, PLANNED otherwise. Logged as CREATE ``planonderdeel``."""
    _check_writer(user=user, family_system=family_system)
    _check_moment(moment)
    if not intervention.active:
        raise _error(
            "intervention",
            _("%(name)s is niet meer in gebruik in het interventiepalet.")
            % {"name": intervention.name},
            ErrorCode.INTERVENTION_INACTIVE,
        )
    phases = list(intervention.phases or [])
    phase = phase or _default_phase(family_system, phases)
    if phase not in phases:
        raise _error(
            "phase",
            _("%(name)s hoort in het interventiepalet niet bij deze fase.")
            % {"name": intervention.name},
            ErrorCode.PHASE_NOT_IN_CATALOGUE,
        )
    starts_on = starts_on or selectors.today()
    derived = intervention.derived_dates(starts_on)
    item = PlanItem(
        kind=PlanItemKind.INTERVENTION,
        intervention=intervention,
        description=(description or "").strip(),
        phase=phase,
        owner_organisation=owner_organisation,
        owner_user=owner_user,
        starts_on=starts_on,
        ends_on=ends_on or derived.ends_on,
        reassess_on=reassess_on or derived.reassess_on,
        status=_initial_status(status, starts_on),
        moment=moment,
        moment_reference=moment_reference,
        note=(note or "").strip(),
    )
    _check_maximum(item)
    with transaction.atomic():
        return _save_new_item(user=user, family_system=family_system, item=item, channel=channel)


def plan_add_agreement(
    *,
    user,
    family_system: FamilySystem,
    topic: str,
    description: str,
    owner_organisation: Organisation,
    owner_user=None,
    starts_on: dt.date | None = None,
    ends_on: dt.date | None = None,
    reassess_on: dt.date | None = None,
    moment: str = CoordinationMoment.VEILIGHEIDSPLAN,
    moment_reference: str = "",
    phase: str | None = None,
    note: str = "",
    status: str | None = None,
    channel: str = "WEB",
) -> PlanItem:
    """Add an agreement (afspraak) to the plan: who consults whom when, who informs whom, who
    calls whom when the level of unsafety changes … (``AgreementTopic``). The description is the
    agreement itself, readable by every reader of the plan. Logged as CREATE
    ``planonderdeel``."""
    _check_writer(user=user, family_system=family_system)
    _check_moment(moment)
    if topic not in AgreementTopic.values:
        raise _error("topic", _("Kies waar de afspraak over gaat."), ErrorCode.UNKNOWN_TOPIC)
    phase = phase or _default_phase(family_system)
    if phase not in Phase.values:
        raise _error("phase", _("Kies een fase."), ErrorCode.UNKNOWN_PHASE)
    starts_on = starts_on or selectors.today()
    item = PlanItem(
        kind=PlanItemKind.AGREEMENT,
        topic=topic,
        description=(description or "").strip(),
        phase=phase,
        owner_organisation=owner_organisation,
        owner_user=owner_user,
        starts_on=starts_on,
        ends_on=ends_on,
        reassess_on=reassess_on,
        status=_initial_status(status, starts_on),
        moment=moment,
        moment_reference=moment_reference,
        note=(note or "").strip(),
    )
    with transaction.atomic():
        return _save_new_item(user=user, family_system=family_system, item=item, channel=channel)


# --- changing items ---------------------------------------------------------------------------


def _locked(item: PlanItem) -> PlanItem:
    return (
        PlanItem.objects.select_for_update(of=("self",))
        .select_related("intervention", "owner_organisation", "owner_user", "plan__family_system")
        .get(pk=item.pk)
    )


def _finish(
    *,
    user,
    original: PlanItem,
    locked: PlanItem,
    action: str,
    changes: dict[str, list[str]],
    update_fields: list[str],
    channel: str,
    purpose: str = "",
    access_action: str = AccessAction.UPDATE,
) -> PlanItem:
    locked.full_clean(exclude=["plan"])
    locked.save(update_fields=[*update_fields, "updated_at"])
    family_system = locked.plan.family_system
    involvement_touch(
        family_system=family_system, organisation=user.organisation, at=timezone.now()
    )
    if "owner_organisation" in update_fields and locked.owner_organisation.is_partner:
        involvement_touch(
            family_system=family_system, organisation=locked.owner_organisation, at=timezone.now()
        )
    _record_change(item=locked, user=user, action=action, changes=changes)
    _log_access(
        user=user,
        action=access_action,
        object_type=ITEM,
        object_id=locked.pk,
        family_system=family_system,
        purpose=purpose,
        channel=channel,
    )
    for name in update_fields:
        setattr(original, name, getattr(locked, name))
    original.updated_at = locked.updated_at
    return original


def plan_item_update(
    *,
    user,
    item: PlanItem,
    description: Any = UNCHANGED,
    owner_organisation: Any = UNCHANGED,
    owner_user: Any = UNCHANGED,
    starts_on: Any = UNCHANGED,
    ends_on: Any = UNCHANGED,
    reassess_on: Any = UNCHANGED,
    note: Any = UNCHANGED,
    channel: str = "WEB",
) -> PlanItem:
    """Change what an item says, who owns it and its dates (``UNCHANGED`` leaves a field
    alone; None clears a date). Only its owner organisation or the organisation that recorded
    it; the end may not pass the catalogue's maximum. The history shows old and new values, for
    the note only that it changed. Logged as UPDATE ``planonderdeel``."""
    with transaction.atomic():
        locked = _locked(item)
        _check_changer(user=user, item=locked)
        given = {
            "description": description,
            "owner_organisation": owner_organisation,
            "owner_user": owner_user,
            "starts_on": starts_on,
            "ends_on": ends_on,
            "reassess_on": reassess_on,
            "note": note,
        }
        changes: dict[str, list[str]] = {}
        fields: list[str] = []
        for name, value in given.items():
            if value is UNCHANGED:
                continue
            if name in ("description", "note"):
                value = (value or "").strip()
            old = getattr(locked, name)
            if old == value:
                continue
            setattr(locked, name, value)
            fields.append(name)
            if name == "note":
                changes[name] = [str(_("(notitie)")), str(_("(notitie gewijzigd)"))]
            else:
                changes[name] = [_display(name, old), _display(name, value)]
        moved = "owner_organisation" in fields and "owner_user" not in fields
        stale = locked.owner_user is not None and (
            locked.owner_user.organisation_id != locked.owner_organisation_id
        )
        if moved and stale:
            # The person belonged to the previous owner: the new owner picks its own.
            changes["owner_user"] = [_display("owner_user", locked.owner_user), "–"]
            locked.owner_user = None
            fields.append("owner_user")
        if not fields:
            return item
        _check_maximum(locked)
        return _finish(
            user=user,
            original=item,
            locked=locked,
            action=PlanItemChange.Action.UPDATE,
            changes=changes,
            update_fields=fields,
            channel=channel,
        )


def plan_item_transition(*, user, item: PlanItem, to_status: str, channel: str = "WEB") -> PlanItem:
    """Move an item to another status along the table in ``voorop.safetyplan.workflow`` (row
    locked while it changes). Logged as UPDATE ``planonderdeel``."""
    with transaction.atomic():
        locked = _locked(item)
        _check_changer(user=user, item=locked)
        if not workflow.allowed(locked.status, to_status):
            labels = dict(PlanItemStatus.choices)
            raise _error(
                "to_status",
                _("Van %(from)s naar %(to)s kan niet.")
                % {
                    "from": str(labels.get(locked.status, locked.status)).lower(),
                    "to": str(labels.get(to_status, to_status)).lower(),
                },
                ErrorCode.TRANSITION_NOT_ALLOWED,
            )
        old = locked.status
        locked.status = to_status
        return _finish(
            user=user,
            original=item,
            locked=locked,
            action=PlanItemChange.Action.STATUS,
            changes={"status": [_display("status", old), _display("status", to_status)]},
            update_fields=["status"],
            channel=channel,
        )


def _check_open(item: PlanItem) -> None:
    if not item.is_open:
        raise _error(
            NON_FIELD_ERRORS,
            _("Dit onderdeel is %(status)s en kan niet meer worden gewijzigd.")
            % {"status": item.get_status_display().lower()},
            ErrorCode.NOT_OPEN,
        )


def plan_item_extend(
    *,
    user,
    item: PlanItem,
    ends_on: dt.date,
    reassess_on: dt.date | None = None,
    channel: str = "WEB",
) -> PlanItem:
    """Extend an open intervention that the catalogue allows to be extended (it has a maximum
    duration): a later end date, at most the catalogue's maximum (a huisverbod: day 28), and
    optionally the next reassessment. Logged as UPDATE ``planonderdeel``."""
    with transaction.atomic():
        locked = _locked(item)
        _check_changer(user=user, item=locked)
        _check_open(locked)
        if selectors.latest_end(locked) is None:
            raise _error(
                "ends_on",
                _("Voor deze interventie kent het interventiepalet geen verlenging."),
                ErrorCode.NO_MAXIMUM,
            )
        if locked.ends_on is not None and ends_on <= locked.ends_on:
            raise _error(
                "ends_on",
                _("Kies een einddatum na %(date)s.") % {"date": _date(locked.ends_on)},
                ErrorCode.NOT_LATER,
            )
        changes = {"ends_on": [_display("ends_on", locked.ends_on), _display("ends_on", ends_on)]}
        fields = ["ends_on"]
        locked.ends_on = ends_on
        if reassess_on != locked.reassess_on:
            changes["reassess_on"] = [
                _display("reassess_on", locked.reassess_on),
                _display("reassess_on", reassess_on),
            ]
            locked.reassess_on = reassess_on
            fields.append("reassess_on")
        _check_maximum(locked)
        return _finish(
            user=user,
            original=item,
            locked=locked,
            action=PlanItemChange.Action.EXTEND,
            changes=changes,
            update_fields=fields,
            channel=channel,
        )


def plan_item_reassess(
    *, user, item: PlanItem, next_reassess_on: dt.date | None = None, channel: str = "WEB"
) -> PlanItem:
    """Record that the reassessment of an open item took place, with the date of the next one
    (or none). What came out of it goes into the note or into a change of the item. Logged as
    UPDATE ``planonderdeel``."""
    with transaction.atomic():
        locked = _locked(item)
        _check_changer(user=user, item=locked)
        _check_open(locked)
        old = locked.reassess_on
        locked.reassess_on = next_reassess_on
        return _finish(
            user=user,
            original=item,
            locked=locked,
            action=PlanItemChange.Action.REASSESS,
            changes={
                "reassess_on": [
                    _display("reassess_on", old),
                    _display("reassess_on", next_reassess_on),
                ]
            },
            update_fields=["reassess_on"],
            channel=channel,
        )


def plan_item_disclose_note(
    *, user, item: PlanItem, legal_basis: LegalBasis, channel: str = "WEB"
) -> PlanItem:
    """Disclose the internal note of an item to every reader of the plan, on an active legal
    basis, once. Logged as DISCLOSE ``planonderdeel`` with the basis as purpose."""
    with transaction.atomic():
        locked = _locked(item)
        _check_changer(user=user, item=locked)
        if not locked.note:
            raise _error(
                NON_FIELD_ERRORS, _("Er is geen notitie om te delen."), ErrorCode.NOTE_EMPTY
            )
        if locked.note_disclosed_at is not None:
            raise _error(
                NON_FIELD_ERRORS,
                _("Deze notitie is al gedeeld."),
                ErrorCode.NOTE_ALREADY_DISCLOSED,
            )
        if not legal_basis.active:
            raise _error(
                "legal_basis",
                _("De grondslag %(basis)s is niet meer in gebruik.")
                % {"basis": legal_basis.short_label},
                ErrorCode.BASIS_INACTIVE,
            )
        locked.note_disclosed_at = timezone.now()
        locked.note_disclosed_by = user
        locked.note_legal_basis = legal_basis
        return _finish(
            user=user,
            original=item,
            locked=locked,
            action=PlanItemChange.Action.DISCLOSE_NOTE,
            changes={"note_legal_basis": ["–", legal_basis.short_label]},
            update_fields=["note_disclosed_at", "note_disclosed_by", "note_legal_basis"],
            channel=channel,
            purpose=f"{legal_basis.short_label} · {CoordinationMoment.VEILIGHEIDSPLAN.label}",
            access_action=AccessAction.DISCLOSE,
        )
