"""kinerja.toml: who the office is and who signs."""

from __future__ import annotations

import difflib
import functools
import itertools
import math
import tomllib
import warnings
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from pipeline.domain.errors import ConfigError
from pipeline.domain.model import DEFAULT_BATAS_CAPAIAN, DEFAULT_PREDIKAT
from pipeline.domain.teks import bersihkan, pesan_dibuang
from pipeline.inputs import CONFIG_NAME

BATAS_KEY = "batas_capaian"

_INSTANSI_KEYS = {
    "pemerintah": True,
    "nama": True,
    "alamat": True,
    "kode_pos": True,
    "kota": True,
    "telepon": False,
    "email": False,
    "website": False,
    "logo": False,
}
_PEJABAT_KEYS = {"jabatan": True, "nama": True, "nip": True, "pangkat": False, "status": False}
_PEJABAT_ROLES = {
    "camat": True,
    "sekretaris": False,
    "kasubbag_perencanaan": False,
    "bupati": False,
}
# an acting official signs as such: Pelaksana Tugas / Pelaksana Harian
STATUS_PEJABAT = ("Plt.", "Plh.")
_UNIT_KEYS = {
    "nama": True,
    "jabatan": False,
    "kepala": False,
    "nip": False,
    "pangkat": False,
    "status": False,
}
_TOP_KEYS = {"instansi", "pejabat", "unit", "predikat", "dokumen", "profil"}
_PROFIL_TEXT = {"peraturan_bupati", "tugas"}
_PROFIL_LISTS = {"fungsi", "isu_strategis"}
_PROFIL_TABLES = {"wilayah", "pegawai"}
_WILAYAH_KEYS = {"desa", "kelurahan", "luas_km2", "penduduk"}
_PEGAWAI_KEYS = {"golongan", "pendidikan"}
# keys whose value may be written as a TOML number (digits only); every other value is text
_NUMBER_KEYS = {"nip", "kode_pos", "telepon"}
_LOGO_MAX_BYTES = 5 * 1024 * 1024


@dataclass(frozen=True)
class Pejabat:
    """An official who signs: jabatan, name, NIP (as text), pangkat/golongan."""

    jabatan: str
    nama: str
    nip: str
    pangkat: str = ""
    # "Plt." or "Plh." for an acting official, printed before the jabatan
    status: str = ""


@dataclass(frozen=True)
class Instansi:
    """The office named in the kop surat."""

    pemerintah: str
    nama: str
    alamat: str
    kode_pos: str
    kota: str
    telepon: str = ""
    email: str = ""
    website: str = ""
    logo: Path | None = None


@dataclass(frozen=True)
class UnitKerja:
    """A section (Seksi/Subbag) and, when known, its head who signs its Format Isian."""

    nama: str
    kepala: Pejabat | None = None


@dataclass(frozen=True)
class Profil:
    """The office's profile for BAB I of the Laporan (all optional; what is absent is left
    out of the document). `contoh` marks sample values, and the Laporan says so."""

    contoh: bool = False
    peraturan_bupati: str = ""
    tugas: str = ""
    fungsi: tuple[str, ...] = ()
    isu_strategis: tuple[str, ...] = ()
    desa: int | None = None
    kelurahan: int | None = None
    luas_km2: Decimal | None = None
    penduduk: int | None = None
    golongan: tuple[tuple[str, int], ...] = ()
    pendidikan: tuple[tuple[str, int], ...] = ()


KERTAS = {"F4": (215.0, 330.0), "A4": (210.0, 297.0)}
HURUF = ("Arial", "Bookman Old Style")
_DOKUMEN_KEYS = {"kertas", "huruf", "margin_atas", "margin_kanan", "margin_bawah", "margin_kiri"}


@dataclass(frozen=True)
class Tampilan:
    """How documents are laid out: paper, typeface, margins (cm), and the emblem of the kop."""

    kertas: str = "F4"
    huruf: str = "Arial"
    margin: tuple[float, float, float, float] = (3.0, 2.5, 2.5, 3.0)  # atas, kanan, bawah, kiri
    logo: Path | None = None

    @property
    def ukuran_mm(self) -> tuple[float, float]:
        return KERTAS[self.kertas]


