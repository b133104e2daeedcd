"""Chain the records written before the chain existed, oldest (lowest id) first, and copy their
persons into ``AccessLogPerson``. They get the hash they would have had if written today; the
acting role of an old record is the user's roles at the time."""

import uuid

from django.db import migrations

BATCH = 2000
GENESIS_HASH = "0" * 64


def chain_existing_records(apps, schema_editor):
    from voorop.audit.chain import HASHED_FIELDS, entry_hash

    Entry = apps.get_model("audit", "AccessLogEntry")
    Person = apps.get_model("audit", "AccessLogPerson")
    db = schema_editor.connection.alias
    prev_hash, seq, last_id = GENESIS_HASH, 0, 0
    while True:
        batch = list(Entry.objects.using(db).filter(id__gt=last_id).order_by("id")[:BATCH])
        if not batch:
            break
        persons = []
        for entry in batch:
            seq += 1
            entry.seq = seq
            entry.event_id = entry.event_id or uuid.uuid4()
            entry.acting_role = entry.acting_role or entry.roles
            entry.prev_hash = prev_hash
            entry.hash = entry_hash(prev_hash, {f: getattr(entry, f) for f in HASHED_FIELDS})
            prev_hash = entry.hash
            persons += [
                Person(entry_id=entry.id, person_id=int(pk))
                for pk in sorted({p for p in entry.person_ids.split(",") if p}, key=int)
            ]
        Entry.objects.using(db).bulk_update(
            batch, ["seq", "event_id", "acting_role", "prev_hash", "hash"]
        )
        Person.objects.using(db).bulk_create(persons)
        last_id = batch[-1].id


class Migration(migrations.Migration):

    dependencies = [
        ("audit", "0002_chain_fields"),
    ]

    operations = [
        migrations.RunPython(chain_existing_records, migrations.RunPython.noop, elidable=False),
    ]
