"""The library face of kinerja: one function per SOP step.

Each function does the whole step (the quarter's lock, the step's date, its history, every file it
writes) and returns a typed result, so the CLI, the web page and a test get the same files and the
same history from the same call. Arguments are keyword-only; dates are `datetime.date`; `hari_ini`
is today's date as the caller knows it (never used for a signed paper).

    from pipeline import api
    hasil = api.proses(Path("."), tahun=2024, triwulan=3)
"""

from __future__ import annotations

import contextlib
import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipeline.domain.errors import TanggalError
from pipeline.domain.periode import Periode
from pipeline.store.lock import quarter_lock

if TYPE_CHECKING:
    from pipeline.hasil import HasilFormulir, HasilHimpun, HasilProses


def __getattr__(name: str) -> Any:
    """The result types of pipeline.hasil, read as `api.HasilProses`: made only when asked for
    (a dataclass costs half a millisecond to make, and `kinerja status` imports this module)."""
    if name in ("HasilFormulir", "HasilHimpun", "HasilProses"):
        from pipeline import hasil

        return getattr(hasil, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "HasilFormulir",
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
    "nota_dinas",
    "olah",
    "pengingat",
    "periksa_arsip",
    "periksa_formulir",
    "periksa_template",
    "perjanjian",
    "pratinjau_perubahan",
    "proses",
    "proses_banyak",
    "rekap",
    "sahkan",
    "simpan_formulir",
    "sop",
    "status",
    "verifikasi",
]


def _today(hari_ini: dt.date | None) -> dt.date:
    return hari_ini or dt.date.today()


def _peran(workspace: Path, periode: Periode, peran: str | None, *langkah: str) -> None:
    """Add who pressed the step (the web page's role) to the steps just logged."""
    if peran:
        from pipeline.store.riwayat import catat_riwayat

        for name in langkah:
            catat_riwayat(workspace, periode, name, peran=peran)


def init(folder: Path, *, tahun: int) -> list[Path]:
    """A new workspace: a commented kinerja.toml, an empty Perjanjian Kinerja, the SOPs."""
    from pipeline.store.workspace import init_workspace

    return init_workspace(folder, tahun)


def format_isian(
    workspace: Path,
    *,
    tahun: int,
    triwulan: int,
    tanggal: dt.date | None = None,
    hari_ini: dt.date | None = None,
    peran: str | None = None,
) -> Any:
    """SOP 071/03 step 2, 071/02 step 2: the forms of every unit (.xlsx to fill, .docx to print),
    and the warnings on the Perjanjian Kinerja's quarterly targets (`.files`, `.warnings`)."""
    from pipeline.store.rekaman import tanggal_tanpa_tanda_tangan
    from pipeline.store.riwayat import catat_riwayat
    from pipeline.workflow.format_isian import make_forms

    periode = Periode(tahun, triwulan)
    with quarter_lock(workspace, periode):
        hasil = make_forms(workspace, periode)
        # blank forms print no date: an unknown date is simply not recorded
        with contextlib.suppress(TanggalError):
            tanggal_tanpa_tanda_tangan(
                workspace, periode, "format-isian", tanggal, _today(hari_ini)
            )
        catat_riwayat(workspace, periode, "format-isian")
        _peran(workspace, periode, peran, "format-isian")
    return hasil


def _himpun(workspace: Path, periode: Periode, tanggal: dt.date | None) -> HasilHimpun:
    from pipeline.hasil import HasilHimpun
    from pipeline.workflow.himpun import himpun as collect

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
    from pipeline.workflow.olah import olah as render

    periode = Periode(tahun, triwulan)
    with quarter_lock(workspace, periode):
        return render(workspace, periode, tanggal=tanggal, hari_ini=_today(hari_ini), pdf=pdf)


def proses(
    workspace: Path,
    *,
    tahun: int,
    triwulan: int,
    tanggal: dt.date | None = None,
    pdf: bool = False,
    hari_ini: dt.date | None = None,
    peran: str | None = None,
) -> HasilProses:
    """himpun then olah as one transaction: both steps' files appear together or not at all."""
    from pipeline.documents.chart import PelukisGrafik
    from pipeline.hasil import HasilProses
    from pipeline.workflow.olah import olah as render

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
        _peran(workspace, periode, peran, "himpun", "olah")
    return HasilProses(collected, drafts)


