"""Stage `himpun`: read the filled forms of a quarter and merge them with the Perjanjian Kinerja."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path

from pipeline.domain.errors import InputError, Lokasi, Masalah
from pipeline.domain.formatting import angka
from pipeline.domain.formatting import tanggal as tanggal_teks
from pipeline.domain.jadwal import baca_tanggal, is_record, masuk_akal
from pipeline.domain.model import Indikator, Pengukuran, skor_predikat
from pipeline.domain.names import saran, slug
from pipeline.domain.periode import ROMAWI, Periode, parse_triwulan
from pipeline.inputs.grid import (
    SPREADSHEET_SUFFIXES,
    Grid,
    GridError,
    Table,
    boleh_persen,
    find_table,
    normalise,
    visible_tables,
)
from pipeline.inputs.grid import read_grids as _read_grids
from pipeline.inputs.input_file import not_regular
from pipeline.inputs.keuangan import is_keuangan
from pipeline.inputs.numbers import NumberError, angka_sel
from pipeline.inputs.rencana_aksi import RETURN_HEADERS as AKSI_HEADERS
from pipeline.inputs.rencana_aksi import RETURN_REQUIRED as AKSI_REQUIRED
from pipeline.inputs.rencana_aksi import Aksi, pelaksanaan

RETURN_HEADERS: dict[str, tuple[str, ...]] = {
    "unit": ("Unit", "Unit Kerja"),
    "indikator": ("Indikator Kinerja", "Indikator"),
    "target": ("Target", "Target Triwulan")
    + tuple(f"Target TW {r}" for r in ROMAWI.values())
    + tuple(f"Target TW {n}" for n in ROMAWI),
    "realisasi": ("Realisasi", "Realisasi Triwulan")
    + tuple(f"Realisasi TW {r}" for r in ROMAWI.values())
    + tuple(f"Realisasi TW {n}" for n in ROMAWI),
    "keterangan": ("Keterangan", "Ket", "Ket."),
    "tanggal": ("Tanggal", "Tanggal Pengisian", "Tanggal Isian"),
    "faktor_pendukung": ("Faktor Pendukung", "Pendukung"),
    "faktor_penghambat": ("Faktor Penghambat", "Penghambat", "Kendala"),
    "upaya": (
        "Upaya / Tindak Lanjut",
        "Upaya",
        "Tindak Lanjut",
        "Upaya dan Tindak Lanjut",
        "Rencana Tindak Lanjut",
    ),
    "bukti": ("Bukti Dukung", "Bukti", "Berkas Bukti Dukung"),
}
CAUSES = ("faktor_pendukung", "faktor_penghambat", "upaya")
REQUIRED = ("indikator", "realisasi")
_TANGGAL_LABELS = {normalise(label) for label in RETURN_HEADERS["tanggal"]}
_PERIOD = re.compile(r"triwulan (iv|iii|ii|i|[1-4]) tahun (\d{4})")


@dataclass
class Himpunan:
    """The merged data of one quarter: one measurement per indicator, and what was noticed."""

    periode: Periode
    pengukuran: list[Pengukuran]
    returned: dict[str, str]  # unit -> file name(s) of its return
    missing: list[str]
    warnings: list[Masalah] = field(default_factory=list)
    tanggal: dt.date | None = None  # when the collection was complete
    tanggal_baru: bool = False  # the date was given or found now, not read from the record
    aksi: list[Aksi] = field(default_factory=list)  # the quarter's Rencana Aksi, as reported
    bukti: dict[tuple[str, str], list[str]] = field(default_factory=dict)  # evidence files


@dataclass
class _Return:
    unit: str
    source: str
    rows: dict[str, tuple[int, dict[str, object], Table]]  # indikator key -> (row, values, table)
    lokasi: Lokasi | None = None
    path: Path | None = None
    tanggal: dt.date | None = None  # the unit's own date, typed in its return
    # rows of its Rencana Aksi sheet: (indikator, rencana aksi) keys -> (row, values, table)
    aksi: dict[tuple[str, str], tuple[int, dict[str, object], Table]] = field(default_factory=dict)


def tanggal_berkas(path: Path) -> dt.date:
    """The date a return file was last saved, as the file system says."""
    return dt.date.fromtimestamp(path.stat().st_mtime)


def collect_returns(
    folder: Path,
    periode: Periode,
    indikator: Sequence[Indikator],
    tanggal_file: Callable[[Path], dt.date] = tanggal_berkas,
    rencana: Sequence[Aksi] = (),
) -> Himpunan:
    """Read every return in `folder`; raise `InputError` listing every problem, or merge them.

    A unit's date is the `Tanggal` typed in its return, else `tanggal_file` of the file.
    `rencana` are the quarter's planned actions, whose carrying out the returns report."""
    units = list(dict.fromkeys(i.unit for i in indikator))
    problems: list[Masalah] = []
    warnings: list[Masalah] = []
    returns: dict[str, _Return] = {}
    for path in _return_files(folder, problems, warnings):
        for part in _read_return(path, periode, units, problems, warnings):
            if part.unit in returns:
                first = returns[part.unit].source
                same_file = first.startswith(path.name + " ")
                fix = (
                    "hapus salah satu sheet itu dari buku kerja"
                    if same_file
                    else "simpan hanya satu formulir per unit di folder ini"
                )
                problems.append(
                    Masalah(
                        part.lokasi or Lokasi(path.name),
                        f"unit '{part.unit}' sudah dikirim dalam {first}; {fix}",
                    )
                )
                continue
            returns[part.unit] = part
    dated = {
        unit: _unit_date(part, periode, tanggal_file, warnings) for unit, part in returns.items()
    }
    pengukuran = []
    by_unit: dict[str, dict[str, Indikator]] = {}
    for item in indikator:
        by_unit.setdefault(item.unit, {})[normalise(item.nama)] = item
    for unit, part in returns.items():
        for key, (row, _, table) in part.rows.items():
            if key not in by_unit[unit]:
                nama = str(table.grid.rows[row - 1][table.columns["indikator"]]).strip()
                problems.append(
                    Masalah(
                        table.lokasi(row, "indikator"),
                        f"indikator '{nama}' tidak ada dalam Perjanjian Kinerja unit '{unit}'"
                        + (saran(nama, (i.nama for i in by_unit[unit].values())) or "")
                        + "; perbaiki namanya sesuai Perjanjian Kinerja",
                    )
                )
    for item in indikator:
        part = returns.get(item.unit)
        measured = _measure(item, periode, part, problems, warnings)
        if part is not None:
            measured = replace(measured, tanggal_isian=dated.get(item.unit))
        pengukuran.append(measured)
    if problems:
        raise InputError(problems, f"Formulir {periode.label} bermasalah")
    missing = [u for u in units if u not in returns]
    for unit in missing:
        warnings.append(
            Masalah(
                None,
                f"unit '{unit}' belum menyampaikan formulir; indikatornya ditandai "
                "'belum dilaporkan'",
            )
        )
    returned = {u: returns[u].source for u in units if u in returns}
    himpunan = Himpunan(periode, pengukuran, returned, missing, warnings)
    himpunan.aksi = _aksi(rencana, returns, problems, warnings)
    himpunan.bukti = _bukti(folder, indikator, returns, warnings)
    if problems:
        raise InputError(problems, f"Formulir {periode.label} bermasalah")
    return himpunan


