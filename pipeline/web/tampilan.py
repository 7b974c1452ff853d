"""Read-only views of the workspace for the pages: the office, the quarters on the Beranda, the
files of each page, the merged data as table rows. Nothing here writes a document or a date."""

from __future__ import annotations

import datetime as dt
import secrets
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.domain import formatting
from pipeline.domain.errors import KinerjaError
from pipeline.domain.jadwal import LANGKAH
from pipeline.domain.periode import Periode
from pipeline.store.workspace import Workspace
from pipeline.web.keamanan import SESI_DETIK

__all__ = ["LANGKAH"]
TITIPAN = ".kinerja-web-titipan"
# the page that does each step kinerja does itself; the Beranda's "next action" button
HALAMAN_LANGKAH = {
    "format-isian": ("format-isian", "Buat Format Isian"),
    "himpun": ("formulir", "Terima formulir masuk"),
    "olah": ("proses", "Proses data"),
    "verifikasi": ("verifikasi", "Verifikasi"),
    "sahkan": ("pengesahan", "Pengesahan"),
    "ekspor": ("ekspor", "Ekspor E-Kino/E-Monev"),
    "arsip": ("arsip", "Arsipkan"),
}


def kantor(workspace: Path) -> str:
    """The office's name as kinerja.toml gives it."""
    from pipeline.inputs.config import load_config

    try:
        config = load_config(workspace)
        return f"{config.instansi.nama}, {config.instansi.pemerintah}"
    except (KinerjaError, AttributeError):
        return workspace.name


def sampai() -> float:
    return time.time() + SESI_DETIK


def relatif(workspace: Path, path: Path) -> str:
    return path.relative_to(workspace).as_posix()


@dataclass(frozen=True)
class Berkas:
    nama: str
    relatif: str
    ukuran: str
    docx: bool


def berkas(workspace: Path, folder: Path, pola: str = "*") -> list[Berkas]:
    """The documents in a folder (not its hidden or bookkeeping files), by name."""
    if not folder.is_dir():
        return []
    return [
        Berkas(p.name, relatif(workspace, p), _ukuran(p.stat().st_size), p.suffix == ".docx")
        for p in sorted(folder.glob(pola))
        if p.is_file() and not p.name.startswith(".") and p.suffix in _DOKUMEN
    ]


_DOKUMEN = {".docx", ".xlsx", ".csv", ".pdf", ".zip", ".xls", ".ods"}


def _ukuran(size: int) -> str:
    from decimal import Decimal

    if size < 1024 * 1024:
        return f"{formatting.angka(Decimal(max(size, 1)) / 1024, 0)} KB"
    return f"{formatting.angka(Decimal(size) / 1024 / 1024, 1)} MB"


def beranda(workspace: Path) -> list[dict[str, Any]]:
    """Every quarter of every year with a Perjanjian Kinerja: where it stands."""
    from pipeline.workflow.status import status

    found = []
    inputs = workspace / "inputs"
    years = (
        sorted((p for p in inputs.iterdir() if p.name.isdigit()), reverse=True)
        if inputs.is_dir()
        else []
    )
    for year in years:
        for tw in range(1, 5):
            periode = Periode(int(year.name), tw)
            ws = Workspace(workspace)
            if not (ws.returns_dir(periode).is_dir() or ws.outputs(periode).is_dir()):
                found.append({"periode": periode, "st": None})
                continue
            try:
                found.append({"periode": periode, "st": _ringkas(status(workspace, periode))})
            except KinerjaError as exc:
                found.append({"periode": periode, "st": None, "galat": exc.lines()})
    return found


def _ringkas(st: Any) -> dict[str, Any]:
    steps = [s for _, group in st.sop for s in group]
    done = {s.kegiatan.langkah for s in steps if s.selesai}
    selanjutnya = next((HALAMAN_LANGKAH[key] for key in HALAMAN_LANGKAH if key not in done), None)
    return {
        "selesai": len({s.kegiatan.langkah for s in steps if s.selesai}),
        "jumlah": len({s.kegiatan.langkah for s in steps}),
        "sudah": st.sudah,
        "belum": st.belum,
        "dihimpun": st.dihimpun,
        "revisi": st.revisi,
        "selanjutnya": selanjutnya,
    }


def status(st: Any) -> dict[str, Any]:
    """The quarter's status as the Status page shows it."""
    from pipeline.workflow.status import keterangan

    sops = []
    for sop, steps in st.sop:
        rows = [
            {
                "no": s.kegiatan.no,
                "uraian": s.kegiatan.uraian,
                "pelaksana": ", ".join(s.kegiatan.pelaksana),
                "waktu": s.kegiatan.waktu,
                "selesai": s.selesai,
                "keterangan": keterangan(s),
                "terlambat": "melebihi" in s.mutu_baku,
            }
            for s in steps
        ]
        sops.append({"nomor": sop.nomor, "nama": sop.nama, "langkah": rows})
    return {
        "sop": sops,
        "sudah": st.sudah,
        "belum": st.belum,
        "dihimpun": st.dihimpun,
        "revisi": st.revisi,
    }


