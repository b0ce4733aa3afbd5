import subprocess
import sys


def test_the_engine_and_its_cli_never_import_django() -> None:
    code = (
        "import sys, polyvox.engines.sortition, polyvox.engines.sortition.cli; "
        "sys.exit(1 if any(m == 'django' or m.startswith('django.') for m in sys.modules) else 0)"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
