"""The Perjanjian Kinerja: the year's signed indicators and targets, one row per indicator."""

from __future__ import annotations

import functools
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

from pipeline.domain.errors import InputError, Lokasi, Masalah
from pipeline.domain.model import Akumulasi, Indikator, Polaritas, skor_predikat
from pipeline.domain.names import pembeda, slug
from pipeline.inputs.grid import (
    Grid,
    GridError,
    Table,
    boleh_persen,
    normalise,
    read_grids_kept,
    visible_tables,
)
from pipeline.inputs.numbers import NumberError, angka_sel

HEADERS: dict[str, tuple[str, ...]] = {
    "unit": ("Unit", "Unit Kerja"),
    "sasaran": ("Sasaran", "Sasaran Strategis", "Sasaran Program"),
    "indikator": ("Indikator Kinerja", "Indikator"),
    "satuan": ("Satuan",),
    "polaritas": ("Polaritas",),
    "target_tahunan": ("Target Tahunan", "Target Tahun"),
    "tw1": ("Target TW I", "Target TW 1", "Target Triwulan I"),
    "tw2": ("Target TW II", "Target TW 2", "Target Triwulan II"),
    "tw3": ("Target TW III", "Target TW 3", "Target Triwulan III"),
    "tw4": ("Target TW IV", "Target TW 4", "Target Triwulan IV"),
    "akumulasi": ("Akumulasi",),
    "target_renstra": ("Target Akhir Renstra", "Target Renstra", "Target Akhir Periode Renstra"),
    "rumus": ("Rumus Capaian", "Rumus"),
    "berlaku": ("Berlaku Mulai TW", "Berlaku Mulai Triwulan", "Berlaku Mulai"),
    "program": ("Program/Kegiatan", "Program / Kegiatan", "Program", "Kegiatan"),
    "anggaran": ("Anggaran (Rp)", "Anggaran"),
}
REQUIRED = ("unit", "sasaran", "indikator", "satuan", "target_tahunan", "tw1", "tw2", "tw3", "tw4")
COLUMN_TITLES = [HEADERS[name][0] for name in HEADERS]
_AKUMULASI = {normalise(a.value): a for a in Akumulasi} | {"rata rata": Akumulasi.RATA_RATA}


def load_perjanjian(path: Path, triwulan: int | None = None) -> list[Indikator]:
    """Read and check the Perjanjian Kinerja; every problem is reported at once. Read once per
    process for as long as the file is unchanged (several quarters of a run use it).

    A PK Perubahan is a second row of the same unit and indikator with a later `Berlaku Mulai
    TW`: quarter `triwulan` is measured against the latest version in force then, whose targets
    of the quarters before it are those of the version it replaced. Without `triwulan`, the
    version in force at the end of the year."""
    stat = path.stat()
    rows = _load(path, stat.st_mtime_ns, stat.st_size)
    return berlaku(list(rows), 4 if triwulan is None else triwulan)


def versi_perjanjian(path: Path) -> list[int]:
    """The quarters from which a version of the Perjanjian Kinerja applies: [1] without a PK
    Perubahan, [1, 3] with one from TW III."""
    stat = path.stat()
    return sorted({1, *(i.berlaku_mulai for i in _load(path, stat.st_mtime_ns, stat.st_size))})


def berlaku(rows: list[Indikator], triwulan: int) -> list[Indikator]:
    """The indicators in force in `triwulan`, in the order they were first written; each
    version keeps the targets of the quarters before it from the version it replaced."""
    current: dict[tuple[str, str], Indikator] = {}
    for item in sorted(rows, key=lambda i: i.berlaku_mulai):  # stable: first-written order kept
        if item.berlaku_mulai > triwulan:
            continue
        key = (normalise(item.unit), normalise(item.nama))
        before = current.get(key)
        if before is not None:
            start = item.berlaku_mulai - 1
            targets = (*before.target_tw[:start], *item.target_tw[start:])
            item = replace(item, target_tw=targets)  # type: ignore[arg-type]
        current[key] = item
    order: dict[tuple[str, str], int] = {}
    for n, i in enumerate(rows):
        order.setdefault((normalise(i.unit), normalise(i.nama)), n)
    return sorted(current.values(), key=lambda i: order[(normalise(i.unit), normalise(i.nama))])


@functools.lru_cache(maxsize=8)
def _load(path: Path, mtime_ns: int, size: int) -> tuple[Indikator, ...]:
    return tuple(_read(path))


