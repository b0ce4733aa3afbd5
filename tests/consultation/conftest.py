# The browser fixtures live in tests/browser; the accessibility tests here use them too.
from tests.browser.conftest import axe_page, browser  # noqa: F401
