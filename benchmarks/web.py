"""Server time of `kinerja web` on the sample quarter: each page, upload + proses of the seven
returns, and how soon `kinerja web` answers after it is started.

    python benchmarks/web.py

Targets: each page under 100 ms (Beranda under 50 ms), upload + proses under 2 s, ready under
1,5 s. Times are the median of several requests through Starlette's TestClient (no network).
"""

from __future__ import annotations

import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.web.routes import alamat_halaman  # noqa: E402

TW = "/tw/2024/3"
PAGES = alamat_halaman(2024, 3)


def sample_copy(folder: Path) -> Path:
    workspace = folder / "awayan"
    workspace.mkdir()
    shutil.copy(ROOT / "kinerja.toml", workspace / "kinerja.toml")
    shutil.copytree(ROOT / "inputs", workspace / "inputs")
    (workspace / "templates").mkdir()
    shutil.copy(ROOT / "templates/logo-contoh.png", workspace / "templates/logo-contoh.png")
    return workspace


def upload_and_proses(client, workspace: Path, away: Path) -> float:
    returns = workspace / "inputs/2024/TW3"
    names = sorted(p.name for p in returns.iterdir() if p.name.startswith(("format-", "kesos")))
    for name in names:
        shutil.move(returns / name, away / name)
    client.get("/")
    token = client.cookies["kinerja_csrf"]
    files = [("berkas", (n, (away / n).read_bytes())) for n in names]
    start = time.perf_counter()
    page = client.post(f"{TW}/formulir", data={"csrf": token}, files=files).text
    assert page.count("Diterima dan disimpan") == len(names), "upload refused"
    print(f"(unggah saja: {(time.perf_counter() - start) * 1000:.0f} ms)")
    page = client.post(f"{TW}/proses", data={"csrf": token, "tanggal": "2024-10-07"}).text
    assert "7 unit sudah menyampaikan formulir" in page, "proses failed"
    return time.perf_counter() - start


def page_times(client, repeat: int = 7) -> dict[str, float]:
    times = {}
    for page in PAGES:
        client.get(page)  # warm
        samples = []
        for _ in range(repeat):
            start = time.perf_counter()
            assert client.get(page).status_code == 200, page
            samples.append(time.perf_counter() - start)
        times[page] = statistics.median(samples)
    return times


def ready_time(workspace: Path) -> float:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    start = time.perf_counter()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "pipeline",
            "web",
            "-w",
            str(workspace),
            "--no-browser",
            "--port",
            str(port),
        ],
        cwd=ROOT,
        env={**__import__("os").environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=1).read()
                return time.perf_counter() - start
            except OSError:
                if process.poll() is not None or time.perf_counter() - start > 30:
                    raise RuntimeError("kinerja web did not start") from None
                time.sleep(0.02)
    finally:
        process.terminate()
        process.wait(10)


def main() -> None:
    from starlette.testclient import TestClient

    from pipeline.web import create_app

    with tempfile.TemporaryDirectory() as tmp:
        workspace = sample_copy(Path(tmp))
        away = Path(tmp) / "kembali"
        away.mkdir()
        client = TestClient(create_app(workspace))
        proses = upload_and_proses(client, workspace, away)
        pages = page_times(client)
        ready = ready_time(workspace)
    print(f"{'halaman':<28} {'ms':>8}  target")
    for page, seconds in pages.items():
        target = 50 if page == "/" else 100
        mark = "ok" if seconds * 1000 < target else "LEBIH"
        print(f"{page:<28} {seconds * 1000:8.1f}  < {target} ms {mark}")
    print(f"{'unggah 7 formulir + proses':<28} {proses * 1000:8.1f}  < 2000 ms")
    print(f"{'kinerja web siap':<28} {ready * 1000:8.1f}  < 1500 ms")


if __name__ == "__main__":
    main()
