"""At most one scheduled session per review request, enforced by the database (SQLite and PostgreSQL).

A partial unique index on `review_request_id` where `status = 'scheduled'`: a second active session for the
same request is refused however it arrives (two admins booking at once, a script). `session_schedule` checks
first and answers 409 `already_scheduled`; the index turns a race into the same answer. Cancelled, completed
and no-show sessions are outside the index, so a request can be booked again after a cancellation.
"""

from __future__ import annotations

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

TABLE = "scheduling_scheduledsession"
INDEX = "session_one_active_per_request"


def add_index(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            f"SELECT review_request_id, COUNT(*) FROM {TABLE} WHERE status = 'scheduled' "
            "AND review_request_id IS NOT NULL GROUP BY review_request_id HAVING COUNT(*) > 1"
        )
        doubled = [row[0] for row in cursor.fetchall()]
    if doubled:
        raise RuntimeError(
            "These review requests have more than one scheduled session: "
            f"{', '.join(str(pk) for pk in doubled)}. Cancel the extra sessions (Django admin, scheduled "
            "sessions) and run the migration again."
        )
    schema_editor.execute(
        f"CREATE UNIQUE INDEX {INDEX} ON {TABLE} (review_request_id) WHERE status = 'scheduled'"
    )


def drop_index(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("scheduling", "0002_session_no_overlap"),
    ]

    operations = [
        migrations.RunPython(add_index, drop_index, elidable=False),
    ]
