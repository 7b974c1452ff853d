"""TOML kept in the cache reads back as tomllib read it."""

from __future__ import annotations

import tomllib

import pytest

from pipeline.inputs import toml_tersimpan

TEXT = """
kode = "071/03"
[himpun]
tanggal = 2024-10-03
jam = 09:30:00
oleh = "Operator"
[[kegiatan]]
no = 1
mulai = 2024-10-07T08:15:00
zona = 2024-10-07T08:15:00+08:00
nilai = [1.5, 2, "tiga", [true, false]]
"""


def test_a_text_read_twice_gives_what_tomllib_gives(tmp_path, monkeypatch):
    monkeypatch.setenv("KINERJA_CACHE_DIR", str(tmp_path))
    first = toml_tersimpan.loads(TEXT)
    assert any(tmp_path.iterdir())  # kept
    with monkeypatch.context() as read_from_cache:  # the second reading is the kept one
        read_from_cache.setattr(tomllib, "loads", lambda text: pytest.fail("parsed again"))
        again = toml_tersimpan.loads(TEXT)
    assert first == again == tomllib.loads(TEXT)
    assert type(again["himpun"]["tanggal"]).__name__ == "date"
    assert again["kegiatan"][0]["zona"].utcoffset().total_seconds() == 8 * 3600


def test_a_text_tomllib_refuses_is_refused_every_time(tmp_path, monkeypatch):
    monkeypatch.setenv("KINERJA_CACHE_DIR", str(tmp_path))
    for _ in range(2):
        with pytest.raises(tomllib.TOMLDecodeError):
            toml_tersimpan.loads("kode = ")
    assert not any(tmp_path.iterdir())
