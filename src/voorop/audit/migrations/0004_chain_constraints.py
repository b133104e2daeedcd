"""Every record now has its place in the chain: ``seq`` and ``event_id`` required and unique;
indexes for the privacy officer's filters (organisation, user)."""

import uuid

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("audit", "0003_chain_backfill"),
    ]

    operations = [
        migrations.AlterField(
            model_name="accesslogentry",
            name="seq",
            field=models.BigIntegerField(unique=True, verbose_name="volgnummer"),
        ),
        migrations.AlterField(
            model_name="accesslogentry",
            name="event_id",
            field=models.UUIDField(
                default=uuid.uuid4, editable=False, unique=True, verbose_name="gebeurtenis"
            ),
        ),
        migrations.AddIndex(
            model_name="accesslogentry",
            index=models.Index(fields=["organisation_code", "-seq"], name="audit_entry_org_seq_idx"),
        ),
        migrations.AddIndex(
            model_name="accesslogentry",
            index=models.Index(fields=["username", "-seq"], name="audit_entry_user_seq_idx"),
        ),
    ]
