"""Addresses added through allauth's e-mail page (now gone) are not login addresses:
drop every allauth address row that is not its person's login e-mail."""

from django.db import migrations
from django.db.models import F
from django.db.models.functions import Lower


def drop_secondary(apps, schema_editor):
    EmailAddress = apps.get_model("account", "EmailAddress")
    EmailAddress.objects.annotate(address=Lower("email"), login=Lower(F("user__email"))).exclude(
        address=F("login")
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_login_address"),
        ("account", "0009_emailaddress_unique_primary_email"),
    ]

    operations = [migrations.RunPython(drop_secondary, migrations.RunPython.noop)]
