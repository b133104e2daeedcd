"""Default retention rules for every organisation (organisation left empty).

* Meldingen: 20 years (7305 days). Twenty years is the term the Jeugdwet sets for files about
  children (since 1 January 2020, up from fifteen) and the term Veilig Thuis keeps its files:
  abuse of a child can come to light, or be needed for the child's protection, long after the
  report. A network default has to cover the organisation with the longest duty, so that no
  record goes before its owner's term. Organisations whose own law sets another term (the
  police under the Wpg, the OM and the Reclassering under the Wjsg, the Raad voor de
  Kinderbescherming) record a rule of their own with its ground in the note; the privacy
  officer confirms each term.
* Access log: 7 years (2557 days), above the minimum of five years (NEN 7513), so that the log
  still covers the period a complaint, a disciplinary case or an inzageverzoek looks back over.

Existing rules are left alone; reversing removes only rules that still have these values.
"""

from django.db import migrations

DEFAULTS = [
    (
        "MELDING",
        7305,
        "Standaard 20 jaar: Jeugdwet-termijn voor dossiers over kinderen, ook gehanteerd door "
        "Veilig Thuis. Organisaties met een eigen wettelijke termijn leggen een eigen regel vast.",
    ),
    (
        "ACCESS_LOG",
        2557,
        "Standaard 7 jaar; wettelijk minimum 5 jaar (NEN 7513). Het hele toegangslog volgt de "
        "langste termijn van alle organisaties.",
    ),
]


def add_defaults(apps, schema_editor):
    Rule = apps.get_model("retention", "RetentionRule")
    db = schema_editor.connection.alias
    for kind, days, note in DEFAULTS:
        Rule.objects.using(db).get_or_create(
            organisation=None, record_kind=kind, defaults={"keep_days": days, "note": note}
        )


def remove_defaults(apps, schema_editor):
    Rule = apps.get_model("retention", "RetentionRule")
    db = schema_editor.connection.alias
    for kind, days, _note in DEFAULTS:
        Rule.objects.using(db).filter(organisation=None, record_kind=kind, keep_days=days).delete()


class Migration(migrations.Migration):

    dependencies = [
        ("retention", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(add_defaults, remove_defaults),
    ]
