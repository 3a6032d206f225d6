"""The organization and requester of a ticket lose their single-column indexes: the
composite indexes (organization, ...) and (requester, created_at) lead with them and
serve every lookup and the PROTECT checks; one index fewer each to write on every
ticket opened and every change.

Only the indexes are dropped (by name, the same on both databases): Django's own
AlterField would rebuild the table on SQLite and lose its full-text triggers, and on
PostgreSQL re-validate both foreign keys over every row."""

from django.conf import settings
from django.db import migrations, models
import django.db.models.deletion

INDEXES = {
    "tickets_ticket_organization_id_7128da48": "organization_id",
    "tickets_ticket_requester_id_2072a2f2": "requester_id",
}


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_organization_email_intake"),
        ("tickets", "0009_ticket_source_message_id"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="ticket",
                    name="organization",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="tickets",
                        to="accounts.organization",
                    ),
                ),
                migrations.AlterField(
                    model_name="ticket",
                    name="requester",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="requested_tickets",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    f'DROP INDEX IF EXISTS "{name}"',
                    f'CREATE INDEX "{name}" ON "tickets_ticket" ("{column}")',
                )
                for name, column in INDEXES.items()
            ],
        )
    ]
