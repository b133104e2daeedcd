"""Writes of the disclosure register: sharing selected records with another partner, and
withdrawing a disclosure. Each is one transaction with its access-log record.

The business rules of sharing (informatieverstrekking):

- Only a professional of a partner organisation shares, and only about a family system that
  organisation is involved in on its own account.
- The recipient is another partner organisation.
- There must be an active rule (``SharingRule``) for "from this kind of organisation, to that
  kind, on this legal basis" that covers the coordination moment the disclosure serves. Which
  rules exist is data maintained by functioneel beheer, not code.
- What is shared is chosen: selected meldingen, and of each selected groups of fields. Only the
  organisation's own records can be shared, only of this family system, and only field groups
  the rule allows. The core facts (``KERN``) always travel with a shared melding.
- Another app's record (a veiligheidsbeoordeling, …) is shared with
  ``disclosure_create_for_record`` under the same rules, without field groups; see
  ``voorop.sharing.records``.
- The professional states why the recipient needs the data (necessity).
- A disclosure is withdrawn only by the organisation that made it, with a reason, once. From then
  on the recipient no longer sees the items; what it saw before stays in the access log.

Errors are Dutch ``ValidationError``s keyed by argument name (``to_organisation``,
``legal_basis``, ``moment``, ``necessity``, ``items``, ``reason``; general ones under
``NON_FIELD_ERRORS``), each with a stable ``code`` listed in ``ErrorCode``.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from voorop.audit.models import AccessAction
from voorop.audit.services import access_log_write
from voorop.authz import policy
from voorop.meldingen.models import Melding
from voorop.organisations.models import Organisation
from voorop.persons.models import FamilySystem
from voorop.sharing import selectors
from voorop.sharing.fields import FieldGroup
from voorop.sharing.models import (
    CoordinationMoment,
    Disclosure,
    DisclosureItem,
    LegalBasis,
    SharingRule,
)

#: The shortest necessity text accepted: a reason, not a tick in a box.
NECESSITY_MIN_LENGTH = 10
#: The shortest withdrawal reason accepted.
REASON_MIN_LENGTH = 5


class ErrorCode:
    """The stable codes of the sharing services' validation errors."""

    NOT_A_PARTNER = "geen_partnerorganisatie"
    NOT_INVOLVED = "niet_betrokken"
    RECIPIENT_NOT_A_PARTNER = "ontvanger_geen_partner"
    RECIPIENT_IS_OWN = "ontvanger_eigen_organisatie"
    UNKNOWN_MOMENT = "onbekend_doel"
    BASIS_INACTIVE = "grondslag_niet_in_gebruik"
    NO_RULE = "geen_deelregel"
    MOMENT_NOT_ALLOWED = "doel_niet_toegestaan"
    NO_MELDINGEN = "geen_meldingen"
    DUPLICATE_MELDING = "melding_dubbel"
    MELDING_NOT_OWN = "melding_niet_eigen"
    MELDING_OTHER_FAMILY = "melding_ander_gezinssysteem"
    UNKNOWN_GROUP = "onbekende_gegevensgroep"
    GROUP_NOT_ALLOWED = "gegevensgroep_niet_toegestaan"
    NECESSITY_MISSING = "noodzaak_ontbreekt"
    NOT_OWN_DISCLOSURE = "niet_eigen_verstrekking"
    ALREADY_WITHDRAWN = "al_ingetrokken"
    REASON_MISSING = "reden_ontbreekt"


def access_log_purpose(disclosure: Disclosure) -> str:
    """What the access log records as purpose: "art. 18 Wpg · Samen op in acuut"."""
    return f"{disclosure.legal_basis.short_label} · {disclosure.get_moment_display()}"


class _Errors:
    """Collects errors per argument, so that a form can show them all at once."""

    def __init__(self) -> None:
        self.by_field: dict[str, list[ValidationError]] = {}

    def add(self, field: str, message: str, code: str) -> None:
        self.by_field.setdefault(field, []).append(ValidationError(message, code=code))

    def has(self, field: str) -> bool:
        return field in self.by_field

    def raise_if_any(self) -> None:
        if self.by_field:
            raise ValidationError(self.by_field)


