# The results demo runs on the tiny dialogue the results tests build.
from tests.results.conftest import results  # noqa: F401
