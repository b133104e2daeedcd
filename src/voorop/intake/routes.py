"""Route advice: which coordination moment (afstemmingsmoment) an incoming report calls for.

The routekaart of Veiligheid Voorop ("Samenwerken aan veiligheid") names four moments and when
each applies:

- *Samen op in acuut* — bij (vermoeden van) acute onveiligheid in crisissituaties;
- *Gezamenlijke aanpak HG door VT en ZSM* — als een verdachte is gehoord of aangehouden;
- *Actieoverleg* — bij dreigend gevaar of risico op gevaar, als er geen verdachte is aangehouden;
- *Samenwerken bij strafbare kindermishandeling* (HSSK) — bij vermoeden van of geconstateerd
  psychisch of lichamelijk letsel bij een kind.

``ROUTE_RULES`` below is that list as a table: one row per rule, in the order the routekaart
gives them, each with the name of its condition, the route and the reason shown to the
professional. Every rule is checked on its own; a report can call for several moments at once
(acute unsafety with an injured child: Samen op in acuut *and* HSSK). The advice is advice: the
veiligheidsbeoordeling of Veilig Thuis decides the route (principle d of the Significant report).

The route codes are the codes of ``voorop.sharing.models.CoordinationMoment``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class Route(models.TextChoices):
    SAMEN_OP_IN_ACUUT = "SAMEN_OP_IN_ACUUT", _("Samen op in acuut")
    ZSM = "ZSM", _("Gezamenlijke aanpak HG VT & ZSM")
    ACTIEOVERLEG = "ACTIEOVERLEG", _("Actieoverleg")
    HSSK = "HSSK", _("Samenwerken bij strafbare kindermishandeling")


@dataclass(frozen=True)
class Facts:
    """What the rules read of one report."""

    is_acute: bool
    suspect_arrested: bool
    child_injury_suspected: bool
    #: Label codes (``meldingen.Label``): HG, KM, EX_PARTNERSTALKING, EERGERELATEERD, …
    labels: frozenset[str]

    @property
    def signals_unsafety(self) -> bool:
        """A (suspected) form of domestic violence or child abuse is named in the report."""
        return bool(self.labels) or self.is_acute or self.child_injury_suspected


# -- conditions: one function per row of the table ---------------------------------------------


def acuut_onveilig(facts: Facts) -> bool:
    """(Vermoeden van) acute onveiligheid."""
    return facts.is_acute


def verdachte_gehoord_of_aangehouden(facts: Facts) -> bool:
    """A suspect was heard or arrested (also: every arrest report)."""
    return facts.suspect_arrested


def dreiging_zonder_aanhouding(facts: Facts) -> bool:
    """Threat or risk of danger — a report of (suspected) HG/KM — that is not acute, without a
    suspect in custody, and not already on the HSSK route (the actieoverleg takes the cases
    not handled elsewhere)."""
    return (
        facts.signals_unsafety
        and not facts.is_acute
        and not facts.suspect_arrested
        and not facts.child_injury_suspected
    )


def letsel_bij_kind(facts: Facts) -> bool:
    """(Suspected) psychological or physical injury of a child."""
    return facts.child_injury_suspected


@dataclass(frozen=True)
class RouteRule:
    code: str
    condition: Callable[[Facts], bool]
    route: Route
    reason: str | Promise


ROUTE_RULES: tuple[RouteRule, ...] = (
    RouteRule(
        "acuut_onveilig",
        acuut_onveilig,
        Route.SAMEN_OP_IN_ACUUT,
        _(
            "(Vermoeden van) acute onveiligheid: politie en Veilig Thuis stemmen direct af en "
            "gaan waar mogelijk samen ter plaatse."
        ),
    ),
    RouteRule(
        "verdachte_gehoord_of_aangehouden",
        verdachte_gehoord_of_aangehouden,
        Route.ZSM,
        _(
            "Er is een verdachte gehoord of aangehouden: Veilig Thuis beoordeelt op ZSM ten "
            "minste de acute veiligheid (deel A) en stelt veiligheidsvoorwaarden."
        ),
    ),
    RouteRule(
        "dreiging_zonder_aanhouding",
        dreiging_zonder_aanhouding,
        Route.ACTIEOVERLEG,
        _(
            "Dreigend gevaar of risico op gevaar zonder aangehouden verdachte: bespreken in het "
            "actieoverleg."
        ),
    ),
    RouteRule(
        "letsel_bij_kind",
        letsel_bij_kind,
        Route.HSSK,
        _(
            "(Vermoeden van) psychisch of lichamelijk letsel bij een kind: samenwerken bij "
            "strafbare kindermishandeling; de politie schakelt een forensisch arts in."
        ),
    ),
)

#: Shown when no rule applies.
NO_ROUTE_REASON = _(
    "Geen route-advies: de melding noemt geen (vermoeden van) huiselijk geweld of "
    "kindermishandeling, is niet acuut, er is geen verdachte aangehouden en geen letsel bij een "
    "kind. Controleer of de melding toch een label hoort te krijgen."
)


@dataclass(frozen=True)
class Advice:
    route: Route
    rule: str
    reason: str


def advise(facts: Facts, rules: Iterable[RouteRule] = ROUTE_RULES) -> list[Advice]:
    """Every route whose rule holds for ``facts``, in table order, each route once."""
    advice: list[Advice] = []
    for rule in rules:
        if rule.condition(facts) and all(a.route != rule.route for a in advice):
            advice.append(Advice(route=rule.route, rule=rule.code, reason=str(rule.reason)))
    return advice
