"""The words polyvox.lib writes into upload problems, marked here for core's catalogue.

polyvox.lib knows no Django, so `make messages` cannot find its strings there; listing
them here keeps them (and their French) in a catalogue. lib translates them at run time
through the hook that core installs (polyvox.core.apps).
"""

from __future__ import annotations

from django.utils.translation import gettext_noop

UPLOAD_MESSAGES = [
    gettext_noop("row %(row)s"),
    gettext_noop("column %(column)s"),
    gettext_noop("the file has no header row"),
    gettext_noop("this column appears twice"),
    gettext_noop("this cell contains a NUL character"),
    gettext_noop("more than %(n)s rows"),
    gettext_noop("more than %(n)s columns"),
    gettext_noop("the file is not UTF-8 text"),
    gettext_noop("not a readable CSV file (%(error)s)"),
    gettext_noop("not a readable XLSX file"),
    gettext_noop("the file unpacks to more than %(n)s MB"),
]
