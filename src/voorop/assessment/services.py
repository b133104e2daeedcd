"""Writes of the veiligheidsbeoordeling and of risk-instrument results.

Business rules:

- Only Veilig Thuis makes veiligheidsbeoordelingen: a user of a VT organisation acting as
  VT-medewerker or vertrouwensarts, about a family system the user may see. Starting one makes
  the VT organisation involved in the family system (if it was not yet, e.g. when the police
  shared an incident for Samen op in acuut).
- The status changes only along ``voorop.assessment.workflow.TRANSITIONS``, one service per
  step, with the row locked; what may be changed in which status is ``workflow.EDITS``.
- Part A is done when the level of acute unsafety is chosen and explained and every risk factor
  of the checklist is answered ("weet niet" is an answer). Its level may not be below the level
  of a linked acute-unsafety instrument: the professional judgement can only raise a level.
- The assessment is completed when part B is done and the outcome is chosen and explained. The
  outcome "veilig" does not fit acute unsafety of level hoog or acuut.
- Veiligheidsvoorwaarden are added and changed until the assessment is completed; their status
  (geldt / niet nageleefd / beëindigd) and end date can change afterwards too. A condition
  applies to a member of the family system or to the whole family.
- Sharing the assessment (its summary, see ``selectors``) goes through the disclosure register
  (``sharing.services.disclosure_create_for_record``): the same legal bases and rules as for
  meldingen; never a draft.
- A risk-instrument result is recorded by a user of an organisation the instrument is meant for,
  with the answers the definition accepts; the score and level are computed here, never taken
  from the caller. The professional level may only be the same or higher, and higher needs a
  rationale. A result linked to an assessment must belong to the same organisation and family.

Every write is one transaction with its access-log record (identifiers only, never content).
Errors are Dutch ``ValidationError``s with stable codes (``ErrorCode``, ``workflow.ErrorCode``).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from voorop.assessment import selectors, workflow
from voorop.assessment.choices import (
    ConditionStatus,
    Context,
    FactorAnswer,
    Outcome,
    RiskFactor,
    Status,
)
from voorop.assessment.engine import AnswersInvalid, answers_clean, evaluate
from voorop.assessment.levels import (
    AcuteLevel,
    RiskLevel,
    StructuralLevel,
    acute_floor,
    acute_rank,
    risk_max,
)
from voorop.assessment.models import (
    BeoordelingVerstrekking,
    InstrumentResult,
    InstrumentTarget,
    RiskFactorAnswer,
    RiskInstrument,
    Veiligheidsbeoordeling,
    Veiligheidsvoorwaarde,
)
from voorop.assessment.models.instruments import LEVEL_LOWERED_MESSAGE
from voorop.audit.models import AccessAction
from voorop.audit.services import access_log_write
from voorop.core.errors import field_error as _error
from voorop.organisations.models import Organisation
from voorop.persons.models import FamilySystem, Person
from voorop.persons.services import involvement_touch
from voorop.sharing import services as sharing_services
from voorop.sharing.models import LegalBasis

OBJECT_TYPE = "veiligheidsbeoordeling"
CONDITION_OBJECT_TYPE = "veiligheidsvoorwaarde"
RESULT_OBJECT_TYPE = "risico-inschatting"

#: The shortest rationale accepted: a reason, not a tick.
RATIONALE_MIN_LENGTH = 10


class ErrorCode:
    NOT_AN_ASSESSOR = "geen_vt_beoordelaar"
    NOT_OWN = "niet_eigen_beoordeling"
    UNKNOWN_CONTEXT = "onbekende_context"
    LEVEL_MISSING = "niveau_ontbreekt"
    RATIONALE_MISSING = "onderbouwing_ontbreekt"
    FACTORS_INCOMPLETE = "risicofactoren_onvolledig"
    UNKNOWN_FACTOR = "onbekende_risicofactor"
    BELOW_INSTRUMENT = "lager_dan_instrument"
    PART_B_OPEN = "deel_b_niet_afgerond"
    OUTCOME_MISSING = "uitkomst_ontbreekt"
    OUTCOME_CONTRADICTS = "uitkomst_past_niet"
    CONDITION_TEXT = "voorwaarde_ontbreekt"
    PERSON_NOT_IN_FAMILY = "persoon_niet_in_gezin"
    NOT_A_USER_OF_INSTRUMENT = "instrument_niet_voor_u"
    INSTRUMENT_INACTIVE = "instrument_niet_in_gebruik"
    ANSWERS_INVALID = "antwoorden_ongeldig"
    LEVEL_LOWERED = "verlaagd"
    OTHER_FAMILY = "ander_gezinssysteem"


def _check_assessor(user) -> None:
    if not selectors.may_assess(user):
        raise _error(
            NON_FIELD_ERRORS,
            _(
                "Alleen een VT-medewerker of vertrouwensarts van Veilig Thuis maakt of wijzigt een "
                "veiligheidsbeoordeling."
            ),
            ErrorCode.NOT_AN_ASSESSOR,
        )


def _locked_own(user, beoordeling: Veiligheidsbeoordeling) -> Veiligheidsbeoordeling:
    """The row, locked until the transaction ends, after checking that the user may change it."""
    _check_assessor(user)
    if beoordeling.organisation_id != user.organisation_id:
        raise _error(
            NON_FIELD_ERRORS,
            _("Alleen de Veilig Thuis-organisatie die de beoordeling maakte, kan haar wijzigen."),
            ErrorCode.NOT_OWN,
        )
    return Veiligheidsbeoordeling.objects.select_for_update().get(pk=beoordeling.pk)


def _log(user, *, action: str, object_type: str, object_id: object, person_ids=(), channel="WEB"):
    access_log_write(
        user=user,
        action=action,
        object_type=object_type,
        object_id=object_id,
        person_ids=person_ids,
        channel=channel,
    )


def _refresh(target: Veiligheidsbeoordeling, source: Veiligheidsbeoordeling) -> None:
    """Copy the saved state onto the caller's instance."""
    for f in Veiligheidsbeoordeling._meta.concrete_fields:
        setattr(target, f.attname, getattr(source, f.attname))