def _check_sharer(*, user, family_system: FamilySystem) -> None:
    if not selectors.is_partner_user(user):
        raise ValidationError(
            {
                NON_FIELD_ERRORS: ValidationError(
                    _(
                        "Alleen medewerkers van een partnerorganisatie van Veiligheid Voorop "
                        "kunnen informatie delen."
                    ),
                    code=ErrorCode.NOT_A_PARTNER,
                )
            }
        )
    if not policy.is_involved(user, family_system):
        raise ValidationError(
            {
                NON_FIELD_ERRORS: ValidationError(
                    _(
                        "Uw organisatie is niet betrokken bij dit gezinssysteem en kan er dus "
                        "geen informatie over delen."
                    ),
                    code=ErrorCode.NOT_INVOLVED,
                )
            }
        )


def _normalised_groups(groups: Sequence[str]) -> list[str]:
    """KERN first, then the chosen groups in their fixed order, each once."""
    chosen = {str(g) for g in groups} | {FieldGroup.KERN.value}
    known = [g.value for g in FieldGroup if g.value in chosen]
    unknown = sorted(chosen - set(FieldGroup.values))
    return known + unknown


def _validated_disclosure(
    *,
    user,
    family_system: FamilySystem,
    to_organisation: Organisation,
    legal_basis: LegalBasis,
    moment: str,
    necessity: str,
    items: Sequence[tuple[Melding, Sequence[str]]],
    items_required: bool = True,
) -> tuple[SharingRule, list[tuple[Melding, list[str]]]]:
    """The rule that allows this disclosure and the meldingen with their normalised field
    groups; a ValidationError with every problem found otherwise. ``items_required=False`` for
    a disclosure of another record (``disclosure_create_for_record``)."""
    _check_sharer(user=user, family_system=family_system)
    errors = _Errors()

    # The recipient.
    if not to_organisation.is_partner:
        errors.add(
            "to_organisation",
            _("U kunt alleen delen met een partnerorganisatie van Veiligheid Voorop."),
            ErrorCode.RECIPIENT_NOT_A_PARTNER,
        )
    elif to_organisation.pk == user.organisation_id:
        errors.add(
            "to_organisation",
            _("Kies een andere organisatie dan uw eigen organisatie."),
            ErrorCode.RECIPIENT_IS_OWN,
        )

    # The purpose.
    if moment not in CoordinationMoment.values:
        errors.add("moment", _("Kies een afstemmingsmoment als doel."), ErrorCode.UNKNOWN_MOMENT)
    moment_label = (
        str(CoordinationMoment(moment).label) if moment in CoordinationMoment.values else ""
    )

    # The legal basis, through the rules table.
    rule = None
    if not legal_basis.active:
        errors.add(
            "legal_basis",
            _("De grondslag %(basis)s is niet meer in gebruik.")
            % {"basis": legal_basis.short_label},
            ErrorCode.BASIS_INACTIVE,
        )
    elif not errors.has("to_organisation"):
        from_kind = user.organisation.kind
        rule = selectors.sharing_rule_find(
            from_kind=from_kind, to_kind=to_organisation.kind, legal_basis=legal_basis
        )
        if rule is None or not rule.active:
            errors.add(
                "legal_basis",
                _(
                    "Op grond van %(basis)s mag %(from)s geen gegevens delen met %(to)s. "
                    "Kies een andere grondslag."
                )
                % {
                    "basis": legal_basis.short_label,
                    "from": user.organisation.get_kind_display(),
                    "to": to_organisation.get_kind_display(),
                },
                ErrorCode.NO_RULE,
            )
            rule = None
        elif moment_label and not rule.allows_moment(moment):
            errors.add(
                "legal_basis",
                _("De grondslag %(basis)s geldt niet voor het doel %(moment)s.")
                % {"basis": legal_basis.short_label, "moment": moment_label},
                ErrorCode.MOMENT_NOT_ALLOWED,
            )
            rule = None

    # What is shared.
    chosen: list[tuple[Melding, list[str]]] = []
    if not items:
        if items_required:
            errors.add(
                "items", _("Kies ten minste één melding om te delen."), ErrorCode.NO_MELDINGEN
            )
    else:
        own_ids = set(
            policy.own_meldingen_for(user)
            .filter(pk__in=[m.pk for m, _groups in items])
            .values_list("pk", flat=True)
        )
        seen: set[int] = set()
        for melding, groups in items:
            if melding.pk in seen:
                errors.add(
                    "items",
                    _("Melding %(ref)s is twee keer gekozen.") % {"ref": melding.reference},
                    ErrorCode.DUPLICATE_MELDING,
                )
                continue
            seen.add(melding.pk)
            if melding.pk not in own_ids:
                # No reference in the message: the melding may be one the user may not see.
                errors.add(
                    "items",
                    _(
                        "Melding %(id)s is niet door uw organisatie vastgelegd. U kunt alleen "
                        "eigen gegevens delen."
                    )
                    % {"id": melding.pk},
                    ErrorCode.MELDING_NOT_OWN,
                )
                continue
            if melding.family_system_id != family_system.pk:
                errors.add(
                    "items",
                    _("Melding %(ref)s hoort niet bij dit gezinssysteem.")
                    % {"ref": melding.reference},
                    ErrorCode.MELDING_OTHER_FAMILY,
                )
                continue
            normalised = _normalised_groups(groups)
            unknown = [g for g in normalised if g not in FieldGroup.values]
            if unknown:
                errors.add(
                    "items",
                    _("Onbekende gegevensgroep: %(groups)s.") % {"groups": ", ".join(unknown)},
                    ErrorCode.UNKNOWN_GROUP,
                )
                continue
            if rule is not None:
                not_allowed = [g for g in normalised if g not in rule.field_groups]
                if not_allowed:
                    labels = ", ".join(str(FieldGroup(g).label).lower() for g in not_allowed)
                    errors.add(
                        "items",
                        _(
                            "Op grond van %(basis)s mag u van melding %(ref)s niet delen: "
                            "%(groups)s."
                        )
                        % {
                            "basis": legal_basis.short_label,
                            "ref": melding.reference,
                            "groups": labels,
                        },
                        ErrorCode.GROUP_NOT_ALLOWED,
                    )
                    continue
            chosen.append((melding, normalised))

    # Why.
    if len(necessity) < NECESSITY_MIN_LENGTH:
        errors.add(
            "necessity",
            _(
                "Leg uit waarom de ontvanger deze gegevens nodig heeft voor zijn wettelijke taak "
                "(ten minste %(n)s tekens)."
            )
            % {"n": NECESSITY_MIN_LENGTH},
            ErrorCode.NECESSITY_MISSING,
        )

    errors.raise_if_any()
    assert rule is not None  # every path that leaves it None added an error
    return rule, chosen


