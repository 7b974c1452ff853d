"""The whole sample quarter done in a real browser (Debian's chromium driven by playwright, no
browser download): forms, returns uploaded (one refused), proses, verifikasi, sahkan, and the
Laporan downloaded and read back. Screenshots of every page are kept in tmp (or in the folder
named by KINERJA_SCREENSHOTS)."""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

BROWSER = shutil.which("chromium") or (
    "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None
)
if BROWSER is None and not os.environ.get("KINERJA_REQUIRE_BROWSER"):
    pytest.skip("chromium tidak terpasang", allow_module_level=True)
playwright = pytest.importorskip("playwright.sync_api")

TW = "/tw/2024/3"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def server(sample: Path) -> Iterator[str]:
    """`kinerja web` on the sample workspace, in this process, on a free port."""
    import uvicorn

    from pipeline.web import create_app

    port = _free_port()
    app = create_app(sample)
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    while not srv.started:
        time.sleep(0.02)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(10)


@pytest.fixture
def page(tmp_path: Path) -> Iterator[object]:
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=BROWSER or "/usr/bin/chromium")
        context = browser.new_context(
            accept_downloads=True, viewport={"width": 1280, "height": 900}
        )
        yield context.new_page()
        context.close()
        browser.close()


def test_whole_quarter_in_the_browser(sample: Path, server: str, page, tmp_path: Path) -> None:
    from docx import Document
    from openpyxl import load_workbook

    from tests.conftest import docx_text
    from tests.web.test_web import bad_return

    shots = Path(os.environ.get("KINERJA_SCREENSHOTS") or tmp_path / "layar")
    shots.mkdir(parents=True, exist_ok=True)

    def shot(name: str) -> None:
        page.screenshot(path=str(shots / f"{name}.png"), full_page=True)

    returns = sample / "inputs/2024/TW3"
    bad_name, bad = bad_return(sample)
    (tmp_path / "rusak").mkdir()
    (tmp_path / "rusak/sekretariat-salah.xlsx").write_bytes(bad)
    away = tmp_path / "kembali"
    away.mkdir()
    names = sorted(p.name for p in returns.iterdir() if p.name.startswith(("format-", "kesos")))
    assert len(names) == 7
    for name in names:
        shutil.move(returns / name, away / name)

    page.goto(server + "/")
    assert "KECAMATAN AWAYAN" in page.content()
    shot("01-beranda")

    page.goto(server + f"{TW}/format-isian")
    page.get_by_role("button", name="Buat Format Isian").click()
    page.get_by_role("status").wait_for()
    shot("02-format-isian")
    with page.expect_download() as info:
        page.locator("tr", has_text="format-isian-sekretariat-2024-TW3.xlsx").get_by_text(
            "Unduh"
        ).click()
    form = tmp_path / "unduhan.xlsx"
    info.value.save_as(form)
    assert load_workbook(form).active["C5"].value == "Sekretariat"

    page.goto(server + f"{TW}/formulir")
    page.locator("#pilih-berkas").set_input_files(
        [str(tmp_path / "rusak/sekretariat-salah.xlsx"), *(str(away / n) for n in names)]
    )
    page.get_by_role("button", name="Periksa dan simpan").click()
    page.get_by_text("Hasil pemeriksaan").wait_for()
    shot("03-formulir-masuk")
    refused = page.locator("tr.ditolak")
    assert refused.count() == 1
    assert "sekretariat-salah.xlsx, sheet 'Format Isian', baris 10, kolom 'Realisasi'" in (
        refused.inner_text()
    )
    assert page.locator("tr.diterima").count() == 7
    assert sorted(p.name for p in returns.iterdir() if p.name in names) == names
    del bad_name

    page.goto(server + f"{TW}/proses")
    page.get_by_label("Tanggal draft").fill("2024-10-07")
    page.get_by_role("button", name="Proses data").click()
    page.get_by_role("heading", name="Data kinerja").wait_for()
    text = page.content()
    assert "7 unit sudah menyampaikan formulir, 0 belum" in text, page.locator(
        ".galat"
    ).all_inner_texts()
    assert page.locator("table.data tr.kurang").count() >= 1
    shot("04-proses")

    page.goto(server + f"{TW}/verifikasi")
    page.get_by_role("button", name="Periksa data").click()
    page.get_by_role("heading", name="Temuan").wait_for()
    shot("05-verifikasi-periksa")
    page.get_by_label("Catatan").fill("Sudah dicek bersama unit")
    page.get_by_label("Tanggal persetujuan").fill("2024-10-08")
    page.get_by_role("button", name="Setujui").click()
    page.get_by_text("Disetujui dan dicatat dengan tanggal 8 Oktober 2024.").wait_for()
    page.get_by_text(
        "Sudah disetujui oleh HJ. NORHAYATI, S.Sos tanggal 8 Oktober 2024; catatan: Sudah dicek "
        "bersama unit."
    ).wait_for()
    shot("06-verifikasi-disetujui")

    page.goto(server + f"{TW}/pengesahan")
    assert "Revisi pertama" in page.content()
    shot("07-pengesahan")
    page.get_by_label("Tanggal tanda tangan Camat").fill("2024-10-10")
    page.get_by_role("button", name="Sahkan sebagai rev-1").click()
    page.get_by_text("disahkan sebagai rev-1 tanggal 10 Oktober 2024").wait_for()
    page.get_by_text("Data triwulan ini sudah disahkan; tidak ada yang perlu disahkan.").wait_for()
    assert page.get_by_role("button", name="Sahkan sebagai rev-2").count() == 0
    shot("08-pengesahan-selesai")

    page.goto(server + f"{TW}/dokumen")
    shot("09-dokumen")
    row = page.locator("tr", has_text="laporan-kinerja-2024-TW3.docx").last
    with page.expect_download() as info:
        row.get_by_text("Unduh").click()
    laporan = tmp_path / "laporan.docx"
    info.value.save_as(laporan)
    assert info.value.suggested_filename == "laporan-kinerja-2024-TW3.docx"
    text = docx_text(laporan)
    assert "LAPORAN KINERJA" in text.upper()
    assert "Nilai SAKIP Kecamatan" in text
    assert "DRAFT" not in text
    assert Document(laporan).tables

    for name, path in (
        ("10-ekspor", "ekspor"),
        ("11-arsip", "arsip"),
        ("12-status", "status"),
    ):
        page.goto(server + f"{TW}/{path}")
        page.locator("form.aksi button").first.click()
        page.get_by_role("status").first.wait_for()
        shot(name)
    page.goto(server + "/sop")
    page.get_by_role("button", name="Buat dokumen SOP").click()
    page.get_by_role("status").wait_for()
    shot("13-sop")
    page.goto(server + "/")
    shot("14-beranda-akhir")
