"""Emergency access (doorbraak): breaking the glass, and reviewing it afterwards.

Business rules:

- Emergency access is for an acute emergency in which the vital interest of a person is at
  stake (art. 6 lid 1 sub d AVG). A user of a partner organisation asks for it deliberately, for
  one family system its organisation cannot see, with a reason of at least
  ``REASON_MIN_LENGTH`` characters, and confirms who they are by typing their password again.
- Too many wrong passwords in a short time (``MAX_FAILED_ATTEMPTS`` in
  ``FAILED_ATTEMPTS_WINDOW``) block further requests for a while: the password prompt must not
  become a way to guess the password of an unattended session.
- It is granted at once, for ``settings.VOOROP_EMERGENCY_ACCESS_HOURS`` (default 4) hours; while
  it runs the policy (``voorop.authz.policy``) shows the whole family system, marked "ingezien
  met noodtoegang". Afterwards nothing remains visible.
- It is visible at once in the review queue of the privacy officers of every organisation
  involved in the family system (``voorop.authz.selectors``); one of them marks it justified or
  not (once).
- Granting, refusing a wrong password and reviewing are written to the access log. The log
  names the legal basis, never the reason: the reason is content and stays on the
  ``EmergencyAccess`` row, for the privacy officers.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from voorop.audit.models import AccessAction, AccessLogEntry, AccessOutcome
from voorop.audit.services import access_log_write
from voorop.authz import selectors
from voorop.authz.models import EmergencyAccess, ReviewOutcome
from voorop.persons.models import FamilyMembership, FamilySystem

logger = logging.getLogger(__name__)

REASON_MIN_LENGTH = 20
LEGAL_BASIS = "art. 6 lid 1 sub d AVG"
MAX_FAILED_ATTEMPTS = 5
FAILED_ATTEMPTS_WINDOW = dt.timedelta(minutes=15)


def _field_error(field: str, message: str, code: str) -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code)})


def emergency_access_hours() -> int:
    return int(getattr(settings, "VOOROP_EMERGENCY_ACCESS_HOURS", 4))


def _member_ids(family_system_id: int) -> list[int]:
    return list(
        FamilyMembership.objects.filter(family_system_id=family_system_id).values_list(
            "person_id", flat=True
        )
    )


def _recent_failures(user) -> int:
    return AccessLogEntry.objects.filter(
        user_id=user.pk,
        action=AccessAction.EMERGENCY_ACCESS,
        outcome=AccessOutcome.DENIED,
        occurred_at__gte=timezone.now() - FAILED_ATTEMPTS_WINDOW,
    ).count()


def emergency_access_request(
    *, user, family_system: FamilySystem, reason: str, password: str
) -> EmergencyAccess:
    """Grant ``user`` emergency access to ``family_system`` (see the module docstring).

    Raises PermissionDenied for a user outside the partner organisations, and ValidationError
    (Dutch message, stable code) for a missing or short reason (``reden_ontbreekt``,
    ``reden_te_kort``), a family system the user can already see (``al_zichtbaar``), a wrong
    password (``wachtwoord_onjuist``, logged as a refused emergency access in its own
    transaction) or too many wrong passwords (``te_veel_pogingen``)."""
    if not selectors.is_partner_user(user):
        raise PermissionDenied(_("Noodtoegang is alleen voor medewerkers van een partner."))
    reason = (reason or "").strip()
    if not reason:
        raise _field_error("reason", _("Geef de reden voor de noodtoegang op."), "reden_ontbreekt")
    if len(reason) < REASON_MIN_LENGTH:
        raise _field_error(
            "reason",
            _(
                "Beschrijf de acute noodsituatie in ten minste %(n)d tekens: waarom is "
                "toegang nu nodig voor het vitale belang van een persoon?"
            )
            % {"n": REASON_MIN_LENGTH},
            "reden_te_kort",
        )
    if selectors.can_see_family(user=user, family_system_id=family_system.pk):
        raise ValidationError(
            _("Uw organisatie kan dit gezinssysteem al inzien; noodtoegang is niet nodig."),
            code="al_zichtbaar",
        )
    if _recent_failures(user) >= MAX_FAILED_ATTEMPTS:
        raise ValidationError(
            _(
                "Te vaak een onjuist wachtwoord ingevuld. Probeer het over een kwartier opnieuw "
                "of neem contact op met uw functioneel beheerder."
            ),
            code="te_veel_pogingen",
        )
    if not password or not user.check_password(password):
        with transaction.atomic():
            access_log_write(
                user=user,
                action=AccessAction.EMERGENCY_ACCESS,
                object_type="gezinssysteem",
                object_id=family_system.pk,
                outcome=AccessOutcome.DENIED,
                purpose=LEGAL_BASIS,
            )
        raise _field_error(
            "password",
            _("Het wachtwoord is onjuist. Vul uw eigen wachtwoord opnieuw in."),
            "wachtwoord_onjuist",
        )

    now = timezone.now()
    access = EmergencyAccess(
        user=user,
        organisation_id=user.organisation_id,
        family_system=family_system,
        reason=reason,
        granted_at=now,
        expires_at=now + dt.timedelta(hours=emergency_access_hours()),
    )
    access.full_clean()
    with transaction.atomic():
        access.save()
        access_log_write(
            user=user,
            action=AccessAction.EMERGENCY_ACCESS,
            object_type="gezinssysteem",
            object_id=family_system.pk,
            person_ids=_member_ids(family_system.pk),
            purpose=LEGAL_BASIS,
        )
        transaction.on_commit(
            lambda: logger.warning(
                "Noodtoegang %s verleend: gebruiker %s, organisatie %s, gezinssysteem %s, tot %s",
                access.pk,
                access.user_id,
                access.organisation_id,
                access.family_system_id,
                access.expires_at.isoformat(),
            )
        )
    return access


def emergency_access_review(
    *, user, access: EmergencyAccess, outcome: str, note: str = ""
) -> EmergencyAccess:
    """A privacy officer of an organisation involved in the family system marks an emergency
    access justified (``TERECHT``) or not (``ONTERECHT``); an unjustified one needs a note
    (what follows from it). Raises PermissionDenied for anyone else and ValidationError when
    it was reviewed already (``al_beoordeeld``) or the outcome or note is missing."""
    if not selectors.may_review(user=user, access=access):
        raise PermissionDenied(_("U mag deze noodtoegang niet beoordelen."))
    if outcome not in ReviewOutcome.values:
        raise _field_error(
            "outcome", _("Kies of de noodtoegang terecht of onterecht was."), "oordeel_ontbreekt"
        )
    note = (note or "").strip()
    if outcome == ReviewOutcome.UNJUSTIFIED and not note:
        raise _field_error(
            "note",
            _("Licht toe waarom de noodtoegang onterecht was en wat er mee gebeurt."),
            "toelichting_ontbreekt",
        )
    with transaction.atomic():
        locked = EmergencyAccess.objects.select_for_update().get(pk=access.pk)
        if locked.is_reviewed:
            raise ValidationError(
                _("Deze noodtoegang is al beoordeeld."),
                code="al_beoordeeld",
            )
        locked.review_outcome = outcome
        locked.review_note = note
        locked.reviewed_by = user
        locked.reviewed_at = timezone.now()
        locked.full_clean()
        locked.save(update_fields=["review_outcome", "review_note", "reviewed_by", "reviewed_at"])
        access_log_write(
            user=user,
            action=AccessAction.EMERGENCY_REVIEW,
            object_type="noodtoegang",
            object_id=locked.pk,
            acting_role="PRIVACY_OFFICER",
        )
    return locked