def _read(path: Path) -> list[Indikator]:
    try:
        grids = read_grids_kept(path)
    except GridError as exc:
        raise InputError([exc.masalah], "Perjanjian Kinerja tidak dapat dibaca") from None
    table = next(visible_tables(grids, HEADERS, REQUIRED), None)
    if table is None:
        raise InputError([_missing_columns(grids, path)], "Perjanjian Kinerja tidak lengkap")
    problems: list[Masalah] = []
    indikator: list[Indikator] = []
    seen: dict[tuple[str, str], int] = {}
    stems: dict[str, tuple[str, int]] = {}  # file name of a unit -> (unit, first row)
    for row, values in table.records():
        item = _indikator(table, row, values, problems)
        if item is None:
            continue
        if not _distinct_file_name(table, row, item.unit, stems, problems):
            continue
        key = (normalise(item.unit), normalise(item.nama), item.berlaku_mulai)
        if key in seen:
            versi = (
                f" dengan Berlaku Mulai TW {item.berlaku_mulai}" if item.berlaku_mulai > 1 else ""
            )
            problems.append(
                Masalah(
                    table.lokasi(row, "indikator"),
                    f"indikator '{item.nama}' unit '{item.unit}'{versi} sudah ada di baris "
                    f"{seen[key]}; hapus salah satu, atau isi kolom Berlaku Mulai TW bila "
                    "baris ini Perjanjian Kinerja Perubahan",
                )
            )
            continue
        seen[key] = row
        indikator.append(item)
    if not indikator and not problems:
        problems.append(Masalah(table.lokasi(None, None), "tidak ada indikator; isi tabelnya"))
    if problems:
        raise InputError(problems, "Perjanjian Kinerja bermasalah")
    return indikator


def _distinct_file_name(
    table: Table,
    row: int,
    unit: str,
    stems: dict[str, tuple[str, int]],
    problems: list[Masalah],
) -> bool:
    """Two units whose names make the same file name would overwrite each other's forms."""
    stem = slug(unit)
    other, first_row = stems.setdefault(stem, (unit, row))
    if other == unit:
        return True
    reported = f"{stem}\0{unit}"  # one problem per pair of names, not one per row
    if reported not in stems:
        stems[reported] = (unit, row)
        problems.append(
            Masalah(
                table.lokasi(row, "unit"),
                f"unit '{unit}' dan unit '{other}' (baris {first_row}) menghasilkan nama berkas "
                f"yang sama ('{stem}'), sehingga formulirnya saling menimpa; {pembeda(unit)}",
            )
        )
    return False


def _missing_columns(grids: list[Grid], path: Path) -> Masalah:
    """Name the columns missing from the sheet that came closest to being the table."""
    best: tuple[int, list[str], str | None] = (-1, list(REQUIRED), None)
    for grid in grids:
        for row in grid.rows:
            found = {
                name
                for value in row
                for name, aliases in HEADERS.items()
                if value is not None and normalise(value) in {normalise(a) for a in aliases}
            }
            if len(found) > best[0]:
                best = (len(found), [n for n in REQUIRED if n not in found], grid.sheet)
    missing = ", ".join(f"'{HEADERS[n][0]}'" for n in best[1])
    return Masalah(
        Lokasi(path.name, best[2]),
        f"kolom {missing} tidak ditemukan; baris judul tabel harus memuat kolom "
        + ", ".join(COLUMN_TITLES[:10]),
    )


def _indikator(
    table: Table, row: int, values: dict[str, object], problems: list[Masalah]
) -> Indikator | None:
    texts = {
        k: str(values.get(k) or "").strip() for k in ("unit", "sasaran", "indikator", "satuan")
    }
    for name, text in texts.items():
        if not text:
            problems.append(Masalah(table.lokasi(row, name), "kosong; isi sel ini"))
    polaritas = _polaritas(table, row, values.get("polaritas"), problems)
    if polaritas is not None and values.get("rumus") not in (None, ""):
        polaritas = _rumus(table, row, values["rumus"], problems)
    akumulasi = _AKUMULASI.get(normalise(values.get("akumulasi") or "terakhir"))
    if akumulasi is None:
        problems.append(
            Masalah(
                table.lokasi(row, "akumulasi"),
                f"'{values.get('akumulasi')}' tidak dikenal; tulis jumlah, terakhir atau rata-rata",
            )
        )
    numbers = _targets(table, row, values, texts["satuan"], polaritas, problems)
    berlaku_mulai = _berlaku(table, row, values.get("berlaku"), problems)
    anggaran = _anggaran(table, row, values, problems)
    if (
        len(numbers) < 6
        or not all(texts.values())
        or polaritas is None
        or akumulasi is None
        or berlaku_mulai is None
        or anggaran is False
    ):
        return None
    return Indikator(
        unit=texts["unit"],
        sasaran=texts["sasaran"],
        nama=texts["indikator"],
        satuan=texts["satuan"],
        polaritas=polaritas,
        target_tahunan=numbers["target_tahunan"],
        target_tw=(numbers["tw1"], numbers["tw2"], numbers["tw3"], numbers["tw4"]),
        # a predicate is a level: the year's is the latest quarter's
        akumulasi=Akumulasi.TERAKHIR if polaritas.predikat else akumulasi,
        target_renstra=numbers["target_renstra"],
        berlaku_mulai=berlaku_mulai,
        program=str(values.get("program") or "").strip(),
        anggaran=anggaran,  # type: ignore[arg-type]
    )


