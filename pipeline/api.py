"""The library face of kinerja: one function per SOP step.

Each function does the whole step (the quarter's lock, the step's date, its history, every file it
writes) and returns a typed result, so the CLI, the web page and a test get the same files and the
same history from the same call. Arguments are keyword-only; dates are `datetime.date`; `hari_ini`
is today's date as the caller knows it (never used for a signed paper).

    from pipeline import api
    hasil = api.proses(Path("."), tahun=2024, triwulan=3)
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipeline.lock import quarter_lock
from pipeline.periode import Periode

if TYPE_CHECKING:
    from pipeline.documents import Hasil

__all__ = [
    "HasilHimpun",
    "HasilProses",
    "HasilStatus",
    "arsip",
    "catat",
    "daftar_workspace",
    "ekspor",
    "format_isian",
    "himpun",
    "init",
    "olah",
    "periksa_arsip",
    "periksa_template",
    "proses",
    "proses_banyak",
    "sahkan",
    "sop",
    "status",
    "verifikasi",
]


def _today(hari_ini: dt.date | None) -> dt.date:
    return hari_ini or dt.date.today()


def init(folder: Path, *, tahun: int) -> list[Path]:
    """A new workspace: a commented kinerja.toml, an empty Perjanjian Kinerja, the SOPs."""
    from pipeline.workspace import init_workspace

    return init_workspace(folder, tahun)


def format_isian(
    workspace: Path,
    *,
    tahun: int,
    triwulan: int,
    tanggal: dt.date | None = None,
    hari_ini: dt.date | None = None,
) -> Hasil:
    """SOP 071/03 step 2, 071/02 step 2: the forms of every unit (.xlsx to fill, .docx to print),
    and the warnings on the Perjanjian Kinerja's quarterly targets."""
    from pipeline.forms import make_forms
    from pipeline.langkah import catat_riwayat, tanggal_tanpa_tanda_tangan

    periode = Periode(tahun, triwulan)
    with quarter_lock(workspace, periode):
        hasil = make_forms(workspace, periode)
        tanggal_tanpa_tanda_tangan(workspace, periode, "format-isian", tanggal, _today(hari_ini))
        catat_riwayat(workspace, periode, "format-isian")
    return hasil


@dataclass(frozen=True)
class HasilHimpun:
    """What `himpun` found: the units that returned their form (unit → file), those that did
    not, the warnings, the files written and the date of the collection."""

    returned: dict[str, str]
    missing: list[str]
    warnings: list[str]
    files: list[Path]
    tanggal: dt.date | None
    jumlah_indikator: int


def _himpun(workspace: Path, periode: Periode, tanggal: dt.date | None) -> HasilHimpun:
    from pipeline.langkah import himpun as collect

    himpunan, files = collect(workspace, periode, tanggal)
    return HasilHimpun(
        dict(himpunan.returned),
        list(himpunan.missing),
        [str(m) for m in himpunan.warnings],
        files,
        himpunan.tanggal,
        len(himpunan.pengukuran),
    )


def himpun(
    workspace: Path, *, tahun: int, triwulan: int, tanggal: dt.date | None = None
) -> HasilHimpun:
    """SOP step 4: collect the returned forms into the quarter's merged data."""
    periode = Periode(tahun, triwulan)
    with quarter_lock(workspace, periode):
        return _himpun(workspace, periode, tanggal)


def olah(
    workspace: Path,
    *,
    tahun: int,
    triwulan: int,
    tanggal: dt.date | None = None,
    pdf: bool = False,
    hari_ini: dt.date | None = None,
) -> Any:
    """SOP 071/03 step 5: the drafts (Pengukuran, Laporan, Format Isian terisi)."""
    from pipeline.langkah import olah as render

    periode = Periode(tahun, triwulan)
    with quarter_lock(workspace, periode):
        return render(workspace, periode, tanggal=tanggal, hari_ini=_today(hari_ini), pdf=pdf)


@dataclass(frozen=True)
class HasilProses:
    himpun: HasilHimpun
    olah: Any  # langkah.HasilOlah