def _aksi(
    rencana: Sequence[Aksi],
    returns: dict[str, _Return],
    problems: list[Masalah],
    warnings: list[Masalah],
) -> list[Aksi]:
    """The planned actions with what each returning unit reported of them; an action a unit
    reported that was not planned is left out with a warning."""
    out = []
    used: set[tuple[str, tuple[str, str]]] = set()
    for plan in rencana:
        part = returns.get(plan.unit)
        key = (normalise(plan.indikator), normalise(plan.uraian))
        found = part.aksi.get(key) if part is not None else None
        if part is None or found is None:
            out.append(plan)
            continue
        used.add((plan.unit, key))
        row, values, table = found
        status = pelaksanaan(values.get("pelaksanaan"))
        if status is None:
            problems.append(
                Masalah(
                    table.lokasi(row, "pelaksanaan"),
                    f"'{values.get('pelaksanaan')}' tidak dikenal; tulis Terlaksana, Sebagian "
                    "atau Tidak terlaksana",
                )
            )
            status = ""
        out.append(replace(plan, pelaksanaan=status, catatan=_satu_baris(values.get("catatan"))))
    for part in returns.values():
        for key, (row, values, table) in part.aksi.items():
            if (part.unit, key) not in used:
                warnings.append(
                    Masalah(
                        table.lokasi(row, "uraian"),
                        f"rencana aksi '{values.get('uraian')}' tidak ada di Rencana Aksi "
                        "Perjanjian Kinerja triwulan ini; dilewati",
                    )
                )
    return out


def _satu_baris(value: object) -> str:
    return " ".join(str(value or "").split())