def _targets(
    table: Table,
    row: int,
    values: dict[str, object],
    satuan: str,
    polaritas: Polaritas | None,
    problems: list[Masalah],
) -> dict[str, Decimal | None]:
    """The targets of a row: numbers, or predicate texts scored (`Polaritas.predikat`)."""
    optional = ("target_renstra",) if "target_renstra" in table.columns else ()
    numbers: dict[str, Decimal | None] = {"target_renstra": None}
    for name in ("target_tahunan", "tw1", "tw2", "tw3", "tw4", *optional):
        try:
            if polaritas is not None and polaritas.predikat:
                number = skor_predikat(polaritas, values.get(name))
            else:
                number = angka_sel(table, row, values, name, boleh_persen(satuan))
        except ValueError as exc:  # NumberError is a ValueError
            problems.append(Masalah(table.lokasi(row, name), str(exc)))
            continue
        if number is not None and number < 0:
            problems.append(Masalah(table.lokasi(row, name), "target tidak boleh negatif"))
        numbers[name] = number
    return numbers


def _berlaku(table: Table, row: int, value: object, problems: list[Masalah]) -> int | None:
    """`Berlaku Mulai TW`: 1–4 or I–IV; empty is the original PK (TW I)."""
    from pipeline.domain.periode import parse_triwulan

    if value is None or not str(value).strip():
        return 1
    text = str(value).strip().upper().removeprefix("TW").strip()
    try:
        return parse_triwulan(text.removesuffix(".0"))
    except ValueError:
        problems.append(
            Masalah(
                table.lokasi(row, "berlaku"),
                f"'{value}' bukan triwulan; tulis 1–4 atau I–IV (kosongkan untuk PK awal)",
            )
        )
        return None


def _anggaran(
    table: Table, row: int, values: dict[str, object], problems: list[Masalah]
) -> Decimal | bool | None:
    """The optional budget of the row's program/kegiatan; False when it is not a number."""
    if "anggaran" not in table.columns:
        return None
    try:
        return angka_sel(table, row, values, "anggaran", False)
    except NumberError as exc:
        problems.append(Masalah(table.lokasi(row, "anggaran"), str(exc)))
        return False


_RUMUS = {
    "r/t": Polaritas.POSITIF,
    "positif": Polaritas.POSITIF,
    "(2t-r)/t": Polaritas.NEGATIF,
    "negatif": Polaritas.NEGATIF,
    "t/r": Polaritas.NEGATIF_RASIO,
    "negatif rasio": Polaritas.NEGATIF_RASIO,
    "negatif-rasio": Polaritas.NEGATIF_RASIO,
    "opini": Polaritas.OPINI,
    "predikat opini": Polaritas.OPINI,
    "nilai": Polaritas.NILAI,
    "predikat nilai": Polaritas.NILAI,
}


def _rumus(table: Table, row: int, value: object, problems: list[Masalah]) -> Polaritas | None:
    """`Rumus Capaian`: overrides Polaritas with one of the rules of the README."""
    text = " ".join(str(value).strip().lower().replace("−", "-").split())
    found = _RUMUS.get(text) or _RUMUS.get(text.replace(" ", ""))
    if found is None:
        problems.append(
            Masalah(
                table.lokasi(row, "rumus"),
                f"'{value}' tidak dikenal; tulis R/T, (2T-R)/T, T/R, opini (WTP/WDP/TW/TMP) "
                "atau nilai (AA/A/BB/B/CC/C/D/E)",
            )
        )
    return found


def _polaritas(table: Table, row: int, value: object, problems: list[Masalah]) -> Polaritas | None:
    text = normalise(value or "")
    if text in ("", "positif", "positive"):
        return Polaritas.POSITIF
    if text in ("negatif", "negative"):
        return Polaritas.NEGATIF
    problems.append(
        Masalah(
            table.lokasi(row, "polaritas"), f"'{value}' tidak dikenal; tulis positif atau negatif"
        )
    )
    return None
