"""The `polyvox` command.

Engine subcommands (select, tables, tally, opinions) are dispatched before Django is
imported, so they start fast and run on files alone. Everything else is a Django
management command (migrate, serve, worker, fixture, ...).
"""

from __future__ import annotations

import importlib
import os
import sys

ENGINE_COMMANDS = {
    "select": "polyvox.engines.sortition.cli",
    "tables": "polyvox.engines.grouping.cli",
    "tally": "polyvox.engines.tally.cli",
    "opinions": "polyvox.engines.opinion.cli",
}


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args and args[0] in ENGINE_COMMANDS:
        engine_cli = importlib.import_module(ENGINE_COMMANDS[args[0]])
        result: int = engine_cli.main(args[1:])
        return result
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "polyvox.settings")
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line(["polyvox", *args])
    except ImproperlyConfigured as error:
        print(f"polyvox: configuration error: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
