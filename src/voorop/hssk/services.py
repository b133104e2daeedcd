"""Writes of Samenwerken bij strafbare kindermishandeling. Each is one transaction with its
access-log record; every status change follows ``voorop.hssk.workflow`` with the row locked.

Business rules (figure 4 of the Significant report; ``docs/adr/0013-hssk.md``):

- **Step 1.** Veilig Thuis or the Raad (a professional, not a privacy officer or functioneel
  beheerder) brings a signal of (suspected) injury of a child — its own melding, in a family
  it is involved in, with the child in it — to the police: *anonymously* (the consultation
  comes first; nothing identifying leaves the initiator) or *directly* with the family's data,
  shared through the disclosure register on a legal basis (``sharing.services``).
- **Step 2.** In the anonymous consultation the police, and the OM when it takes part, give
  their view on the anonymous facts. A grey-area case is at least discussed with the OM. Every
  text written in this phase is checked by ``voorop.hssk.anonymity``. Only the initiator's
  recorded decision to proceed links the case to the family system: then the melding is shared
  with the police (and the OM) on the chosen basis, and they become involved in the family. A
  decision not to proceed closes the case, anonymous for good.
- **Step 3.** The gezamenlijk onderzoeksplan: who does which investigative act in which order
  with whom. Its rules are in ``workflow.plan_problems``. The initiator and the police agree to
  the plan as it stands; a change before the plan is agreed asks both to agree again. Other
  partners (the Raad, the reclassering, the OM) are invited with a reason on a legal basis.
- **Step 4.** Interventions and agreements go into the family's one veiligheidsplan through
  ``safetyplan.services`` (moment HSSK, the case's reference).
- **Step 5.** Each participant evaluates the collaboration; the initiator closes the case when
  the initiator and the police have.

Errors are Dutch ``ValidationError``s keyed by argument name (general ones under
``NON_FIELD_ERRORS``), each with a stable code from ``ErrorCode`` or a guard's
``workflow.Problem`` code.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Sequence

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from voorop.audit.models import AccessAction
from voorop.audit.services import access_log_write
from voorop.authz import policy
from voorop.core.errors import field_error as _error
from voorop.core.errors import problems_error as _problems_error
from voorop.hssk import anonymity, selectors, workflow
from voorop.hssk.choices import (
    INITIATOR_KINDS,
    Act,
    ActStatus,
    AgeBand,
    Certainty,
    Decision,
    InjuryKind,
    MissingInformation,
    ParticipantRole,
    Position,
    ReporterKind,
    StartMode,
    Status,
    age_band_for,
)
from voorop.hssk.models import (
    HsskAct,
    HsskCase,
    HsskEvaluation,
    HsskIdentification,
    HsskParticipant,
    HsskPlanConfirmation,
    HsskStatusChange,
    HsskView,
)
from voorop.meldingen.models import Melding, MeldingPerson
from voorop.organisations.models import Organisation, OrganisationKind
from voorop.persons.models import FamilyMembership, FamilySystem, Person
from voorop.persons.services import involvement_touch
from voorop.safetyplan import services as plan_services
from voorop.safetyplan.models import Intervention, PlanItem
from voorop.sharing import services as sharing_services
from voorop.sharing.fields import FieldGroup
from voorop.sharing.models import CoordinationMoment, LegalBasis

#: Object types of the access log.
OBJECT_TYPE = "hssk"
VIEW = "hssk-zienswijze"
ACT = "hssk-onderzoekshandeling"
PARTICIPANT = "hssk-deelnemer"
EVALUATION = "hssk-evaluatie"

MOMENT = CoordinationMoment.HSSK
CLOCK_SLACK = dt.timedelta(minutes=5)
TEXT_MIN_LENGTH = 10
#: What the melding to the police shares, unless said otherwise (never medical details: those
#: go through the vertrouwensarts and the forensic doctor).
DEFAULT_FIELD_GROUPS = (
    FieldGroup.KERN,
    FieldGroup.LOCATIE,
    FieldGroup.TOELICHTING,
    FieldGroup.PERSONEN,
)


class ErrorCode:
    NOT_A_PROFESSIONAL = "geen_professional"
    NOT_AN_INITIATOR = "niet_vt_of_raad"
    MELDING_NOT_OWN = "melding_niet_eigen"
    NOT_INVOLVED = "niet_betrokken"
    ALREADY_STARTED = "al_gestart"
    NOT_A_CHILD = "geen_kind"
    AGE_BAND = "leeftijd_onbekend"
    WRONG_POLICE = "geen_politie"
    WRONG_OM = "geen_om"
    OM_NEEDED = "om_nodig"
    INJURY = "letsel_onbekend"
    CERTAINTY = "zekerheid_onbekend"
    REPORTER = "melder_onbekend"
    TEXT_MISSING = "tekst_ontbreekt"
    IDENTIFYING = "identificerende_gegevens"
    MODE = "start_onbekend"
    IN_THE_FUTURE = "tijd_in_toekomst"
    BEFORE_SIGNAL = "tijd_voor_signaal"
    NOT_A_PARTICIPANT = "geen_deelnemer"
    NOT_YOURS = "niet_uw_rol"
    POSITION = "zienswijze_onbekend"
    DECISION = "besluit_onbekend"
    TRANSITION = "overgang_niet_toegestaan"
    UNKNOWN_ACT = "onderzoekshandeling_onbekend"
    BY_NOT_PARTICIPANT = "uitvoerder_geen_deelnemer"
    NOT_A_MEMBER = "geen_gezinslid"
    ACT_STATUS = "status_onbekend"
    ACT_CLOSED = "handeling_afgerond"
    PLAN_PROBLEMS = "plan_voldoet_niet"
    ALREADY_CONFIRMED = "al_akkoord"
    CANNOT_INVITE = "kan_niet_uitnodigen"
    ALREADY_PARTICIPANT = "al_deelnemer"
    ALREADY_EVALUATED = "al_geevalueerd"
    SCORE = "score_ongeldig"
    MISSING_UNKNOWN = "ontbrekende_informatie_onbekend"
    NOT_IN_THIS_STATUS = "niet_in_deze_fase"


# --- helpers ------------------------------------------------------------------------------------


def _now() -> dt.datetime:
    return timezone.now()


def _moment(value: dt.datetime | None, *, field: str, not_before: dt.datetime | None = None):
    now = _now()
    moment = value or now
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    if moment > now + CLOCK_SLACK:
        raise _error(field, _("Dit tijdstip ligt in de toekomst."), ErrorCode.IN_THE_FUTURE)
    if not_before is not None and moment < not_before:
        raise _error(
            field,
            _("Dit tijdstip ligt vóór het signaal (%(time)s).")
            % {"time": timezone.localtime(not_before).strftime("%d-%m-%Y %H:%M")},
            ErrorCode.BEFORE_SIGNAL,
        )
    return moment


def _log(
    *,
    user,
    action: str,
    object_type: str,
    object_id: object,
    case: HsskCase,
    purpose: str = "",
    channel: str = "WEB",
) -> None:
    """Every record of an anonymous case is logged without persons: it concerns nobody
    identifiable (and a person id beside the case would be the very link the consultation
    keeps out). Once identified, the family's members."""
    access_log_write(
        user=user,
        action=action,
        object_type=object_type,
        object_id=object_id,
        person_ids=selectors.person_ids_for_log(case),
        purpose=purpose,
        channel=channel,
    )


