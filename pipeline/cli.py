"""The `kinerja` command. Thin: parse options, call one library function, print its result."""

from __future__ import annotations

import datetime as dt
import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from pipeline import __version__, bahasa
from pipeline.domain import activity
from pipeline.domain.errors import KinerjaError
from pipeline.domain.periode import Periode, parse_triwulan

bahasa.pasang()


class TriwulanType(click.ParamType):
    """A quarter as 1–4 or I–IV."""

    name = "TRIWULAN"

    def convert(self, value: Any, param: Any, ctx: Any) -> int:
        try:
            return parse_triwulan(value)
        except ValueError as exc:
            self.fail(str(exc), param, ctx)


class TanggalType(click.DateTime):
    """A date written YYYY-MM-DD, shown as such in the help."""

    def __init__(self) -> None:
        super().__init__(formats=["%Y-%m-%d"])

    def get_metavar(self, param: Any, ctx: Any = None) -> str:
        return "YYYY-MM-DD"


class TahunType(click.ParamType):
    """A budget year, 2000–2100."""

    name = "TAHUN"

    def get_metavar(self, param: Any, ctx: Any = None) -> str:
        return "TAHUN"

    def convert(self, value: Any, param: Any, ctx: Any) -> int:
        try:
            tahun = int(str(value).strip())
        except ValueError:
            tahun = 0
        if not 2000 <= tahun <= 2100:
            self.fail(f"{value!r} bukan tahun anggaran; tulis empat angka, mis. 2024.", param, ctx)
        return tahun


TANGGAL = TanggalType()
TAHUN = TahunType()


class PerintahKinerja(click.Command):
    """A command whose usage line speaks Bahasa Indonesia."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", "[PILIHAN]")
        super().__init__(*args, **kwargs)


class KelompokKinerja(click.Group):
    """The `kinerja` group: its usage line and every command's in Bahasa Indonesia."""

    command_class = PerintahKinerja

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", "[PILIHAN]")
        kwargs.setdefault("subcommand_metavar", "PERINTAH [ARGUMEN]...")
        super().__init__(*args, **kwargs)


class JamType(click.ParamType):
    """A time of day as HH:MM or HH.MM."""

    name = "JAM"

    def convert(self, value: Any, param: Any, ctx: Any) -> dt.datetime:
        if isinstance(value, dt.datetime):
            return value
        for pattern in ("%H:%M", "%H.%M"):
            try:
                return dt.datetime.strptime(str(value).strip(), pattern)
            except ValueError:
                continue
        self.fail(f"{value!r} bukan jam yang sah; tulis HH:MM, mis. 09:30.", param, ctx)


def workspace_option(command: Callable) -> Callable:
    return click.option(
        "--workspace",
        "-w",
        type=click.Path(file_okay=False, path_type=Path),
        default=".",
        show_default=True,
        help="Folder workspace (berisi kinerja.toml).",
    )(command)


def periode_options(command: Callable) -> Callable:
    """--workspace, --tahun and --triwulan, shared by every quarter command."""
    command = click.option(
        "--triwulan", "-t", type=TriwulanType(), required=True, help="Triwulan: 1–4 atau I–IV."
    )(command)
    command = click.option("--tahun", type=TAHUN, required=True, help="Tahun anggaran, mis. 2024.")(
        command
    )
    return workspace_option(command)


def pdf_option(command: Callable) -> Callable:
    return click.option(
        "--pdf", is_flag=True, help="Buat juga PDF setiap dokumen (perlu LibreOffice)."
    )(command)


def tanggal_option(help_text: str) -> Callable[[Callable], Callable]:
    """--tanggal, the date of the step (YYYY-MM-DD), with the command's own help."""
    return click.option(
        "--tanggal",
        type=TANGGAL,
        default=None,
        help=help_text,
    )


DRAFT_DATE = (
    "Tanggal langkah ini (YYYY-MM-DD); bawaan: tanggal yang sudah dicatat, atau hari ini bila "
    "masih dalam masa triwulan."
)
SIGNED_DATE = (
    "Tanggal pada tanda tangan (YYYY-MM-DD); bawaan: tanggal yang sudah dicatat untuk langkah "
    "ini. Tidak pernah diambil dari jam komputer."
)


def paksa_option(command: Callable) -> Callable:
    return click.option(
        "--paksa",
        is_flag=True,
        help="Terima tanggal di luar masa wajar triwulan (sebelum triwulan berakhir atau lebih "
        "dari setahun sesudahnya).",
    )(command)


