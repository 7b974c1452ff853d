"""Fixtures of the document tests."""

from __future__ import annotations

import pytest

from pipeline.documents import render


@pytest.fixture
def any_template(monkeypatch):
    """Templates made in a test render without `periksa-template`'s check of their names and
    variables (what is tested there is the writing, not the check)."""
    monkeypatch.setattr(render, "check_workspace_template", lambda template: None)
