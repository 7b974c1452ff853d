"""The Sekretaris's checks as rules on the data: findings (temuan) with their status, and the
completeness checklist of the Lembar Verifikasi."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

from pipeline.domain import formatting
from pipeline.domain.model import DEFAULT_BATAS_CAPAIAN, Pengukuran
from pipeline.domain.names import normalise, persen_satuan, slug

BATAS_ATAS = Decimal(120)


BATAS_BAWAH = Decimal(50)


HARUS = "harus diselesaikan"


DITERIMA = "diterima dengan catatan"


DIPERBAIKI = "sudah diperbaiki"


SERAPAN_NAMES = ("serapan anggaran", "penyerapan anggaran", "realisasi anggaran")


# rounding of the two figures may differ in the last decimal; more than this is a disagreement
SERAPAN_TOLERANSI = Decimal("0.05")


@dataclass(frozen=True)
class Temuan:
    """One finding of the verification. `jenis` names the check, so that a finding of an earlier
    check that no longer occurs can be shown as fixed."""

    unit: str
    indikator: str
    uraian: str
    memblokir: bool
    jenis: str = ""
    status: str = ""

    @property
    def kunci(self) -> tuple[str, str, str]:
        return (self.unit, self.indikator, self.jenis)


@dataclass(frozen=True)
class Kelengkapan:
    """One line of the completeness checklist: what was checked, and whether it holds."""

    uraian: str
    terpenuhi: bool | None  # None: does not apply
    keterangan: str = ""

    @property
    def hasil(self) -> str:
        return {True: "Ya", False: "Tidak", None: "Tidak berlaku"}[self.terpenuhi]


def is_serapan(p: Pengukuran) -> bool:
    """Whether an indicator measures budget absorption (compared with the finance report)."""
    name = normalise(p.indikator.nama)
    return persen_satuan(p.indikator.satuan) and any(n in name for n in SERAPAN_NAMES)


def periksa(
    data: Sequence[Pengukuran],
    batas: Decimal = DEFAULT_BATAS_CAPAIAN,
    serapan: Decimal | None = None,
) -> list[Temuan]:
    """Every finding, in the order of the data; unit-wide findings once per unit. `serapan` is
    the budget absorption of the quarter's Laporan Realisasi Keuangan, when there is one."""
    found: list[Temuan] = []
    missing_units: set[str] = set()
    for p in data:
        i = p.indikator
        if not p.dilaporkan:
            if i.unit not in missing_units:
                missing_units.add(i.unit)
                found.append(
                    Temuan(
                        i.unit,
                        "(semua indikator unit)",
                        "unit belum menyampaikan formulir",
                        True,
                        "belum-melapor",
                    )
                )
            continue
        found.extend(_periksa_indikator(p, batas, serapan))
    return found


def _periksa_indikator(p: Pengukuran, batas: Decimal, serapan: Decimal | None) -> list[Temuan]:
    i = p.indikator
    out: list[Temuan] = []

    def temuan(uraian: str, memblokir: bool, jenis: str) -> None:
        out.append(Temuan(i.unit, i.nama, uraian, memblokir, jenis))

    if p.realisasi is None:
        temuan("realisasi kosong", True, "realisasi-kosong")
        return out
    shown_real = formatting.angka(p.realisasi)
    if persen_satuan(i.satuan) and p.realisasi > 100:
        temuan(f"realisasi {shown_real}% melebihi 100% untuk satuan persen", True, "persen")
    if serapan is not None and is_serapan(p) and abs(p.realisasi - serapan) > SERAPAN_TOLERANSI:
        temuan(
            f"realisasi {shown_real}% berbeda dengan serapan anggaran pada Laporan Realisasi "
            f"Keuangan ({formatting.persen(serapan)}%); samakan angkanya atau jelaskan "
            "perbedaannya",
            True,
            "serapan",
        )
    if not p.target:
        temuan("target triwulan 0; capaian tidak dihitung", False, "target-nol")
        return out
    capaian = p.capaian
    assert capaian is not None
    shown = formatting.persen(capaian)
    explained = bool(p.keterangan.strip())
    if capaian > BATAS_ATAS:
        temuan(
            f"capaian {shown}% di atas 120%; periksa target dan realisasi"
            + ("" if explained else ", lalu beri keterangan"),
            not explained,
            "di-atas-120",
        )
    elif capaian > batas and not explained:
        temuan(
            f"capaian {shown}% di atas batas {formatting.angka(batas)}% tanpa keterangan "
            "penyebabnya",
            True,
            "di-atas-batas",
        )
    elif capaian < BATAS_BAWAH:
        temuan(
            f"capaian {shown}% di bawah 50%" + ("" if explained else " dan tanpa keterangan"),
            not explained,
            "di-bawah-50",
        )
    elif capaian < 100 and not explained:
        temuan(f"capaian {shown}% di bawah target tanpa keterangan", True, "di-bawah-target")
    return out