def handle_errors(command: Callable) -> Callable:
    """Turn a KinerjaError into its lines and exit 1; anything else into one line and a log."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        context = click.get_current_context(silent=True)
        activity.step(context.info_name if context and context.info_name else command.__name__)
        try:
            return command(*args, **kwargs)
        except KinerjaError as exc:
            first, *rest = exc.lines()
            click.echo(f"Galat: {first}", err=True)
            for line in rest:
                click.echo(line, err=True)
            sys.exit(exc.exit_code)
        except (KeyboardInterrupt, click.exceptions.Exit, click.ClickException):
            raise
        except BrokenPipeError:  # output piped into `head`: the reader left, nothing is wrong
            sys.stderr.close()
            sys.exit(1)
        except Exception as exc:  # an unexpected failure: never a traceback on screen
            workspaces = kwargs.get("workspaces") or [kwargs.get("workspace")]
            where = activity.where(workspaces[0])  # before the log, which is a file too
            log = _write_log(workspaces[0])
            click.echo(
                f"Galat tak terduga pada {where}: {type(exc).__name__}: {exc}. "
                f"Tidak ada berkas yang diubah. Rincian ditulis ke {log}",
                err=True,
            )
            sys.exit(1)

    return wrapper


def _write_log(workspace: Path | None) -> Path:
    import tempfile

    folder = (workspace or Path(".")) / "outputs"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        log = folder / "kinerja-galat.log"
        log.write_text(_traceback(), encoding="utf-8")
    except OSError:
        log = Path(tempfile.gettempdir()) / "kinerja-galat.log"
        log.write_text(_traceback(), encoding="utf-8")
    return log


def _date(value: dt.datetime | None) -> dt.date | None:
    return value.date() if value else None


def _show(files: list[Path], workspace: Path) -> None:
    for path in files:
        try:
            shown = path.relative_to(workspace)
        except ValueError:
            shown = path
        click.echo(f"  {shown}")


def _teks_opsi(param: Any, value: str | None) -> str | None:
    """A text option without characters a document cannot hold; says what was dropped."""
    from pipeline.domain.teks import bersihkan, pesan_dibuang

    if value is None:
        return None
    cleaned, dropped = bersihkan(value)
    if dropped:
        _warnings([f"--{param.name}: {pesan_dibuang(dropped)}"])
    return cleaned


def _warnings(lines: list[str]) -> None:
    if lines:
        click.echo(f"Peringatan ({len(lines)}):")
        for line in lines:
            click.echo(f"  - {line}")


@click.group(cls=KelompokKinerja, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kinerja")
def cli() -> None:
    """Dokumen kinerja triwulan kecamatan: Format Isian, Pengukuran dan Laporan Kinerja.

    Contoh, pada workspace contoh Kecamatan Awayan:

        kinerja proses --tahun 2024 --triwulan 3
    """


@cli.command()
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@handle_errors
def init(folder: Path) -> None:
    """Membuat workspace baru untuk kantor lain.

    Menulis kinerja.toml berkomentar untuk diisi dan buku kerja Perjanjian Kinerja kosong
    dengan judul kolom yang benar.

    Contoh: kinerja init kecamatan-baru
    """
    from pipeline import api

    files = api.init(folder, tahun=dt.date.today().year)
    click.echo(f"Workspace baru dibuat di {folder}:")
    _show(files, folder)
    click.echo("Isi kinerja.toml dan Perjanjian Kinerja, lalu jalankan 'kinerja format-isian'.")


@cli.command("format-isian")
@periode_options
@tanggal_option(DRAFT_DATE)
@handle_errors
def format_isian(workspace: Path, tahun: int, triwulan: int, tanggal: dt.datetime | None) -> None:
    """Membuat Format Isian Data Kinerja dan Format Pengukuran Kinerja untuk setiap unit.

    Setiap unit mendapat berkas .xlsx untuk diisi (hanya Realisasi dan Keterangan yang
    dapat diubah) dan .docx untuk dicetak.

    Contoh: kinerja format-isian --tahun 2024 --triwulan 3
    """
    from pipeline import api

    hasil = api.format_isian(workspace, tahun=tahun, triwulan=triwulan, tanggal=_date(tanggal))
    click.echo(f"Format isian {Periode(tahun, triwulan).label} ({len(hasil.files)} berkas):")
    _show(hasil.files, workspace)
    _warnings(hasil.warnings)


@cli.command()
@periode_options
@tanggal_option(
    "Tanggal penghimpunan selesai (YYYY-MM-DD); bawaan: tanggal yang sudah dicatat, atau "
    "tanggal formulir terakhir yang masuk."
)
@handle_errors
def himpun(workspace: Path, tahun: int, triwulan: int, tanggal: dt.datetime | None) -> None:
    """Menghimpun formulir terisi dari inputs/<tahun>/TW<n>/ menjadi data kinerja triwulan.

    Contoh: kinerja himpun --tahun 2024 --triwulan 3
    """
    from pipeline import api

    hasil = api.himpun(workspace, tahun=tahun, triwulan=triwulan, tanggal=_date(tanggal))
    _himpun_summary(workspace, Periode(tahun, triwulan), hasil)


def _himpun_summary(workspace: Path, periode: Periode, hasil: Any, show: bool = True) -> None:
    """The collection as the operator reads it: who returned, who did not, the warnings, and
    the files written (unless `show` is False: proses lists them once olah succeeded too)."""
    click.echo(
        f"Data kinerja {periode.label}: {len(hasil.returned)} unit sudah menyampaikan "
        f"formulir, {len(hasil.missing)} belum."
    )
    for unit, source in hasil.returned.items():
        click.echo(f"  [v] {unit}: {source}")
    for unit in hasil.missing:
        click.echo(f"  [ ] {unit}: belum menyampaikan")
    listed = tuple(f"unit '{unit}' belum menyampaikan" for unit in hasil.missing)
    _warnings([w for w in hasil.warnings if not w.startswith(listed)])  # listed just above
    if show:
        click.echo("Ditulis:")
        _show(hasil.files, workspace)


@cli.command()
@periode_options
@tanggal_option(DRAFT_DATE)
@pdf_option
@handle_errors
def olah(
    workspace: Path, tahun: int, triwulan: int, tanggal: dt.datetime | None, pdf: bool
) -> None:
    """Mengolah data kinerja menjadi draft Pengukuran, Laporan dan Format Isian terisi.

    Draft bertanggal hari pengolahan (--tanggal); Format Isian terisi bertanggal tanggal
    formulir unitnya.

    Contoh: kinerja olah --tahun 2024 --triwulan 3 --tanggal 2024-10-07
    """
    from pipeline import api

    hasil = api.olah(workspace, tahun=tahun, triwulan=triwulan, tanggal=_date(tanggal), pdf=pdf)
    _olah_summary(workspace, Periode(tahun, triwulan), hasil)


def _olah_summary(
    workspace: Path, periode: Periode, hasil: Any, sudah_disebut: tuple[str, ...] = ()
) -> None:
    """The drafts written and their notes; units `sudah_disebut` as missing by himpun (in
    proses) are not listed a second time."""
    click.echo(f"Draft dokumen {periode.label} ({len(hasil.files)} berkas):")
    _show(hasil.files, workspace)
    _warnings(
        [w for w in hasil.warnings if not any(w.startswith(f"{u} belum") for u in sudah_disebut)]
    )


@cli.command()
@click.option(
    "--workspace",
    "-w",
    "workspaces",
    type=click.Path(file_okay=False, path_type=Path),
    multiple=True,
    help="Folder workspace; boleh berulang, atau folder berisi banyak workspace.",
)
@click.option("--tahun", type=TAHUN, required=True, help="Tahun anggaran, mis. 2024.")
@click.option(
    "--triwulan",
    "-t",
    "triwulans",
    type=TriwulanType(),
    required=True,
    multiple=True,
    help="Triwulan: 1–4 atau I–IV; boleh berulang.",
)
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(1, 64),
    metavar="N",
    default=1,
    show_default=True,
    help="Jumlah proses kerja untuk banyak workspace/triwulan.",
)
@click.option(
    "--semua",
    is_flag=True,
    help="Proses setiap workspace di dalam folder --workspace yang bukan workspace.",
)
@tanggal_option(DRAFT_DATE + " Untuk draft dokumen.")
@pdf_option
@handle_errors
def proses(
    workspaces: tuple[Path, ...],
    tahun: int,
    triwulans: tuple[int, ...],
    jobs: int,
    semua: bool,
    tanggal: dt.datetime | None,
    pdf: bool,
) -> None:
    """Menghimpun formulir lalu membuat semua draft dokumen triwulan (himpun + olah).

    Untuk banyak kantor sekaligus (mis. Bappeda), beri --workspace berulang, atau satu folder
    berisi banyak workspace dengan --semua, --triwulan berulang, dan --jobs sesuai jumlah inti
    prosesor. Kantor yang gagal disebut satu per satu; kantor lain tetap diproses.

    Contoh: kinerja proses --tahun 2024 --triwulan 3

    Contoh: kinerja proses --workspace kabupaten/ --semua --tahun 2024 -t 1 -t 2 --jobs 2
    """
    from pipeline import api

    folders = list(workspaces) or [Path(".")]
    if len(folders) == 1 and len(triwulans) == 1 and (folders[0] / "kinerja.toml").is_file():
        periode = Periode(tahun, triwulans[0])
        hasil = api.proses(
            folders[0], tahun=tahun, triwulan=triwulans[0], tanggal=_date(tanggal), pdf=pdf
        )
        _himpun_summary(folders[0], periode, hasil.himpun, show=False)
        _olah_summary(folders[0], periode, hasil.olah, tuple(hasil.himpun.missing))
        click.echo("Data kinerja:")
        _show(hasil.himpun.files, folders[0])
        return
    _proses_banyak(folders, tahun, triwulans, jobs, _date(tanggal), pdf, semua)


def _proses_banyak(
    folders: list[Path],
    tahun: int,
    triwulans: tuple[int, ...],
    jobs: int,
    tanggal: dt.date | None,
    pdf: bool,
    semua: bool,
) -> None:
    from pipeline import api

    found = api.daftar_workspace(folders, semua=semua)
    count = len(found) * len(triwulans)
    label = f"{count} tugas, {jobs} proses"
    with click.progressbar(length=count, label=label, file=sys.stderr) as bar:
        results = api.proses_banyak(
            found,
            tahun=tahun,
            triwulan=list(triwulans),
            jobs=jobs,
            semua=semua,
            tanggal=tanggal,
            pdf=pdf,
            on_done=lambda _: bar.update(1),
        )
    failed = [r for r in results if not r.berhasil]
    click.echo(f"Selesai: {len(results) - len(failed)} berhasil, {len(failed)} gagal.")
    for result in results:
        if result.belum_melapor:
            click.echo(
                f"  ! {result.tugas.workspace} {result.tugas.periode.kode}: belum melapor: "
                + ", ".join(result.belum_melapor)
            )
    for result in failed:
        click.echo(
            f"  - {result.tugas.workspace} {result.tugas.periode.kode}: {result.pesan}", err=True
        )
    if failed:
        sys.exit(1)


@cli.command()
@periode_options
@click.option("--setujui", is_flag=True, help="Catat bahwa Sekretaris menyetujui data ini.")
@click.option(
    "--catatan",
    default=None,
    callback=lambda ctx, param, value: _teks_opsi(param, value),
    help="Alasan temuan yang memblokir tetap diterima.",
)
@tanggal_option(SIGNED_DATE)
@paksa_option
@handle_errors
def verifikasi(
    workspace: Path,
    tahun: int,
    triwulan: int,
    setujui: bool,
    catatan: str | None,
    tanggal: dt.datetime | None,
    paksa: bool,
) -> None:
    """Memeriksa data kinerja seperti Sekretaris dan menulis Lembar Verifikasi.

    Temuan: capaian di atas 120%, di atas batas capaian atau di bawah target tanpa Keterangan,
    realisasi serapan anggaran yang berbeda dengan Laporan Realisasi Keuangan, unit yang belum
    melapor, realisasi persen di atas 100. Dengan --setujui, verifikasi dicatat (siapa,
    tanggal, sidik data); ditolak bila ada temuan yang harus diselesaikan, kecuali --catatan
    menjelaskan mengapa diterima. Tanggal persetujuan tidak boleh sebelum tanggal draft.

    Contoh: kinerja verifikasi --tahun 2024 --triwulan 3 --setujui --catatan "Sudah dicek"
    --tanggal 2024-10-08
    """
    from pipeline import api
    from pipeline.domain import formatting
    from pipeline.domain.temuan import HARUS

    hasil = api.verifikasi(
        workspace,
        tahun=tahun,
        triwulan=triwulan,
        setujui=setujui,
        catatan=catatan,
        tanggal=_date(tanggal),
        paksa=paksa,
    )
    blocking = sum(t.status == HARUS for t in hasil.temuan)
    click.echo(
        f"Verifikasi {Periode(tahun, triwulan).label}: {len(hasil.temuan)} temuan, "
        f"{blocking} harus diselesaikan."
    )
    for no, temuan in enumerate(hasil.temuan, start=1):
        click.echo(f"  {no}. [{temuan.status}] {temuan.unit} – {temuan.indikator}: {temuan.uraian}")
    click.echo(
        f"Disetujui dan dicatat dengan tanggal {formatting.tanggal(hasil.tanggal)}."
        if hasil.disetujui
        else "Belum disetujui (tambahkan --setujui untuk mencatat persetujuan)."
    )
    click.echo("Lembar Verifikasi:")
    _show([hasil.lembar], workspace)


@cli.command()
@periode_options
@tanggal_option(SIGNED_DATE)
@click.option(
    "--alasan",
    default="",
    help="Alasan perubahan; wajib mulai revisi ke-2, dicetak pada Daftar Perubahan.",
)
@paksa_option
@pdf_option
@handle_errors
def sahkan(
    workspace: Path,
    tahun: int,
    triwulan: int,
    tanggal: dt.datetime | None,
    alasan: str,
    paksa: bool,
    pdf: bool,
) -> None:
    """Membuat dokumen final yang disahkan Camat sebagai revisi baru (rev-1, rev-2, ...).

    Hanya untuk data yang sudah diverifikasi, dengan tanggal tidak sebelum tanggal verifikasi
    dan revisi sebelumnya. Revisi yang sudah disahkan tidak pernah diubah; perbaikan data
    menghasilkan revisi berikutnya dengan Daftar Perubahan dan alasannya (--alasan).

    Contoh: kinerja sahkan --tahun 2024 --triwulan 3 --tanggal 2024-10-10
    """
    from pipeline import api
    from pipeline.domain import formatting

    periode = Periode(tahun, triwulan)
    hasil = api.sahkan(
        workspace,
        tahun=tahun,
        triwulan=triwulan,
        tanggal=_date(tanggal),
        alasan=alasan,
        pdf=pdf,
        paksa=paksa,
    )
    if not hasil.baru:
        click.echo(
            f"{periode.label} sudah disahkan sebagai rev-{hasil.revisi} untuk data ini; "
            "tidak ada yang ditulis."
        )
        return
    click.echo(
        f"{periode.label} disahkan sebagai rev-{hasil.revisi} tanggal "
        f"{formatting.tanggal(hasil.tanggal)} ({len(hasil.files)} berkas):"
    )
    _show(hasil.files, workspace)
    if hasil.perubahan:
        click.echo(f"Daftar Perubahan terhadap rev-{hasil.revisi - 1}:")
        for c in hasil.perubahan:
            click.echo(f"  - {c.unit} – {c.indikator}: {c.kolom} {c.lama} → {c.baru}")


@cli.command()
@click.argument("langkah")
@periode_options
@click.option(
    "--tanggal",
    type=TANGGAL,
    required=True,
    help="Tanggal langkah itu dilakukan (YYYY-MM-DD).",
)
@click.option("--jam", type=JamType(), help="Jam (HH:MM), mis. 09:30.")
@click.option("--oleh", required=True, help="Siapa yang melakukannya, mis. nama pejabat.")
@paksa_option
@handle_errors
def catat(
    langkah: str,
    workspace: Path,
    tahun: int,
    triwulan: int,
    tanggal: dt.datetime,
    jam: dt.datetime | None,
    oleh: str,
    paksa: bool,
) -> None:
    """Mencatat tanggal langkah SOP yang dilakukan di luar aplikasi, dan pelakunya.

    LANGKAH: disposisi, sampaikan, tandatangan, entri (E-Kino/E-Monev), arsip, atau langkah
    kinerja lain (format-isian, himpun, olah, verifikasi, sahkan) untuk membetulkan tanggalnya.
    Dicatat di inputs/<tahun>/TW<n>/kegiatan.toml dan dipakai 'kinerja status' dan Lembar
    Kendali SOP.

    Contoh: kinerja catat disposisi --tahun 2024 --triwulan 3 --tanggal 2024-10-01
    --oleh "ASWAL SALAHUDIN, S.IP"
    """
    from pipeline import api
    from pipeline.domain.jadwal import LANGKAH

    entry, path = api.catat(
        workspace,
        tahun=tahun,
        triwulan=triwulan,
        langkah=langkah,
        tanggal=tanggal.date(),
        jam=jam.time() if jam else None,
        oleh=oleh,
        paksa=paksa,
    )
    click.echo(f"Dicatat: {LANGKAH[entry.langkah]} {Periode(tahun, triwulan).label}, {entry.teks}.")
    _show([path], workspace)


@cli.command()
@periode_options
@click.option("--periksa", is_flag=True, help="Periksa ulang sidik semua revisi dan arsip.")
@handle_errors
def arsip(workspace: Path, tahun: int, triwulan: int, periksa: bool) -> None:
    """Mengarsipkan revisi terakhir yang disahkan ke outputs/<tahun>/arsip/ sebagai .zip.

    Dengan --periksa, setiap berkas setiap revisi dan arsip dicocokkan dengan manifest-nya;
    perubahan disebut per berkas dan perintah keluar dengan kode 1.

    Contoh: kinerja arsip --tahun 2024 --triwulan 3 --periksa
    """
    from pipeline import api

    periode = Periode(tahun, triwulan)
    if periksa:
        checked, problems = api.periksa_arsip(workspace, tahun=tahun, triwulan=triwulan)
        if not checked and not problems:
            click.echo(
                f"{periode.label} belum punya revisi yang disahkan; tidak ada yang diperiksa."
            )
            return
        if problems:
            click.echo(
                f"Galat: {len(problems)} masalah pada revisi yang disahkan dan arsipnya:",
                err=True,
            )
            for line in problems:
                click.echo(f"  - {line}", err=True)
            sys.exit(1)
        click.echo(f"Arsip {periode.label} utuh: {checked} berkas cocok dengan manifest-nya.")
        return
    hasil = api.arsip(workspace, tahun=tahun, triwulan=triwulan)
    verb = "dibuat" if hasil.baru else "sudah ada dan sama"
    click.echo(f"Arsip rev-{hasil.revisi} {verb}:")
    _show([hasil.path], workspace)


@cli.command()
@periode_options
@tanggal_option(
    "Tanggal berkas ekspor (YYYY-MM-DD); bawaan: tanggal entri yang dicatat, atau tanggal "
    "pengesahan."
)
@handle_errors
def ekspor(workspace: Path, tahun: int, triwulan: int, tanggal: dt.datetime | None) -> None:
    """Menyiapkan data triwulan untuk dientri ke aplikasi E-Kino dan E-Monev (.xlsx dan .csv).

    Memakai revisi terakhir yang disahkan; bila belum ada, data draft (dengan peringatan).

    Contoh: kinerja ekspor --tahun 2024 --triwulan 3
    """
    from pipeline import api

    hasil = api.ekspor(workspace, tahun=tahun, triwulan=triwulan, tanggal=_date(tanggal))
    if not hasil.disahkan:
        click.echo("Peringatan: data belum disahkan; ekspor memakai data draft.")
    click.echo(f"Ekspor E-Kino/E-Monev dari {hasil.sumber}:")
    _show(hasil.files, workspace)


@cli.command()
@periode_options
@click.option("--docx", "as_docx", is_flag=True, help="Tulis juga Lembar Kendali SOP (.docx).")
@tanggal_option(
    "Tanggal Lembar Kendali SOP (YYYY-MM-DD); bawaan: tanggal langkah terakhir yang dicatat."
)
@handle_errors
def status(
    workspace: Path, tahun: int, triwulan: int, as_docx: bool, tanggal: dt.datetime | None
) -> None:
    """Menampilkan posisi triwulan pada kedua SOP, langkah demi langkah.

    Setiap kegiatan: pelaksana, selesai atau belum, kapan, dan lamanya dibanding Mutu Baku
    waktu; juga unit yang belum menyampaikan formulir. --docx menulis Lembar Kendali SOP.

    Contoh: kinerja status --tahun 2024 --triwulan 3 --docx
    """
    from pipeline import api
    from pipeline.workflow.status import keterangan

    periode = Periode(tahun, triwulan)
    hasil = api.status(
        workspace, tahun=tahun, triwulan=triwulan, lembar_kendali=as_docx, tanggal=_date(tanggal)
    )
    st = hasil.status
    revisi = f"rev-{st.revisi}" if st.revisi else "belum ada"
    click.echo(f"Status {periode.label} (revisi disahkan terakhir: {revisi})")
    for sop, steps in st.sop:
        click.echo(f"\nSOP {sop.nomor} {sop.nama}")
        for s in steps:
            mark = "[v]" if s.selesai else "[ ]"
            who = ", ".join(s.kegiatan.pelaksana)
            click.echo(f"  {mark} {s.kegiatan.no}. {s.kegiatan.uraian}")
            click.echo(f"        {who}; Mutu Baku {s.kegiatan.waktu}; {keterangan(s)}")
    if st.dihimpun:
        click.echo(
            f"\nUnit sudah melapor: {len(st.sudah)}; belum: "
            + (", ".join(st.belum) if st.belum else "tidak ada")
        )
    else:
        click.echo("\nFormulir belum dihimpun (jalankan 'kinerja himpun').")
    if hasil.lembar_kendali is not None:
        click.echo("Lembar Kendali SOP:")
        _show([hasil.lembar_kendali], workspace)


@cli.command()
@workspace_option
@handle_errors
def sop(workspace: Path) -> None:
    """Membuat dokumen SOP (format PermenPAN-RB 35/2012) dari berkas sop/*.toml.

    Setiap SOP menjadi satu dokumen Word di outputs/sop/: halaman identitas dan tabel
    diagram alir dengan satu kolom per Pelaksana.

    Contoh: kinerja sop
    """
    from pipeline import api

    files = api.sop(workspace)
    click.echo(f"Dokumen SOP ({len(files)} berkas):")
    _show(files, workspace)


@cli.command("periksa-template")
@workspace_option
@click.argument("berkas", nargs=-1, type=click.Path(dir_okay=False, path_type=Path))
@handle_errors
def periksa_template(workspace: Path, berkas: tuple[Path, ...]) -> None:
    """Memeriksa templat Word yang disunting sebelum dipakai.

    Tanpa BERKAS, memeriksa semua templat di templates/docx/ workspace (atau templat bawaan).
    Melaporkan variabel yang tidak dikenal, tag yang tidak seimbang atau terpecah, tanda
    kutip miring Word di dalam tag, dan baris perulangan di luar tabel, beserta letaknya.

    Contoh: kinerja periksa-template templates/docx/laporan-kinerja.docx
    """
    from pipeline import api

    errors = 0
    for path, found in api.periksa_template(workspace, berkas=list(berkas)):
        errors += sum(t.galat for t in found)
        if not found:
            click.echo(f"{path}: baik")
        for temuan in found:
            click.echo(f"{path}: {temuan}")
    if errors:
        click.echo(f"Galat: {errors} masalah harus diperbaiki sebelum templat dipakai.", err=True)
        sys.exit(1)


@cli.command()
@workspace_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Alamat yang didengar.")
@click.option(
    "--port",
    type=click.IntRange(1, 65535),
    metavar="PORT",
    default=8765,
    show_default=True,
    help="Nomor port halaman di komputer ini.",
)
@click.option("--no-browser", is_flag=True, help="Jangan buka peramban.")
@click.option(
    "--atur-sandi",
    "atur_sandi",
    type=click.Choice(["operator", "sekretaris", "camat"]),
    default=None,
    help="Atur sandi satu peran (diminta dua kali, disimpan ter-hash di workspace), lalu keluar.",
)
@handle_errors
def web(workspace: Path, host: str, port: int, no_browser: bool, atur_sandi: str | None) -> None:
    """Membuka halaman kinerja di peramban: formulir masuk, proses, verifikasi, pengesahan,
    dokumen, ekspor, arsip dan status, tanpa terminal.

    Bawaan hanya untuk komputer ini (127.0.0.1), tanpa login. Untuk jaringan kantor
    (--host 0.0.0.0) atur dahulu sandi ketiga peran; setiap halaman lalu meminta login, hanya
    Sekretaris yang dapat menyetujui verifikasi dan hanya Camat yang dapat mengesahkan.

    Contoh: kinerja web

    Contoh: kinerja web --atur-sandi camat
    """
    if atur_sandi:
        from pipeline.web.keamanan import atur_sandi as simpan

        sandi = click.prompt(
            f"Sandi baru untuk {atur_sandi}", hide_input=True, confirmation_prompt=True
        )
        path = simpan(workspace, atur_sandi, sandi)
        click.echo(f"Sandi {atur_sandi} disimpan (ter-hash) di {path}.")
        return
    from pipeline.web import serve

    serve(workspace, host=host, port=port, browser=not no_browser)


@cli.command()
@workspace_option
@click.option("--tahun", type=TAHUN, required=True, help="Tahun anggaran, mis. 2024.")
@click.option(
    "--tanggal",
    type=TANGGAL,
    required=True,
    help="Tanggal penandatanganan (YYYY-MM-DD); tidak pernah diambil dari jam komputer.",
)
@click.option(
    "--berlaku-mulai",
    type=TriwulanType(),
    default="1",
    show_default=True,
    help="Versi: triwulan mulai berlakunya (1 = PK awal; 2–4 = PK Perubahan).",
)
@handle_errors
def perjanjian(workspace: Path, tahun: int, tanggal: dt.datetime, berlaku_mulai: int) -> None:
    """Membuat dokumen Perjanjian Kinerja (PermenPAN-RB 53/2014) kantor dan setiap unit.

    Pernyataan (Camat dengan Bupati; kepala unit dengan Camat) dan lampirannya: sasaran,
    indikator, target tahunan, serta program/kegiatan dan anggaran bila diisi di Perjanjian
    Kinerja. --berlaku-mulai 3 membuat PK Perubahan yang berlaku mulai Triwulan III.

    Contoh: kinerja perjanjian --tahun 2024 --tanggal 2024-01-15
    """
    from pipeline import api

    hasil = api.perjanjian(
        workspace, tahun=tahun, tanggal=tanggal.date(), berlaku_mulai=berlaku_mulai
    )
    click.echo(f"Perjanjian Kinerja {tahun} ({len(hasil.files)} berkas):")
    _show(hasil.files, workspace)


@cli.command()
@periode_options
@click.option(
    "--batas",
    type=TANGGAL,
    default=None,
    help="Batas pengesahan (YYYY-MM-DD); bawaan: hari kerja ke-10 sesudah triwulan berakhir.",
)
@handle_errors
def rekap(workspace: Path, tahun: int, triwulan: int, batas: dt.datetime | None) -> None:
    """Rekap kabupaten: membandingkan setiap kantor di folder --workspace (folder berisi
    workspace kantor-kantor).

    Menulis rekap/rekap-<tahun>-TW<n>.xlsx dan .docx: capaian per sasaran dan kantor,
    peringkat, kantor yang terlambat atau belum mengolah data, serapan anggaran, dan grafik per
    sasaran. Perlu pandas: pip install 'kinerja[rekap]'.

    Contoh: kinerja rekap --workspace kabupaten --tahun 2024 --triwulan 3
    """
    from pipeline import api

    hasil = api.rekap(workspace, tahun=tahun, triwulan=triwulan, batas=_date(batas))
    click.echo(f"Rekap {hasil.jumlah_kantor} kantor:")
    _show(hasil.files, workspace)
    if hasil.belum:
        click.echo("Belum ada data: " + ", ".join(hasil.belum))
    if hasil.terlambat:
        click.echo("Terlambat: " + ", ".join(hasil.terlambat))


nomor_option = click.option(
    "--nomor", default="", help="Nomor surat; bawaan: titik-titik untuk diisi tangan."
)


@cli.command("nota-dinas")
@periode_options
@tanggal_option(
    "Tanggal Nota Dinas (YYYY-MM-DD), dicatat sebagai tanggal penyampaian Format Isian; "
    "bawaan: tanggal penyampaian yang sudah dicatat. Tidak pernah diambil dari jam komputer."
)
@nomor_option
@handle_errors
def nota_dinas(
    workspace: Path, tahun: int, triwulan: int, tanggal: dt.datetime | None, nomor: str
) -> None:
    """Membuat Nota Dinas penyampaian Format Isian kepada Kasi dan Kasubbag (SOP 071/03
    langkah 3) dengan batas pengembalian: Mutu Baku langkah 4 (2 Hari) dalam hari kerja,
    tanpa Sabtu, Minggu dan hari libur nasional.

    Contoh: kinerja nota-dinas --tahun 2024 --triwulan 3 --tanggal 2024-10-04
    """
    from pipeline import api
    from pipeline.domain import formatting

    hasil = api.nota_dinas(
        workspace, tahun=tahun, triwulan=triwulan, tanggal=_date(tanggal), nomor=nomor
    )
    click.echo(
        f"Nota Dinas {formatting.tanggal(hasil.tanggal)} kepada {len(hasil.unit)} unit; batas "
        f"pengembalian {formatting.tanggal(hasil.batas)}:"
    )
    _show(hasil.files, workspace)


@cli.command()
@periode_options
@click.option(
    "--tanggal",
    type=TANGGAL,
    required=True,
    help="Tanggal Nota Dinas pengingat (YYYY-MM-DD), sesudah batas pengembalian.",
)
@nomor_option
@handle_errors
def pengingat(workspace: Path, tahun: int, triwulan: int, tanggal: dt.datetime, nomor: str) -> None:
    """Membuat Nota Dinas pengingat dan pesan WhatsApp untuk unit yang belum mengembalikan
    Format Isian (tidak ada formulirnya di inputs/<tahun>/TW<n>/) sesudah batas waktu.

    Contoh: kinerja pengingat --tahun 2024 --triwulan 3 --tanggal 2024-10-09
    """
    from pipeline import api

    hasil = api.pengingat(
        workspace, tahun=tahun, triwulan=triwulan, tanggal=tanggal.date(), nomor=nomor
    )
    click.echo(f"Pengingat untuk {len(hasil.unit)} unit yang belum mengirim:")
    _show(hasil.files, workspace)
    click.echo("\nPesan WhatsApp:\n" + hasil.pesan)


def main() -> None:
    cli(prog_name="kinerja")


def _traceback() -> str:
    """The current exception's traceback, for the error log (traceback loaded only then)."""
    import traceback

    return traceback.format_exc()
