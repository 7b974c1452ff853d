"""The performance benchmark of kinerja: one command, the issue's table on screen, the figures
as JSON.

    python benchmarks/run.py                 # everything (several minutes)
    python benchmarks/run.py --cepat         # fewer pairs, a smaller regency
    python benchmarks/run.py --hanya mulai --hanya render   # some parts only

Every figure is a paired comparison measured in the same run: the baseline (A) and kinerja (B)
run alternately, A B B A A B …, so that a shared machine's drift hits both alike; the table gives
the median of each, the median of the per-pair ratios and its spread (lowest–highest ratio).
Rendering is measured cold (a fresh process, the first document of a template) and warm (the
same template again), with the compressed size of what each side wrote. kinerja keeps each
template's laid-out package and compiled Jinja on disk, so a user's second run onwards starts
from them: "dingin" is that run, "cache kosong" the very first one (an empty cache folder).
"""

from __future__ import annotations

import argparse
import datetime as dt
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
PARTS = ("mulai", "render", "ukuran", "kabupaten")


def bytecode_like_an_install(scratch: Path) -> None:
    """Every measured process reads compiled bytecode, as an installed package does (pip
    compiles it): a shell that sets PYTHONDONTWRITEBYTECODE would otherwise make kinerja
    compile its own modules on every run while the baseline's libraries come compiled. The
    bytecode goes to a scratch folder, not into the checkout; the unmeasured first run of every
    pair writes what the others read."""
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    os.environ["PYTHONPYCACHEPREFIX"] = str(scratch / "pycache")
    subprocess.run(
        [PYTHON, "-m", "compileall", "-q", str(ROOT / "pipeline"), str(ROOT / "benchmarks")],
        check=True,
        capture_output=True,
    )


Pair = tuple[float, float]


def paired(first, second, pairs: int) -> list[Pair]:
    """(first, second) seconds of `pairs` alternating runs of two timed functions, after one
    unmeasured run of each (page cache, .pyc). Every other pair runs the second side first
    (A B, B A, A B, …): on a machine that speeds up or slows down during the run, a side always
    measured second would always get the later, different machine."""
    first(), second()
    results = []
    for index in range(pairs):
        if index % 2:
            b, a = second(), first()
        else:
            a, b = first(), second()
        results.append((a, b))
    return results


def command(argv: list[str], cwd: Path = ROOT):
    """A function that runs `argv` and returns its wall time."""

    def run() -> float:
        start = time.perf_counter()
        subprocess.run(argv, cwd=cwd, check=True, capture_output=True)
        return time.perf_counter() - start

    return run


def row(name: str, results: list[Pair], baseline: str, target: str, met, per: str = "a/b"):
    """One line of the table. `per` says which way the ratio goes: "b/a" (kinerja over
    baseline: a cost, lower is better) or "a/b" (baseline over kinerja: a speed-up)."""
    a = [x for x, _ in results]
    b = [y for _, y in results]
    ratios = sorted((y / x) if per == "b/a" else (x / y) for x, y in results)
    ratio = statistics.median(ratios)
    return {
        "ukuran": name,
        "kinerja": round(statistics.median(b), 3),
        "pembanding": round(statistics.median(a), 3),
        "pembanding_nama": baseline,
        "rasio": round(ratio, 2),
        "sebaran": f"{ratios[0]:.2f}–{ratios[-1]:.2f}",
        "pasangan": len(results),
        "target": target,
        "tercapai": met(ratio),
    }


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


# One render in a fresh process: imports first (not timed), then the first document of the
# template, then the same again (warm); prints seconds and the size of the first document.
RENDER_ONCE = """
import datetime as dt, io, json, sys, time
from pathlib import Path
sys.path.insert(0, {root!r})
from benchmarks.run import synthetic
from docxtpl import DocxTemplate
from pipeline.inputs.config import load_config
from pipeline.documents.triwulan import pengukuran_context
from pipeline.domain.periode import Periode
from pipeline.documents.render import bundled_dir, render_docx
config = load_config(Path({root!r}))
template = bundled_dir() / "pengukuran-kinerja.docx"
context = pengukuran_context(config, Periode(2024, 3), synthetic({n}), dt.date(2024, 10, 7))
def plain():
    document = DocxTemplate(template)
    document.render(context, autoescape=True)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
def ours():
    return render_docx(template, context, dt.date(2024, 10, 7), config.tampilan)
fn = plain if {plain} else ours
start = time.perf_counter(); data = fn(); cold = time.perf_counter() - start
start = time.perf_counter(); fn(); warm = time.perf_counter() - start
print(json.dumps({{"dingin": cold, "hangat": warm, "ukuran": len(data)}}))
"""


def render_once(n: int, plain: bool, empty_cache: bool = False) -> dict:
    """One process rendering one Pengukuran of `n` rows. kinerja keeps each template's laid-out
    package and compiled Jinja on disk (KINERJA_CACHE_DIR), as it does for a user from the
    second run on; `empty_cache` measures the very first run instead."""
    code = RENDER_ONCE.format(root=str(ROOT), n=n, plain=plain)
    env = dict(os.environ)
    if empty_cache:
        env["KINERJA_CACHE_DIR"] = tempfile.mkdtemp(prefix="cache-", dir=env["KINERJA_CACHE_DIR"])
    out = subprocess.run([PYTHON, "-c", code], check=True, capture_output=True, text=True, env=env)
    return json.loads(out.stdout.strip().splitlines()[-1])