# --- the assessment -----------------------------------------------------------------------------


def beoordeling_start(
    *, user, family_system: FamilySystem, context: str, channel: str = "WEB"
) -> Veiligheidsbeoordeling:
    """Start a veiligheidsbeoordeling (status DRAFT) of ``family_system`` (from a selector, so
    visible to the user) in ``context``."""
    _check_assessor(user)
    if context not in Context.values:
        raise _error(
            "context", _("Kies waar de beoordeling wordt gemaakt."), ErrorCode.UNKNOWN_CONTEXT
        )
    with transaction.atomic():
        now = timezone.now()
        beoordeling = Veiligheidsbeoordeling(
            reference=f"VB-NIEUW-{uuid.uuid4().hex[:20]}",
            family_system=family_system,
            organisation=user.organisation,
            created_by=user,
            context=context,
            status=Status.DRAFT,
            started_at=now,
            updated_at=now,
        )
        beoordeling.full_clean()
        beoordeling.save()
        beoordeling.reference = f"VB-{timezone.localtime(now).year}-{beoordeling.pk:06d}"
        beoordeling.save(update_fields=["reference"])
        involvement_touch(family_system=family_system, organisation=user.organisation, at=now)
        _log(
            user,
            action=AccessAction.CREATE,
            object_type=OBJECT_TYPE,
            object_id=beoordeling.pk,
            channel=channel,
        )
    return beoordeling


