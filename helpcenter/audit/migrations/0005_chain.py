"""The audit trail becomes a hash chain, and the database refuses to change it.

Existing events are numbered in the order they were written (created_at, id) and
linked; then seq becomes required and unique, and the triggers go in.
"""

import django.utils.timezone
from django.db import migrations, models


def chain_existing(apps, schema_editor):
    from helpcenter.audit.chain import GENESIS, link

    AuditEvent = apps.get_model("audit", "AuditEvent")
    AuditHead = apps.get_model("audit", "AuditHead")
    seq, prev = 0, GENESIS
    batch = []
    for event in AuditEvent.objects.order_by("created_at", "id").iterator(chunk_size=2000):
        seq += 1
        event.seq, event.prev_hash = seq, prev
        event.hash = prev = link(
            prev,
            (
                seq,
                event.created_at,
                event.type,
                event.actor_id,
                event.actor_kind,
                event.actor_ref,
                event.ip,
                event.organization_id,
                event.ticket_id,
                event.subject,
                event.public,
                event.data,
            ),
        )
        batch.append(event)
        if len(batch) >= 2000:
            AuditEvent.objects.bulk_update(batch, ["seq", "prev_hash", "hash"])
            batch = []
    if batch:
        AuditEvent.objects.bulk_update(batch, ["seq", "prev_hash", "hash"])
    AuditHead.objects.create(pk=1, seq=seq, hash=prev)


class Migration(migrations.Migration):
    dependencies = [("audit", "0004_alter_auditevent_type")]

    operations = [
        migrations.AddField(
            model_name="auditevent",
            name="subject",
            field=models.CharField(blank=True, db_index=True, max_length=120),
        ),
        migrations.AddField(
            model_name="auditevent",
            name="ip",
            field=models.GenericIPAddressField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="auditevent", name="seq", field=models.BigIntegerField(null=True)
        ),
        migrations.AddField(
            model_name="auditevent",
            name="prev_hash",
            field=models.CharField(default="", max_length=64),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="auditevent",
            name="hash",
            field=models.CharField(default="", max_length=64),
            preserve_default=False,
        ),
        migrations.CreateModel(
            name="AuditHead",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("seq", models.BigIntegerField(default=0)),
                ("hash", models.CharField(default="0" * 64, max_length=64)),
            ],
        ),
        migrations.CreateModel(
            name="AuditCheckpoint",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "created_at",
                    models.DateTimeField(default=django.utils.timezone.now),
                ),
                ("seq", models.BigIntegerField()),
                ("hash", models.CharField(max_length=64)),
            ],
            options={"ordering": ["-seq"]},
        ),
        migrations.RunPython(chain_existing, migrations.RunPython.noop),
    ]