@dataclass(frozen=True)
class Config:
    """The whole of kinerja.toml, checked."""

    path: Path
    instansi: Instansi
    camat: Pejabat
    sekretaris: Pejabat | None = None
    kasubbag_perencanaan: Pejabat | None = None
    # the Bupati, Pihak Kedua of the office's Perjanjian Kinerja
    bupati: Pejabat | None = None
    units: tuple[UnitKerja, ...] = ()
    predikat: tuple[tuple[Decimal, str], ...] = DEFAULT_PREDIKAT
    tampilan: Tampilan = field(default_factory=Tampilan)
    batas_capaian: Decimal = DEFAULT_BATAS_CAPAIAN
    profil: Profil = field(default_factory=Profil)
    # what was noticed but did not stop the run (characters dropped from values)
    peringatan: tuple[str, ...] = ()

    def unit(self, nama: str) -> UnitKerja | None:
        """The configured unit of this name, if any."""
        return next((u for u in self.units if u.nama == nama), None)


def load_config(workspace: Path) -> Config:
    """Read and check all of `kinerja.toml` in the workspace (types, finite numbers, a logo that
    is a readable PNG or JPEG, unit names that make distinct file names), so that no step
    writes anything before a bad value is found."""
    path = workspace / CONFIG_NAME
    if not path.is_file():
        raise ConfigError(
            f"{path}: berkas konfigurasi tidak ditemukan; buat dengan 'kinerja init {workspace}' "
            "atau jalankan dari folder workspace (--workspace)"
        )
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: penulisan TOML salah ({_translate_toml(exc)})") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: simpan berkas sebagai UTF-8") from None
    reader = _Reader(path)
    reader.check_keys(data, _TOP_KEYS, "")
    instansi_raw = reader.table(data, "instansi", required=True)
    instansi_values = reader.fields(instansi_raw, _INSTANSI_KEYS, "instansi")
    logo = instansi_values.pop("logo", "")
    instansi = Instansi(**instansi_values, logo=(workspace / logo) if logo else None)
    if instansi.logo is not None:
        _check_logo(reader, instansi.logo, logo)
    pejabat_raw = reader.table(data, "pejabat", required=True)
    reader.check_keys(pejabat_raw, set(_PEJABAT_ROLES), "pejabat")
    pejabat = {
        role: _pejabat(reader, pejabat_raw, role, required)
        for role, required in _PEJABAT_ROLES.items()
    }
    units = _units(reader, data.get("unit", []))
    reader.check_placeholders()
    return Config(
        path=path,
        instansi=instansi,
        camat=pejabat["camat"],  # type: ignore[arg-type]
        sekretaris=pejabat["sekretaris"],
        kasubbag_perencanaan=pejabat["kasubbag_perencanaan"],
        bupati=pejabat["bupati"],
        units=units,
        predikat=_predikat(reader, _without(data.get("predikat"), BATAS_KEY)),
        batas_capaian=_batas_capaian(reader, data.get("predikat")),
        tampilan=_tampilan(reader, reader.table(data, "dokumen", required=False), instansi.logo),
        profil=_profil(reader, reader.table(data, "profil", required=False)),
        peringatan=tuple(reader.peringatan),
    )