def _bukti(
    folder: Path,
    indikator: Sequence[Indikator],
    returns: dict[str, _Return],
    warnings: list[Masalah],
) -> dict[tuple[str, str], list[str]]:
    """The evidence files of every indicator of the returning units; names a return gives in
    its Bukti Dukung column that are not in bukti/<unit>/ are warned of."""
    from pipeline.inputs.bukti import FOLDER, baca_bukti

    bukti = baca_bukti(folder)
    warnings.extend(bukti.peringatan)
    out: dict[tuple[str, str], list[str]] = {}
    for item in indikator:
        part = returns.get(item.unit)
        if part is None:
            continue
        found = part.rows.get(normalise(item.nama))
        disebut = _text(found[1].get("bukti")) if found else ""
        files, missing = bukti.cocokkan(item.unit, item.nama, disebut)
        for name in missing:
            lokasi = found[2].lokasi(found[0], "bukti") if found else Lokasi(part.source)
            warnings.append(
                Masalah(
                    lokasi,
                    f"bukti dukung '{name}' tidak ada di folder {FOLDER}/{slug(item.unit)}/; "
                    "simpan berkasnya di sana atau perbaiki namanya",
                )
            )
        if files:
            out[(item.unit, item.nama)] = files
    return out


def _unit_date(
    part: _Return,
    periode: Periode,
    tanggal_file: Callable[[Path], dt.date],
    warnings: list[Masalah],
) -> dt.date | None:
    """A unit's date: typed in its return, else its file's date when that can belong to the
    quarter (a file copied long after says nothing of when the unit filled it)."""
    if part.tanggal is not None or part.path is None:
        return part.tanggal
    when = tanggal_file(part.path)
    if masuk_akal(periode, when):
        return when
    warnings.append(
        Masalah(
            Lokasi(part.source),
            f"tidak ada Tanggal di formulir dan tanggal berkasnya ({tanggal_teks(when)}) di luar "
            f"masa {periode.label}; Format Isian terisi unit ini memakai tanggal draft. Tulis "
            "tanggal pengisian di sel Tanggal formulir",
        )
    )
    return None


def _return_files(folder: Path, problems: list[Masalah], warnings: list[Masalah]) -> list[Path]:
    if not folder.is_dir():
        return []
    files = []
    for path in sorted(folder.iterdir()):
        if path.name.startswith(("~$", ".")):
            continue  # Excel's lock files and hidden files are not returns
        if path.name.lower() == "bukti" and path.is_dir() and not path.is_symlink():
            continue  # the units' evidence files (pipeline.inputs.bukti)
        kind = not_regular(path)
        if kind:  # a folder, FIFO, device or broken link: reading it could block or fail
            warnings.append(Masalah(Lokasi(path.name), f"{kind}; dilewati"))
            continue
        if is_keuangan(path):
            continue  # the finance report is read by `olah`
        if is_record(path):
            continue  # the quarter's record of SOP dates
        if path.suffix.lower() not in SPREADSHEET_SUFFIXES:
            problems.append(
                Masalah(
                    Lokasi(path.name),
                    "bukan lembar kerja (.xlsx atau .csv); pindahkan "
                    "berkas ini dari folder formulir atau simpan ulang sebagai .xlsx",
                )
            )
            continue
        files.append(path)
    return files


def _read_return(
    path: Path,
    periode: Periode,
    units: list[str],
    problems: list[Masalah],
    warnings: list[Masalah],
) -> list[_Return]:
    try:
        grids = _read_grids(path)
    except GridError as exc:
        problems.append(exc.masalah)
        return []
    tables = list(visible_tables(grids, RETURN_HEADERS, REQUIRED))
    if not tables:
        problems.append(
            Masalah(
                Lokasi(path.name),
                "tabel dengan kolom 'Indikator Kinerja' dan 'Realisasi' "
                "tidak ditemukan; pakai Format Isian yang dibagikan",
            )
        )
        return []
    parts: list[_Return] = []
    for table in tables:
        if not _period_matches(table, periode, problems):
            continue
        warnings.extend(table.grid.peringatan)
        parts.extend(_split_by_unit(table, path, units, problems))
    for grid in grids:
        aksi = find_table(grid, AKSI_HEADERS, AKSI_REQUIRED) if not grid.hidden else None
        if aksi is not None:
            _attach_aksi(aksi, path, parts, units, problems)
    return parts


