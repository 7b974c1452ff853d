"""The quarter's record of SOP step dates, inputs/<tahun>/TW<n>/kegiatan.toml: reading,
writing, and the date a step takes from it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pipeline.domain import formatting, jadwal
from pipeline.domain.errors import ConfigError, KinerjaError, TanggalError
from pipeline.domain.jadwal import (
    LANGKAH,
    NAME,
    Tercatat,
    masuk_akal,
    periksa_jendela,
    tidak_sebelum,
)
from pipeline.domain.periode import Periode
from pipeline.inputs import toml_tersimpan
from pipeline.store.workspace import Workspace


def record_path(returns_dir: Path) -> Path:
    return returns_dir / NAME


def baca(returns_dir: Path) -> dict[str, Tercatat]:
    """Every recorded step of the quarter, by step key."""
    path = record_path(returns_dir)
    if not path.is_file():
        return {}
    try:
        data = toml_tersimpan.loads(path.read_text(encoding="utf-8"))
    except ValueError as exc:  # tomllib.TOMLDecodeError, UnicodeDecodeError
        raise ConfigError(
            f"{path}: penulisan TOML salah ({exc}); perbaiki atau hapus berkasnya"
        ) from None
    out = {}
    for key, entry in data.items():
        tanggal = entry.get("tanggal") if isinstance(entry, dict) else None
        if key not in LANGKAH or type(tanggal) is not dt.date:
            raise ConfigError(
                f"{path}: [{key}] harus langkah yang dikenal dengan tanggal = YYYY-MM-DD "
                "(tanpa tanda kutip); perbaiki dengan 'kinerja catat'"
            )
        jam = entry.get("jam")
        out[key] = Tercatat(
            key,
            tanggal,
            jam if isinstance(jam, dt.time) else None,
            str(entry.get("oleh", "")),
        )
    return out


def periksa_catatan(
    periode: Periode, returns_dir: Path, tercatat: Tercatat, paksa: bool = False
) -> None:
    """Refuse a step's date that cannot be right: outside the quarter's window (signed steps:
    after the quarter ends; the others: from its last month on), or before a step that comes
    earlier in the SOP, or after one that comes later, as recorded."""
    apa = LANGKAH[tercatat.langkah]
    if not tercatat.oleh.strip():
        raise KinerjaError(f"--oleh kosong: tulis siapa yang melakukan {apa}")
    if tercatat.langkah in ("verifikasi", "sahkan"):
        periksa_jendela(periode, tercatat.tanggal, apa, paksa)
    elif not paksa and not masuk_akal(periode, tercatat.tanggal):
        raise TanggalError(
            f"tanggal {apa} {formatting.tanggal(tercatat.tanggal)} di luar masa {periode.label}; "
            "periksa --tanggal (YYYY-MM-DD), atau tambahkan --paksa bila tanggal itu memang benar"
        )
    order = list(LANGKAH)
    position = order.index(tercatat.langkah)
    for key, other in baca(returns_dir).items():
        before = order.index(key) < position
        if key == tercatat.langkah or (
            key in ("ekspor", "arsip")
            and tercatat.langkah
            in (
                "ekspor",
                "arsip",
            )
        ):
            continue
        if before and tercatat.tanggal < other.tanggal:
            tidak_sebelum(tercatat.tanggal, other.tanggal, apa, f"tanggal {LANGKAH[key]}")
        if not before and tercatat.tanggal > other.tanggal:
            raise TanggalError(
                f"tanggal {apa} ({formatting.tanggal(tercatat.tanggal)}) tidak boleh sesudah "
                f"tanggal {LANGKAH[key]} ({formatting.tanggal(other.tanggal)}) yang sudah "
                "dicatat; beri --tanggal yang benar atau betulkan catatan langkah itu"
            )


def catat(returns_dir: Path, tercatat: Tercatat) -> Path:
    """Record (or correct) one step's date in the quarter's kegiatan.toml."""
    import tomli_w

    steps = baca(returns_dir)
    steps[tercatat.langkah] = tercatat
    data: dict[str, dict[str, object]] = {}
    for key in LANGKAH:  # always in SOP order, so the file reads as the quarter went
        if key in steps:
            item = steps[key]
            entry: dict[str, object] = {"tanggal": item.tanggal}
            if item.jam is not None:
                entry["jam"] = item.jam
            if item.oleh:
                entry["oleh"] = item.oleh
            data[key] = entry
    header = (
        "# Tanggal setiap langkah SOP triwulan ini dan siapa yang melakukannya.\n"
        "# Ditulis oleh 'kinerja catat' dan oleh langkah kinerja yang diberi --tanggal.\n\n"
    )
    path = record_path(returns_dir)
    from pipeline.store.ooxml import write_atomic

    write_atomic(path, (header + tomli_w.dumps(data)).encode("utf-8"))
    return path


def tanggal_langkah(
    periode: Periode,
    returns_dir: Path,
    langkah: str,
    diberikan: dt.date | None,
    *,
    paling_awal: dt.date | None = None,
    hari_ini: dt.date,
) -> tuple[dt.date, bool]:
    """The date of a step that signs nothing (format-isian, himpun, olah) and whether to record
    it: the date given; else the recorded one, unless the step is being done again after
    `paling_awal` (new returns came in); else today when today can belong to the quarter, else
    `paling_awal`. With none of these (today long after the quarter, nothing recorded), the
    step asks for its date rather than print one that cannot be right."""
    if diberikan is not None:
        return diberikan, True
    recorded = baca(returns_dir).get(langkah)
    if recorded is not None and (paling_awal is None or recorded.tanggal >= paling_awal):
        return recorded.tanggal, False
    if masuk_akal(periode, hari_ini) and (paling_awal is None or hari_ini >= paling_awal):
        return hari_ini, True
    if paling_awal is not None:
        return paling_awal, True
    raise TanggalError(
        f"tanggal {LANGKAH[langkah]} {periode.label} belum dicatat dan hari ini "
        f"({formatting.tanggal(hari_ini)}) di luar masa triwulan itu; beri --tanggal YYYY-MM-DD"
    )


def tanggal_tanda_tangan(
    periode: Periode, returns_dir: Path, langkah: str, diberikan: dt.date | None, paksa: bool
) -> dt.date:
    """The date of a signed paper: given, else recorded, never the clock; within the quarter's
    plausible window unless `paksa`."""
    apa = LANGKAH[langkah]
    tanggal = diberikan
    if tanggal is None:
        recorded = baca(returns_dir).get(langkah)
        if recorded is None:
            raise TanggalError(
                f"tanggal {apa} belum dicatat; beri --tanggal YYYY-MM-DD (tanggal pada tanda "
                "tangan)"
            )
        tanggal = recorded.tanggal
    periksa_jendela(periode, tanggal, apa, paksa)
    return tanggal


_ROLE_DEFAULT = {
    "kasubbag": "Kasubbag Perencanaan dan Keuangan",
    "sekretaris": "Sekretaris",
    "camat": "Camat",
}


def pelaksana(workspace: Path, role: str) -> str:
    """Who does a step, by the official's name from kinerja.toml, else by the role."""
    from pipeline.inputs.config import load_config  # not imported for `status`, which reads only

    config = load_config(workspace)
    pejabat = {
        "kasubbag": config.kasubbag_perencanaan,
        "sekretaris": config.sekretaris,
        "camat": config.camat,
    }[role]
    return pejabat.nama if pejabat else _ROLE_DEFAULT[role]


def rekam(workspace: Path, periode: Periode, langkah: str, tanggal: dt.date, role: str) -> None:
    """Record the date of a step kinerja just did, and who does that step."""
    tercatat = jadwal.Tercatat(langkah, tanggal, None, pelaksana(workspace, role))
    catat(Workspace(workspace).returns_dir(periode), tercatat)


def tanggal_tanpa_tanda_tangan(
    workspace: Path,
    periode: Periode,
    langkah: str,
    diberikan: dt.date | None,
    hari_ini: dt.date,
    paling_awal: dt.date | None = None,
) -> dt.date:
    """The date of a step that signs nothing (see `rekaman.tanggal_langkah`), recorded when it
    was given or newly chosen."""
    returns_dir = Workspace(workspace).returns_dir(periode)
    when, record = tanggal_langkah(
        periode, returns_dir, langkah, diberikan, paling_awal=paling_awal, hari_ini=hari_ini
    )
    if record:
        rekam(workspace, periode, langkah, when, "kasubbag")
    return when