def format_isian(workspace: Path, periode: Periode) -> list[tuple[Berkas, Path]]:
    out = Workspace(workspace).outputs(periode)
    found = []
    for folder in sorted(out.glob("format-*")):
        if folder.is_dir() and not folder.name.startswith("format-isian-terisi"):
            for b in berkas(workspace, folder):
                found.append((b, workspace / b.relatif))
    return found


def formulir_masuk(workspace: Path, periode: Periode) -> list[Berkas]:
    return berkas(workspace, Workspace(workspace).returns_dir(periode))


def data_kinerja(workspace: Path, periode: Periode) -> tuple[list[dict[str, Any]], list[str]]:
    """The merged data as table rows: capaian, predikat and whether it is below target."""
    from pipeline.domain.model import predikat
    from pipeline.inputs.config import load_config
    from pipeline.store import dataset

    path = Workspace(workspace).data_kinerja(periode)
    if not path.is_file():
        return [], []
    try:
        data = dataset.read(path)
        bands = load_config(workspace).predikat
    except KinerjaError as exc:
        return [], exc.lines()
    rows = []
    for p in data:
        rows.append(
            {
                "unit": p.indikator.unit,
                "indikator": p.indikator.nama,
                "satuan": p.indikator.satuan,
                "target": formatting.angka(p.target),
                "realisasi": formatting.angka(p.realisasi) if p.dilaporkan else "belum dilaporkan",
                "capaian": formatting.persen(p.capaian),
                "predikat": predikat(p.capaian, bands) if p.capaian is not None else "-",
                "kurang": p.capaian is not None and p.capaian < 100,
                "keterangan": p.keterangan,
            }
        )
    return rows, []


def catatan_verifikasi(
    workspace: Path, periode: Periode
) -> tuple[dict[str, Any] | None, list[str]]:
    """The approval recorded by the Sekretaris, if any."""
    from pipeline.store.catatan_verifikasi import read_record

    try:
        return read_record(Workspace(workspace), periode), []
    except KinerjaError as exc:
        return None, exc.lines()


def dokumen(workspace: Path, periode: Periode) -> list[tuple[str, list[Berkas]]]:
    """Every document of the quarter by folder: drafts, forms, each revision, the archive."""
    out = Workspace(workspace).outputs(periode)
    groups = []
    if out.is_dir():
        groups.append(("Triwulan", berkas(workspace, out)))
        for folder in sorted(
            p for p in out.rglob("*") if p.is_dir() and not p.name.startswith(".")
        ):
            files = berkas(workspace, folder)
            if files:
                groups.append((folder.relative_to(out).as_posix(), files))
    groups += [("arsip", arsip(workspace, periode))]
    return [(name, files) for name, files in groups if files]


def arsip(workspace: Path, periode: Periode) -> list[Berkas]:
    folder = Workspace(workspace).arsip_dir(periode.tahun)
    return berkas(workspace, folder, f"*{periode.kode}*")


def ada_libreoffice() -> bool:
    from pipeline.documents.pdf import soffice

    try:
        soffice()
    except KinerjaError:
        return False
    return True


def pdf_dari(path: Path) -> bytes:
    from pipeline.documents.pdf import to_pdf

    return to_pdf({path.name: path.read_bytes()})[path.with_suffix(".pdf").name]


def titipkan(workspace: Path, nama: str, isi: bytes) -> str:
    """Hold an upload that would replace a different file until the operator confirms; the
    token names it, never the uploaded name."""
    from pipeline.store.ooxml import write_atomic

    token = secrets.token_hex(16)
    folder = workspace / "outputs" / TITIPAN
    folder.mkdir(parents=True, exist_ok=True)
    write_atomic(folder / f"{token}.bin", isi)
    (folder / f"{token}.nama").write_text(nama, encoding="utf-8")
    return token


def ambil_titipan(workspace: Path, token: str) -> tuple[str | None, bytes]:
    """The held upload of a token (and forget it), or (None, b"")."""
    if not token.isalnum() or len(token) != 32:
        return None, b""
    folder = workspace / "outputs" / TITIPAN
    data, name = folder / f"{token}.bin", folder / f"{token}.nama"
    if not data.is_file() or not name.is_file():
        return None, b""
    result = name.read_text(encoding="utf-8"), data.read_bytes()
    data.unlink()
    name.unlink()
    return result


def hari_ini() -> str:
    return dt.date.today().isoformat()