def _check_professional(user) -> None:
    if not selectors.is_professional(user):
        raise _error(
            NON_FIELD_ERRORS,
            _(
                "Alleen professionals van een partnerorganisatie van Veiligheid Voorop werken "
                "aan een HSSK-casus."
            ),
            ErrorCode.NOT_A_PROFESSIONAL,
        )


def _text(value: str, *, field: str, label: str, minimum: int = TEXT_MIN_LENGTH) -> str:
    value = (value or "").strip()
    if len(value) < minimum:
        raise _error(
            field,
            _("Vul %(label)s in (ten minste %(n)s tekens).") % {"label": label, "n": minimum},
            ErrorCode.TEXT_MISSING,
        )
    return value


def _check_anonymous(
    texts: dict[str, str], *, known: anonymity.KnownIdentity | None, reveal: bool
) -> None:
    """Refuse identifying data in the anonymous phase (``voorop.hssk.anonymity``)."""
    errors: dict[str, list[ValidationError]] = {}
    for field, text in texts.items():
        found = anonymity.findings(text, known)
        if found:
            errors[field] = [
                ValidationError(anonymity.message(found, reveal=reveal), code=ErrorCode.IDENTIFYING)
            ]
    if errors:
        raise ValidationError(errors)


def _locked(user, case: HsskCase) -> HsskCase:
    """The case, row-locked, for a professional of a participant (else a refusal)."""
    _check_professional(user)
    locked = (
        HsskCase.objects.select_for_update(of=("self",))
        .select_related("family_system", "initiator_organisation", "police_organisation")
        .get(pk=case.pk)
    )
    if not selectors.may_write(user=user, case=locked):
        raise _error(
            NON_FIELD_ERRORS,
            _("Uw organisatie werkt niet aan deze HSSK-casus."),
            ErrorCode.NOT_A_PARTICIPANT,
        )
    return locked


def _refresh(target: HsskCase, source: HsskCase) -> None:
    for f in HsskCase._meta.concrete_fields:
        setattr(target, f.attname, getattr(source, f.attname))


def _edit(case: HsskCase, edit: workflow.Edit) -> None:
    if not workflow.may_edit(case.status, edit):
        raise _error(
            NON_FIELD_ERRORS,
            _("Dit kan niet in deze fase van de casus (%(status)s).")
            % {"status": Status(case.status).label},
            ErrorCode.NOT_IN_THIS_STATUS,
        )


def _family(case: HsskCase) -> FamilySystem:
    """The family system of an identified case (the workflow allows these edits only then)."""
    if case.family_system is None:
        raise _error(
            NON_FIELD_ERRORS,
            _("Dit kan pas als de casus is gekoppeld aan het gezinssysteem."),
            ErrorCode.NOT_IN_THIS_STATUS,
        )
    return case.family_system


def _role(user, case: HsskCase) -> str:
    return selectors.role_of(user=user, case=case) or ""


def _set_status(case: HsskCase, *, to: str, transition: str, user, at: dt.datetime) -> None:
    HsskStatusChange.objects.create(
        case=case,
        from_status=case.status,
        to_status=to,
        transition=transition,
        at=at,
        user=user,
        organisation=user.organisation,
    )
    case.status = to
    case.status_changed_at = at


def _participant_add(case: HsskCase, organisation: Organisation, role: str, at, **extra) -> None:
    HsskParticipant.objects.create(
        case=case, organisation=organisation, role=role, since=at, **extra
    )


