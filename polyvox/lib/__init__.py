"""Framework-free helpers that several apps share: no Django, no app imports.

import-linter holds this (see pyproject.toml); Django-side wiring lives in polyvox.core.
"""