def periksa_bukti(
    data: Sequence[Pengukuran], bukti: dict[tuple[str, str], list[str]], ada: bool
) -> list[Temuan]:
    """A finding for every reported indicator without evidence, once the quarter keeps a bukti/
    folder (an office that does not collect evidence yet is not flooded with findings). It must
    be resolved, or accepted by the Sekretaris with a note, like any blocking finding."""
    if not ada:
        return []
    return [
        Temuan(
            p.indikator.unit,
            p.indikator.nama,
            f"bukti dukung tidak ada; simpan berkasnya di bukti/{slug(p.indikator.unit)}/ atau "
            "sebut namanya di kolom Bukti Dukung formulir",
            True,
            "bukti-dukung",
        )
        for p in data
        if p.dilaporkan
        and p.realisasi is not None
        and not bukti.get((p.indikator.unit, p.indikator.nama))
    ]


def beri_status(
    temuan: Sequence[Temuan], diterima: bool, sebelumnya: Sequence[Temuan] = ()
) -> list[Temuan]:
    """Each finding with its status: to be resolved, accepted with a note (the unit's
    Keterangan, or the Sekretaris's catatan when `diterima`), or fixed since the last check."""
    now = {t.kunci for t in temuan}
    out = [replace(t, status=HARUS if t.memblokir and not diterima else DITERIMA) for t in temuan]
    out += [
        replace(t, memblokir=False, status=DIPERBAIKI)
        for t in sebelumnya
        if t.kunci not in now and t.status != DIPERBAIKI
    ]
    return out


def kelengkapan(
    data: Sequence[Pengukuran],
    batas: Decimal,
    keuangan_ada: bool,
    serapan: Decimal | None,
    bukti: dict[tuple[str, str], list[str]] | None = None,
) -> list[Kelengkapan]:
    """The completeness checklist of the Lembar Verifikasi (the evidence line when `bukti` is
    given: the quarter keeps a bukti/ folder)."""
    units = list(dict.fromkeys(p.indikator.unit for p in data))
    missing = list(dict.fromkeys(p.indikator.unit for p in data if not p.dilaporkan))
    empty = [p for p in data if p.dilaporkan and p.realisasi is None]
    needing = [p for p in data if p.capaian is not None and (p.capaian < 100 or p.capaian > batas)]
    unexplained = [p for p in needing if not p.keterangan.strip()]
    serapan_rows = [p for p in data if is_serapan(p) and p.realisasi is not None]
    serapan_ok: bool | None = None
    if serapan_rows and serapan is not None:
        serapan_ok = all(abs(p.realisasi - serapan) <= SERAPAN_TOLERANSI for p in serapan_rows)  # type: ignore[operator]
    return [
        Kelengkapan(
            "Semua unit kerja telah menyampaikan formulir",
            not missing,
            f"{len(units) - len(missing)} dari {len(units)} unit"
            + (f"; belum: {', '.join(missing)}" if missing else ""),
        ),
        Kelengkapan(
            "Realisasi setiap indikator telah diisi",
            not empty,
            f"{len(empty)} indikator kosong" if empty else f"{len(data)} indikator",
        ),
        Kelengkapan(
            f"Setiap capaian di bawah 100% atau di atas {formatting.angka(batas)}% diberi "
            "keterangan",
            not unexplained if needing else None,
            f"{len(needing) - len(unexplained)} dari {len(needing)} diberi keterangan"
            if needing
            else "tidak ada",
        ),
        Kelengkapan(
            "Laporan Realisasi Keuangan triwulan ini tersedia",
            keuangan_ada,
            "" if keuangan_ada else "simpan realisasi-keuangan.xlsx di folder formulir",
        ),
        Kelengkapan(
            "Indikator serapan anggaran sesuai Laporan Realisasi Keuangan",
            serapan_ok,
            f"serapan {formatting.persen(serapan)}%" if serapan_ok is not None else "",
        ),
        *([_kelengkapan_bukti(data, bukti)] if bukti is not None else []),
    ]


def _kelengkapan_bukti(
    data: Sequence[Pengukuran], bukti: dict[tuple[str, str], list[str]]
) -> Kelengkapan:
    reported = [p for p in data if p.dilaporkan and p.realisasi is not None]
    lacking = [p for p in reported if not bukti.get((p.indikator.unit, p.indikator.nama))]
    return Kelengkapan(
        "Bukti dukung setiap indikator yang dilaporkan tersedia",
        not lacking if reported else None,
        f"{len(reported) - len(lacking)} dari {len(reported)} indikator"
        + (f"; belum: {', '.join(p.indikator.nama for p in lacking)}" if lacking else ""),
    )