def bench_render(pairs: int) -> list[dict]:
    rows = []
    for n, target in ((30, 2.0), (500, 5.0)):
        runs = [(render_once(n, True), render_once(n, False)) for _ in range(pairs + 1)][1:]
        cold = [(a["dingin"], b["dingin"]) for a, b in runs]
        warm = [(a["hangat"], b["hangat"]) for a, b in runs]
        first = [
            (render_once(n, True)["dingin"], render_once(n, False, True)["dingin"])
            for _ in range(pairs)
        ]
        size = f" [berkas {runs[0][1]['ukuran'] // 1024} KB vs {runs[0][0]['ukuran'] // 1024} KB]"
        rows.append(
            row(
                f"Pengukuran {n} baris, dingin (detik){size}",
                cold,
                "docxtpl biasa, dingin",
                f">= {target}x",
                lambda r, t=target: r >= t,
            )
        )
        rows.append(
            row(
                f"Pengukuran {n} baris, dingin, cache kosong (detik)",
                first,
                "docxtpl biasa, dingin",
                "-",
                lambda r: None,
            )
        )
        rows.append(
            row(
                f"Pengukuran {n} baris, hangat (detik)",
                warm,
                "docxtpl biasa, hangat",
                "-",
                lambda r: None,
            )
        )
    return rows


def bench_startup(pairs: int, workspace: Path) -> list[dict]:
    click = command([PYTHON, "-c", "import click"])
    period = ["--tahun", "2024", "--triwulan", "3"]
    proses = [*KINERJA, "proses", *period, "--tanggal", "2024-10-07"]
    return [
        row(
            "kinerja --help (detik)",
            paired(click, command([*KINERJA, "--help"]), pairs),
            "import click",
            "<= 1.3x",
            lambda r: r <= 1.3,
            per="b/a",
        ),
        row(
            "kinerja status (detik)",
            paired(click, command([*KINERJA, "status", *period], workspace), pairs),
            "import click",
            "<= 1.5x",
            lambda r: r <= 1.5,
            per="b/a",
        ),
        row(
            "kinerja proses contoh TW III, draft dan grafik (detik)",
            paired(
                command([PYTHON, "-c", "import docxtpl, pandas"]),
                command(proses, workspace),
                pairs,
            ),
            "import docxtpl, pandas",
            "<= 1.5x",
            lambda r: r <= 1.5,
            per="b/a",
        ),
    ]


def bench_size(pairs: int, root: Path) -> list[dict]:
    """`proses` of one office with 500 indicators against the same office with 25."""
    from benchmarks.regency import make_office

    small = make_office(root, 1, 25, 1, 2024)
    large = make_office(root, 2, 500, 1, 2024)
    argv = [*KINERJA, "proses", "--tahun", "2024", "--triwulan", "1", "--tanggal", "2024-04-10"]
    results = paired(command(argv, small), command(argv, large), pairs)
    size = sum(p.stat().st_size for p in (large / "outputs").rglob("*.docx")) // 1024
    return [
        row(
            f"kantor 500 indikator vs 25, proses (detik) [docx {size} KB]",
            results,
            "25 indikator",
            "<= 2.5x",
            lambda r: r <= 2.5,
            per="b/a",
        )
    ]


BATCH = """
import datetime as dt, json, sys, time
from pathlib import Path
sys.path.insert(0, {root!r})
from pipeline.batch import Tugas, proses_banyak
from pipeline.store.workspace import expand_workspaces
from pipeline.domain.periode import Periode
ws = expand_workspaces([Path({folder!r})], semua=True)[:{offices}]
tasks = [Tugas(w, Periode(2024, t), dt.date(2024, 12, 31))
         for w in ws for t in range(1, {quarters} + 1)]
start = time.perf_counter()
results = proses_banyak(tasks, {jobs})
print(json.dumps({{"detik": time.perf_counter() - start,
                  "gagal": sum(not r.berhasil for r in results),
                  "memori_mb": max(r.puncak_memori_mb for r in results)}}))
"""


def batch(folder: Path, offices: int, quarters: int, jobs: int, seen: list[dict]):
    code = BATCH.format(
        root=str(ROOT), folder=str(folder), offices=offices, quarters=quarters, jobs=jobs
    )

    def run() -> float:
        out = subprocess.run([PYTHON, "-c", code], check=True, capture_output=True, text=True)
        result = json.loads(out.stdout.strip().splitlines()[-1])
        seen.append(result)
        return result["detik"]

    return run


# the same pure-Python work twice: one after the other in one process, or in two at once
CEILING = """
import sys
from multiprocessing import Process
def work():
    total = 0
    for i in range(6_000_000):
        total += i * i % 7
if sys.argv[1] == "1":
    work(); work()
else:
    workers = [Process(target=work) for _ in range(2)]
    for w in workers: w.start()
    for w in workers: w.join()
"""