def _attach_aksi(
    table: Table, path: Path, parts: list[_Return], units: list[str], problems: list[Masalah]
) -> None:
    """A Rencana Aksi sheet belongs to the unit named above it, else to the file's only unit."""
    unit = _unit_from_label(table, units, problems)
    if unit is None and len(parts) == 1:
        unit = parts[0].unit
    part = next((p for p in parts if p.unit == unit), None)
    if part is None:
        return  # the realisasi table already says which unit is unknown
    for row, values in table.records():
        if values.get("indikator") is None or values.get("uraian") is None:
            continue
        key = (normalise(values["indikator"]), normalise(values["uraian"]))
        part.aksi.setdefault(key, (row, values, table))


def _period_matches(table: Table, periode: Periode, problems: list[Masalah]) -> bool:
    """A form that names another quarter or year was put in the wrong folder."""
    for index in range(table.header_row):
        for value in table.grid.rows[index]:
            match = _PERIOD.search(normalise(value)) if isinstance(value, str) else None
            if not match:
                continue
            found = Periode(int(match.group(2)), parse_triwulan(match.group(1)))
            if found != periode:
                problems.append(
                    Masalah(
                        table.grid.lokasi(index + 1),
                        f"formulir ini untuk {found.label}, bukan {periode.label}; "
                        "pindahkan ke folder triwulannya",
                    )
                )
                return False
            return True
    return True


def _split_by_unit(
    table: Table, path: Path, units: list[str], problems: list[Masalah]
) -> list[_Return]:
    """Rows grouped by their unit: a Unit column, a 'Unit Kerja' label, the file or sheet name."""
    default = _unit_from_label(table, units, problems) or _unit_from_name(path, table.grid, units)
    tanggal = _tanggal_from_label(table, problems)
    parts: dict[str, _Return] = {}
    source = path.name if table.grid.sheet is None else f"{path.name} (sheet '{table.grid.sheet}')"
    for row, values in table.records():
        if values.get("indikator") is None:
            if values.get("realisasi") is not None:
                problems.append(
                    Masalah(
                        table.lokasi(row, "indikator"),
                        "realisasi tanpa nama indikator; isi nama indikatornya",
                    )
                )
            continue
        unit = default
        if values.get("unit") is not None:
            unit = _match_unit(str(values["unit"]), units, table.lokasi(row, "unit"), problems)
            if unit is None:
                continue
        if unit is None:
            problems.append(
                Masalah(
                    table.grid.lokasi(),
                    "unit kerja tidak diketahui; tulis nama unit di sel 'Unit Kerja', "
                    "tambahkan kolom 'Unit', atau beri nama berkas dengan nama unit",
                )
            )
            return []
        part = parts.setdefault(unit, _Return(unit, source, {}, table.grid.lokasi(), path, tanggal))
        if values.get("tanggal") is not None and part.tanggal is None:
            part.tanggal = _tanggal(values["tanggal"], table.lokasi(row, "tanggal"), problems)
        key = normalise(values["indikator"])
        if key in part.rows:
            problems.append(
                Masalah(
                    table.lokasi(row, "indikator"),
                    f"indikator '{values['indikator']}' sudah ada di baris "
                    f"{part.rows[key][0]}; hapus salah satu",
                )
            )
            continue
        part.rows[key] = (row, values, table)
    return list(parts.values())


def _unit_from_label(table: Table, units: list[str], problems: list[Masalah]) -> str | None:
    for index in range(table.header_row):
        row = table.grid.rows[index]
        for col, value in enumerate(row):
            if isinstance(value, str) and normalise(value) in ("unit kerja", "unit"):
                rest = [v for v in row[col + 1 :] if v is not None and str(v).strip(" :")]
                if rest:
                    text = str(rest[0]).strip().lstrip(":").strip()
                    return _match_unit(text, units, table.grid.lokasi(index + 1), problems)
            if isinstance(value, str) and normalise(value).startswith("unit kerja "):
                text = value.split(":", 1)[-1] if ":" in value else value[len("unit kerja") :]
                return _match_unit(text.strip(), units, table.grid.lokasi(index + 1), problems)
    return None


def _tanggal_from_label(table: Table, problems: list[Masalah]) -> dt.date | None:
    """The date written beside a 'Tanggal' label above the table (the Format Isian has one)."""
    for index in range(table.header_row):
        row = table.grid.rows[index]
        for col, value in enumerate(row):
            if isinstance(value, str) and normalise(value) in _TANGGAL_LABELS:
                rest = [v for v in row[col + 1 :] if v is not None and str(v).strip(" :")]
                if rest:
                    return _tanggal(rest[0], table.grid.lokasi(index + 1), problems)
    return None


def _tanggal(value: object, lokasi: Lokasi, problems: list[Masalah]) -> dt.date | None:
    try:
        return baca_tanggal(value)
    except ValueError as exc:
        problems.append(Masalah(lokasi, str(exc)))
        return None