def beoordeling_part_a_save(
    *,
    user,
    beoordeling: Veiligheidsbeoordeling,
    acute_level: str,
    acute_rationale: str,
    risk_factors: Mapping[str, tuple[str, str]],
    channel: str = "WEB",
) -> Veiligheidsbeoordeling:
    """Save part A as far as it is filled in (acute level, rationale, risk factors: factor code
    → (answer, note)); only in DRAFT. Incomplete is fine here: completing is its own step."""
    errors: dict[str, list[ValidationError]] = {}
    if acute_level and acute_level not in AcuteLevel.values:
        errors.setdefault("acute_level", []).append(
            ValidationError(_("Kies een niveau uit de lijst."), code=ErrorCode.LEVEL_MISSING)
        )
    for factor, (answer, _note) in risk_factors.items():
        if factor not in RiskFactor.values or (answer and answer not in FactorAnswer.values):
            errors.setdefault("risk_factors", []).append(
                ValidationError(
                    _("Onbekende risicofactor of antwoord: %(f)s.") % {"f": factor},
                    code=ErrorCode.UNKNOWN_FACTOR,
                )
            )
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = _locked_own(user, beoordeling)
        workflow.edit_check(locked.status, workflow.Edit.PART_A)
        locked.acute_level = acute_level or ""
        locked.acute_rationale = (acute_rationale or "").strip()
        locked.updated_at = timezone.now()
        locked.full_clean()
        locked.save(update_fields=["acute_level", "acute_rationale", "updated_at"])
        existing = {a.factor: a for a in locked.risk_factors.all()}
        for factor, (answer, note) in risk_factors.items():
            note = (note or "").strip()
            current = existing.get(factor)
            if not answer:
                if current is not None:
                    current.delete()
                continue
            if current is None:
                row = RiskFactorAnswer(beoordeling=locked, factor=factor, answer=answer, note=note)
                row.full_clean()
                row.save()
            elif (current.answer, current.note) != (answer, note):
                current.answer, current.note = answer, note
                current.full_clean()
                current.save(update_fields=["answer", "note"])
        _log(
            user,
            action=AccessAction.UPDATE,
            object_type=OBJECT_TYPE,
            object_id=locked.pk,
            channel=channel,
        )
    _refresh(beoordeling, locked)
    return beoordeling


def _acute_instrument_floor(beoordeling: Veiligheidsbeoordeling) -> tuple[str, str]:
    """The highest professional level among the linked acute-unsafety instruments, and the name
    of the instrument that gave it."""
    best, name = "", ""
    for result in beoordeling.instrument_results.select_related("instrument"):
        if result.instrument.target != InstrumentTarget.ACUTE_ONVEILIGHEID:
            continue
        if risk_max(best, result.professional_level) != best:
            best, name = result.professional_level, result.instrument.name
    return best, name


def beoordeling_part_a_complete(
    *, user, beoordeling: Veiligheidsbeoordeling, channel: str = "WEB"
) -> Veiligheidsbeoordeling:
    """DRAFT → PART_A_DONE: part A stands (see the module's rules). A valid resting state."""
    with transaction.atomic():
        locked = _locked_own(user, beoordeling)
        workflow.transition_check(locked.status, Status.PART_A_DONE)
        errors: dict[str, list[ValidationError]] = {}
        if not locked.acute_level:
            errors.setdefault("acute_level", []).append(
                ValidationError(
                    _("Kies het niveau van acute onveiligheid."), code=ErrorCode.LEVEL_MISSING
                )
            )
        if len(locked.acute_rationale.strip()) < RATIONALE_MIN_LENGTH:
            errors.setdefault("acute_rationale", []).append(
                ValidationError(
                    _("Onderbouw het niveau van acute onveiligheid (ten minste %(n)s tekens).")
                    % {"n": RATIONALE_MIN_LENGTH},
                    code=ErrorCode.RATIONALE_MISSING,
                )
            )
        answered = set(locked.risk_factors.values_list("factor", flat=True))
        missing = [str(f.label) for f in RiskFactor if f.value not in answered]
        if missing:
            errors.setdefault("risk_factors", []).append(
                ValidationError(
                    _("Beantwoord elke risicofactor (ja, nee of weet niet). Nog open: %(f)s.")
                    % {"f": "; ".join(missing)},
                    code=ErrorCode.FACTORS_INCOMPLETE,
                )
            )
        floor, instrument_name = _acute_instrument_floor(locked)
        floor_level = acute_floor(floor)
        if (
            locked.acute_level
            and floor_level
            and acute_rank(locked.acute_level) < acute_rank(floor_level)
        ):
            errors.setdefault("acute_level", []).append(
                ValidationError(
                    _(
                        "Het niveau van acute onveiligheid (%(level)s) is lager dan de uitkomst "
                        "van %(instrument)s (%(floor)s). %(rule)s"
                    )
                    % {
                        "level": locked.get_acute_level_display(),
                        "instrument": instrument_name,
                        "floor": RiskLevel(floor).label,
                        "rule": LEVEL_LOWERED_MESSAGE,
                    },
                    code=ErrorCode.BELOW_INSTRUMENT,
                )
            )
        if errors:
            raise ValidationError(errors)
        now = timezone.now()
        locked.status = Status.PART_A_DONE
        locked.part_a_completed_at = now
        locked.part_a_completed_by = user
        locked.updated_at = now
        locked.full_clean()
        locked.save(
            update_fields=["status", "part_a_completed_at", "part_a_completed_by", "updated_at"]
        )
        _log(
            user,
            action=AccessAction.UPDATE,
            object_type=OBJECT_TYPE,
            object_id=locked.pk,
            person_ids=selectors.beoordeling_person_ids(locked),
            channel=channel,
        )
    _refresh(beoordeling, locked)
    return beoordeling