# --- step 1: starting ---------------------------------------------------------------------------


def _check_start_facts(
    *,
    injury_kinds: Sequence[str],
    certainty: str,
    reporter_kind: str,
    police_organisation: Organisation | None,
    om_organisation: Organisation | None,
    grey_area: bool,
) -> list[str]:
    kinds = list(dict.fromkeys(injury_kinds or []))
    if not kinds or any(k not in InjuryKind.values for k in kinds):
        raise _error("injury_kinds", _("Kies de soort(en) letsel."), ErrorCode.INJURY)
    if certainty not in Certainty.values:
        raise _error(
            "certainty", _("Kies of het letsel vermoed of vastgesteld is."), ErrorCode.CERTAINTY
        )
    if reporter_kind not in ReporterKind.values:
        raise _error("reporter_kind", _("Kies wie het signaal gaf."), ErrorCode.REPORTER)
    if police_organisation is None or police_organisation.kind != OrganisationKind.POLITIE:
        raise _error("police_organisation", _("Kies de politie-eenheid."), ErrorCode.WRONG_POLICE)
    if om_organisation is not None and om_organisation.kind != OrganisationKind.OM:
        raise _error("om_organisation", _("Kies een parket van het OM."), ErrorCode.WRONG_OM)
    if grey_area and om_organisation is None:
        raise _error(
            "om_organisation",
            _(
                "Een casus in het grijze gebied wordt in elk geval met het OM besproken: "
                "kies het OM."
            ),
            ErrorCode.OM_NEEDED,
        )
    return kinds


def case_start(
    *,
    user,
    melding: Melding,
    child: Person,
    mode: str,
    police_organisation: Organisation,
    injury_kinds: Sequence[str],
    certainty: str,
    reporter_kind: str,
    circumstances: str,
    question: str,
    om_organisation: Organisation | None = None,
    grey_area: bool = False,
    age_band: str = "",
    legal_basis: LegalBasis | None = None,
    necessity: str = "",
    field_groups: Sequence[str] = DEFAULT_FIELD_GROUPS,
    police_informed_at: dt.datetime | None = None,
    channel: str = "WEB",
) -> HsskCase:
    """Step 1: bring the signal (the initiator's own melding, about ``child``) to the police.

    ``mode`` ANONIEM starts the anonymous consultation (status OVERLEG): the case holds only
    the anonymous facts, the texts are checked for identifying data. GEIDENTIFICEERD reports
    directly: the melding is shared with the police (and the OM, when chosen) on
    ``legal_basis`` and the case starts at the onderzoeksplan. Logged as CREATE ``hssk``
    (without persons while anonymous)."""
    _check_professional(user)
    if user.organisation.kind not in INITIATOR_KINDS:
        raise _error(
            NON_FIELD_ERRORS,
            _("Een HSSK-casus begint bij Veilig Thuis of de Raad voor de Kinderbescherming."),
            ErrorCode.NOT_AN_INITIATOR,
        )
    if mode not in StartMode.values:
        raise _error("mode", _("Kies hoe u de casus aan de politie voorlegt."), ErrorCode.MODE)
    kinds = _check_start_facts(
        injury_kinds=injury_kinds,
        certainty=certainty,
        reporter_kind=reporter_kind,
        police_organisation=police_organisation,
        om_organisation=om_organisation,
        grey_area=grey_area,
    )
    circumstances = _text(circumstances, field="circumstances", label=_("de omstandigheden"))
    question = _text(question, field="question", label=_("uw vraag aan de partners"))
    with transaction.atomic():
        own = Melding.objects.select_for_update(of=("self",)).filter(
            pk=melding.pk, source_organisation_id=user.organisation_id
        )
        locked_melding = own.select_related("family_system").first()
        if locked_melding is None or locked_melding.family_system is None:
            raise _error(
                "melding",
                _("Een HSSK-casus begint bij een eigen melding die bij een gezinssysteem hoort."),
                ErrorCode.MELDING_NOT_OWN,
            )
        family = locked_melding.family_system
        if not policy.is_involved(user, family):
            raise _error(
                "melding",
                _("Uw organisatie is niet betrokken bij dit gezinssysteem."),
                ErrorCode.NOT_INVOLVED,
            )
        if HsskIdentification.objects.filter(melding=locked_melding).exists():
            raise _error(
                "melding",
                _("Vanuit deze melding loopt al een HSSK-casus."),
                ErrorCode.ALREADY_STARTED,
            )
        children = {p.pk: p for p in selectors.melding_children(locked_melding)}
        if child.pk not in children:
            raise _error(
                "child",
                _("Kies het kind uit de melding (minderjarig op de dag van de melding)."),
                ErrorCode.NOT_A_CHILD,
            )
        child = children[child.pk]
        if child.date_of_birth is not None:
            age_band = age_band_for(
                selectors.age_on(
                    child.date_of_birth, timezone.localdate(locked_melding.occurred_at)
                )
            )
        elif age_band not in AgeBand.values:
            raise _error(
                "age_band",
                _("De geboortedatum van het kind is onbekend: kies de leeftijd."),
                ErrorCode.AGE_BAND,
            )
        if mode == StartMode.ANONIEM:
            _check_anonymous(
                {"circumstances": circumstances, "question": question},
                known=selectors.known_identity_of(melding=locked_melding, family_system=family),
                reveal=True,
            )
        at = _moment(police_informed_at, field="police_informed_at")
        case = HsskCase(
            reference=f"HSSK-NIEUW-{uuid.uuid4().hex[:16]}",
            status=Status.OVERLEG,
            status_changed_at=at,
            mode=mode,
            initiator_organisation=user.organisation,
            started_by=user,
            started_at=_now(),
            signal_received_at=min(locked_melding.received_at, at),
            police_organisation=police_organisation,
            om_organisation=om_organisation,
            police_informed_at=at,
            age_band=age_band,
            injury_kinds=kinds,
            certainty=certainty,
            reporter_kind=reporter_kind,
            circumstances=circumstances,
            question=question,
            grey_area=bool(grey_area),
        )
        case.full_clean(exclude=["reference"])
        case.save()
        case.reference = f"HSSK-{timezone.localtime(case.started_at).year}-{case.pk:05d}"
        case.save(update_fields=["reference"])
        HsskIdentification.objects.create(
            case=case, melding=locked_melding, child=child, family_system=family, created_at=at
        )
        _participant_add(case, user.organisation, ParticipantRole.INITIATOR, at)
        _participant_add(case, police_organisation, ParticipantRole.POLITIE, at)
        if om_organisation is not None:
            _participant_add(case, om_organisation, ParticipantRole.OM, at)
        HsskStatusChange.objects.create(
            case=case,
            from_status="",
            to_status=Status.OVERLEG,
            transition="start",
            at=at,
            user=user,
            organisation=user.organisation,
        )
        _log(
            user=user,
            action=AccessAction.CREATE,
            object_type=OBJECT_TYPE,
            object_id=case.pk,
            case=case,
            purpose="anoniem overleg" if mode == StartMode.ANONIEM else "melding aan de politie",
            channel=channel,
        )
        if mode == StartMode.GEIDENTIFICEERD:
            _identify(
                user=user,
                case=case,
                legal_basis=legal_basis,
                necessity=necessity,
                field_groups=field_groups,
                share_with_om=om_organisation is not None,
                at=at,
                transition="direct_melden",
                channel=channel,
            )
    return case


