from django.db import migrations, models


class Migration(migrations.Migration):
    """The API rate limit counts per person (all their tokens), not per token."""

    dependencies = [("api", "0003_request_counts_unlogged")]

    operations = [
        migrations.RemoveConstraint(model_name="requestcount", name="one_count_per_minute"),
        # Counts of the old kind are per token and at most two minutes old: dropped.
        migrations.RunSQL("DELETE FROM api_requestcount", migrations.RunSQL.noop),
        migrations.RenameField(model_name="requestcount", old_name="token_id", new_name="person_id"),
        migrations.AddConstraint(
            model_name="requestcount",
            constraint=models.UniqueConstraint(
                fields=["person_id", "minute"], name="one_count_per_minute"
            ),
        ),
    ]