def daftar_workspace(folders: list[Path], *, semua: bool = False) -> list[Path]:
    """The workspaces named: each folder a workspace, or (with `semua`) a folder of them."""
    from pipeline.store.workspace import expand_workspaces

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
    from pipeline.batch import Tugas
    from pipeline.batch import proses_banyak as run
    from pipeline.store.workspace import expand_workspaces

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
    peran: str | None = None,
) -> Any:
    """SOP 071/03 step 6, 071/02 step 5: the Sekretaris's checks and Lembar Verifikasi; with
    `setujui`, the approval recorded with its date."""
    from pipeline.store.rekaman import rekam
    from pipeline.store.riwayat import catat_riwayat
    from pipeline.workflow.verifikasi import verifikasi as verify

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
            _peran(workspace, periode, peran, "verifikasi")
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
    peran: str | None = None,
) -> Any:
    """SOP 071/03 step 7, 071/02 step 8: the Camat's approval as a new revision."""
    from pipeline.store.rekaman import rekam
    from pipeline.store.riwayat import catat_riwayat
    from pipeline.workflow.sahkan import sahkan as approve

    periode = Periode(tahun, triwulan)
    with quarter_lock(workspace, periode):
        hasil = approve(workspace, periode, tanggal=tanggal, alasan=alasan, pdf=pdf, paksa=paksa)
        if hasil.baru:
            rekam(workspace, periode, "sahkan", hasil.tanggal, "camat")
            catat_riwayat(workspace, periode, "sahkan", revisi=hasil.revisi)
            _peran(workspace, periode, peran, "sahkan")
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
    paksa: bool = False,
) -> tuple[Any, Path]:
    """Record the date and doer of an SOP step done outside kinerja (or correct a step's date),
    refusing a date outside the quarter's window (unless `paksa`) or out of the SOP's order.
    Returns the record and the file it is kept in."""
    from pipeline.domain import jadwal
    from pipeline.store import rekaman
    from pipeline.store.workspace import Workspace

    periode = Periode(tahun, triwulan)
    entry = jadwal.Tercatat(jadwal.langkah_key(langkah), tanggal, jam, oleh.strip())
    returns_dir = Workspace(workspace).returns_dir(periode)
    with quarter_lock(workspace, periode):
        rekaman.periksa_catatan(periode, returns_dir, entry, paksa)
        path = rekaman.catat(returns_dir, entry)
    return entry, path


def arsip(workspace: Path, *, tahun: int, triwulan: int, peran: str | None = None) -> Any:
    """SOP 071/03 step 8, 071/02 step 9: the latest approved revision packed into a zip."""
    from pipeline.store.riwayat import catat_riwayat
    from pipeline.workflow.arsip import arsip as pack

    periode = Periode(tahun, triwulan)
    with quarter_lock(workspace, periode):
        hasil = pack(workspace, periode)
        catat_riwayat(workspace, periode, "arsip", revisi=hasil.revisi)
        _peran(workspace, periode, peran, "arsip")
    return hasil


def periksa_arsip(workspace: Path, *, tahun: int, triwulan: int) -> tuple[int, list[str]]:
    """Every approved file and archive of the quarter checked against its manifest: how many
    files matched, and every problem found."""
    from pipeline.workflow.arsip import periksa_arsip as check

    return check(workspace, Periode(tahun, triwulan))


def ekspor(
    workspace: Path,
    *,
    tahun: int,
    triwulan: int,
    tanggal: dt.date | None = None,
    peran: str | None = None,
) -> Any:
    """SOP 071/02 step 9: the data to enter into E-Kino and E-Monev (.xlsx and .csv)."""
    from pipeline.store.riwayat import catat_riwayat
    from pipeline.workflow.ekspor import ekspor as export

    periode = Periode(tahun, triwulan)
    with quarter_lock(workspace, periode):
        hasil = export(workspace, periode, tanggal or _tanggal_ekspor(workspace, periode))
        catat_riwayat(workspace, periode, "ekspor", sumber=hasil.sumber)
        _peran(workspace, periode, peran, "ekspor")
    return hasil