def _identify(
    *,
    user,
    case: HsskCase,
    legal_basis: LegalBasis | None,
    necessity: str,
    field_groups: Sequence[str],
    share_with_om: bool,
    at: dt.datetime,
    transition: str,
    channel: str,
) -> None:
    """Link the case to the family: share the initiator's melding with the police (and the OM)
    through the register, make them involved, and move on to the onderzoeksplan."""
    if legal_basis is None:
        raise _error(
            "legal_basis",
            _("Kies de grondslag waarop u de melding met de politie deelt."),
            "grondslag_ontbreekt",
        )
    ident = selectors.identification_of(case)
    family = ident.family_system
    necessity = (necessity or "").strip() or _(
        "Vermoeden van strafbare kindermishandeling (%(ref)s): de politie en het OM hebben de "
        "gegevens nodig voor het gezamenlijk onderzoek naar het letsel van het kind."
    ) % {"ref": case.reference}
    groups = list(field_groups or DEFAULT_FIELD_GROUPS)
    case.police_disclosure = sharing_services.disclosure_create(
        user=user,
        family_system=family,
        to_organisation=case.police_organisation,
        legal_basis=legal_basis,
        moment=MOMENT,
        necessity=necessity,
        items=[(ident.melding, groups)],
        channel=channel,
    )
    involvement_touch(family_system=family, organisation=case.police_organisation, at=at)
    if share_with_om and case.om_organisation_id:
        om = Organisation.objects.get(pk=case.om_organisation_id)
        sharing_services.disclosure_create(
            user=user,
            family_system=family,
            to_organisation=om,
            legal_basis=legal_basis,
            moment=MOMENT,
            necessity=necessity,
            items=[(ident.melding, groups)],
            channel=channel,
        )
        involvement_touch(family_system=family, organisation=om, at=at)
    _set_status(case, to=Status.ONDERZOEKSPLAN, transition=transition, user=user, at=at)
    case.family_system = family
    case.identified_at = at
    case.full_clean(exclude=["reference"])
    case.save(
        update_fields=[
            "police_disclosure",
            "status",
            "status_changed_at",
            "family_system",
            "identified_at",
        ]
    )
    _log(
        user=user,
        action=AccessAction.UPDATE,
        object_type=OBJECT_TYPE,
        object_id=case.pk,
        case=case,
        purpose=f"{Status.OVERLEG} → {Status.ONDERZOEKSPLAN}",
        channel=channel,
    )


# --- step 2: the anonymous consultation ---------------------------------------------------------


