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
        if args[0] == "select":
            # The lottery rounding makes thousands of tiny SVDs: BLAS threads only spin
            # on them (four times the CPU on two busy cores). Set before numpy loads.
            for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
                os.environ.setdefault(name, "1")
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