def _tanggal_ekspor(workspace: Path, periode: Periode) -> dt.date:
    """The later of the recorded entry date and the latest approval; else the drafts' date."""
    from pipeline.store.rekaman import baca
    from pipeline.store.workspace import Workspace

    recorded = baca(Workspace(workspace).returns_dir(periode))
    dates = [recorded[k].tanggal for k in ("ekspor", "sahkan") if k in recorded]
    if dates:
        return max(dates)
    if "olah" in recorded:
        return recorded["olah"].tanggal
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
    from pipeline.inputs import CONFIG_NAME
    from pipeline.workflow.status import render_lembar_kendali
    from pipeline.workflow.status import status as quarter_status

    if not (workspace / CONFIG_NAME).is_file():
        from pipeline.inputs.config import load_config

        load_config(workspace)  # a folder that is not a workspace has no status to show
    periode = Periode(tahun, triwulan)
    st = quarter_status(workspace, periode)
    if not lembar_kendali:
        return HasilStatus(st, None)
    from pipeline.store.ooxml import write_atomic
    from pipeline.store.workspace import Workspace

    when = tanggal or st.terakhir
    if when is None:
        raise TanggalError(
            "belum ada langkah yang dicatat tanggalnya; beri --tanggal YYYY-MM-DD untuk "
            "Lembar Kendali SOP"
        )
    path = Workspace(workspace).lembar_kendali(periode)
    with quarter_lock(workspace, periode):
        write_atomic(path, render_lembar_kendali(workspace, st, when))
    return HasilStatus(st, path)


def sop(workspace: Path) -> list[Path]:
    """The workspace's SOPs as Word documents (PermenPAN-RB 35/2012) in outputs/sop/."""
    from pipeline.documents.sop_dokumen import render_sops

    return render_sops(workspace)


def periksa_template(workspace: Path, *, berkas: list[Path] | None = None) -> list[Any]:
    """Check Word templates before use: the given files, else the workspace's own, else the
    bundled ones. Returns (path, findings) for each."""
    from pipeline.documents.template_check import periksa_template as check
    from pipeline.inputs.bundled import TEMPLATE_DIR, bundled_dir

    paths = list(berkas or []) or sorted((workspace / TEMPLATE_DIR).glob("*.docx"))
    if not paths:
        paths = sorted(bundled_dir().glob("*.docx"))
    return [(path, check(path)) for path in paths]


def pratinjau_perubahan(workspace: Path, *, tahun: int, triwulan: int) -> tuple[int, list[Any]]:
    """What `sahkan` would approve now: the next revision's number and its Daftar Perubahan
    against the latest approved revision (empty for rev-1); number 0 when the latest revision
    already holds exactly this data. Writes nothing."""
    from pipeline.domain.revisi import daftar_perubahan
    from pipeline.inputs.config import load_config
    from pipeline.store import dataset
    from pipeline.store.revisions import read_manifest, revisions, sidik_data
    from pipeline.store.workspace import Workspace

    periode = Periode(tahun, triwulan)
    ws = Workspace(workspace)
    data_path = ws.data_kinerja(periode)
    data = dataset.read(data_path)
    existing = revisions(ws, periode)
    if not existing:
        return 1, []
    if read_manifest(existing[max(existing)])["data_sha256"] == sidik_data(data_path):
        return 0, []
    previous = dataset.read(existing[max(existing)] / data_path.name)
    return max(existing) + 1, daftar_perubahan(previous, data, load_config(workspace).predikat)


def periksa_formulir(
    workspace: Path, *, tahun: int, triwulan: int, nama: str, isi: bytes
) -> HasilFormulir:
    """Check one returned form before it is saved: the quarter's returns folder is copied into
    a temporary folder with the new file (replacing any of the same name) and read as `himpun`
    reads it. `nama` must be a plain file name. Writes nothing in the workspace."""
    import shutil
    import tempfile

    from pipeline.domain.errors import InputError
    from pipeline.hasil import HasilFormulir
    from pipeline.inputs.perjanjian import load_perjanjian
    from pipeline.inputs.returns import collect_returns
    from pipeline.store.workspace import Workspace

    periode = Periode(tahun, triwulan)
    ws = Workspace(workspace)
    indikator = load_perjanjian(ws.perjanjian_path(tahun))
    folder = ws.returns_dir(periode)
    target = folder / nama
    ada = target.is_file()
    sama = ada and target.read_bytes() == isi
    with tempfile.TemporaryDirectory(prefix="kinerja-") as tmp:
        copy = Path(tmp)
        if folder.is_dir():
            for path in folder.iterdir():
                if path.is_file() and not path.is_symlink() and path.name != nama:
                    shutil.copy2(path, copy / path.name)
        (copy / nama).write_bytes(isi)
        try:
            himpunan = collect_returns(copy, periode, indikator)
        except InputError as exc:
            own = [str(m) for m in exc.masalah if _names(m, nama)]
            return HasilFormulir(nama, [], 0, [], own, ada and not sama, sama)
    units = [u for u, s in himpunan.returned.items() if s == nama or s.startswith(nama + " ")]
    count = sum(p.indikator.unit in units and p.dilaporkan for p in himpunan.pengukuran)
    warnings = [str(m) for m in himpunan.warnings if _names(m, nama)]
    return HasilFormulir(nama, units, count, warnings, [], ada and not sama, sama)


