"""No two scheduled sessions of one professional, or of one student, may overlap: enforced by PostgreSQL.

An exclusion constraint (GiST, `btree_gist` for the equality on the person's id) rejects the second of two
overlapping `scheduled` rows however they arrive: concurrent bot commands, two web processes, the admin.
`session_schedule` turns the resulting IntegrityError into a Conflict ("already booked"), naming the
constraint below. SQLite has no such constraint; there every write transaction is IMMEDIATE (see settings),
so the check-then-insert inside `transaction.atomic` runs alone.
"""

from __future__ import annotations

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

TABLE = "scheduling_scheduledsession"
CONSTRAINTS = {
    "session_professional_no_overlap": "professional_id",
    "session_student_no_overlap": "student_id",
}


def add_constraints(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
    for name, column in CONSTRAINTS.items():
        schema_editor.execute(
            f"ALTER TABLE {TABLE} ADD CONSTRAINT {name} EXCLUDE USING gist "
            f"({column} WITH =, tstzrange(start, \"end\", '[)') WITH &&) WHERE (status = 'scheduled')"
        )


def drop_constraints(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in CONSTRAINTS:
        schema_editor.execute(f"ALTER TABLE {TABLE} DROP CONSTRAINT IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("scheduling", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(add_constraints, drop_constraints, elidable=False),
    ]
