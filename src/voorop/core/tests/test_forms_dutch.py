"""Every select in voorop's forms starts with a Dutch first option: Django 6's default
empty label is the English "- Select an option -" (not translated for Dutch); the core app
replaces it (``CoreConfig.ready``), forms may choose their own."""

from __future__ import annotations

import importlib
import pkgutil

from django import forms

import voorop

ENGLISH = {"- Select an option -", "---------"}


def _form_classes() -> list[type[forms.BaseForm]]:
    for module in pkgutil.walk_packages(voorop.__path__, "voorop."):
        if module.name.rsplit(".", 1)[-1] == "forms" or ".forms." in module.name:
            importlib.import_module(module.name)
    found, todo = [], list(forms.BaseForm.__subclasses__())
    while todo:
        cls = todo.pop()
        todo += cls.__subclasses__()
        if cls.__module__.startswith("voorop."):
            found.append(cls)
    return found


def test_no_select_offers_the_english_default_first_option():
    classes = _form_classes()
    assert len(classes) > 40  # the forms of every app were found
    english = [
        f"{cls.__module__}.{cls.__name__}.{name}"
        for cls in classes
        for name, field in cls.base_fields.items()
        if isinstance(field, forms.ModelChoiceField)
        and not isinstance(field, forms.ModelMultipleChoiceField)
        and str(field.empty_label) in ENGLISH
    ]
    assert english == []


def test_model_choice_fields_built_later_get_the_dutch_first_option_too():
    assert str(forms.ModelChoiceField(queryset=None).empty_label) == "— kies —"