def _disclosure_save(
    *,
    user,
    family_system: FamilySystem,
    to_organisation: Organisation,
    rule: SharingRule,
    legal_basis: LegalBasis,
    moment: str,
    necessity: str,
) -> Disclosure:
    shared_at = timezone.now()
    disclosure = Disclosure(
        # A unique placeholder until the primary key gives the lasting reference.
        reference=f"VS-NIEUW-{uuid.uuid4().hex[:20]}",
        family_system=family_system,
        from_organisation=user.organisation,
        to_organisation=to_organisation,
        rule=rule,
        legal_basis=legal_basis,
        moment=moment,
        necessity=necessity,
        shared_by=user,
        shared_at=shared_at,
    )
    disclosure.full_clean()
    disclosure.save()
    disclosure.reference = f"VS-{timezone.localtime(shared_at).year}-{disclosure.pk:06d}"
    disclosure.save(update_fields=["reference"])
    return disclosure


def disclosure_create(
    *,
    user,
    family_system: FamilySystem,
    to_organisation: Organisation,
    legal_basis: LegalBasis,
    moment: str,
    necessity: str,
    items: Sequence[tuple[Melding, Sequence[str]]],
    channel: str = "WEB",
) -> Disclosure:
    """Share selected meldingen of ``family_system`` (each with selected field groups) with
    ``to_organisation``, on ``legal_basis``, for the coordination moment ``moment``.

    Nothing is stored unless every rule in the module docstring holds; the checks, the
    disclosure, its items and the access-log record (DISCLOSE, with the basis and moment as
    purpose and the persons in the shared meldingen) are one transaction."""
    necessity = (necessity or "").strip()
    with transaction.atomic():
        rule, chosen = _validated_disclosure(
            user=user,
            family_system=family_system,
            to_organisation=to_organisation,
            legal_basis=legal_basis,
            moment=moment,
            necessity=necessity,
            items=items,
        )
        disclosure = _disclosure_save(
            user=user,
            family_system=family_system,
            to_organisation=to_organisation,
            rule=rule,
            legal_basis=legal_basis,
            moment=moment,
            necessity=necessity,
        )
        disclosure_items = [
            DisclosureItem(disclosure=disclosure, melding=melding, field_groups=groups)
            for melding, groups in chosen
        ]
        for item in disclosure_items:
            item.full_clean(exclude=["disclosure"], validate_unique=False)
        DisclosureItem.objects.bulk_create(disclosure_items)
        access_log_write(
            user=user,
            action=AccessAction.DISCLOSE,
            object_type="verstrekking",
            object_id=disclosure.pk,
            person_ids=selectors.disclosed_person_ids(melding_ids=[m.pk for m, _g in chosen]),
            purpose=access_log_purpose(disclosure),
            channel=channel,
        )
    return disclosure


