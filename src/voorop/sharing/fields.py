"""What of a melding can be shared: named groups of fields, never "everything".

A disclosure shares selected meldingen, and of each melding selected groups. The core facts
(kind, moment, labels, acute flag) always travel with a shared melding; the rest is chosen.
Medical details (``Melding.medical_details``) are in no group: they never leave the recording
VT organisation and even there only the vertrouwensarts reads them.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class FieldGroup(models.TextChoices):
    KERN = "KERN", _("Kerngegevens: soort, tijdstip, labels, acuut")
    LOCATIE = "LOCATIE", _("Locatie")
    TOELICHTING = "TOELICHTING", _("Toelichting")
    PERSONEN = "PERSONEN", _("Betrokken personen en hun rol")


#: Melding attributes per group. Anything not listed here is never visible to a recipient.
GROUP_ATTRIBUTES: dict[str, tuple[str, ...]] = {
    FieldGroup.KERN: (
        "pk",
        "id",
        "reference",
        "kind",
        "channel",
        "occurred_at",
        "received_at",
        "is_acute",
        "label_hg",
        "label_km",
        "label_ex_partnerstalking",
        "label_eergerelateerd",
        "label_ouderenmishandeling",
        "source_organisation",
        "source_organisation_id",
        "family_system",
        "family_system_id",
        "created_at",
    ),
    FieldGroup.LOCATIE: ("location", "postcode", "city"),
    FieldGroup.TOELICHTING: ("narrative",),
    FieldGroup.PERSONEN: ("persons",),
}

ALL_GROUPS: frozenset[str] = frozenset(FieldGroup.values)
MEDICAL = "MEDISCH"
