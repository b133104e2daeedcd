"""The access log becomes a hash chain: sequence number, event id, acting role, on whose behalf,
the hashes; persons as rows (``AccessLogPerson``); ``occurred_at`` set by the service (it is
hashed). New columns are nullable here, filled by 0003 and made required by 0004."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("audit", "0001_initial"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="accesslogentry",
            options={
                "ordering": ["-seq"],
                "verbose_name": "toegangslogregel",
                "verbose_name_plural": "toegangslog",
            },
        ),
        migrations.AlterField(
            model_name="accesslogentry",
            name="occurred_at",
            field=models.DateTimeField(db_index=True, verbose_name="tijdstip (UTC)"),
        ),
        migrations.AlterField(
            model_name="accesslogentry",
            name="action",
            field=models.CharField(
                choices=[
                    ("VIEW", "inzien"),
                    ("LIST", "lijst"),
                    ("SEARCH", "zoeken"),
                    ("EXPORT", "exporteren"),
                    ("PRINT", "afdrukken"),
                    ("CREATE", "aanmaken"),
                    ("UPDATE", "wijzigen"),
                    ("DELETE", "verwijderen"),
                    ("MERGE", "samenvoegen"),
                    ("SPLIT", "splitsen"),
                    ("DISCLOSE", "verstrekken"),
                    ("WITHDRAW", "verstrekking intrekken"),
                    ("DAT_QUERY", "dat-informatie opvragen"),
                    ("EMERGENCY_ACCESS", "noodtoegang"),
                    ("EMERGENCY_REVIEW", "noodtoegang beoordelen"),
                    ("AUDIT_READ", "toegangslog raadplegen"),
                    ("LOGIN", "inloggen"),
                    ("LOGOUT", "uitloggen"),
                    ("RETENTION", "bewaartermijn toepassen"),
                ],
                max_length=32,
                verbose_name="actie",
            ),
        ),
        migrations.AddField(
            model_name="accesslogentry",
            name="seq",
            field=models.BigIntegerField(null=True, verbose_name="volgnummer"),
        ),
        migrations.AddField(
            model_name="accesslogentry",
            name="event_id",
            field=models.UUIDField(editable=False, null=True, verbose_name="gebeurtenis"),
        ),
        migrations.AddField(
            model_name="accesslogentry",
            name="acting_role",
            field=models.CharField(
                blank=True, default="", max_length=300, verbose_name="handelend in rol"
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="accesslogentry",
            name="on_behalf_of",
            field=models.CharField(blank=True, default="", max_length=200, verbose_name="namens"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="accesslogentry",
            name="prev_hash",
            field=models.CharField(default="", max_length=64, verbose_name="hash vorige regel"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="accesslogentry",
            name="hash",
            field=models.CharField(default="", max_length=64, verbose_name="hash"),
            preserve_default=False,
        ),
        migrations.CreateModel(
            name="AccessLogPerson",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("person_id", models.BigIntegerField(db_index=True, verbose_name="persoon")),
                (
                    "entry",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="persons",
                        to="audit.accesslogentry",
                    ),
                ),
            ],
            options={
                "verbose_name": "betrokken persoon in toegangslog",
                "verbose_name_plural": "betrokken personen in toegangslog",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("entry", "person_id"), name="audit_person_unique"
                    )
                ],
            },
        ),
    ]