def consultation_update(
    *,
    user,
    case: HsskCase,
    circumstances: str,
    question: str,
    grey_area: bool,
    om_organisation: Organisation | None = None,
    channel: str = "WEB",
) -> HsskCase:
    """The initiator adds to the anonymous facts (e.g. after "meer informatie nodig") or marks
    the case grey area, which brings in the OM. The texts are checked again."""
    with transaction.atomic():
        locked = _locked(user, case)
        _edit(locked, workflow.Edit.VIEW)
        if _role(user, locked) != ParticipantRole.INITIATOR:
            raise _error(
                NON_FIELD_ERRORS,
                _("Alleen de melder past de casus aan."),
                ErrorCode.NOT_YOURS,
            )
        om = om_organisation or (
            Organisation.objects.get(pk=locked.om_organisation_id)
            if locked.om_organisation_id
            else None
        )
        if om is not None and om.kind != OrganisationKind.OM:
            raise _error("om_organisation", _("Kies een parket van het OM."), ErrorCode.WRONG_OM)
        if grey_area and om is None:
            raise _error(
                "om_organisation",
                _(
                    "Een casus in het grijze gebied wordt in elk geval met het OM besproken: "
                    "kies het OM."
                ),
                ErrorCode.OM_NEEDED,
            )
        circumstances = _text(circumstances, field="circumstances", label=_("de omstandigheden"))
        question = _text(question, field="question", label=_("uw vraag aan de partners"))
        _check_anonymous(
            {"circumstances": circumstances, "question": question},
            known=selectors.known_identity(locked),
            reveal=True,
        )
        at = _now()
        if om is not None and locked.om_organisation_id is None:
            locked.om_organisation = om
            _participant_add(locked, om, ParticipantRole.OM, at)
        locked.circumstances = circumstances
        locked.question = question
        locked.grey_area = bool(grey_area)
        locked.save(update_fields=["circumstances", "question", "grey_area", "om_organisation"])
        _log(
            user=user,
            action=AccessAction.UPDATE,
            object_type=OBJECT_TYPE,
            object_id=locked.pk,
            case=locked,
            purpose="anoniem overleg aangevuld",
            channel=channel,
        )
    _refresh(case, locked)
    return case


def view_give(*, user, case: HsskCase, position: str, text: str, channel: str = "WEB") -> HsskView:
    """The police or the OM gives its view on the anonymous case. Texts are checked for the
    patterns of identifying data (not for the family's names: a refusal would confirm a
    guess)."""
    with transaction.atomic():
        locked = _locked(user, case)
        _edit(locked, workflow.Edit.VIEW)
        if _role(user, locked) not in (ParticipantRole.POLITIE, ParticipantRole.OM):
            raise _error(
                NON_FIELD_ERRORS,
                _("De politie en het OM geven hun zienswijze; de melder besluit."),
                ErrorCode.NOT_YOURS,
            )
        if position not in Position.values:
            raise _error("position", _("Kies uw zienswijze."), ErrorCode.POSITION)
        text = _text(text, field="text", label=_("uw toelichting"))
        _check_anonymous({"text": text}, known=None, reveal=False)
        view = HsskView.objects.create(
            case=locked,
            organisation=user.organisation,
            position=position,
            text=text,
            given_by=user,
            given_at=_now(),
        )
        _log(
            user=user,
            action=AccessAction.CREATE,
            object_type=VIEW,
            object_id=view.pk,
            case=locked,
            channel=channel,
        )
    return view


def case_decide(
    *,
    user,
    case: HsskCase,
    decision: str,
    reason: str,
    legal_basis: LegalBasis | None = None,
    necessity: str = "",
    field_groups: Sequence[str] = DEFAULT_FIELD_GROUPS,
    share_with_om: bool = True,
    channel: str = "WEB",
) -> HsskCase:
    """The end of the consultation, by the initiator, once the police (and in a grey-area case
    the OM) gave its view: proceed — the melding goes to the police on ``legal_basis`` and the
    case is linked to the family — or not, and the case closes, anonymous for good."""
    with transaction.atomic():
        locked = _locked(user, case)
        if _role(user, locked) != ParticipantRole.INITIATOR:
            raise _error(NON_FIELD_ERRORS, _("Alleen de melder besluit."), ErrorCode.NOT_YOURS)
        if decision not in Decision.values:
            raise _error("decision", _("Kies uw besluit."), ErrorCode.DECISION)
        transition = (
            workflow.Transition.DOORZETTEN
            if decision == Decision.DOORZETTEN
            else workflow.Transition.NIET_DOORZETTEN
        )
        row = workflow.row_for(locked.status, transition)
        if row is None:
            raise _error(
                NON_FIELD_ERRORS,
                _("Over deze casus is al besloten."),
                ErrorCode.TRANSITION,
            )
        problems = workflow.check(row, selectors.case_facts(locked))
        if problems:
            raise _problems_error(problems)
        reason = _text(reason, field="reason", label=_("de motivering"))
        _check_anonymous({"reason": reason}, known=selectors.known_identity(locked), reveal=True)
        at = _now()
        locked.decision = decision
        locked.decision_reason = reason
        locked.decided_at = at
        locked.decided_by = user
        locked.save(update_fields=["decision", "decision_reason", "decided_at", "decided_by"])
        if decision == Decision.DOORZETTEN:
            _identify(
                user=user,
                case=locked,
                legal_basis=legal_basis,
                necessity=necessity,
                field_groups=field_groups,
                share_with_om=share_with_om,
                at=at,
                transition=transition,
                channel=channel,
            )
        else:
            _set_status(locked, to=Status.GEEN_VERVOLG, transition=transition, user=user, at=at)
            locked.closed_at = at
            locked.closed_by = user
            locked.save(update_fields=["status", "status_changed_at", "closed_at", "closed_by"])
            _log(
                user=user,
                action=AccessAction.UPDATE,
                object_type=OBJECT_TYPE,
                object_id=locked.pk,
                case=locked,
                purpose=f"{Status.OVERLEG} → {Status.GEEN_VERVOLG}",
                channel=channel,
            )
    _refresh(case, locked)
    return case


# --- step 3: the gezamenlijk onderzoeksplan -----------------------------------------------------


