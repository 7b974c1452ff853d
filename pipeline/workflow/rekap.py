"""The regency's recap (`kinerja rekap`), for the Bappeda that runs every office: capaian per
sasaran and office, the offices ranked, those late or missing, and the budget absorbed, as one
workbook and one Word document with a chart per sasaran.

pandas does the pivot and the ranking; it is an optional extra (`pip install kinerja[rekap]`)
imported only here.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from pipeline.domain import formatting, jadwal
from pipeline.domain.errors import BerkasError
from pipeline.domain.periode import Periode
from pipeline.store import kalender, rekaman

# offices report by this many working days after the quarter ends unless --batas says otherwise
BATAS_HARI_KERJA = 10
PASANG = (
    "pandas belum terpasang; pasang dengan: pip install 'kinerja[rekap]' (atau pip install pandas)"
)


@dataclass(frozen=True)
class Kantor:
    """One office's quarter as the recap sees it."""

    nama: str
    folder: str
    sumber: str  # rev-<k>, draft, or "" when there is no data
    tanggal: dt.date | None  # approval date, else the drafts' date
    serapan: Decimal | None
    anggaran: Decimal | None
    realisasi_anggaran: Decimal | None


@dataclass(frozen=True)
class HasilRekap:
    """What the recap wrote, how many offices it compared, and those late or missing."""

    files: list[Path]
    jumlah_kantor: int
    terlambat: list[str]
    belum: list[str]


def _pandas() -> Any:
    try:
        import pandas
    except ImportError:
        raise BerkasError(PASANG) from None
    return pandas


def _kantor(workspace: Path, periode: Periode) -> tuple[Kantor, list[dict[str, Any]]]:
    """An office's summary and its indicators' capaian (capped as in its own documents)."""
    from pipeline.inputs.config import load_config
    from pipeline.inputs.keuangan import total
    from pipeline.store import dataset
    from pipeline.store.dataset import load_optional_keuangan
    from pipeline.store.revisions import latest_data
    from pipeline.store.workspace import Workspace

    ws = Workspace(workspace)
    config = load_config(workspace)
    path, sumber = latest_data(ws, periode)
    recorded = rekaman.baca(ws.returns_dir(periode))
    step = recorded.get("sahkan" if sumber.startswith("rev") else "olah")
    keuangan = load_optional_keuangan(ws, periode) if sumber else []
    jumlah = total(keuangan) if keuangan else None
    kantor = Kantor(
        config.instansi.nama.title(),
        workspace.name,
        sumber,
        step.tanggal if step else None,
        jumlah.serapan if jumlah else None,
        jumlah.anggaran if jumlah else None,
        jumlah.realisasi if jumlah else None,
    )
    rows = []
    for p in dataset.read(path) if path else []:
        capaian = p.capaian
        if capaian is not None:
            capaian = min(capaian, config.batas_capaian)
        rows.append(
            {
                "kantor": kantor.nama,
                "sasaran": p.indikator.sasaran,
                "indikator": p.indikator.nama,
                "capaian": float(capaian) if capaian is not None else None,
            }
        )
    return kantor, rows


@dataclass(frozen=True)
class Tabel:
    """The recap's tables, as computed by pandas, in display order."""

    peringkat: list[tuple[int, str, float, int]]  # rank, office, average capaian, indicators
    sasaran: dict[str, list[tuple[str, float]]]  # sasaran -> (office, average capaian)
    kantor: list[Kantor]


def hitung(kantor: list[Kantor], rows: list[dict[str, Any]]) -> Tabel:
    """Pivot capaian per sasaran and office, and rank the offices by their average."""
    pd = _pandas()
    frame = pd.DataFrame(rows, columns=["kantor", "sasaran", "indikator", "capaian"])
    measured = frame.dropna(subset=["capaian"])
    per_kantor = measured.groupby("kantor", sort=True)["capaian"].agg(["mean", "count"])
    per_kantor["peringkat"] = per_kantor["mean"].round(2).rank(method="min", ascending=False)
    per_kantor = per_kantor.sort_values("peringkat", kind="stable")
    peringkat = [
        (int(r["peringkat"]), str(name), round(float(r["mean"]), 2), int(r["count"]))
        for name, r in per_kantor.iterrows()
    ]
    pivot = measured.pivot_table(
        index="sasaran", columns="kantor", values="capaian", aggfunc="mean"
    )
    order = list(dict.fromkeys(frame["sasaran"]))
    sasaran = {
        name: [(str(k), round(float(v), 2)) for k, v in pivot.loc[name].dropna().items()]
        for name in order
        if name in pivot.index
    }
    return Tabel(peringkat, sasaran, kantor)


def _persen(value: float | Decimal | None) -> str:
    return formatting.persen(None if value is None else Decimal(str(value)))