def beoordeling_part_b_save(
    *,
    user,
    beoordeling: Veiligheidsbeoordeling,
    structural_level: str,
    structural_findings: str,
    complete: bool = False,
    channel: str = "WEB",
) -> Veiligheidsbeoordeling:
    """Save part B (only in PART_A_DONE); with ``complete`` it is marked done, which needs a
    level and findings. Part B can be corrected until the assessment is completed."""
    structural_findings = (structural_findings or "").strip()
    errors: dict[str, list[ValidationError]] = {}
    if structural_level and structural_level not in StructuralLevel.values:
        errors.setdefault("structural_level", []).append(
            ValidationError(_("Kies een niveau uit de lijst."), code=ErrorCode.LEVEL_MISSING)
        )
    if complete:
        if not structural_level:
            errors.setdefault("structural_level", []).append(
                ValidationError(
                    _("Kies het niveau van structurele onveiligheid."),
                    code=ErrorCode.LEVEL_MISSING,
                )
            )
        if len(structural_findings) < RATIONALE_MIN_LENGTH:
            errors.setdefault("structural_findings", []).append(
                ValidationError(
                    _(
                        "Beschrijf de bevindingen over structurele onveiligheid (ten minste %(n)s "
                        "tekens)."
                    )
                    % {"n": RATIONALE_MIN_LENGTH},
                    code=ErrorCode.RATIONALE_MISSING,
                )
            )
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = _locked_own(user, beoordeling)
        workflow.edit_check(locked.status, workflow.Edit.PART_B)
        now = timezone.now()
        locked.structural_level = structural_level or ""
        locked.structural_findings = structural_findings
        locked.updated_at = now
        fields = ["structural_level", "structural_findings", "updated_at"]
        if complete:
            locked.part_b_completed_at = now
            locked.part_b_completed_by = user
            fields += ["part_b_completed_at", "part_b_completed_by"]
        elif locked.part_b_completed_at and not (structural_level and structural_findings):
            # Emptied again: part B is no longer done.
            locked.part_b_completed_at = None
            locked.part_b_completed_by = None
            fields += ["part_b_completed_at", "part_b_completed_by"]
        locked.full_clean()
        locked.save(update_fields=fields)
        _log(
            user,
            action=AccessAction.UPDATE,
            object_type=OBJECT_TYPE,
            object_id=locked.pk,
            channel=channel,
        )
    _refresh(beoordeling, locked)
    return beoordeling


