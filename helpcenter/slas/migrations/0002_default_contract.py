"""The seed's contract as the default policies (editable by an admin)."""

from django.db import migrations

from helpcenter.slas.defaults import ensure_default_contract


def create(apps, schema_editor):
    ensure_default_contract(apps)


class Migration(migrations.Migration):
    dependencies = [("slas", "0001_initial")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