def disclosure_create_for_record(
    *,
    user,
    family_system: FamilySystem,
    to_organisation: Organisation,
    legal_basis: LegalBasis,
    moment: str,
    necessity: str,
    person_ids: Iterable[int] = (),
    channel: str = "WEB",
) -> Disclosure:
    """Share a record other than meldingen (see ``voorop.sharing.records``) with
    ``to_organisation``: the same rules as ``disclosure_create`` — a partner involved in the
    family system, an active rule for the pair of organisations, the basis and the moment, a
    stated necessity — without melding items or field groups.

    The caller links its record to the returned disclosure inside the same transaction (call
    this inside ``transaction.atomic``), so that a disclosure never exists without what it
    shares. Logged as DISCLOSE with ``person_ids``: the persons the shared record concerns."""
    necessity = (necessity or "").strip()
    with transaction.atomic():
        rule, _chosen = _validated_disclosure(
            user=user,
            family_system=family_system,
            to_organisation=to_organisation,
            legal_basis=legal_basis,
            moment=moment,
            necessity=necessity,
            items=(),
            items_required=False,
        )
        disclosure = _disclosure_save(
            user=user,
            family_system=family_system,
            to_organisation=to_organisation,
            rule=rule,
            legal_basis=legal_basis,
            moment=moment,
            necessity=necessity,
        )
        access_log_write(
            user=user,
            action=AccessAction.DISCLOSE,
            object_type="verstrekking",
            object_id=disclosure.pk,
            person_ids=person_ids,
            purpose=access_log_purpose(disclosure),
            channel=channel,
        )
    return disclosure


def disclosure_withdraw(
    *, user, disclosure: Disclosure, reason: str, channel: str = "WEB"
) -> Disclosure:
    """Withdraw a disclosure: only by the organisation that made it, with a reason, once.

    The recipient stops seeing the shared items at once (the policy only follows active
    disclosures); its earlier views stay in the access log. Logged as WITHDRAW."""
    reason = (reason or "").strip()
    with transaction.atomic():
        locked = (
            Disclosure.objects.select_for_update()
            .select_related("legal_basis")
            .get(pk=disclosure.pk)
        )
        if (
            not selectors.is_partner_user(user)
            or locked.from_organisation_id != user.organisation_id
        ):
            raise ValidationError(
                {
                    NON_FIELD_ERRORS: ValidationError(
                        _(
                            "Alleen de organisatie die de informatie deelde, kan de verstrekking "
                            "intrekken."
                        ),
                        code=ErrorCode.NOT_OWN_DISCLOSURE,
                    )
                }
            )
        if locked.withdrawn_at is not None:
            raise ValidationError(
                {
                    NON_FIELD_ERRORS: ValidationError(
                        _("Deze verstrekking is al ingetrokken op %(date)s.")
                        % {
                            "date": timezone.localtime(locked.withdrawn_at).strftime(
                                "%d-%m-%Y %H:%M"
                            )
                        },
                        code=ErrorCode.ALREADY_WITHDRAWN,
                    )
                }
            )
        if len(reason) < REASON_MIN_LENGTH:
            raise ValidationError(
                {
                    "reason": ValidationError(
                        _("Geef de reden van het intrekken op (ten minste %(n)s tekens).")
                        % {"n": REASON_MIN_LENGTH},
                        code=ErrorCode.REASON_MISSING,
                    )
                }
            )
        locked.withdrawn_at = timezone.now()
        locked.withdrawn_by = user
        locked.withdrawal_reason = reason
        locked.full_clean()
        locked.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawal_reason"])
        access_log_write(
            user=user,
            action=AccessAction.WITHDRAW,
            object_type="verstrekking",
            object_id=locked.pk,
            person_ids=selectors.disclosed_person_ids(
                melding_ids=locked.items.values_list("melding_id", flat=True)
            ),
            purpose=access_log_purpose(locked),
            channel=channel,
        )
    disclosure.withdrawn_at = locked.withdrawn_at
    disclosure.withdrawn_by = locked.withdrawn_by
    disclosure.withdrawal_reason = locked.withdrawal_reason
    return disclosure