def beoordeling_complete(
    *,
    user,
    beoordeling: Veiligheidsbeoordeling,
    outcome: str,
    outcome_rationale: str,
    channel: str = "WEB",
) -> Veiligheidsbeoordeling:
    """PART_A_DONE → COMPLETED: part B is done; the outcome is chosen and explained."""
    outcome_rationale = (outcome_rationale or "").strip()
    with transaction.atomic():
        locked = _locked_own(user, beoordeling)
        workflow.transition_check(locked.status, Status.COMPLETED)
        errors: dict[str, list[ValidationError]] = {}
        if not locked.part_b_completed_at:
            errors.setdefault(NON_FIELD_ERRORS, []).append(
                ValidationError(
                    _("Rond eerst deel B (structurele onveiligheid) af."),
                    code=ErrorCode.PART_B_OPEN,
                )
            )
        if outcome not in Outcome.values:
            errors.setdefault("outcome", []).append(
                ValidationError(
                    _("Kies de uitkomst van de beoordeling."), code=ErrorCode.OUTCOME_MISSING
                )
            )
        elif outcome == Outcome.VEILIG and acute_rank(locked.acute_level) >= acute_rank(
            AcuteLevel.HOOG
        ):
            errors.setdefault("outcome", []).append(
                ValidationError(
                    _(
                        "De uitkomst ‘veilig’ past niet bij acute onveiligheid van niveau "
                        "%(level)s (deel A)."
                    )
                    % {"level": locked.get_acute_level_display().lower()},
                    code=ErrorCode.OUTCOME_CONTRADICTS,
                )
            )
        if len(outcome_rationale) < RATIONALE_MIN_LENGTH:
            errors.setdefault("outcome_rationale", []).append(
                ValidationError(
                    _("Onderbouw de uitkomst (ten minste %(n)s tekens).")
                    % {"n": RATIONALE_MIN_LENGTH},
                    code=ErrorCode.RATIONALE_MISSING,
                )
            )
        if errors:
            raise ValidationError(errors)
        now = timezone.now()
        locked.status = Status.COMPLETED
        locked.outcome = outcome
        locked.outcome_rationale = outcome_rationale
        locked.completed_at = now
        locked.completed_by = user
        locked.updated_at = now
        locked.full_clean()
        locked.save(
            update_fields=[
                "status",
                "outcome",
                "outcome_rationale",
                "completed_at",
                "completed_by",
                "updated_at",
            ]
        )
        _log(
            user,
            action=AccessAction.UPDATE,
            object_type=OBJECT_TYPE,
            object_id=locked.pk,
            person_ids=selectors.beoordeling_person_ids(locked),
            channel=channel,
        )
    _refresh(beoordeling, locked)
    return beoordeling


# --- veiligheidsvoorwaarden ---------------------------------------------------------------------


def _check_person(family_system_id: int, person: Person | None) -> None:
    if (
        person is not None
        and not person.memberships.filter(family_system_id=family_system_id).exists()
    ):
        raise _error(
            "person",
            _("Kies een lid van dit gezinssysteem, of laat het veld leeg voor het hele gezin."),
            ErrorCode.PERSON_NOT_IN_FAMILY,
        )


def _check_text(text: str) -> str:
    text = (text or "").strip()
    if not text:
        raise _error("text", _("Beschrijf de voorwaarde."), ErrorCode.CONDITION_TEXT)
    return text


def voorwaarde_add(
    *,
    user,
    beoordeling: Veiligheidsbeoordeling,
    text: str,
    person: Person | None,
    valid_from: dt.date,
    valid_until: dt.date | None = None,
    channel: str = "WEB",
) -> Veiligheidsvoorwaarde:
    """Add a veiligheidsvoorwaarde (status "geldt") until the assessment is completed."""
    text = _check_text(text)
    with transaction.atomic():
        locked = _locked_own(user, beoordeling)
        workflow.edit_check(locked.status, workflow.Edit.CONDITIONS)
        _check_person(locked.family_system_id, person)
        now = timezone.now()
        condition = Veiligheidsvoorwaarde(
            beoordeling=locked,
            text=text,
            person=person,
            valid_from=valid_from,
            valid_until=valid_until,
            status=ConditionStatus.GELDT,
            created_by=user,
            created_at=now,
            updated_at=now,
        )
        condition.full_clean()
        condition.save()
        _log(
            user,
            action=AccessAction.CREATE,
            object_type=CONDITION_OBJECT_TYPE,
            object_id=condition.pk,
            person_ids=[person.pk] if person else [],
            channel=channel,
        )
    return condition


