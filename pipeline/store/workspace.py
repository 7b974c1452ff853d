"""Where things live in a workspace. Every stage gets the workspace path passed in."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from pipeline.domain.errors import BerkasError
from pipeline.domain.periode import Periode
from pipeline.inputs import CONFIG_NAME

PERJANJIAN_STEM = "perjanjian-kinerja"


@dataclass(frozen=True)
class Workspace:
    """A folder holding kinerja.toml, inputs/ and outputs/."""

    root: Path

    def inputs(self, tahun: int) -> Path:
        return self.root / "inputs" / str(tahun)

    def returns_dir(self, periode: Periode) -> Path:
        """Where the filled forms of a quarter are put, as returned."""
        return self.inputs(periode.tahun) / periode.kode

    def outputs(self, periode: Periode) -> Path:
        """Everything the tool writes for a quarter."""
        return self.root / "outputs" / str(periode.tahun) / periode.kode

    def perjanjian_path(self, tahun: int) -> Path:
        """The Perjanjian Kinerja of the year, as .xlsx or .csv."""
        folder = self.inputs(tahun)
        for suffix in (".xlsx", ".csv"):
            candidate = folder / f"{PERJANJIAN_STEM}{suffix}"
            if candidate.is_file():
                return candidate
        raise BerkasError(
            f"{folder / (PERJANJIAN_STEM + '.xlsx')}: Perjanjian Kinerja tahun {tahun} tidak "
            "ditemukan; simpan sebagai perjanjian-kinerja.xlsx (atau .csv) di folder itu"
        )

    def data_kinerja(self, periode: Periode) -> Path:
        """The merged data of the quarter written by `himpun` (CSV; an .xlsx sits beside it)."""
        return self.outputs(periode) / f"data-kinerja-{periode.stem}.csv"

    def berkas_masuk(self, periode: Periode) -> Path:
        """When each return file was first seen with its present content (`himpun`)."""
        return self.outputs(periode) / "berkas-masuk.json"

    def draft(self, periode: Periode) -> Path:
        """The folder of the quarter's drafts (`olah`, the Lembar Verifikasi being checked)."""
        return self.outputs(periode) / "draft"

    def lembar_verifikasi(self, periode: Periode) -> Path:
        """The draft Lembar Verifikasi written by every `verifikasi`."""
        return self.draft(periode) / f"lembar-verifikasi-{periode.stem}.docx"

    def catatan_verifikasi(self, periode: Periode) -> Path:
        """The record of an accepted verification."""
        return self.outputs(periode) / "verifikasi.json"

    def temuan_terakhir(self, periode: Periode) -> Path:
        """The findings of the last check, to show what was fixed since."""
        return self.outputs(periode) / "temuan-verifikasi.json"

    def riwayat(self, periode: Periode) -> Path:
        """The quarter's command log."""
        return self.outputs(periode) / "riwayat.json"

    def revisi(self, periode: Periode, nomor: int) -> Path:
        """The folder of an approved revision."""
        return self.outputs(periode) / f"rev-{nomor}"

    def ekspor(self, periode: Periode) -> Path:
        """The files to enter into E-Kino and E-Monev."""
        return self.outputs(periode) / "ekspor"

    def arsip(self, periode: Periode, nomor: int) -> Path:
        """The archive zip of one approved revision."""
        return self.arsip_dir(periode.tahun) / f"{periode.stem}-rev{nomor}.zip"

    def arsip_dir(self, tahun: int) -> Path:
        """The year's archive folder."""
        return self.root / "outputs" / str(tahun) / "arsip"

    def lembar_kendali(self, periode: Periode) -> Path:
        """The Lembar Kendali SOP of the quarter (`status --docx`)."""
        return self.outputs(periode) / f"lembar-kendali-sop-{periode.stem}.docx"

    def nota_dinas(self, periode: Periode) -> Path:
        """The folder of the quarter's Nota Dinas and reminders."""
        return self.outputs(periode) / "nota-dinas"

    def sop(self) -> Path:
        """The SOP documents (`kinerja sop`)."""
        return self.root / "outputs" / "sop"