def _grafik(sasaran: str, values: list[tuple[str, float]]) -> bytes:
    """A bar per office, a line at 100%; the same PNG bytes for the same data."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    height = 1.3 + 0.28 * len(values)
    figure = Figure(figsize=(7.0, height), dpi=120)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    positions = list(range(len(values)))[::-1]
    numbers = [v for _, v in values]
    axes.barh(positions, numbers, color=["#2e7d32" if v >= 100 else "#f9a825" for v in numbers])
    axes.axvline(100, color="#c62828", linewidth=1, linestyle="--")
    axes.set_yticks(positions, [k for k, _ in values], fontsize=7)
    axes.set_xlim(0, max([*numbers, 100.0]) * 1.12)
    axes.set_xlabel("Capaian rata-rata (%)", fontsize=7)
    axes.tick_params(axis="x", labelsize=7)
    axes.set_title(sasaran[:90], fontsize=8, fontweight="bold")
    for position, value in zip(positions, numbers, strict=True):
        axes.text(value + 1, position, _persen(value), va="center", fontsize=6)
    figure.subplots_adjust(left=0.3, right=0.97, top=1 - 0.4 / height, bottom=0.5 / height)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", metadata={"Software": None})
    return buffer.getvalue()


def _status(k: Kantor, batas: dt.date) -> str:
    if not k.sumber:
        return "belum ada data (belum diolah)"
    when = f" {formatting.tanggal(k.tanggal)}" if k.tanggal else ""
    state = f"disahkan ({k.sumber}){when}" if k.sumber.startswith("rev") else f"draft{when}"
    return state + (", terlambat" if terlambat(k, batas) else "")


def terlambat(k: Kantor, batas: dt.date) -> bool:
    """Late: approved (or drafted) after the deadline, or not approved when the recap is made
    and no date was recorded."""
    return bool(k.sumber) and (k.tanggal is None or k.tanggal > batas)


def _workbook(tabel: Tabel, periode: Periode, batas: dt.date) -> bytes:
    from pipeline.inputs.xlsx import tanpa_numpy
    from pipeline.store.ooxml import stable_package

    tanpa_numpy()
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from pipeline.store.sheets import tulis_baris

    book = Workbook()
    sheets = {
        "Peringkat": (
            ["Peringkat", "Kantor", "Capaian Rata-rata (%)", "Jumlah Indikator"],
            [list(r) for r in tabel.peringkat],
        ),
        "Capaian per Sasaran": (
            ["Sasaran", "Kantor", "Capaian Rata-rata (%)"],
            [[s, k, v] for s, values in tabel.sasaran.items() for k, v in values],
        ),
        "Status Kantor": (
            ["Kantor", "Folder", "Status", "Terlambat"],
            [
                [k.nama, k.folder, _status(k, batas), "ya" if terlambat(k, batas) else ""]
                for k in tabel.kantor
            ],
        ),
        "Serapan Anggaran": (
            ["Kantor", "Anggaran (Rp)", "Realisasi (Rp)", "Serapan (%)"],
            [[k.nama, k.anggaran, k.realisasi_anggaran, k.serapan] for k in tabel.kantor],
        ),
    }
    first = True
    for title, (header, rows) in sheets.items():
        sheet = book.active if first else book.create_sheet()
        first = False
        sheet.title = title
        tulis_baris(sheet, 1, header)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for index, row in enumerate(rows, start=2):
            tulis_baris(sheet, index, row)
        for column, width in zip("ABCD", (40, 40, 24, 18), strict=True):
            sheet.column_dimensions[column].width = width
    book.properties.title = f"Rekap Kinerja Kabupaten {periode.label}"
    book.properties.creator = "kinerja"
    buffer = io.BytesIO()
    book.save(buffer)
    return stable_package(buffer.getvalue(), jadwal.akhir_triwulan(periode))


def _document(tabel: Tabel, periode: Periode, batas: dt.date, pemerintah: str) -> bytes:
    from pipeline.documents.render import Gambar, bundled_dir, render_docx

    context = {
        "pemerintah": pemerintah,
        "judul_singkat": f"Rekap Kinerja Kecamatan {periode.label}",
        "periode_label": periode.label,
        "tahun": periode.tahun,
        "batas": formatting.tanggal(batas),
        "peringkat": [
            {"no": r, "kantor": k, "capaian": _persen(v), "jumlah": n}
            for r, k, v, n in tabel.peringkat
        ],
        "kantor": [
            {
                "nama": k.nama,
                "status": _status(k, batas),
                "anggaran": formatting.angka(k.anggaran),
                "realisasi": formatting.angka(k.realisasi_anggaran),
                "serapan": formatting.persen(k.serapan),
            }
            for k in tabel.kantor
        ],
        "sasaran": [
            {
                "nama": s,
                "baris": [{"kantor": k, "capaian": _persen(v)} for k, v in values],
                "grafik": Gambar(_grafik(s, values), 15.0),
            }
            for s, values in tabel.sasaran.items()
        ],
    }
    template = bundled_dir() / "rekap-kabupaten.docx"
    return render_docx(template, context, jadwal.akhir_triwulan(periode))


def rekap(folder: Path, periode: Periode, batas: dt.date | None = None) -> HasilRekap:
    """Compare every office under `folder` for the quarter; write rekap/rekap-<tahun>-TW<n>
    .xlsx and .docx in `folder`."""
    from pipeline.inputs.config import load_config
    from pipeline.store.ooxml import write_all_atomic
    from pipeline.store.workspace import expand_workspaces

    _pandas()  # before any work: say how to install it
    workspaces = expand_workspaces([folder], semua=True)
    deadline = batas or kalender.tambah_hari_kerja(jadwal.akhir_triwulan(periode), BATAS_HARI_KERJA)
    kantor: list[Kantor] = []
    rows: list[dict[str, Any]] = []
    for workspace in workspaces:
        item, found = _kantor(workspace, periode)
        kantor.append(item)
        rows.extend(found)
    tabel = hitung(kantor, rows)
    pemerintah = load_config(workspaces[0]).instansi.pemerintah.upper()
    stem = folder / "rekap" / f"rekap-{periode.stem}"
    files = write_all_atomic(
        {
            stem.with_suffix(".xlsx"): _workbook(tabel, periode, deadline),
            stem.with_suffix(".docx"): _document(tabel, periode, deadline, pemerintah),
        }
    )
    return HasilRekap(
        files,
        len(kantor),
        [k.nama for k in kantor if terlambat(k, deadline)],
        [k.nama for k in kantor if not k.sumber],
    )
