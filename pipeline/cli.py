"""The `kinerja` command. Thin: parse options, call one library function, print its result."""

from __future__ import annotations

import datetime as dt
import functools
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from pipeline import __version__
from pipeline.errors import KinerjaError
from pipeline.lock import quarter_lock
from pipeline.periode import Periode, parse_triwulan


class TriwulanType(click.ParamType):
    """A quarter as 1–4 or I–IV."""

    name = "TRIWULAN"

    def convert(self, value: Any, param: Any, ctx: Any) -> int:
        try:
            return parse_triwulan(value)
        except ValueError as exc:
            self.fail(str(exc), param, ctx)


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
    command = click.option(
        "--tahun", type=click.IntRange(2000, 2100), required=True, help="Tahun anggaran, mis. 2024."
    )(command)
    return workspace_option(command)


def tanggal_option(command: Callable) -> Callable:
    return click.option(
        "--tanggal",
        type=click.DateTime(formats=["%Y-%m-%d"]),
        default=None,
        help="Tanggal pada blok tanda tangan (YYYY-MM-DD); bawaan: hari ini.",
    )(command)


def handle_errors(command: Callable) -> Callable:
    """Turn a KinerjaError into its lines and exit 1; anything else into one line and a log."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
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
            log = _write_log(kwargs.get("workspace"))
            click.echo(
                f"Galat tak terduga: {type(exc).__name__}: {exc}. Rincian ditulis ke {log}",
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
        log.write_text(traceback.format_exc(), encoding="utf-8")
    except OSError:
        log = Path(tempfile.gettempdir()) / "kinerja-galat.log"
        log.write_text(traceback.format_exc(), encoding="utf-8")
    return log


def _today(value: dt.datetime | None) -> dt.date:
    return value.date() if value else dt.date.today()


def _show(files: list[Path], workspace: Path) -> None:
    for path in files:
        try:
            shown = path.relative_to(workspace)
        except ValueError:
            shown = path
        click.echo(f"  {shown}")


def _warnings(lines: list[str]) -> None:
    if lines:
        click.echo(f"Peringatan ({len(lines)}):")
        for line in lines:
            click.echo(f"  - {line}")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
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
    from pipeline.workspace import init_workspace

    files = init_workspace(folder, dt.date.today().year)
    click.echo(f"Workspace baru dibuat di {folder}:")
    _show(files, folder)
    click.echo("Isi kinerja.toml dan Perjanjian Kinerja, lalu jalankan 'kinerja format-isian'.")


@cli.command("format-isian")
@periode_options
@handle_errors
def format_isian(workspace: Path, tahun: int, triwulan: int) -> None:
    """Membuat Format Isian Data Kinerja dan Format Pengukuran Kinerja untuk setiap unit.

    Setiap unit mendapat berkas .xlsx untuk diisi (hanya Realisasi dan Keterangan yang
    dapat diubah) dan .docx untuk dicetak.

    Contoh: kinerja format-isian --tahun 2024 --triwulan 3
    """
    from pipeline.forms import make_forms

    periode = Periode(tahun, triwulan)
    with quarter_lock(workspace, periode):
        hasil = make_forms(workspace, periode)
    click.echo(f"Format isian {periode.label} ({len(hasil.files)} berkas):")
    _show(hasil.files, workspace)


@cli.command()
@periode_options
@tanggal_option
@handle_errors
def himpun(workspace: Path, tahun: int, triwulan: int, tanggal: dt.datetime | None) -> None:
    """Menghimpun formulir terisi dari inputs/<tahun>/TW<n>/ menjadi data kinerja triwulan.

    Contoh: kinerja himpun --tahun 2024 --triwulan 3
    """
    periode = Periode(tahun, triwulan)
    with quarter_lock(workspace, periode):
        _himpun(workspace, periode, _today(tanggal))


def _himpun(workspace: Path, periode: Periode, tanggal: dt.date) -> None:
    from pipeline.collect import himpun as collect

    himpunan, files = collect(workspace, periode, tanggal)
    click.echo(
        f"Data kinerja {periode.label}: {len(himpunan.returned)} unit sudah menyampaikan "
        f"formulir, {len(himpunan.missing)} belum."
    )
    for unit, source in himpunan.returned.items():
        click.echo(f"  [v] {unit}: {source}")
    for unit in himpunan.missing:
        click.echo(f"  [ ] {unit}: belum menyampaikan")
    _warnings([str(m) for m in himpunan.warnings])
    click.echo("Ditulis:")
    _show(files, workspace)


@cli.command()
@periode_options
@tanggal_option
@handle_errors
def olah(workspace: Path, tahun: int, triwulan: int, tanggal: dt.datetime | None) -> None:
    """Mengolah data kinerja menjadi draft Pengukuran, Laporan dan Format Isian terisi.

    Contoh: kinerja olah --tahun 2024 --triwulan 3 --tanggal 2024-10-07
    """
    periode = Periode(tahun, triwulan)
    with quarter_lock(workspace, periode):
        _olah(workspace, periode, _today(tanggal))


def _olah(workspace: Path, periode: Periode, tanggal: dt.date) -> None:
    from pipeline.documents import olah as render

    hasil = render(workspace, periode, tanggal)
    click.echo(f"Draft dokumen {periode.label} ({len(hasil.files)} berkas):")
    _show(hasil.files, workspace)
    _warnings(hasil.warnings)


@cli.command()
@periode_options
@tanggal_option
@handle_errors
def proses(workspace: Path, tahun: int, triwulan: int, tanggal: dt.datetime | None) -> None:
    """Menghimpun formulir lalu membuat semua draft dokumen triwulan (himpun + olah).

    Contoh: kinerja proses --tahun 2024 --triwulan 3
    """
    periode = Periode(tahun, triwulan)
    with quarter_lock(workspace, periode):
        _himpun(workspace, periode, _today(tanggal))
        _olah(workspace, periode, _today(tanggal))


def main() -> None:
    cli(prog_name="kinerja")