def _clear_confirmations(case: HsskCase) -> None:
    """A change before the plan is agreed: everyone agrees again to the plan as it now is."""
    if case.status == Status.ONDERZOEKSPLAN:
        HsskPlanConfirmation.objects.filter(case=case).delete()


def _members(case: HsskCase, persons: Iterable[Person]) -> list[Person]:
    chosen = list(persons or [])
    member_ids = set(
        FamilyMembership.objects.filter(family_system=case.family_system).values_list(
            "person_id", flat=True
        )
    )
    if any(p.pk not in member_ids for p in chosen):
        raise _error(
            "with_whom", _("Kies alleen leden van het gezinssysteem."), ErrorCode.NOT_A_MEMBER
        )
    return chosen


def act_add(
    *,
    user,
    case: HsskCase,
    act: str,
    by_organisation: Organisation,
    with_whom: Iterable[Person] = (),
    sequence: int | None = None,
    planned_on: dt.date | None = None,
    description: str = "",
    repeat_reason: str = "",
    order_note: str = "",
    channel: str = "WEB",
) -> HsskAct:
    """Add an investigative act to the onderzoeksplan: what, by which participant, in which
    order (default: last), with whom."""
    with transaction.atomic():
        locked = _locked(user, case)
        _edit(locked, workflow.Edit.ACT_ADD)
        if act not in Act.values:
            raise _error("act", _("Kies de onderzoekshandeling."), ErrorCode.UNKNOWN_ACT)
        if by_organisation is None or by_organisation.pk not in selectors.participant_roles(locked):
            raise _error(
                "by_organisation",
                _("Kies een organisatie die aan de casus deelneemt."),
                ErrorCode.BY_NOT_PARTICIPANT,
            )
        persons = _members(locked, with_whom)
        if sequence is None:
            last = HsskAct.objects.filter(case=locked).order_by("-sequence").first()
            sequence = (last.sequence if last else 0) + 1
        record = HsskAct(
            case=locked,
            act=act,
            by_organisation=by_organisation,
            sequence=sequence,
            planned_on=planned_on,
            description=(description or "").strip()[:500],
            repeat_reason=(repeat_reason or "").strip()[:500],
            order_note=(order_note or "").strip()[:500],
            recorded_by=user,
            recording_organisation=user.organisation,
            created_at=_now(),
        )
        record.full_clean()
        record.save()
        record.with_whom.set(persons)
        _clear_confirmations(locked)
        _log(
            user=user,
            action=AccessAction.CREATE,
            object_type=ACT,
            object_id=record.pk,
            case=locked,
            channel=channel,
        )
    return record


def act_update(
    *,
    user,
    case: HsskCase,
    act: HsskAct,
    status: str,
    outcome: str = "",
    repeat_reason: str | None = None,
    order_note: str | None = None,
    channel: str = "WEB",
) -> HsskAct:
    """Record that an act was done (with its outcome) or lapsed, or add the reason for a
    further talk with the child / the agreement on the order."""
    with transaction.atomic():
        locked = _locked(user, case)
        _edit(locked, workflow.Edit.ACT_UPDATE)
        record = HsskAct.objects.select_for_update().filter(case=locked, pk=act.pk).first()
        if record is None:
            raise _error(
                "act", _("Deze onderzoekshandeling hoort niet bij de casus."), ErrorCode.UNKNOWN_ACT
            )
        if status not in ActStatus.values:
            raise _error("status", _("Kies een status."), ErrorCode.ACT_STATUS)
        if record.status != ActStatus.GEPLAND and status != record.status:
            raise _error(
                "status",
                _("Deze onderzoekshandeling is al %(status)s.")
                % {"status": record.get_status_display()},
                ErrorCode.ACT_CLOSED,
            )
        if status == ActStatus.UITGEVOERD:
            outcome = _text(outcome, field="outcome", label=_("de uitkomst"), minimum=2)
        fields = ["status", "outcome", "done_at"]
        if status != record.status:
            record.status = status
            record.done_at = _now() if status == ActStatus.UITGEVOERD else None
        record.outcome = (outcome or "").strip()
        if repeat_reason is not None:
            record.repeat_reason = repeat_reason.strip()[:500]
            fields.append("repeat_reason")
        if order_note is not None:
            record.order_note = order_note.strip()[:500]
            fields.append("order_note")
        record.full_clean()
        record.save(update_fields=fields)
        _clear_confirmations(locked)
        _log(
            user=user,
            action=AccessAction.UPDATE,
            object_type=ACT,
            object_id=record.pk,
            case=locked,
            purpose=record.status,
            channel=channel,
        )
    return record