KINERJA_TOML = """\
# Konfigurasi kinerja untuk satu kantor. Ganti setiap "..." dan NIP 000… dengan nilai sebenarnya;
# kinerja menolak berjalan selama contoh itu masih ada. NIP ditulis dalam tanda kutip, 18 angka.

[instansi]
pemerintah = "PEMERINTAH KABUPATEN ..."   # baris pertama kop surat
nama = "KECAMATAN ..."                    # nama kantor, baris kedua kop surat
alamat = "Jalan ..."                      # alamat kantor
kode_pos = "....."
kota = "..."                              # tempat pada baris tanggal tanda tangan
# telepon = "(0526) ..."                  # tidak wajib
# email = "kecamatan@..."                 # tidak wajib
# website = "https://..."                 # tidak wajib
# logo = "templates/logo.png"             # lambang daerah untuk kop surat, tidak wajib

[pejabat.camat]
jabatan = "CAMAT ..."
nama = "..."
nip = "000000000000000000"
pangkat = ""                              # mis. "Pembina Tingkat I (IV/b)", tidak wajib

# Sekretaris menandatangani Lembar Verifikasi; Kasubbag Perencanaan dan Keuangan Lembar Kendali SOP.
[pejabat.sekretaris]
jabatan = "SEKRETARIS KECAMATAN ..."
nama = "..."
nip = "000000000000000000"

[pejabat.kasubbag_perencanaan]
jabatan = "KEPALA SUBBAGIAN PERENCANAAN DAN KEUANGAN"
nama = "..."
nip = "000000000000000000"

# Kepala unit yang menandatangani Format Isian; nama unit sama persis dengan Perjanjian Kinerja.
# [[unit]]
# nama = "Seksi Pemerintahan"
# jabatan = "Kepala Seksi Pemerintahan"
# kepala = "..."
# nip = "..."

# Batas bawah predikat capaian (persen). Hapus tanda # untuk mengubah.
# [predikat]
# "Sangat Baik" = 91
# "Baik" = 76
# "Cukup" = 66
# "Kurang" = 51
# "Sangat Kurang" = 0
"""


def init_workspace(folder: Path, tahun: int) -> list[Path]:
    """A new workspace: a commented kinerja.toml and an empty Perjanjian Kinerja workbook."""
    import datetime as dt
    import io

    from pipeline.inputs.xlsx import tanpa_numpy

    tanpa_numpy()
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from pipeline.inputs.config import CONFIG_NAME
    from pipeline.inputs.perjanjian import COLUMN_TITLES
    from pipeline.store.ooxml import stable_package, write_all_atomic
    from pipeline.store.sheets import tulis_baris

    config = folder / CONFIG_NAME
    if config.exists():
        raise BerkasError(f"{config}: sudah ada; pilih folder lain agar isinya tidak tertimpa")
    perjanjian = folder / "inputs" / str(tahun) / f"{PERJANJIAN_STEM}.xlsx"
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Perjanjian Kinerja"
    for cell in tulis_baris(sheet, 1, COLUMN_TITLES):
        cell.font = Font(bold=True)
        sheet.column_dimensions[cell.column_letter].width = 14 if cell.column > 4 else 32
    buffer = io.BytesIO()
    workbook.save(buffer)
    from pipeline.inputs.bundled import bundled_dir

    files = {
        config: KINERJA_TOML.encode("utf-8"),
        perjanjian: stable_package(buffer.getvalue(), dt.date(tahun, 1, 1)),
    }
    sops = [folder / "sop" / source.name for source in sorted(bundled_dir("sop").glob("*.toml"))]
    files |= {target: (bundled_dir("sop") / target.name).read_bytes() for target in sops}
    write_all_atomic(files)  # a workspace half made would refuse a second `init`
    for name in ("templates/docx", "outputs"):
        (folder / name).mkdir(parents=True, exist_ok=True)
    return [config, perjanjian, *sops]


def expand_workspaces(folders: Iterable[Path], semua: bool = False) -> list[Path]:
    """Each folder as a workspace, or, when it holds no kinerja.toml and `semua` was asked for
    (`--semua`), the workspaces inside it; without `semua` such a folder is an error, so that a
    run in the wrong folder does not process every office under it."""
    found: list[Path] = []
    for folder in folders:
        if (folder / CONFIG_NAME).is_file():
            found.append(folder)
            continue
        if not semua:
            raise BerkasError(
                f"{folder}: bukan workspace (tidak ada {CONFIG_NAME}); jalankan di folder "
                "workspace, atau tambahkan --semua untuk memproses setiap workspace di dalam "
                "folder ini"
            )
        inner = (
            sorted(p for p in folder.iterdir() if (p / CONFIG_NAME).is_file())
            if (folder.is_dir())
            else []
        )
        if not inner:
            raise BerkasError(
                f"{folder}: bukan workspace (tidak ada {CONFIG_NAME}) dan tidak berisi workspace"
            )
        found.extend(inner)
    return found
