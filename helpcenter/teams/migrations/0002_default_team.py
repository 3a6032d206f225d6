"""A desk always has a default team: a new ticket no rule routes goes there, never
nowhere. Managers rename it, give it members or make another team the default."""

from django.db import migrations


def create(apps, schema_editor):
    Team = apps.get_model("teams", "Team")
    if not Team.objects.filter(is_default=True).exists():
        Team.objects.get_or_create(name="Suporte", defaults={"is_default": True})


class Migration(migrations.Migration):
    dependencies = [("teams", "0001_initial")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