def plan_confirm(*, user, case: HsskCase, channel: str = "WEB") -> HsskCase:
    """The initiator or the police (or the OM, for the record) agrees to the plan as it stands.
    A plan that breaks a rule cannot be agreed to. When the initiator and the police both
    agreed, the plan is vastgesteld and the case moves on to the interventions."""
    with transaction.atomic():
        locked = _locked(user, case)
        _edit(locked, workflow.Edit.CONFIRM)
        role = _role(user, locked)
        if role not in (ParticipantRole.INITIATOR, ParticipantRole.POLITIE, ParticipantRole.OM):
            raise _error(
                NON_FIELD_ERRORS,
                _("De melder, de politie en het OM stemmen in met het onderzoeksplan."),
                ErrorCode.NOT_YOURS,
            )
        facts = selectors.case_facts(locked)
        problems = workflow.plan_problems(facts)
        if problems:
            raise _problems_error(problems)
        if HsskPlanConfirmation.objects.filter(
            case=locked, organisation=user.organisation
        ).exists():
            raise _error(
                NON_FIELD_ERRORS,
                _("Uw organisatie stemde al in met dit plan."),
                ErrorCode.ALREADY_CONFIRMED,
            )
        at = _now()
        HsskPlanConfirmation.objects.create(
            case=locked, organisation=user.organisation, user=user, at=at
        )
        _log(
            user=user,
            action=AccessAction.UPDATE,
            object_type=OBJECT_TYPE,
            object_id=locked.pk,
            case=locked,
            purpose="akkoord onderzoeksplan",
            channel=channel,
        )
        row = workflow.row_for(locked.status, workflow.Transition.PLAN_VASTSTELLEN)
        assert row is not None
        if not workflow.check(row, selectors.case_facts(locked)):
            _set_status(
                locked,
                to=Status.INTERVENTIES,
                transition=workflow.Transition.PLAN_VASTSTELLEN,
                user=user,
                at=at,
            )
            locked.plan_agreed_at = at
            locked.save(update_fields=["status", "status_changed_at", "plan_agreed_at"])
            _log(
                user=user,
                action=AccessAction.UPDATE,
                object_type=OBJECT_TYPE,
                object_id=locked.pk,
                case=locked,
                purpose=f"{Status.ONDERZOEKSPLAN} → {Status.INTERVENTIES}",
                channel=channel,
            )
    _refresh(case, locked)
    return case


def participant_invite(
    *,
    user,
    case: HsskCase,
    organisation: Organisation,
    reason: str,
    legal_basis: LegalBasis,
    necessity: str = "",
    channel: str = "WEB",
) -> HsskParticipant:
    """The initiator or the police invites the Raad (child-protection measures), the
    reclassering or the OM to the plan and the interventions. The invitation is shared through
    the register on ``legal_basis``; the invited organisation has a task in the family and
    becomes involved in it."""
    with transaction.atomic():
        locked = _locked(user, case)
        _edit(locked, workflow.Edit.INVITE)
        if _role(user, locked) not in (ParticipantRole.INITIATOR, ParticipantRole.POLITIE):
            raise _error(
                NON_FIELD_ERRORS,
                _("De melder en de politie nodigen partners uit."),
                ErrorCode.NOT_YOURS,
            )
        if organisation is None or organisation.kind not in (
            OrganisationKind.RVDK,
            OrganisationKind.RECLASSERING,
            OrganisationKind.OM,
        ):
            raise _error(
                "organisation",
                _("Nodig de Raad, de reclassering of het OM uit."),
                ErrorCode.CANNOT_INVITE,
            )
        if organisation.pk in selectors.participant_roles(locked):
            raise _error(
                "organisation",
                _("%(org)s werkt al aan deze casus.") % {"org": organisation.name},
                ErrorCode.ALREADY_PARTICIPANT,
            )
        reason = _text(reason, field="reason", label=_("waarom u uitnodigt"))
        at = _now()
        disclosure = sharing_services.disclosure_create_for_record(
            user=user,
            family_system=_family(locked),
            to_organisation=organisation,
            legal_basis=legal_basis,
            moment=MOMENT,
            necessity=(necessity or "").strip() or reason,
            person_ids=selectors.person_ids_for_log(locked),
            channel=channel,
        )
        involvement_touch(family_system=_family(locked), organisation=organisation, at=at)
        role = (
            ParticipantRole.OM
            if organisation.kind == OrganisationKind.OM
            else (ParticipantRole.UITGENODIGD)
        )
        participant = HsskParticipant.objects.create(
            case=locked,
            organisation=organisation,
            role=role,
            since=at,
            reason=reason,
            disclosure=disclosure,
        )
        if role == ParticipantRole.OM and locked.om_organisation_id is None:
            locked.om_organisation = organisation
            locked.save(update_fields=["om_organisation"])
        _log(
            user=user,
            action=AccessAction.CREATE,
            object_type=PARTICIPANT,
            object_id=participant.pk,
            case=locked,
            purpose=sharing_services.access_log_purpose(disclosure),
            channel=channel,
        )
    return participant


# --- step 4: interventions into the veiligheidsplan ---------------------------------------------


def intervention_add(
    *,
    user,
    case: HsskCase,
    intervention: Intervention,
    owner_organisation: Organisation,
    starts_on: dt.date | None = None,
    ends_on: dt.date | None = None,
    reassess_on: dt.date | None = None,
    description: str = "",
    channel: str = "WEB",
) -> PlanItem:
    """An intervention (child-protection measure via the Raad, criminal measure via the OM,
    care) into the family's veiligheidsplan, for this case."""
    with transaction.atomic():
        locked = _locked(user, case)
        _edit(locked, workflow.Edit.PLAN_ITEM)
        return plan_services.plan_add_intervention(
            user=user,
            family_system=_family(locked),
            intervention=intervention,
            owner_organisation=owner_organisation,
            starts_on=starts_on,
            ends_on=ends_on,
            reassess_on=reassess_on,
            moment=MOMENT,
            moment_reference=locked.reference,
            description=description,
            channel=channel,
        )