def _unit_from_name(path: Path, grid: Grid, units: list[str]) -> str | None:
    """The longest unit name found in the file name, else the sheet name."""
    for text in (path.stem, grid.sheet or ""):
        name = normalise(text)
        found = [u for u in units if normalise(u) and normalise(u) in name]
        if found:
            return max(found, key=lambda u: len(normalise(u)))
    return None


def _match_unit(text: str, units: list[str], lokasi: Lokasi, problems: list[Masalah]) -> str | None:
    key = normalise(text)
    for unit in units:
        if normalise(unit) == key:
            return unit
    problems.append(
        Masalah(
            lokasi,
            f"unit '{text}' tidak ada dalam Perjanjian Kinerja"
            + saran(text, units)
            + "; tulis nama unit persis seperti di Perjanjian Kinerja",
        )
    )
    return None


def _measure(
    item: Indikator,
    periode: Periode,
    part: _Return | None,
    problems: list[Masalah],
    warnings: list[Masalah],
) -> Pengukuran:
    target = item.target(periode.triwulan)
    if not target:
        warnings.append(
            Masalah(
                None,
                f"target {periode.kode} '{item.nama}' ({item.unit}) kosong atau 0 di Perjanjian "
                "Kinerja; capaiannya ditandai '-'",
            )
        )
    if part is None:
        return Pengukuran(item, target, None, dilaporkan=False)
    found = part.rows.get(normalise(item.nama))
    if found is None:
        warnings.append(
            Masalah(
                Lokasi(part.source),
                f"indikator '{item.nama}' tidak ada di formulir; realisasinya dianggap belum diisi",
            )
        )
        return Pengukuran(item, target, None, sumber=part.source)
    row, values, table = found
    realisasi = _realisasi(table, row, values, problems, item)
    if realisasi is not None and realisasi < 0:
        problems.append(
            Masalah(
                table.lokasi(row, "realisasi"), "realisasi tidak boleh negatif; perbaiki angkanya"
            )
        )
    if realisasi is None and "realisasi" in table.columns:
        warnings.append(
            Masalah(
                table.lokasi(row, "realisasi"),
                f"realisasi '{item.nama}' kosong; capaian ditandai '-'",
            )
        )
    if "target" in values and values["target"] is not None:
        typed = _number(table, row, values, "target", [], item.satuan)
        if typed is not None and target is not None and typed != target:
            warnings.append(
                Masalah(
                    table.lokasi(row, "target"),
                    f"target di formulir ({angka(typed)}) berbeda dengan Perjanjian Kinerja "
                    f"({angka(target)}); yang dipakai target Perjanjian Kinerja",
                )
            )
    keterangan = values.get("keterangan")
    causes = {name: _text(values.get(name)) for name in CAUSES}
    return Pengukuran(
        item,
        target,
        realisasi,
        keterangan=_text(keterangan),
        sumber=part.source,
        **causes,
    )


def _text(value: object) -> str:
    return "" if value is None else str(value).strip()


def _number(
    table: Table,
    row: int,
    values: dict[str, object],
    name: str,
    problems: list[Masalah],
    satuan: str,
) -> Decimal | None:
    try:
        return angka_sel(table, row, values, name, boleh_persen(satuan))
    except NumberError as exc:
        problems.append(Masalah(table.lokasi(row, name), f"{exc}"))
        return None


def _realisasi(
    table: Table, row: int, values: dict[str, object], problems: list[Masalah], item: Indikator
) -> Decimal | None:
    """The realisasi typed: a number, or for a predicate indicator its text (or its score)."""
    if not item.polaritas.predikat or isinstance(values.get("realisasi"), int | float):
        return _number(table, row, values, "realisasi", problems, item.satuan)
    try:
        return skor_predikat(item.polaritas, values.get("realisasi"))
    except ValueError as exc:
        problems.append(Masalah(table.lokasi(row, "realisasi"), str(exc)))
        return None


def tambahan(himpunan: Himpunan) -> dict[tuple[str, str], list[str]]:
    """The Rencana Aksi and bukti dukung columns of the merged data, by (unit, indikator)."""
    from pipeline.inputs.bukti import gabung
    from pipeline.inputs.rencana_aksi import ke_kolom, per_indikator

    aksi = per_indikator(himpunan.aksi, himpunan.periode.triwulan)
    keys = dict.fromkeys([*aksi, *himpunan.bukti])
    return {k: [*ke_kolom(aksi.get(k, [])), gabung(himpunan.bukti.get(k, []))] for k in keys}