class _Reader:
    """Checks tables and keys, naming the file and the key in every message."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.peringatan: list[str] = []
        self.contoh: list[str] = []  # placeholders of `kinerja init` still in the file

    def check_placeholders(self) -> None:
        """Every placeholder still in the file, in one message, so that one edit fixes them."""
        if self.contoh:
            lines = "".join(f"\n  - {line}" for line in self.contoh)
            raise self.fail(
                f"{len(self.contoh)} isian masih berisi contoh dari 'kinerja init'; isi dengan "
                f"nilai sebenarnya:{lines}"
            )

    def fail(self, message: str) -> ConfigError:
        return ConfigError(f"{self.path}: {message}")

    def table(self, data: dict[str, Any], key: str, required: bool) -> dict[str, Any]:
        value = data.get(key)
        if value is None:
            if required:
                raise self.fail(f"bagian [{key}] tidak ada; tambahkan bagian [{key}]")
            return {}
        if not isinstance(value, dict):
            raise self.fail(f"'{key}' harus berupa bagian [{key}]")
        return value

    def check_keys(self, table: dict[str, Any], known: set[str], where: str) -> None:
        for key in table:
            if key not in known:
                close = difflib.get_close_matches(key, sorted(known), n=1)
                hint = f"; maksud Anda '{close[0]}'?" if close else ""
                place = f"[{where}]" if where else "tingkat atas"
                raise self.fail(f"kunci '{key}' di {place} tidak dikenal{hint}")

    def fields(self, table: dict[str, Any], keys: dict[str, bool], where: str) -> dict[str, str]:
        self.check_keys(table, set(keys), where)
        values: dict[str, str] = {}
        for key, required in keys.items():
            value = table.get(key)
            if value is None or (isinstance(value, str) and not value.strip()):
                if required:
                    raise self.fail(f"kunci '{key}' di [{where}] belum diisi")
                continue
            numeric = isinstance(value, int) and not isinstance(value, bool) and value >= 0
            if not (isinstance(value, str) or (numeric and key in _NUMBER_KEYS)):
                raise self.fail(
                    f"kunci '{key}' di [{where}] harus teks dalam tanda kutip, "
                    f'mis. {key} = "{_CONTOH.get(key, "...")}"'
                )
            if isinstance(value, str):
                value = self.text(value, f"kunci '{key}' di [{where}]")
            if isinstance(value, str) and "..." in value:
                self.contoh.append(f"kunci '{key}' di [{where}]: '{value.strip()}'")
            values[key] = str(value).strip()
        return values

    def text(self, value: str, where: str) -> str:
        """The value without characters a document cannot hold; a warning names what went."""
        value, dropped = bersihkan(value)
        if dropped:
            self.peringatan.append(f"{self.path}: {where}: {pesan_dibuang(dropped)}")
        return value


_CONTOH = {"nama": "Nama Lengkap", "jabatan": "Camat", "pangkat": "Pembina (IV/a)"}


@functools.lru_cache(maxsize=8)
def _image_kind(path: Path, mtime_ns: int, size: int) -> str | None:
    """'PNG' or 'JPEG' when Pillow reads the whole picture, else None."""
    from PIL import Image

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                kind = image.format
                image.load()
    except Exception:  # Pillow raises many kinds for many kinds of bad file
        return None
    return kind if kind in ("PNG", "JPEG") else None


def _check_logo(reader: _Reader, path: Path, shown: str) -> None:
    if not path.is_file():
        raise reader.fail(f"[instansi] logo '{shown}' tidak ditemukan di workspace")
    stat = path.stat()
    if stat.st_size > _LOGO_MAX_BYTES:
        raise reader.fail(
            f"[instansi] logo '{shown}' lebih dari 5 MB; perkecil gambarnya (cukup 300 piksel)"
        )
    if _image_kind(path, stat.st_mtime_ns, stat.st_size) is None:
        raise reader.fail(
            f"[instansi] logo '{shown}' bukan gambar PNG atau JPEG yang dapat dibaca; buka "
            "lambangnya di program gambar dan simpan ulang sebagai .png"
        )


def _pejabat(reader: _Reader, table: dict[str, Any], role: str, required: bool) -> Pejabat | None:
    where = f"pejabat.{role}"
    raw = reader.table(table, role, required=required) if required else table.get(role)
    if raw is None:
        return None
    if not isinstance(raw, dict):
        raise reader.fail(f"'{role}' harus berupa bagian [{where}]")
    values = reader.fields(raw, _PEJABAT_KEYS, where)
    _check_nip(reader, values["nip"], where)
    values["status"] = _status(reader, values.get("status", ""), where)
    return Pejabat(**values)


def _status(reader: _Reader, value: str, where: str) -> str:
    """`Plt.`/`Plh.` (any case, dot optional), or empty for a definitive official."""
    if not value:
        return ""
    for status in STATUS_PEJABAT:
        if value.lower().rstrip(".") == status.lower().rstrip("."):
            return status
    raise reader.fail(
        f"status '{value}' di [{where}] tidak dikenal; tulis \"Plt.\" (Pelaksana Tugas) atau "
        '"Plh." (Pelaksana Harian), atau hapus kuncinya untuk pejabat definitif'
    )


def _check_nip(reader: _Reader, nip: str, where: str) -> None:
    digits = nip.replace(" ", "")
    if digits and set(digits) == {"0"}:
        reader.contoh.append(f"NIP di [{where}]: 000…")
        return
    if not (digits.isdigit() and len(digits) == 18):
        raise reader.fail(f"NIP '{nip}' di [{where}] harus 18 angka, tulis dalam tanda kutip")


def _units(reader: _Reader, raw: Any) -> tuple[UnitKerja, ...]:
    if not isinstance(raw, list):
        raise reader.fail("'unit' harus ditulis sebagai daftar [[unit]]")
    units = []
    for index, item in enumerate(raw, start=1):
        where = f"[unit] ke-{index}"
        if not isinstance(item, dict):
            raise reader.fail(f"{where} harus berupa bagian [[unit]]")
        values = reader.fields(item, _UNIT_KEYS, where)
        kepala = None
        if "kepala" in values:
            nip = values.get("nip", "")
            if nip:
                _check_nip(reader, nip, where)
            kepala = Pejabat(
                jabatan=values.get("jabatan", f"Kepala {values['nama']}"),
                nama=values["kepala"],
                nip=nip,
                pangkat=values.get("pangkat", ""),
                status=_status(reader, values.get("status", ""), where),
            )
        units.append(UnitKerja(nama=values["nama"], kepala=kepala))
    _check_unit_names(reader, [u.nama for u in units])
    return tuple(units)


def _check_unit_names(reader: _Reader, names: list[str]) -> None:
    """Two [[unit]] whose names give the same file name would overwrite each other's forms."""
    from pipeline.domain.names import pembeda, slug_collision

    found = slug_collision(names)
    if found:
        first, second, stem = found
        raise reader.fail(
            f"[[unit]] '{first}' dan '{second}' menghasilkan nama berkas yang sama ('{stem}'), "
            f"sehingga formulirnya saling menimpa; {pembeda(second)}"
        )


