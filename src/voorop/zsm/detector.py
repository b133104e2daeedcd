"""The 'mogelijk huiselijk geweld' flag: a readable rule over what the network already knows.

A case without the HG label is flagged when the person index knows that the suspect and a victim
are (ex-)partners or family of each other — the ex-partner who steals a key or damages a door is
not labelled HG at intake, but the network knows the relation. The rules, first match wins:

=====================  ==============================================================
rule                   when
=====================  ==============================================================
relatie (ex-)partner   a Relation PARTNER or EX_PARTNER between suspect and victim
relatie familie        a Relation OUDER_KIND, BROER_ZUS, OVERIGE_FAMILIE or VERZORGER
zelfde gezinssysteem   suspect and victim are members of one family system
=====================  ==============================================================

The flag only proposes: the ZSM partners and Veilig Thuis confirm (the case gets the label and
VT records a melding) or reject it (``services.zsm_hg_confirm`` / ``zsm_hg_reject``).

``flag_reasons`` answers the question for many meldingen at once in three queries (used by the
inflow service for one melding and by ``benchmarks/zsm_hg_flag.py`` for a seeded region).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from voorop.meldingen.models import InvolvementRole, Melding, MeldingPerson
from voorop.persons.models import FamilyMembership, Relation, RelationKind


@dataclass(frozen=True)
class RelationRule:
    code: str
    reason: str
    kinds: tuple[str, ...]


RELATION_RULES: tuple[RelationRule, ...] = (
    RelationRule(
        "PARTNER",
        str(_("verdachte en slachtoffer zijn (ex-)partners")),
        (RelationKind.PARTNER, RelationKind.EX_PARTNER),
    ),
    RelationRule(
        "FAMILIE",
        str(_("verdachte en slachtoffer zijn familie")),
        (
            RelationKind.OUDER_KIND,
            RelationKind.BROER_ZUS,
            RelationKind.OVERIGE_FAMILIE,
            RelationKind.VERZORGER,
        ),
    ),
)
SAME_FAMILY_REASON = "verdachte en slachtoffer horen bij hetzelfde gezinssysteem"


def suspect_victim_pairs(melding_ids: Iterable[int]) -> dict[int, set[tuple[int, int]]]:
    """Per melding, the (suspect, victim) pairs of persons linked to the person index."""
    by_melding: dict[int, dict[str, set[int]]] = {}
    rows = MeldingPerson.objects.filter(
        melding_id__in=list(melding_ids),
        person__isnull=False,
        role__in=(InvolvementRole.VERDACHTE, InvolvementRole.SLACHTOFFER),
    ).values_list("melding_id", "role", "person_id")
    for melding_id, role, person_id in rows:
        by_melding.setdefault(melding_id, {}).setdefault(role, set()).add(person_id)
    return {
        m: {
            (s, v)
            for s in roles.get(InvolvementRole.VERDACHTE, ())
            for v in roles.get(InvolvementRole.SLACHTOFFER, ())
            if s != v
        }
        for m, roles in by_melding.items()
    }


def flag_reasons(melding_ids: Iterable[int]) -> dict[int, str]:
    """For each melding whose suspect and victim the network knows as (ex-)partners or family,
    the reason (first matching rule). Labels are not looked at here: the caller asks only about
    meldingen without the HG label."""
    pairs = suspect_victim_pairs(melding_ids)
    persons = {p for ps in pairs.values() for pair in ps for p in pair}
    if not persons:
        return {}
    kinds: dict[frozenset[int], set[str]] = {}
    for a, b, kind in Relation.objects.filter(
        person_a_id__in=persons, person_b_id__in=persons
    ).values_list("person_a_id", "person_b_id", "kind"):
        kinds.setdefault(frozenset((a, b)), set()).add(kind)
    families: dict[int, set[int]] = {}
    for person_id, family_id in FamilyMembership.objects.filter(person_id__in=persons).values_list(
        "person_id", "family_system_id"
    ):
        families.setdefault(person_id, set()).add(family_id)
    found: dict[int, str] = {}
    for melding_id, melding_pairs in pairs.items():
        reason = _reason(melding_pairs, kinds, families)
        if reason:
            found[melding_id] = reason
    return found


def _reason(
    pairs: set[tuple[int, int]],
    kinds: dict[frozenset[int], set[str]],
    families: dict[int, set[int]],
) -> str:
    for rule in RELATION_RULES:
        if any(kinds.get(frozenset(pair), set()) & set(rule.kinds) for pair in pairs):
            return rule.reason
    if any(families.get(s, set()) & families.get(v, set()) for s, v in pairs):
        return SAME_FAMILY_REASON
    return ""


def unlabelled_suspect_meldingen() -> Q:
    """Meldingen that could enter ZSM (a suspect heard or arrested, or an aangifte) without the
    HG label."""
    return Q(label_hg=False) & (
        Q(suspect_arrested=True) | Q(kind="AANGIFTE") | Q(kind="AANHOUDING")
    )


def flag_unlabelled(queryset=None) -> dict[int, str]:
    """Run the rule over all unlabelled ZSM meldingen (or ``queryset``): melding id → reason."""
    qs = (
        queryset if queryset is not None else Melding.objects.filter(unlabelled_suspect_meldingen())
    )
    ids = list(qs.values_list("pk", flat=True))
    found: dict[int, str] = {}
    for start in range(0, len(ids), 2000):
        found.update(flag_reasons(ids[start : start + 2000]))
    return found
