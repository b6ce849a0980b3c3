"""diary: medicines saved as "other" before the dictionary existed get the dictionary's class and ATC code

Revision ID: 0016
Revises: 0011
Create Date: 2026-12-03 19:55:00.000000

Before the medicine dictionary (content/medicines.yaml), a typed "Sumatriptan" the user did not classify
was saved as "other", so overuse counting missed it. Medicines and doses still "other" without an ATC code
whose name the dictionary knows exactly (a brand or generic name, not a likely misspelling) take its class
and code; anything else stays "other". Downgrading does not undo it: the classes are facts, not a choice.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from content.medicines import find_medicine

revision: str = "0016"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("medicines", "medication_intakes")


def upgrade() -> None:
    """Apply this revision."""
    connection = op.get_bind()
    for table in TABLES:
        names = connection.execute(
            sa.text(f"SELECT DISTINCT name FROM {table} WHERE med_class = 'other' AND atc_code IS NULL")
        ).scalars()
        for name in list(names):
            match = find_medicine(name)
            if match is None or match.how != "exact":
                continue
            connection.execute(
                sa.text(
                    f"UPDATE {table} SET med_class = :cls, atc_code = :atc"
                    " WHERE name = :name AND med_class = 'other' AND atc_code IS NULL"
                ),
                {"cls": match.entry.med_class, "atc": match.entry.atc, "name": name},
            )


def downgrade() -> None:
    """Nothing to undo (see the module's docstring)."""