def _predikat(reader: _Reader, raw: Any) -> tuple[tuple[Decimal, str], ...]:
    if raw is None:
        return DEFAULT_PREDIKAT
    if not isinstance(raw, dict) or not raw:
        raise reader.fail('[predikat] harus berisi pasangan "Nama Predikat" = batas bawah')
    bands = []
    for label, bound in raw.items():
        if isinstance(bound, bool) or not isinstance(bound, int | float):
            raise reader.fail(f"batas bawah predikat '{label}' harus angka, mis. 91")
        if not (math.isfinite(bound) and 0 <= bound <= 1000):
            raise reader.fail(
                f"batas bawah predikat '{label}' harus angka antara 0 dan 1000, mis. 91 "
                f"(bukan {bound})"
            )
        name = reader.text(label, "[predikat]").strip()
        if not name:
            raise reader.fail('[predikat] berisi nama predikat kosong; tulis mis. "Baik" = 76')
        bands.append((Decimal(repr(bound)) if isinstance(bound, float) else Decimal(bound), name))
    bands.sort(reverse=True)
    for (upper, high), (lower, low) in itertools.pairwise(bands):
        if upper == lower:
            shown = format(upper.normalize(), "f")
            raise reader.fail(
                f"predikat '{low}' dan '{high}' memakai batas bawah yang sama ({shown}); "
                "beri batas yang berbeda"
            )
    if bands[-1][0] > 0:
        raise reader.fail("[predikat] harus punya satu predikat dengan batas bawah 0")
    return tuple(bands)


def _without(raw: Any, key: str) -> Any:
    return {k: v for k, v in raw.items() if k != key} if isinstance(raw, dict) else raw


def _batas_capaian(reader: _Reader, raw: Any) -> Decimal:
    """The ceiling on each indicator's capaian when averaging (`[predikat] batas_capaian`)."""
    value = raw.get(BATAS_KEY, None) if isinstance(raw, dict) else None
    if value is None:
        return DEFAULT_BATAS_CAPAIAN
    if isinstance(value, bool) or not isinstance(value, int | float) or not 100 <= value <= 200:
        raise reader.fail(
            f"{BATAS_KEY} di [predikat] harus angka persen antara 100 dan 200, mis. 100"
        )
    return Decimal(str(value))


