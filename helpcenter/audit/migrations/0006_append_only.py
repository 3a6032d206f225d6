"""Every event now has its place in the chain; the database refuses UPDATE and DELETE.

(A separate migration: on PostgreSQL the numbering's updates and this ALTER must
not share a transaction.)
"""

from django.db import migrations, models


def install_triggers(apps, schema_editor):
    from helpcenter.audit import triggers

    triggers.install(schema_editor.connection)


def remove_triggers(apps, schema_editor):
    from helpcenter.audit import triggers

    triggers.remove(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("audit", "0005_chain")]

    operations = [
        migrations.AlterField(
            model_name="auditevent", name="seq", field=models.BigIntegerField(unique=True)
        ),
        migrations.RunPython(install_triggers, remove_triggers),
    ]