def agreement_add(
    *,
    user,
    case: HsskCase,
    topic: str,
    description: str,
    owner_organisation: Organisation,
    reassess_on: dt.date | None = None,
    channel: str = "WEB",
) -> PlanItem:
    with transaction.atomic():
        locked = _locked(user, case)
        _edit(locked, workflow.Edit.PLAN_ITEM)
        return plan_services.plan_add_agreement(
            user=user,
            family_system=_family(locked),
            topic=topic,
            description=_text(description, field="description", label=_("de afspraak")),
            owner_organisation=owner_organisation,
            reassess_on=reassess_on,
            moment=MOMENT,
            moment_reference=locked.reference,
            channel=channel,
        )


def no_interventions_set(*, user, case: HsskCase, reason: str, channel: str = "WEB") -> HsskCase:
    """Record why no intervention is needed (e.g. forensic examination ruled abuse out)."""
    with transaction.atomic():
        locked = _locked(user, case)
        _edit(locked, workflow.Edit.NO_INTERVENTIONS)
        locked.no_interventions_reason = _text(reason, field="reason", label=_("de reden"))
        locked.save(update_fields=["no_interventions_reason"])
        _log(
            user=user,
            action=AccessAction.UPDATE,
            object_type=OBJECT_TYPE,
            object_id=locked.pk,
            case=locked,
            purpose="geen interventies",
            channel=channel,
        )
    _refresh(case, locked)
    return case


# --- step 5 and moving on -----------------------------------------------------------------------


def case_transition(*, user, case: HsskCase, transition: str, channel: str = "WEB") -> HsskCase:
    """``evalueren`` (interventions in place → evaluation) and ``afsluiten`` (evaluated →
    closed), along the table in ``workflow``. The decision and the plan's agreement have their
    own services."""
    with transaction.atomic():
        locked = _locked(user, case)
        if transition not in (workflow.Transition.EVALUEREN, workflow.Transition.AFSLUITEN):
            raise _error(NON_FIELD_ERRORS, _("Deze stap kan hier niet."), ErrorCode.TRANSITION)
        row = workflow.row_for(locked.status, transition)
        if row is None:
            raise _error(
                NON_FIELD_ERRORS,
                _("Deze stap kan niet vanuit %(status)s.")
                % {"status": Status(locked.status).label},
                ErrorCode.TRANSITION,
            )
        if _role(user, locked) not in row.by:
            raise _error(
                NON_FIELD_ERRORS,
                _("Deze stap zet de melder%(or_police)s.")
                % {"or_police": _(" of de politie") if "POLITIE" in row.by else ""},
                ErrorCode.NOT_YOURS,
            )
        problems = workflow.check(row, selectors.case_facts(locked))
        if problems:
            raise _problems_error(problems)
        at = _now()
        before = locked.status
        _set_status(locked, to=row.target, transition=transition, user=user, at=at)
        fields = ["status", "status_changed_at"]
        if row.target == Status.EVALUATIE:
            locked.interventions_done_at = at
            fields.append("interventions_done_at")
        if row.target == Status.AFGESLOTEN:
            locked.closed_at = at
            locked.closed_by = user
            fields += ["closed_at", "closed_by"]
        locked.save(update_fields=fields)
        _log(
            user=user,
            action=AccessAction.UPDATE,
            object_type=OBJECT_TYPE,
            object_id=locked.pk,
            case=locked,
            purpose=f"{before} → {row.target}",
            channel=channel,
        )
    _refresh(case, locked)
    return case


def evaluation_give(
    *,
    user,
    case: HsskCase,
    worked_well: str,
    collaboration_score: int,
    to_improve: str = "",
    missing_information: Sequence[str] = (),
    missing_note: str = "",
    in_each_others_way: bool = False,
    channel: str = "WEB",
) -> HsskEvaluation:
    """One participant's evaluation of the collaboration, once."""
    with transaction.atomic():
        locked = _locked(user, case)
        _edit(locked, workflow.Edit.EVALUATE)
        if HsskEvaluation.objects.filter(case=locked, organisation=user.organisation).exists():
            raise _error(
                NON_FIELD_ERRORS,
                _("Uw organisatie heeft deze casus al geëvalueerd."),
                ErrorCode.ALREADY_EVALUATED,
            )
        worked_well = _text(worked_well, field="worked_well", label=_("wat goed werkte"))
        try:
            score = int(collaboration_score)
        except (TypeError, ValueError):
            score = 0
        if not 1 <= score <= 5:
            raise _error(
                "collaboration_score",
                _("Geef de samenwerking een cijfer van 1 tot en met 5."),
                ErrorCode.SCORE,
            )
        missing = list(dict.fromkeys(missing_information or []))
        if any(m not in MissingInformation.values for m in missing):
            raise _error(
                "missing_information",
                _("Kies ontbrekende informatie uit de lijst."),
                ErrorCode.MISSING_UNKNOWN,
            )
        evaluation = HsskEvaluation(
            case=locked,
            organisation=user.organisation,
            worked_well=worked_well,
            to_improve=(to_improve or "").strip(),
            missing_information=missing,
            missing_note=(missing_note or "").strip()[:500],
            in_each_others_way=bool(in_each_others_way),
            collaboration_score=score,
            given_by=user,
            given_at=_now(),
        )
        evaluation.full_clean()
        evaluation.save()
        _log(
            user=user,
            action=AccessAction.CREATE,
            object_type=EVALUATION,
            object_id=evaluation.pk,
            case=locked,
            channel=channel,
        )
    return evaluation


def melding_person_ids(melding: Melding) -> list[int]:
    return [
        pk
        for pk in MeldingPerson.objects.filter(melding=melding).values_list("person_id", flat=True)
        if pk is not None
    ]
