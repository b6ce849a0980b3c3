"""Migration 0016: medicines and doses saved as "other" take the dictionary's class when it knows the name."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, text

from storage.db import create_engine
from support.databases import Database
from support.migrations import upgrade_to, user_row


def _old_rows(connection: Connection) -> None:
    user_row(connection)
    medicine = text(
        "INSERT INTO medicines (id, user_id, name, med_class, atc_code, created_at)"
        " VALUES (:id, 7, :name, :cls, NULL, '2026-11-01 10:00:00+00:00')"
    )
    dose = text(
        "INSERT INTO medication_intakes (id, user_id, name, med_class, atc_code, taken_at, created_at)"
        " VALUES (:id, 7, :name, :cls, NULL, '2026-11-01 10:00:00+00:00', '2026-11-01 10:00:00+00:00')"
    )
    rows = [(1, "Sumatriptan", "other"), (2, "Imigran 50 mg", "other"), (3, "Grandma's tea", "other"),
            (4, "Sumatriptn", "other"), (5, "Ibuprofen", "simple_analgesic")]  # fmt: skip
    for id_, name, cls in rows:
        connection.execute(medicine, {"id": id_, "name": name, "cls": cls})
        connection.execute(dose, {"id": id_, "name": name, "cls": cls})


async def test_upgrade_classifies_known_names_and_leaves_the_rest(database: Database) -> None:
    engine = create_engine(database.url, search_path=database.search_path)
    try:
        async with engine.connect() as connection:
            await connection.run_sync(upgrade_to, "0011")
            await connection.run_sync(_old_rows)
            await connection.commit()
            await connection.run_sync(upgrade_to, "0016")
            await connection.commit()
            found: dict[str, list[Any]] = {}
            for table in ("medicines", "medication_intakes"):
                result = await connection.execute(text(f"SELECT id, med_class, atc_code FROM {table} ORDER BY id"))
                found[table] = [tuple(row) for row in result.all()]
    finally:
        await engine.dispose()

    expected = [
        (1, "triptan", "N02CC01"),  # the generic name
        (2, "triptan", "N02CC01"),  # a brand with its strength
        (3, "other", None),  # unknown: stays what the user chose
        (4, "other", None),  # a likely misspelling is not enough to change a record
        (5, "simple_analgesic", None),  # already classified by the user: untouched
    ]
    assert found == {"medicines": expected, "medication_intakes": expected}
