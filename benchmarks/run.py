"""The performance benchmark of kinerja: one command, a table on screen, the figures as JSON.

    python benchmarks/run.py                 # everything (a few minutes)
    python benchmarks/run.py --cepat         # smaller regency, fewer repeats

Every figure is compared with a baseline measured in the same run on the same machine, since
shared machines are noisy: plain docxtpl for rendering, `import click` for start-up,
`import docxtpl, pandas` for a quarter, one LibreOffice process per file for PDFs.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

PYTHON = sys.executable
KINERJA = [PYTHON, "-m", "pipeline"]
# the commands run in other folders (a copy of the sample workspace) must find this checkout
os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))


def timed(command: list[str], repeat: int, cwd: Path = ROOT) -> float:
    """Median wall time of a command, in seconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(command, cwd=cwd, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def rate(function, seconds: float = 2.0) -> float:
    """Calls per second of `function`, after one warm-up call."""
    function()
    count, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        function()
        count += 1
    return count / (time.perf_counter() - start)


def synthetic(n: int):
    from pipeline.domain.model import Akumulasi, Indikator, Pengukuran, Polaritas

    data = []
    for i in range(n):
        item = Indikator(
            f"Unit {i % 7}",
            f"Sasaran {i // 5}",
            f"Indikator kinerja nomor {i} kecamatan",
            "%",
            Polaritas.POSITIF,
            Decimal(100),
            (Decimal(25), Decimal(50), Decimal(75), Decimal(100)),
            Akumulasi.TERAKHIR,
        )
        data.append(
            Pengukuran(
                item,
                Decimal(75),
                Decimal(70 + i % 10),
                "keterangan",
                sebelumnya=(Decimal(20), Decimal(48)),
            )
        )
    return data


def bench_render(seconds: float) -> list[dict]:
    from docxtpl import DocxTemplate

    from pipeline.documents.render import render_docx
    from pipeline.documents.triwulan import pengukuran_context
    from pipeline.domain.periode import Periode
    from pipeline.inputs.bundled import bundled_dir
    from pipeline.inputs.config import load_config

    config = load_config(ROOT)
    template = bundled_dir() / "pengukuran-kinerja.docx"
    rows = []
    for n, target in ((30, 1.5), (500, 3.0)):
        context = pengukuran_context(config, Periode(2024, 3), synthetic(n), dt.date(2024, 10, 7))

        def plain(context: dict = context) -> None:
            document = DocxTemplate(template)
            document.render(context, autoescape=True)
            document.save(io.BytesIO())

        def ours(context: dict = context) -> None:
            render_docx(template, context, dt.date(2024, 10, 7), config.tampilan)

        baseline, measured = rate(plain, seconds), rate(ours, seconds)
        rows.append(
            {
                "ukuran": f"render Pengukuran {n} baris (dokumen/detik)",
                "kinerja": round(measured, 2),
                "pembanding": round(baseline, 2),
                "pembanding_nama": "docxtpl biasa",
                "rasio": round(measured / baseline, 2),
                "target": f">= {target}x",
                "tercapai": measured / baseline >= target,
            }
        )
    return rows


def bench_startup(repeat: int, workspace: Path) -> list[dict]:
    click_time = timed([PYTHON, "-c", "import click"], repeat)
    help_time = timed([*KINERJA, "--help"], repeat)
    status_time = timed(
        [*KINERJA, "status", "--tahun", "2024", "--triwulan", "3"], repeat, cwd=workspace
    )
    imports = timed([PYTHON, "-c", "import docxtpl, pandas"], repeat)
    proses = timed(
        [*KINERJA, "proses", "--tahun", "2024", "--triwulan", "3", "--tanggal", "2024-10-07"],
        repeat,
        cwd=workspace,
    )
    return [
        {
            "ukuran": "kinerja --help (detik)",
            "kinerja": round(help_time, 3),
            "pembanding": round(click_time, 3),
            "pembanding_nama": "python -c 'import click'",
            "rasio": round(help_time / click_time, 2),
            "target": "<= 1.5x",
            "tercapai": help_time <= 1.5 * click_time,
        },
        {
            "ukuran": "kinerja status (detik)",
            "kinerja": round(status_time, 3),
            "pembanding": round(click_time, 3),
            "pembanding_nama": "python -c 'import click'",
            "rasio": round(status_time / click_time, 2),
            "target": "(tanpa pandas/matplotlib)",
            "tercapai": None,
        },
        {
            "ukuran": "kinerja proses contoh TW III (detik)",
            "kinerja": round(proses, 3),
            "pembanding": round(imports, 3),
            "pembanding_nama": "import docxtpl, pandas",
            "rasio": round(proses / imports, 2),
            "target": "<= 2x",
            "tercapai": proses <= 2 * imports,
        },
    ]


def bench_regency(offices: int, quarters: int, indicators: int) -> list[dict]:
    from benchmarks.regency import make_regency

    root = Path(tempfile.mkdtemp(prefix="kinerja-kabupaten-"))
    try:
        make_regency(root, offices, indicators, quarters)
        rows, timings = [], {}
        for jobs in (1, 2):
            code = (
                "import json,sys,time,datetime as dt;from pathlib import Path;"
                "from pipeline.workflow.proses import Tugas,expand_workspaces,proses_banyak;"
                "from pipeline.domain.periode import Periode;"
                f"ws=expand_workspaces([Path({str(root)!r})],semua=True);"
                f"tasks=[Tugas(w,Periode(2024,t),dt.date(2024,12,31)) for w in ws "
                f"for t in range(1,{quarters + 1})];"
                f"s=time.perf_counter();r=proses_banyak(tasks,{jobs});"
                "print(json.dumps({'detik':time.perf_counter()-s,"
                "'gagal':sum(not x.berhasil for x in r),"
                "'memori_mb':max(x.puncak_memori_mb for x in r)}))"
            )
            out = subprocess.run(
                [PYTHON, "-c", code], cwd=ROOT, check=True, capture_output=True, text=True
            )
            timings[jobs] = json.loads(out.stdout.strip().splitlines()[-1])
        tasks = offices * quarters
        one, two = timings[1], timings[2]
        rows.append(
            {
                "ukuran": f"kabupaten {offices} kantor x {quarters} triwulan x {indicators} "
                "indikator, --jobs 2 (detik)",
                "kinerja": round(two["detik"], 2),
                "pembanding": round(one["detik"], 2),
                "pembanding_nama": "--jobs 1",
                "rasio": round(one["detik"] / two["detik"], 2),
                "target": "< 60 s; ~2x dari --jobs 1",
                "tercapai": two["detik"] < 60 and two["gagal"] == 0,
            }
        )
        rows.append(
            {
                "ukuran": "puncak memori per proses kerja (MB)",
                "kinerja": round(two["memori_mb"]),
                "pembanding": None,
                "pembanding_nama": f"{tasks} tugas",
                "rasio": None,
                "target": "< 300 MB",
                "tercapai": two["memori_mb"] < 300,
            }
        )
        return rows
    finally:
        shutil.rmtree(root, ignore_errors=True)


def bench_pdf(workspace: Path) -> list[dict]:
    from pipeline.documents.pdf import soffice, to_pdf

    try:
        program = soffice()
    except Exception:
        return [
            {
                "ukuran": "PDF",
                "kinerja": None,
                "pembanding": None,
                "pembanding_nama": "LibreOffice tidak terpasang",
                "rasio": None,
                "target": ">= 4x",
                "tercapai": None,
            }
        ]
    folder = workspace / "outputs/2024/TW3/draft"
    documents = {str(p): p.read_bytes() for p in sorted(folder.rglob("*.docx"))}
    start = time.perf_counter()
    to_pdf(documents)
    batch = (time.perf_counter() - start) / len(documents)
    scratch = Path(tempfile.mkdtemp(prefix="kinerja-pdf-satu-"))
    try:
        start = time.perf_counter()
        for index, data in enumerate(documents.values()):
            source = scratch / f"{index}.docx"
            source.write_bytes(data)
            subprocess.run(
                [
                    program,
                    "--headless",
                    f"-env:UserInstallation={(scratch / f'profile{index}').as_uri()}",
                    "--convert-to",
                    "pdf",
                    "--outdir",
                    str(scratch),
                    str(source),
                ],
                check=True,
                capture_output=True,
            )
        single = (time.perf_counter() - start) / len(documents)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return [
        {
            "ukuran": f"PDF per berkas, {len(documents)} dokumen satu triwulan (detik)",
            "kinerja": round(batch, 3),
            "pembanding": round(single, 3),
            "pembanding_nama": "satu proses LibreOffice per berkas",
            "rasio": round(single / batch, 2),
            "target": ">= 4x",
            "tercapai": single >= 4 * batch,
        }
    ]


def print_table(rows: list[dict]) -> None:
    header = ["ukuran", "kinerja", "pembanding", "rasio", "target", "tercapai"]
    lines = [[str(r.get(h, "")) if r.get(h) is not None else "-" for h in header] for r in rows]
    widths = [max(len(h), *(len(line[i]) for line in lines)) for i, h in enumerate(header)]
    print(" | ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)))
    print("-+-".join("-" * w for w in widths))
    for line in lines:
        print(" | ".join(c.ljust(w) for c, w in zip(line, widths, strict=True)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cepat", action="store_true", help="smaller and quicker")
    parser.add_argument("--keluaran", type=Path, default=ROOT / "outputs" / "benchmark.json")
    args = parser.parse_args()
    workspace = Path(tempfile.mkdtemp(prefix="kinerja-contoh-"))
    try:
        for name in ("kinerja.toml", "inputs", "templates/logo-contoh.png"):
            target = workspace / name
            target.parent.mkdir(parents=True, exist_ok=True)
            copy = shutil.copytree if (ROOT / name).is_dir() else shutil.copy
            copy(ROOT / name, target)
        subprocess.run(
            [*KINERJA, "proses", "--tahun", "2024", "--triwulan", "3"],
            cwd=workspace,
            check=True,
            capture_output=True,
        )
        rows = bench_render(1.0 if args.cepat else 3.0)
        rows += bench_startup(3 if args.cepat else 7, workspace)
        rows += bench_regency(*((8, 2, 25) if args.cepat else (40, 4, 25)))
        rows += bench_pdf(workspace)
    finally:
        shutil.rmtree(workspace, ignore_errors=True)
    result = {
        "mesin": {"inti": os.cpu_count(), "python": sys.version.split()[0]},
        "waktu": dt.datetime.now().isoformat(timespec="seconds"),
        "hasil": rows,
    }
    args.keluaran.parent.mkdir(parents=True, exist_ok=True)
    args.keluaran.write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")
    print(f"Mesin: {os.cpu_count()} inti, Python {sys.version.split()[0]}")
    print_table(rows)
    print(f"\nJSON: {args.keluaran}")


if __name__ == "__main__":
    main()