def voorwaarde_update(
    *,
    user,
    voorwaarde: Veiligheidsvoorwaarde,
    text: str,
    person: Person | None,
    valid_from: dt.date,
    valid_until: dt.date | None,
    status: str,
    status_note: str = "",
    channel: str = "WEB",
) -> Veiligheidsvoorwaarde:
    """Change a condition. Text, person and start date only until the assessment is completed;
    status, status note and end date always."""
    if status not in ConditionStatus.values:
        raise _error("status", _("Kies een status uit de lijst."), "onbekende_status")
    with transaction.atomic():
        locked_beoordeling = _locked_own(user, voorwaarde.beoordeling)
        condition = Veiligheidsvoorwaarde.objects.select_for_update().get(pk=voorwaarde.pk)
        content_changed = (
            _check_text(text) != condition.text
            or (person.pk if person else None) != condition.person_id
            or valid_from != condition.valid_from
        )
        if content_changed:
            workflow.edit_check(locked_beoordeling.status, workflow.Edit.CONDITIONS)
            _check_person(locked_beoordeling.family_system_id, person)
        else:
            workflow.edit_check(locked_beoordeling.status, workflow.Edit.CONDITION_STATUS)
        condition.text = _check_text(text)
        condition.person = person
        condition.valid_from = valid_from
        condition.valid_until = valid_until
        condition.status = status
        condition.status_note = (status_note or "").strip()
        condition.updated_at = timezone.now()
        condition.full_clean()
        condition.save(
            update_fields=[
                "text",
                "person",
                "valid_from",
                "valid_until",
                "status",
                "status_note",
                "updated_at",
            ]
        )
        _log(
            user,
            action=AccessAction.UPDATE,
            object_type=CONDITION_OBJECT_TYPE,
            object_id=condition.pk,
            person_ids=[condition.person_id] if condition.person_id else [],
            channel=channel,
        )
    for f in Veiligheidsvoorwaarde._meta.concrete_fields:
        setattr(voorwaarde, f.attname, getattr(condition, f.attname))
    return voorwaarde


# --- sharing ------------------------------------------------------------------------------------


def beoordeling_share(
    *,
    user,
    beoordeling: Veiligheidsbeoordeling,
    to_organisation: Organisation,
    legal_basis: LegalBasis,
    moment: str,
    necessity: str,
    channel: str = "WEB",
) -> BeoordelingVerstrekking:
    """Share the summary of an own assessment — outcome and veiligheidsvoorwaarden — with a
    partner through the disclosure register. Never a draft. The recipient sees the current
    summary for as long as the disclosure is not withdrawn."""
    with transaction.atomic():
        locked = _locked_own(user, beoordeling)
        workflow.edit_check(locked.status, workflow.Edit.SHARE)
        disclosure = sharing_services.disclosure_create_for_record(
            user=user,
            family_system=locked.family_system,
            to_organisation=to_organisation,
            legal_basis=legal_basis,
            moment=moment,
            necessity=necessity,
            person_ids=selectors.beoordeling_person_ids(locked),
            channel=channel,
        )
        link = BeoordelingVerstrekking(disclosure=disclosure, beoordeling=locked)
        link.full_clean()
        link.save()
    return link


# --- risk-instrument results --------------------------------------------------------------------


