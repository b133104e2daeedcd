"""Architecture rule: views, API modules and template tags never query case data directly.

Reads of case data go through the selectors (``<app>/selectors.py``), which start from
``voorop.authz.policy``; writes go through services. So in ``views.py`` / ``views/``, ``api.py``
/ ``api/`` and ``templatetags/`` under ``src/voorop`` this is banned for the protected models:

- ``Model.objects.<anything but none()>`` (``.get(``, ``.filter(``, ``.all(``, ``.exclude(`` …),
  also ``Model._default_manager`` / ``Model._base_manager``;
- ``get_object_or_404(Model, …)`` / ``get_list_or_404(Model, …)``.

``Model.objects.none()`` is allowed (e.g. for drf-spectacular's ``swagger_fake_view``).
The checker parses the source (comments and strings don't count) and follows import aliases
(``from voorop.persons.models import Person as P``).
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2]  # src/voorop

PROTECTED_MODELS = frozenset(
    {
        "Person",
        "FamilySystem",
        "Melding",
        "MeldingPerson",
        "Case",
        "Address",
        "Relation",
        "FamilyMembership",
        "OrganisationInvolvement",
        "SafetyPlan",
        "PlanItem",
        "Disclosure",
        "DisclosureItem",
        "EmergencyAccess",
    }
)
MANAGERS = frozenset({"objects", "_default_manager", "_base_manager"})
ALLOWED_MANAGER_METHODS = frozenset({"none"})
SHORTCUTS = frozenset({"get_object_or_404", "get_list_or_404"})


@dataclass(frozen=True)
class Violation:
    path: str
    line: int
    model: str
    what: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.what} on protected model {self.model}"


def is_checked_module(path: Path) -> bool:
    """views.py, views/…, api.py, api/…, templatetags/… (tests and migrations excluded)."""
    parts = path.parts
    if "tests" in parts or "migrations" in parts or path.suffix != ".py":
        return False
    return path.name in {"views.py", "api.py"} or any(
        part in {"views", "api", "templatetags"} for part in parts[:-1]
    )


def _model_aliases(tree: ast.AST) -> dict[str, str]:
    """Local name → protected model name, from ``from … import Model [as alias]``."""
    aliases = {name: name for name in PROTECTED_MODELS}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            for alias in node.names:
                if alias.name in PROTECTED_MODELS and alias.asname:
                    aliases[alias.asname] = alias.name
    return aliases


def _protected_name(node: ast.AST, aliases: dict[str, str]) -> str | None:
    """``Person`` / ``models.Person`` / ``P`` (an alias) → "Person"; else None."""
    if isinstance(node, ast.Name):
        return aliases.get(node.id)
    if isinstance(node, ast.Attribute) and node.attr in PROTECTED_MODELS:
        return node.attr
    return None


def find_violations(source: str, path: str = "<string>") -> list[Violation]:
    tree = ast.parse(source, filename=path)
    aliases = _model_aliases(tree)
    found: list[Violation] = []
    for node in ast.walk(tree):
        # Model.objects.<method>  (the Attribute whose value is Model.objects)
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Attribute)
            and node.value.attr in MANAGERS
            and node.attr not in ALLOWED_MANAGER_METHODS
        ):
            model = _protected_name(node.value.value, aliases)
            if model:
                found.append(
                    Violation(path, node.lineno, model, f".{node.value.attr}.{node.attr}(")
                )
        # get_object_or_404(Model, …)
        elif isinstance(node, ast.Call) and node.args:
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
            if name in SHORTCUTS:
                model = _protected_name(node.args[0], aliases)
                if model:
                    found.append(Violation(path, node.lineno, model, f"{name}("))
    return sorted(found, key=lambda v: (v.path, v.line, v.what))


def checked_modules() -> list[Path]:
    return sorted(p for p in SRC.rglob("*.py") if is_checked_module(p.relative_to(SRC)))


def test_views_api_and_templatetags_do_not_query_protected_models_directly():
    violations: list[Violation] = []
    for path in checked_modules():
        rel = path.relative_to(SRC.parent.parent)
        violations += find_violations(path.read_text(encoding="utf-8"), str(rel))
    assert not violations, (
        "Reads of case data must go through selectors / voorop.authz.policy, not the ORM:\n"
        + "\n".join(f"  {v}" for v in violations)
    )


# --- the checker itself --------------------------------------------------------------------

SAMPLE_BAD = """\
from django.shortcuts import get_object_or_404
from voorop.persons import models
from voorop.meldingen.models import Melding as M
from voorop.persons.models import Person


def detail(request, pk):
    person = Person.objects.get(pk=pk)
    families = models.FamilySystem.objects.filter(name="x")
    everything = M.objects.all()
    chained = (
        Person.objects
        .select_related("x")
        .exclude(pk=1)
    )
    melding = get_object_or_404(M, pk=pk)
    return models.Case._default_manager.first()
"""

SAMPLE_GOOD = """\
from django.db.models import Case, When
from voorop.organisations.models import Organisation
from voorop.persons import selectors
from voorop.persons.models import Person


def detail(request, pk):
    # Person.objects.get(pk=pk) in a comment is fine
    text = "Melding.objects.filter() in a string is fine"
    orgs = Organisation.objects.filter(kind="VT")  # not a protected model
    empty = Person.objects.none()
    ordering = Case(When(pk=pk, then=0))
    return selectors.family_system_get(user=request.user, pk=pk)
"""


def test_checker_finds_every_direct_query():
    found = find_violations(SAMPLE_BAD, "persons/views.py")
    assert [(v.line, v.model, v.what) for v in found] == [
        (8, "Person", ".objects.get("),
        (9, "FamilySystem", ".objects.filter("),
        (10, "Melding", ".objects.all("),
        (12, "Person", ".objects.select_related("),
        (16, "Melding", "get_object_or_404("),
        (17, "Case", "._default_manager.first("),
    ]
    assert str(found[0]) == "persons/views.py:8: .objects.get( on protected model Person"


def test_checker_accepts_selectors_comments_strings_and_other_models():
    assert find_violations(SAMPLE_GOOD) == []


@pytest.mark.parametrize(
    ("path", "checked"),
    [
        ("persons/views.py", True),
        ("persons/views/family.py", True),
        ("persons/api.py", True),
        ("persons/api/serializers.py", True),
        ("core/templatetags/voorop.py", True),
        ("persons/selectors.py", False),
        ("authz/policy.py", False),
        ("persons/tests/test_views.py", False),
        ("persons/api/tests/test_api.py", False),
    ],
)
def test_checker_scope(path, checked):
    assert is_checked_module(Path(path)) is checked
