import subprocess
import sys


def test_the_engine_never_imports_django() -> None:
    code = "import sys, polyvox.engines.themes; sys.exit('django' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
