"""Load the two self-written example instruments (fixtures/risk_instruments.yaml): a quick scan
of acute unsafety and a screening for ex-partner stalking. Not validated instruments."""

from django.db import migrations


def seed(apps, schema_editor):
    from voorop.assessment.definitions import seed as seed_definitions

    seed_definitions(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [("assessment", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