def _names(masalah: Any, nama: str) -> bool:
    return masalah.lokasi is not None and Path(str(masalah.lokasi.file)).name == nama


def simpan_formulir(
    workspace: Path,
    *,
    tahun: int,
    triwulan: int,
    nama: str,
    isi: bytes,
    ganti: bool = False,
    peran: str | None = None,
) -> HasilFormulir:
    """Check a returned form (see `periksa_formulir`) and, when accepted, save it atomically into
    inputs/<tahun>/TW<n>/ under the quarter's lock. A different file of the same name is only
    replaced with `ganti`; an identical one is left as it is."""
    from dataclasses import replace

    from pipeline.store.ooxml import write_atomic
    from pipeline.store.riwayat import catat_riwayat
    from pipeline.store.workspace import Workspace

    periode = Periode(tahun, triwulan)
    with quarter_lock(workspace, periode):
        hasil = periksa_formulir(workspace, tahun=tahun, triwulan=triwulan, nama=nama, isi=isi)
        if not hasil.diterima or hasil.sama or (hasil.ada_berbeda and not ganti):
            return hasil
        folder = Workspace(workspace).returns_dir(periode)
        folder.mkdir(parents=True, exist_ok=True)
        write_atomic(folder / nama, isi)
        detail = {"berkas": nama} | ({"peran": peran} if peran else {})
        catat_riwayat(workspace, periode, "terima-formulir", **detail)
    return replace(hasil, disimpan=True)


def nota_dinas(
    workspace: Path, *, tahun: int, triwulan: int, tanggal: dt.date | None = None, nomor: str = ""
) -> Any:
    """SOP 071/03 step 3: the Nota Dinas sending the Format Isian with the return deadline
    (step 4's Mutu Baku in working days). Dated `tanggal` (recorded as the step's date), else
    the recorded date; never the clock. Returns nota_dinas.HasilNotaDinas."""
    from pipeline.workflow.nota_dinas import nota_dinas as write

    periode = Periode(tahun, triwulan)
    with quarter_lock(workspace, periode):
        return write(workspace, periode, tanggal, nomor)


def pengingat(
    workspace: Path, *, tahun: int, triwulan: int, tanggal: dt.date, nomor: str = ""
) -> Any:
    """The reminder Nota Dinas and WhatsApp text to the units with no return after the
    deadline. Returns nota_dinas.HasilNotaDinas (its `pesan` is the WhatsApp text)."""
    from pipeline.workflow.nota_dinas import pengingat as write

    periode = Periode(tahun, triwulan)
    with quarter_lock(workspace, periode):
        return write(workspace, periode, tanggal, nomor)


def perjanjian(workspace: Path, *, tahun: int, tanggal: dt.date, berlaku_mulai: int = 1) -> Any:
    """The Perjanjian Kinerja documents of the office and of each unit (the version in force
    from quarter `berlaku_mulai`: 1 the original, 2–4 a PK Perubahan), signed on `tanggal`.
    Returns perjanjian_dokumen.HasilPerjanjian."""
    from pipeline.workflow.perjanjian import perjanjian as write

    return write(workspace, tahun, tanggal, berlaku_mulai)


def rekap(folder: Path, *, tahun: int, triwulan: int, batas: dt.date | None = None) -> Any:
    """The regency's recap of every office under `folder` (needs pandas: the `rekap` extra):
    one workbook and one Word document in `folder`/rekap/. Offices approved or drafted after
    `batas` (default: the 10th working day after the quarter) are late. Returns
    rekap.HasilRekap."""
    from pipeline.workflow.rekap import rekap as write

    return write(folder, Periode(tahun, triwulan), batas)
