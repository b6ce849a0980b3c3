"""Catalog tools: ``python -m bot.texts update [--new xx]`` merges new and changed English texts into every
.po file (a changed one turns fuzzy in its place, a new one is appended: the diff is only what changed);
``check`` lists what is missing, fuzzy or broken; ``extract`` writes the template to a .pot file for
translators' tools; ``compile`` writes .mo files (the bot compiles in memory at start-up, so this is only
for other tools).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import write_po

from bot.texts.catalog import DOMAIN, LOCALE_DIR, available_languages, catalog_path, read_catalog, template
from bot.texts.checks import catalog_problems


def update(new: str | None, locale_dir: Path = LOCALE_DIR) -> None:
    """Merge the current English texts into every catalog (and start a new one when asked)."""
    messages = template()
    languages = [language for language in available_languages() if language != "en"]
    if new:
        path = catalog_path(new, locale_dir)
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists():
            with path.open("wb") as handle:
                write_po(handle, Catalog(locale=new, domain=DOMAIN, project="Migraine Companion"))
        languages.append(new) if new not in languages else None
    for language in languages:
        catalog = read_catalog(language, locale_dir)
        order = [message.context for message in catalog if message.id]
        # The creation date would change every file on every run; a change shows in the entries themselves.
        catalog.update(messages, update_creation_date=False)
        keep_order(catalog, order)
        catalog.fuzzy = False  # the header; fuzzy messages stay fuzzy
        catalog.msgid_bugs_address = ""
        catalog.copyright_holder = "Migraine Companion contributors"
        catalog.last_translator = "Migraine Companion contributors"
        with catalog_path(language, locale_dir).open("wb") as handle:
            write_po(handle, catalog, width=116, ignore_obsolete=True, include_previous=True)
        print(f"{language}: {len(catalog)} messages")  # noqa: T201


def keep_order(catalog: Catalog, order: list[str | None]) -> None:
    """Put the entries back in the file's order, new ones at the end in source order.

    Babel's update writes the template's order (module by module), which would move most of a file that
    maintainers ordered by hand; an entry is known by its context, the constant's name, which stays when
    its English text changes.
    """
    position = {context: index for index, context in enumerate(order)}
    entries = [message for message in catalog if message.id]
    for message in entries:
        catalog.delete(message.id, context=message.context)
    # sorted() is stable: new entries keep the template's order among themselves.
    for message in sorted(entries, key=lambda message: position.get(message.context, len(position))):
        catalog[message.id] = message


def main(argv: list[str] | None = None) -> int:
    """Run one catalog tool."""
    parser = argparse.ArgumentParser(prog="python -m bot.texts")
    sub = parser.add_subparsers(dest="command", required=True)
    update_parser = sub.add_parser("update")
    update_parser.add_argument("--new", help="start a catalog for this language code")
    update_parser.add_argument("--locale-dir", type=Path, default=LOCALE_DIR, help="the catalogs to update")
    sub.add_parser("check")
    sub.add_parser("extract").add_argument("--output", default=str(LOCALE_DIR / f"{DOMAIN}.pot"))
    sub.add_parser("compile")
    args = parser.parse_args(argv)
    if args.command == "update":
        update(args.new, args.locale_dir)
    elif args.command == "extract":
        with Path(args.output).open("wb") as handle:
            write_po(handle, template(), width=116)
    elif args.command == "compile":
        for language in available_languages()[1:]:
            with catalog_path(language).with_suffix(".mo").open("wb") as handle:
                write_mo(handle, read_catalog(language))
    else:
        problems = catalog_problems()
        for problem in problems:
            print(problem)  # noqa: T201
        return 1 if problems else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