def proses(
    workspace: Path,
    *,
    tahun: int,
    triwulan: int,
    tanggal: dt.date | None = None,
    pdf: bool = False,
    hari_ini: dt.date | None = None,
) -> HasilProses:
    """himpun then olah as one transaction: both steps' files appear together or not at all."""
    from pipeline.chart import PelukisGrafik
    from pipeline.langkah import olah as render

    periode = Periode(tahun, triwulan)
    with PelukisGrafik() as pelukis, quarter_lock(workspace, periode):
        collected = _himpun(workspace, periode, None)
        drafts = render(
            workspace,
            periode,
            tanggal=tanggal,
            hari_ini=_today(hari_ini),
            pdf=pdf,
            pelukis=pelukis,
        )
    return HasilProses(collected, drafts)


def daftar_workspace(folders: list[Path], *, semua: bool = False) -> list[Path]:
    """The workspaces named: each folder a workspace, or (with `semua`) a folder of them."""
    from pipeline.batch import expand_workspaces

    return expand_workspaces(folders, semua)


def proses_banyak(
    folders: list[Path],
    *,
    tahun: int,
    triwulan: list[int],
    jobs: int = 1,
    semua: bool = False,
    tanggal: dt.date | None = None,
    pdf: bool = False,
    on_done: Any = None,
) -> list[Any]:
    """proses for many workspaces and quarters in `jobs` processes; each office's failure is its
    own result, the others go on."""
    from pipeline.batch import Tugas, expand_workspaces
    from pipeline.batch import proses_banyak as run

    tasks = [
        Tugas(workspace, Periode(tahun, t), tanggal, pdf)
        for workspace in expand_workspaces(folders, semua)
        for t in triwulan
    ]
    return run(tasks, jobs, on_done=on_done)


def verifikasi(
    workspace: Path,
    *,
    tahun: int,
    triwulan: int,
    setujui: bool = False,
    catatan: str | None = None,
    tanggal: dt.date | None = None,
    paksa: bool = False,
    hari_ini: dt.date | None = None,
) -> Any:
    """SOP 071/03 step 6, 071/02 step 5: the Sekretaris's checks and Lembar Verifikasi; with
    `setujui`, the approval recorded with its date."""
    from pipeline.langkah import catat_riwayat, rekam
    from pipeline.verify import verifikasi as verify

    periode = Periode(tahun, triwulan)
    with quarter_lock(workspace, periode):
        hasil = verify(
            workspace,
            periode,
            setujui=setujui,
            catatan=catatan,
            tanggal=tanggal,
            hari_ini=_today(hari_ini),
            paksa=paksa,
        )
        if hasil.disetujui:
            rekam(workspace, periode, "verifikasi", hasil.tanggal, "sekretaris")
            catat_riwayat(workspace, periode, "verifikasi", data_sha256=hasil.sidik)
    return hasil


def sahkan(
    workspace: Path,
    *,
    tahun: int,
    triwulan: int,
    tanggal: dt.date | None = None,
    alasan: str = "",
    pdf: bool = False,
    paksa: bool = False,
) -> Any:
    """SOP 071/03 step 7, 071/02 step 8: the Camat's approval as a new revision."""
    from pipeline.approve import sahkan as approve
    from pipeline.langkah import catat_riwayat, rekam

    periode = Periode(tahun, triwulan)
    with quarter_lock(workspace, periode):
        hasil = approve(workspace, periode, tanggal=tanggal, alasan=alasan, pdf=pdf, paksa=paksa)
        if hasil.baru:
            rekam(workspace, periode, "sahkan", hasil.tanggal, "camat")
            catat_riwayat(workspace, periode, "sahkan", revisi=hasil.revisi)
    return hasil


def catat(
    workspace: Path,
    *,
    tahun: int,
    triwulan: int,
    langkah: str,
    tanggal: dt.date,
    oleh: str,
    jam: dt.time | None = None,
) -> tuple[Any, Path]:
    """Record the date and doer of an SOP step done outside kinerja (or correct a step's date).
    Returns the record and the file it is kept in."""
    from pipeline import jadwal
    from pipeline.workspace import Workspace

    periode = Periode(tahun, triwulan)
    entry = jadwal.Tercatat(jadwal.langkah_key(langkah), tanggal, jam, oleh.strip())
    with quarter_lock(workspace, periode):
        path = jadwal.catat(Workspace(workspace).returns_dir(periode), entry)
    return entry, path


