import subprocess
import sys


def test_the_engine_and_its_cli_never_import_django() -> None:
    code = (
        "import sys, polyvox.engines.grouping, polyvox.engines.grouping.cli; "
        "sys.exit('django' in sys.modules)"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
