"""The route-advice table: each rule, combinations, the reasons, and that a new melding stores
and shows its advice."""

from __future__ import annotations

import pytest

from voorop.intake import routes
from voorop.intake.routes import Facts, Route
from voorop.sharing.models import CoordinationMoment


def facts(*, acute=False, arrested=False, injury=False, labels=("HG",)) -> Facts:
    return Facts(
        is_acute=acute,
        suspect_arrested=arrested,
        child_injury_suspected=injury,
        labels=frozenset(labels),
    )


def advised(f: Facts) -> list[str]:
    return [a.route for a in routes.advise(f)]


def test_the_table_is_in_the_order_of_the_routekaart():
    assert [(r.code, r.route) for r in routes.ROUTE_RULES] == [
        ("acuut_onveilig", Route.SAMEN_OP_IN_ACUUT),
        ("verdachte_gehoord_of_aangehouden", Route.ZSM),
        ("dreiging_zonder_aanhouding", Route.ACTIEOVERLEG),
        ("letsel_bij_kind", Route.HSSK),
    ]
    # Every rule names its condition after itself: the table reads as the source.
    assert all(r.condition.__name__ == r.code for r in routes.ROUTE_RULES)


def test_routes_are_the_coordination_moments():
    assert set(Route.values) <= set(CoordinationMoment.values)
    for route in Route:
        assert route.label == CoordinationMoment(route.value).label


@pytest.mark.parametrize(
    ("f", "expected"),
    [
        (facts(acute=True), [Route.SAMEN_OP_IN_ACUUT]),
        (facts(arrested=True), [Route.ZSM]),
        (facts(), [Route.ACTIEOVERLEG]),
        (facts(labels=("EX_PARTNERSTALKING",)), [Route.ACTIEOVERLEG]),
        (facts(injury=True, labels=("KM",)), [Route.HSSK]),
        # combinations: a report can call for several moments at once
        (facts(acute=True, injury=True, labels=("KM",)), [Route.SAMEN_OP_IN_ACUUT, Route.HSSK]),
        (facts(acute=True, arrested=True), [Route.SAMEN_OP_IN_ACUUT, Route.ZSM]),
        (facts(arrested=True, injury=True), [Route.ZSM, Route.HSSK]),
        (
            facts(acute=True, arrested=True, injury=True),
            [Route.SAMEN_OP_IN_ACUUT, Route.ZSM, Route.HSSK],
        ),
        # an injured child without label still goes to HSSK; an arrest without label to ZSM
        (facts(injury=True, labels=()), [Route.HSSK]),
        (facts(arrested=True, labels=()), [Route.ZSM]),
        # nothing that signals HG/KM: no advice
        (facts(labels=()), []),
    ],
    ids=[
        "acuut",
        "aangehouden",
        "dreiging",
        "stalking",
        "letsel-kind",
        "acuut+letsel",
        "acuut+aangehouden",
        "aangehouden+letsel",
        "alles",
        "letsel-zonder-label",
        "aangehouden-zonder-label",
        "niets",
    ],
)
def test_rules(f, expected):
    assert advised(f) == expected


def test_each_advice_carries_its_rule_and_dutch_reason():
    [acute, injury] = routes.advise(facts(acute=True, injury=True))
    assert acute.rule == "acuut_onveilig"
    assert acute.reason.startswith("(Vermoeden van) acute onveiligheid")
    assert injury.rule == "letsel_bij_kind"
    assert "strafbare kindermishandeling" in injury.reason


def test_a_table_with_another_rule_is_read_the_same_way():
    """The table is data: a region can add a row without touching the code that reads it."""
    extra = routes.RouteRule(
        "stalking_altijd_actieoverleg",
        lambda f: "EX_PARTNERSTALKING" in f.labels,
        Route.ACTIEOVERLEG,
        "Ex-partnerstalking: altijd bespreken.",
    )
    f = facts(acute=True, labels=("EX_PARTNERSTALKING",))
    assert [a.route for a in routes.advise(f, [*routes.ROUTE_RULES, extra])] == [
        Route.SAMEN_OP_IN_ACUUT,
        Route.ACTIEOVERLEG,
    ]