def bench_ceiling(pairs: int) -> dict:
    """What two processes at once give on this machine for work that shares nothing: the
    most `--jobs 2` can give (two cores of a shared machine are seldom two whole cores)."""
    one, two = (command([PYTHON, "-c", CEILING, jobs]) for jobs in ("1", "2"))
    return row(
        "mesin: kerja Python murni di 2 proses vs 1 (batas --jobs 2)",
        paired(one, two, pairs),
        "1 proses",
        "-",
        lambda r: None,
    )


def bench_regency(pairs: int, sizes: tuple[int, ...], quarters: int, root: Path) -> list[dict]:
    from benchmarks.regency import make_regency

    make_regency(root, max(sizes), 25, quarters)
    rows, seen = [bench_ceiling(2 * pairs)], []
    for offices in sizes:
        one, two = batch(root, offices, quarters, 1, seen), batch(root, offices, quarters, 2, seen)
        largest = offices == max(sizes)
        rows.append(
            row(
                f"kabupaten {offices} kantor x {quarters} TW x 25 indikator, --jobs 2 (detik)",
                # the target's row: four more pairs, for a median a single busy run moves less
                paired(one, two, pairs + 4 if largest else pairs),
                "--jobs 1",
                ">= 1.85x" if largest else "-",
                (lambda r: r >= 1.85) if largest else (lambda r: None),
            )
        )
    failed = sum(r["gagal"] for r in seen)
    memory = max(r["memori_mb"] for r in seen)
    rows.append(
        {
            "ukuran": f"puncak memori per proses kerja (MB), {failed} tugas gagal",
            "kinerja": round(memory),
            "pembanding": None,
            "pembanding_nama": "-",
            "rasio": None,
            "sebaran": "-",
            "pasangan": "-",
            "target": "< 300 MB, 0 gagal",
            "tercapai": memory < 300 and failed == 0,
        }
    )
    return rows


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
                "sebaran": "-",
                "pasangan": 0,
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
            "sebaran": "-",
            "pasangan": 1,
            "target": ">= 4x",
            "tercapai": single >= 4 * batch,
        }
    ]


def print_table(rows: list[dict]) -> None:
    header = [
        "ukuran",
        "kinerja",
        "pembanding",
        "rasio",
        "sebaran",
        "pasangan",
        "target",
        "tercapai",
    ]
    verdict = {True: "YA", False: "TIDAK", None: "-"}
    lines = [
        [
            verdict[r["tercapai"]]
            if h == "tercapai"
            else (
                f"{r['pembanding']} ({r['pembanding_nama']})"
                if h == "pembanding" and r.get("pembanding") is not None
                else str(r.get(h))
                if r.get(h) is not None
                else "-"
            )
            for h in header
        ]
        for r in rows
    ]
    widths = [max(len(h), *(len(line[i]) for line in lines)) for i, h in enumerate(header)]
    print(" | ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)))
    print("-+-".join("-" * w for w in widths))
    for line in lines:
        print(" | ".join(c.ljust(w) for c, w in zip(line, widths, strict=True)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cepat", action="store_true", help="fewer pairs, a smaller regency")
    parser.add_argument("--pdf", action="store_true", help="also PDFs (needs LibreOffice)")
    parser.add_argument(
        "--hanya",
        action="append",
        choices=PARTS,
        help="only these parts (repeatable): mulai (--help, status, proses), render "
        "(Pengukuran 30/500 rows), ukuran (500 vs 25 indicators), kabupaten (--jobs)",
    )
    parser.add_argument("--keluaran", type=Path, default=ROOT / "outputs" / "benchmark.json")
    args = parser.parse_args()
    parts = set(args.hanya or PARTS)
    pairs = 3 if args.cepat else 10
    scratch = Path(tempfile.mkdtemp(prefix="kinerja-benchmark-"))
    workspace = scratch / "contoh"
    os.environ["KINERJA_CACHE_DIR"] = str(scratch / "cache")  # not the user's own cache
    (scratch / "cache").mkdir()
    try:
        bytecode_like_an_install(scratch)
        for name in ("kinerja.toml", "inputs", "templates/logo-contoh.png"):
            target = workspace / name
            target.parent.mkdir(parents=True, exist_ok=True)
            copy = shutil.copytree if (ROOT / name).is_dir() else shutil.copy
            copy(ROOT / name, target)
        # a start-up is a tenth of a second, where one busy moment of a shared machine moves a
        # ratio most: twice the pairs, for a median as steady as the longer rows'
        rows = bench_startup(2 * pairs, workspace) if "mulai" in parts else []
        if "render" in parts:
            rows += bench_render(pairs)
        if "ukuran" in parts:
            rows += bench_size(pairs, scratch / "ukuran")
        if "kabupaten" in parts and args.cepat:
            rows += bench_regency(2, (4, 8), 2, scratch / "kabupaten")
        elif "kabupaten" in parts:
            rows += bench_regency(3, (10, 20, 40), 4, scratch / "kabupaten")
        if args.pdf:
            rows += bench_pdf(workspace)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
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
