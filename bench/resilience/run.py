"""Every resilience script at its defaults, for `make bench`: load (10 minutes), failures
(restarts PostgreSQL once: see README.md), killed imports, backup and restore.

    .venv/bin/python bench/resilience/run.py [--only load failures ...]

Exit code 0 only if every script passed.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SCRIPTS = ("load", "failures", "killed_import", "backup_restore")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="+", choices=SCRIPTS, default=list(SCRIPTS))
    args = parser.parse_args()
    outcomes = {}
    for name in args.only:
        print(f"\n=== {name}.py", flush=True)
        outcomes[name] = subprocess.run(
            [sys.executable, str(HERE / f"{name}.py")], check=False
        ).returncode
    print(
        "\n"
        + "\n".join(f"{'PASS' if code == 0 else 'FAIL'}  {name}" for name, code in outcomes.items())
    )
    return 0 if all(code == 0 for code in outcomes.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