def arsip(workspace: Path, *, tahun: int, triwulan: int) -> Any:
    """SOP 071/03 step 8, 071/02 step 9: the latest approved revision packed into a zip."""
    from pipeline.archive import arsip as pack
    from pipeline.langkah import catat_riwayat

    periode = Periode(tahun, triwulan)
    with quarter_lock(workspace, periode):
        hasil = pack(workspace, periode)
        catat_riwayat(workspace, periode, "arsip", revisi=hasil.revisi)
    return hasil


def periksa_arsip(workspace: Path, *, tahun: int, triwulan: int) -> tuple[int, list[str]]:
    """Every approved file and archive of the quarter checked against its manifest: how many
    files matched, and every problem found."""
    from pipeline.archive import periksa_arsip as check

    return check(workspace, Periode(tahun, triwulan))


def ekspor(workspace: Path, *, tahun: int, triwulan: int, tanggal: dt.date | None = None) -> Any:
    """SOP 071/02 step 9: the data to enter into E-Kino and E-Monev (.xlsx and .csv)."""
    from pipeline.export import ekspor as export
    from pipeline.langkah import catat_riwayat

    periode = Periode(tahun, triwulan)
    with quarter_lock(workspace, periode):
        hasil = export(workspace, periode, tanggal or _tanggal_ekspor(workspace, periode))
        catat_riwayat(workspace, periode, "ekspor", sumber=hasil.sumber)
    return hasil


def _tanggal_ekspor(workspace: Path, periode: Periode) -> dt.date:
    """The recorded entry date, else the latest approval, else the drafts' date."""
    from pipeline.jadwal import baca
    from pipeline.workspace import Workspace

    recorded = baca(Workspace(workspace).returns_dir(periode))
    for key in ("ekspor", "sahkan", "olah"):
        if key in recorded:
            return recorded[key].tanggal
    return dt.date(periode.tahun, 1, 1)


@dataclass(frozen=True)
class HasilStatus:
    status: Any  # status.StatusTriwulan
    lembar_kendali: Path | None


def status(
    workspace: Path,
    *,
    tahun: int,
    triwulan: int,
    lembar_kendali: bool = False,
    tanggal: dt.date | None = None,
) -> HasilStatus:
    """Where the quarter stands in both SOPs; with `lembar_kendali`, the Lembar Kendali SOP
    dated `tanggal` (else the latest recorded step)."""
    from pipeline.errors import KinerjaError
    from pipeline.status import render_lembar_kendali
    from pipeline.status import status as quarter_status

    periode = Periode(tahun, triwulan)
    st = quarter_status(workspace, periode)
    if not lembar_kendali:
        return HasilStatus(st, None)
    from pipeline.ooxml import write_atomic
    from pipeline.workspace import Workspace

    when = tanggal or st.terakhir
    if when is None:
        raise KinerjaError(
            "belum ada langkah yang dicatat tanggalnya; beri --tanggal YYYY-MM-DD untuk "
            "Lembar Kendali SOP"
        )
    path = Workspace(workspace).outputs(periode) / (
        f"lembar-kendali-sop-{periode.tahun}-{periode.kode}.docx"
    )
    with quarter_lock(workspace, periode):
        write_atomic(path, render_lembar_kendali(workspace, st, when))
    return HasilStatus(st, path)


def sop(workspace: Path) -> list[Path]:
    """The workspace's SOPs as Word documents (PermenPAN-RB 35/2012) in outputs/sop/."""
    from pipeline.sop_docs import render_sops

    return render_sops(workspace)


def periksa_template(workspace: Path, *, berkas: list[Path] | None = None) -> list[Any]:
    """Check Word templates before use: the given files, else the workspace's own, else the
    bundled ones. Returns (path, findings) for each."""
    from pipeline.render import TEMPLATE_DIR, bundled_dir
    from pipeline.template_check import periksa_template as check

    paths = list(berkas or []) or sorted((workspace / TEMPLATE_DIR).glob("*.docx"))
    if not paths:
        paths = sorted(bundled_dir().glob("*.docx"))
    return [(path, check(path)) for path in paths]
