import os
from pathlib import Path

import pytest

# The shared data folder sits beside the clone (../shared), for developers and CI alike;
# a git worktree one level deeper finds it further up.
# It holds third-party data (some GPL, some CC BY) that must never be copied into the repo.
REPO = Path(__file__).resolve().parents[2]
SHARED_DATA = next(
    (p / "shared" / "data" for p in REPO.parents if (p / "shared" / "data").is_dir()),
    REPO.parent / "shared" / "data",
)
# CI sets CI=true: there, missing reference data fails the build instead of skipping tests.
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


@pytest.fixture(scope="session")
def shared_data() -> Path:
    if not SHARED_DATA.is_dir():
        message = f"shared data not found at {SHARED_DATA}"
        if IN_CI:
            pytest.fail(f"{message}: CI needs the reference data (../shared/data)")
        pytest.skip(message)
    return SHARED_DATA