def instrument_result_record(
    *,
    user,
    instrument: RiskInstrument,
    family_system: FamilySystem,
    answers: Mapping[str, Any],
    professional_level: str = "",
    rationale: str = "",
    subject: Person | None = None,
    beoordeling: Veiligheidsbeoordeling | None = None,
    channel: str = "WEB",
) -> InstrumentResult:
    """Record a filled-in instrument for ``family_system`` (from a selector). The score and the
    computed level come from the definition; ``professional_level`` empty means "as computed"."""
    if not selectors.may_fill(user, instrument):
        raise _error(
            NON_FIELD_ERRORS,
            _("Dit instrument is niet bedoeld voor uw organisatie of uw rol."),
            ErrorCode.NOT_A_USER_OF_INSTRUMENT,
        )
    if not instrument.active:
        raise _error(
            NON_FIELD_ERRORS,
            _("Deze versie van het instrument is niet (meer) in gebruik."),
            ErrorCode.INSTRUMENT_INACTIVE,
        )
    definition = selectors.definition(instrument)
    try:
        cleaned = answers_clean(definition, answers)
    except AnswersInvalid as exc:
        raise ValidationError(
            {
                "answers": [
                    ValidationError(
                        f"{code}: {message}" if code else message, code=ErrorCode.ANSWERS_INVALID
                    )
                    for code, message in exc.errors.items()
                ]
            }
        ) from None
    if subject is not None:
        _check_person(family_system.pk, subject)
    if professional_level and professional_level not in RiskLevel.values:
        raise _error(
            "professional_level", _("Kies een niveau uit de lijst."), ErrorCode.LEVEL_MISSING
        )
    outcome = evaluate(definition, cleaned)
    with transaction.atomic():
        if beoordeling is not None:
            locked = _locked_own(user, beoordeling)
            if locked.family_system_id != family_system.pk:
                raise _error(
                    "beoordeling",
                    _("De veiligheidsbeoordeling hoort bij een ander gezinssysteem."),
                    ErrorCode.OTHER_FAMILY,
                )
            workflow.edit_check(locked.status, workflow.Edit.INSTRUMENT)
        result = InstrumentResult(
            instrument=instrument,
            family_system=family_system,
            subject=subject,
            organisation=user.organisation,
            beoordeling=beoordeling,
            answers=cleaned,
            score=outcome.score,
            computed_level=outcome.level,
            critical_items=list(outcome.critical_items),
            professional_level=professional_level or outcome.level,
            rationale=(rationale or "").strip(),
            assessed_by=user,
            assessed_at=timezone.now(),
        )
        result.full_clean()
        result.save()
        involvement_touch(
            family_system=family_system, organisation=user.organisation, at=result.assessed_at
        )
        _log(
            user,
            action=AccessAction.CREATE,
            object_type=RESULT_OBJECT_TYPE,
            object_id=result.pk,
            person_ids=[subject.pk] if subject else [],
            channel=channel,
        )
    return result


def risk_factor_suggestions(beoordeling: Veiligheidsbeoordeling) -> dict[str, str]:
    """Answers for the part A checklist taken from the linked instruments: a question mapped to
    a risk factor answered ja/nee/weet niet (the latest result wins). Suggestions only: the
    professional confirms them in part A."""
    suggestions: dict[str, str] = {}
    results: Iterable[InstrumentResult] = (
        beoordeling.instrument_results.select_related("instrument")
        .prefetch_related("instrument__items")
        .order_by("assessed_at", "id")
    )
    for result in results:
        for item in result.instrument.items.all():
            value = result.answers.get(item.code)
            if item.risk_factor and value in FactorAnswer.values:
                suggestions[item.risk_factor] = value
    return suggestions


# --- instrument definitions (functioneel beheer) ------------------------------------------------


def instrument_new_version(*, instrument: RiskInstrument) -> RiskInstrument:
    """Copy an instrument to the next free version, not in use, to change its questions or
    thresholds while results of the old version stay as they were made."""
    with transaction.atomic():
        latest = (
            RiskInstrument.objects.select_for_update()
            .filter(code=instrument.code)
            .order_by("-version")
            .first()
        )
        version = (latest.version if latest else instrument.version) + 1
        copy = RiskInstrument.objects.create(
            code=instrument.code,
            version=version,
            name=instrument.name,
            description=instrument.description,
            target=instrument.target,
            organisation_kinds=list(instrument.organisation_kinds),
            is_example=instrument.is_example,
            active=False,
        )
        for item in instrument.items.all():
            item.pk = None
            item.id = None
            item.instrument = copy
            item.save()
        for threshold in instrument.thresholds.all():
            threshold.pk = None
            threshold.id = None
            threshold.instrument = copy
            threshold.save()
    return copy
