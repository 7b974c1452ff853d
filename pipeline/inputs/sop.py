"""The office's SOPs as data (sop/*.toml): identity, requirements, and the steps with Mutu Baku."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from pipeline.domain.errors import ConfigError
from pipeline.inputs import toml_tersimpan
from pipeline.inputs.bundled import bundled_dir

SOP_DIR = "sop"
_UNITS = {
    "menit": dt.timedelta(minutes=1),
    "jam": dt.timedelta(hours=1),
    "hari": dt.timedelta(days=1),
}


@dataclass(frozen=True)
class Kegiatan:
    """One step of an SOP: who does it, and its Mutu Baku (kelengkapan, waktu, output)."""

    no: int
    uraian: str
    pelaksana: tuple[str, ...]
    kelengkapan: str
    waktu: str
    output: str
    simbol: str
    langkah: str
    keterangan: str = ""
    kembali_ke: int | None = None  # a keputusan's "Tidak" exit: the step it sends the work back to

    @property
    def batas_waktu(self) -> dt.timedelta | None:
        """The Mutu Baku waktu as a duration ('2 Hari' is two calendar days)."""
        return parse_waktu(self.waktu)


@dataclass(frozen=True)
class Sop:
    """One SOP document."""

    kode: str
    nomor: str
    nama: str
    tanggal_pembuatan: str
    tanggal_revisi: str
    tanggal_efektif: str
    dasar_hukum: tuple[str, ...]
    kualifikasi: tuple[str, ...]
    keterkaitan: tuple[str, ...]
    peralatan: tuple[str, ...]
    peringatan: str
    pencatatan: str
    pelaksana: tuple[str, ...]
    kegiatan: tuple[Kegiatan, ...]


def parse_waktu(text: str) -> dt.timedelta | None:
    match = re.fullmatch(r"\s*(\d+)\s*(menit|jam|hari)\s*", text.lower())
    if not match:
        return None
    return int(match.group(1)) * _UNITS[match.group(2)]


def sop_dir(workspace: Path) -> Path:
    """The workspace's own sop/ folder, else the SOPs shipped with kinerja."""
    own = workspace / SOP_DIR
    if own.is_dir() and any(own.glob("*.toml")):
        return own
    return bundled_dir("sop")


def load_sops(workspace: Path) -> list[Sop]:
    """Every SOP of the workspace, in file-name order."""
    folder = sop_dir(workspace)
    sops = [load_sop(path) for path in sorted(folder.glob("*.toml"))]
    if not sops:
        raise ConfigError(f"{workspace / SOP_DIR}: tidak ada berkas SOP (*.toml)")
    return sops


def load_sop(path: Path) -> Sop:
    try:
        data = toml_tersimpan.loads(path.read_text(encoding="utf-8"))
    except ValueError as exc:  # tomllib.TOMLDecodeError
        raise ConfigError(f"{path}: penulisan TOML salah ({exc})") from None
    try:
        steps = tuple(
            Kegiatan(
                no=int(item["no"]),
                uraian=item["uraian"],
                pelaksana=_tuple(item["pelaksana"]),
                kelengkapan=item.get("kelengkapan", ""),
                waktu=item.get("waktu", ""),
                output=item.get("output", ""),
                simbol=item.get("simbol", "proses"),
                langkah=item.get("langkah", ""),
                keterangan=item.get("keterangan", ""),
                kembali_ke=_kembali_ke(path, item),
            )
            for item in data["kegiatan"]
        )
        _check_kembali_ke(path, steps)
        return Sop(
            kode=data["kode"],
            nomor=data["nomor"],
            nama=data["nama"],
            tanggal_pembuatan=data.get("tanggal_pembuatan", ""),
            tanggal_revisi=data.get("tanggal_revisi", ""),
            tanggal_efektif=data.get("tanggal_efektif", ""),
            dasar_hukum=_tuple(data.get("dasar_hukum", [])),
            kualifikasi=_tuple(data.get("kualifikasi", [])),
            keterkaitan=_tuple(data.get("keterkaitan", [])),
            peralatan=_tuple(data.get("peralatan", [])),
            peringatan=data.get("peringatan", ""),
            pencatatan=data.get("pencatatan", ""),
            pelaksana=_tuple(data["pelaksana"]),
            kegiatan=steps,
        )
    except KeyError as exc:
        raise ConfigError(f"{path}: kunci {exc} tidak ada") from None


def _kembali_ke(path: Path, item: dict) -> int | None:
    value = item.get("kembali_ke")
    if value is None or (isinstance(value, int) and not isinstance(value, bool)):
        return value
    raise ConfigError(
        f"{path}: kegiatan no {item.get('no', '?')}: kembali_ke = {value!r} harus nomor "
        f"kegiatan tanpa tanda kutip, mis. kembali_ke = 4"
    )


def _check_kembali_ke(path: Path, steps: tuple[Kegiatan, ...]) -> None:
    """Every keputusan names an earlier step for its "Tidak" exit, and only a keputusan does."""
    earlier: list[int] = []
    for step in steps:
        numbers = ", ".join(str(n) for n in earlier) or "-"
        if step.simbol == "keputusan" and step.kembali_ke is None:
            raise ConfigError(
                f"{path}: kegiatan no {step.no} bersimbol keputusan tetapi tidak punya "
                f"kembali_ke; tulis nomor kegiatan yang diulang bila hasilnya Tidak, "
                f"mis. kembali_ke = {earlier[-1] if earlier else 1}"
            )
        if step.kembali_ke is not None and step.simbol != "keputusan":
            raise ConfigError(
                f"{path}: kegiatan no {step.no}: kembali_ke hanya untuk simbol keputusan; "
                f'hapus kembali_ke atau tulis simbol = "keputusan"'
            )
        if step.kembali_ke is not None and step.kembali_ke not in earlier:
            raise ConfigError(
                f"{path}: kegiatan no {step.no}: kembali_ke = {step.kembali_ke} bukan nomor "
                f"kegiatan sebelumnya; tulis salah satu dari {numbers}"
            )
        earlier.append(step.no)


def _tuple(value: str | list[str]) -> tuple[str, ...]:
    return (value,) if isinstance(value, str) else tuple(value)
