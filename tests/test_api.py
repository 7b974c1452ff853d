"""The library face: the sample quarter's whole flow through `pipeline.api` alone gives the same
files, dates and history as the same flow through the CLI."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
from pathlib import Path

from pipeline import api

PERIOD = ("--tahun", "2024", "--triwulan", "3")
Q = {"tahun": 2024, "triwulan": 3}
CATATAN = "Serapan dan temuan sudah dicek"


def tree(workspace: Path) -> dict[str, str]:
    """Every file the flow wrote or recorded, by path, with its sha256 (the command log's
    wall-clock times aside)."""
    out = {}
    for folder in ("outputs", "inputs/2024/TW3"):
        for path in sorted((workspace / folder).rglob("*")):
            if path.is_file() and path.name != "riwayat.json" and ".kinerja.lock" not in path.name:
                out[path.relative_to(workspace).as_posix()] = hashlib.sha256(
                    path.read_bytes()
                ).hexdigest()
    return out


def history(workspace: Path) -> dict[str, dict]:
    """The command log without its times: which steps ran, with what detail."""
    log = json.loads((workspace / "outputs/2024/TW3/riwayat.json").read_text(encoding="utf-8"))
    return {
        step: {k: v for k, v in entry.items() if k not in ("pertama", "terakhir")}
        for step, entry in log.items()
    }


def test_the_whole_flow_through_the_library_equals_the_cli(run, sample, tmp_path):
    library = tmp_path / "pustaka"
    shutil.copytree(sample, library)

    def ok(result):
        assert result.exit_code == 0, result.output

    w = ("--workspace", sample)
    ok(run("format-isian", *w, *PERIOD))
    ok(run("proses", *w, *PERIOD))
    ok(run("verifikasi", *w, *PERIOD, "--setujui", "--catatan", CATATAN, "--tanggal", "2024-10-08"))
    ok(run("sahkan", *w, *PERIOD, "--tanggal", "2024-10-09"))
    ok(run("catat", "entri", *w, *PERIOD, "--tanggal", "2024-10-10", "--oleh", "Operator"))
    ok(run("ekspor", *w, *PERIOD))
    ok(run("arsip", *w, *PERIOD))
    ok(run("status", *w, *PERIOD, "--docx"))

    api.format_isian(library, **Q)
    hasil = api.proses(library, **Q)
    assert hasil.himpun.missing == [] and len(hasil.himpun.returned) == 7
    assert hasil.olah.tanggal == dt.date(2024, 10, 3)
    verified = api.verifikasi(
        library, **Q, setujui=True, catatan=CATATAN, tanggal=dt.date(2024, 10, 8)
    )
    assert verified.disetujui and verified.tanggal == dt.date(2024, 10, 8)
    approved = api.sahkan(library, **Q, tanggal=dt.date(2024, 10, 9))
    assert (approved.revisi, approved.baru) == (1, True)
    api.catat(library, **Q, langkah="entri", tanggal=dt.date(2024, 10, 10), oleh="Operator")
    assert api.ekspor(library, **Q).disahkan
    assert api.arsip(library, **Q).revisi == 1
    st = api.status(library, **Q, lembar_kendali=True)
    assert st.lembar_kendali is not None and st.status.revisi == 1
    assert api.periksa_arsip(library, **Q)[1] == []

    assert tree(library) == tree(sample)
    assert history(library) == history(sample)