def _tampilan(reader: _Reader, raw: dict[str, Any], logo: Path | None) -> Tampilan:
    reader.check_keys(raw, _DOKUMEN_KEYS, "dokumen")
    kertas = str(raw.get("kertas", "F4")).upper()
    if kertas not in KERTAS:
        raise reader.fail(
            f'kertas \'{raw["kertas"]}\' di [dokumen] tidak dikenal; tulis "F4" atau "A4"'
        )
    huruf = str(raw.get("huruf", "Arial"))
    if huruf not in HURUF:
        raise reader.fail(
            f'huruf \'{huruf}\' di [dokumen] tidak dikenal; tulis "Arial" atau "Bookman Old Style"'
        )
    margin = []
    for key, default in zip(("atas", "kanan", "bawah", "kiri"), Tampilan.margin, strict=True):
        value = raw.get(f"margin_{key}", default)
        if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 6:
            raise reader.fail(f"margin_{key} di [dokumen] harus angka cm antara 0 dan 6, mis. 2.5")
        margin.append(float(value))
    return Tampilan(kertas, huruf, (margin[0], margin[1], margin[2], margin[3]), logo)


def _profil(reader: _Reader, raw: dict[str, Any]) -> Profil:
    """The optional [profil]: texts, lists of texts, and counts that are whole numbers."""
    reader.check_keys(raw, {"contoh", *_PROFIL_TEXT, *_PROFIL_LISTS, *_PROFIL_TABLES}, "profil")
    contoh = raw.get("contoh", False)
    if not isinstance(contoh, bool):
        raise reader.fail("kunci 'contoh' di [profil] harus true atau false")
    values: dict[str, Any] = {"contoh": contoh}
    for key in _PROFIL_TEXT:
        value = raw.get(key)
        if value is not None:
            values[key] = _profil_text(reader, value, f"kunci '{key}' di [profil]")
    for key in _PROFIL_LISTS:
        items = raw.get(key, [])
        if not isinstance(items, list):
            raise reader.fail(
                f"kunci '{key}' di [profil] harus daftar teks, mis. {key} = [\"...\"]"
            )
        texts = [_profil_text(reader, v, f"kunci '{key}' di [profil]") for v in items]
        values[key] = tuple(t for t in texts if t)
    wilayah = reader.table(raw, "wilayah", required=False)
    reader.check_keys(wilayah, _WILAYAH_KEYS, "profil.wilayah")
    for key, value in wilayah.items():
        values[key] = _profil_number(reader, value, key, "profil.wilayah", whole=key != "luas_km2")
    pegawai = reader.table(raw, "pegawai", required=False)
    reader.check_keys(pegawai, _PEGAWAI_KEYS, "profil.pegawai")
    for key in _PEGAWAI_KEYS:
        counts = reader.table(pegawai, key, required=False)
        values[key] = tuple(
            (str(name), _profil_number(reader, n, name, f"profil.pegawai.{key}", whole=True))
            for name, n in counts.items()
        )
    return Profil(**values)


def _profil_text(reader: _Reader, value: Any, where: str) -> str:
    if not isinstance(value, str):
        raise reader.fail(f"{where} harus teks dalam tanda kutip")
    return reader.text(value, where).strip()


def _profil_number(reader: _Reader, value: Any, key: str, where: str, whole: bool) -> Any:
    kind = (int,) if whole else (int, float)
    if isinstance(value, bool) or not isinstance(value, kind):
        what = "bilangan bulat" if whole else "angka"
        raise reader.fail(
            f"kunci '{key}' di [{where}] harus {what} tanpa tanda kutip, mis. {key} = 12"
        )
    if value < 0 or (isinstance(value, float) and not math.isfinite(value)):
        raise reader.fail(f"kunci '{key}' di [{where}] harus 0 atau lebih")
    return value if whole else Decimal(str(value))


def _translate_toml(exc: tomllib.TOMLDecodeError) -> str:
    text = str(exc)
    return (
        text.replace("at line", "baris").replace("column", "kolom").replace("at end of", "di akhir")
    )
