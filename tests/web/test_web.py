"""The operator's page (`kinerja web`) through Starlette's TestClient: every page, CSRF, uploads,
downloads kept inside the workspace, roles on the office network, the quarter lock."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

pytest.importorskip("httpx2")
from starlette.testclient import TestClient

from pipeline.domain.errors import KinerjaError
from pipeline.web import create_app, keamanan
from pipeline.web.routes import alamat_halaman

TW = "/tw/2024/3"
PAGES = alamat_halaman(2024, 3)


def client(workspace: Path, lan: bool = False) -> TestClient:
    return TestClient(create_app(workspace, lan=lan), follow_redirects=False)


def csrf(c: TestClient, page: str = "/") -> str:
    c.get(page)
    return c.cookies["kinerja_csrf"]


def test_every_page_answers_with_security_headers(sample: Path) -> None:
    c = client(sample)
    for page in PAGES:
        response = c.get(page)
        assert response.status_code == 200, page
        assert response.headers["content-security-policy"].startswith("default-src 'self'")
        assert response.headers["x-frame-options"] == "DENY"
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["referrer-policy"] == "no-referrer"
    assert "KECAMATAN AWAYAN" in c.get("/").text
    assert "Triwulan III Tahun 2024" in c.get("/").text or "TW III" in c.get("/").text


def test_post_without_csrf_token_is_refused_and_writes_nothing(sample: Path) -> None:
    c = client(sample)
    c.get("/")
    response = c.post(f"{TW}/proses", data={"csrf": "palsu"})
    assert response.status_code == 403
    assert response.text == (
        "Formulir kedaluwarsa atau bukan dari halaman ini (token CSRF tidak cocok); muat ulang "
        "halaman lalu ulangi."
    )
    assert not (sample / "outputs/2024/TW3/data-kinerja-2024-TW3.csv").exists()
    # a token that is not this server's signed one is refused even when cookie and field agree
    c.cookies.set("kinerja_csrf", "abc.def")
    assert c.post(f"{TW}/proses", data={"csrf": "abc.def"}).status_code == 403


def test_proses_shows_the_merged_data_and_records_the_role(sample: Path) -> None:
    c = client(sample)
    token = csrf(c)
    page = c.post(f"{TW}/proses", data={"csrf": token, "tanggal": "2024-10-07"}).text
    assert "7 unit sudah menyampaikan formulir, 0 belum" in page
    assert "Draft bertanggal 7 Oktober 2024" in page
    assert re.search(r'<tr class="kurang">', page)  # an indicator below target is coloured
    history = json.loads((sample / "outputs/2024/TW3/riwayat.json").read_text(encoding="utf-8"))
    assert history["himpun"]["peran"] == "operator"
    assert history["olah"]["peran"] == "operator"


def test_download_stays_inside_outputs_and_inputs(sample: Path, tmp_path: Path) -> None:
    c = client(sample)
    ok = c.get("/unduh", params={"berkas": "inputs/2024/TW3/kesos-tw3.csv"})
    assert ok.status_code == 200
    assert ok.content == (sample / "inputs/2024/TW3/kesos-tw3.csv").read_bytes()
    secret = tmp_path / "rahasia.txt"
    secret.write_text("jangan", encoding="utf-8")
    (sample / "outputs").mkdir()
    (sample / "outputs/tautan.txt").symlink_to(secret)
    for bad in (
        "../rahasia.txt",
        "inputs/../kinerja.toml",
        "kinerja.toml",
        str(secret),
        "/etc/passwd",
        "outputs/tautan.txt",
        "inputs/2024",
    ):
        response = c.get("/unduh", params={"berkas": bad})
        assert response.status_code == 404, bad
        assert "jangan" not in response.text


def test_upload_checks_each_file_and_asks_before_replacing(sample: Path, tmp_path: Path) -> None:
    returns = sample / "inputs/2024/TW3"
    name = "format-isian-sekretariat-2024-TW3.xlsx"
    good = (returns / name).read_bytes()
    (returns / name).unlink()
    c = client(sample)
    token = csrf(c)
    page = c.post(
        f"{TW}/formulir",
        data={"csrf": token},
        files=[
            ("berkas", (f"C:\\Users\\op\\{name}", good)),
            ("berkas", ("catatan.xlsx", b"bukan buku kerja")),
        ],
    ).text
    assert "Diterima dan disimpan" in page
    assert (returns / name).read_bytes() == good
    assert (
        "catatan.xlsx: isinya bukan buku kerja .xlsx; buka di Excel lalu simpan ulang sebagai .xlsx"
    ) in page
    assert not (returns / "catatan.xlsx").exists()
    # a different file under the same name is held until the operator confirms
    other = (returns / "format-isian-subbag-umum-dan-kepegawaian-2024-TW3.xlsx").read_bytes()
    page = c.post(f"{TW}/formulir", data={"csrf": token}, files=[("berkas", (name, other))]).text
    assert "Berkas lain bernama sama sudah ada dengan isi berbeda." in page
    assert (returns / name).read_bytes() == good


def bad_return(sample: Path) -> tuple[str, bytes]:
    """The Sekretariat's return with a word typed where a number belongs (F10)."""
    from openpyxl import load_workbook

    name = "format-isian-sekretariat-2024-TW3.xlsx"
    workbook = load_workbook(sample / "inputs/2024/TW3" / name)
    workbook.active["F10"] = "enam puluh delapan"
    path = sample.parent / "rusak.xlsx"
    workbook.save(path)
    return name, path.read_bytes()


def test_upload_refusal_quotes_the_collection_message(sample: Path) -> None:
    name, bad = bad_return(sample)
    before = (sample / "inputs/2024/TW3" / name).read_bytes()
    c = client(sample)
    token = csrf(c)
    page = c.post(f"{TW}/formulir", data={"csrf": token}, files=[("berkas", (name, bad))]).text
    assert "Ditolak" in page
    assert f"{name}, sheet &#39;Format Isian&#39;, baris 10, kolom &#39;Realisasi&#39;" in page
    assert (sample / "inputs/2024/TW3" / name).read_bytes() == before


def test_second_request_on_a_held_quarter_gets_the_lock_message(sample: Path) -> None:
    from pipeline.domain.periode import Periode
    from pipeline.store.lock import quarter_lock

    c = client(sample)
    token = csrf(c)
    with quarter_lock(sample, Periode(2024, 3)):
        page = c.post(f"{TW}/proses", data={"csrf": token}).text
    assert "Triwulan III Tahun 2024 sedang diproses oleh PID" in page.replace("TW III", "")
    assert not (sample / "outputs/2024/TW3/data-kinerja-2024-TW3.csv").exists()


def test_lan_refuses_to_start_without_the_three_passwords(sample: Path) -> None:
    keamanan.atur_sandi(sample, "operator", "sandi-operator")
    with pytest.raises(KinerjaError) as caught:
        create_app(sample, lan=True)
    assert str(caught.value) == (
        "halaman web untuk jaringan kantor (--host selain 127.0.0.1) perlu sandi setiap peran; "
        "belum diatur: sekretaris, camat. Jalankan 'kinerja web --atur-sandi sekretaris' untuk "
        "setiap peran itu"
    )


def login(c: TestClient, peran: str) -> None:
    token = csrf(c, "/masuk")
    response = c.post("/masuk", data={"csrf": token, "peran": peran, "sandi": f"sandi-{peran}"})
    assert response.status_code == 303


def test_lan_needs_login_and_only_the_camat_signs(sample: Path) -> None:
    for peran in keamanan.PERAN:
        keamanan.atur_sandi(sample, peran, f"sandi-{peran}")
    stored = (sample / "kinerja-web.json").read_text(encoding="utf-8")
    assert "sandi-camat" not in stored and "$argon2id$" in stored
    c = client(sample, lan=True)
    assert c.get(f"{TW}/proses").headers["location"] == "/masuk"
    token = csrf(c, "/masuk")
    wrong = c.post("/masuk", data={"csrf": token, "peran": "camat", "sandi": "salah-sandi"})
    assert "peran atau sandi salah" in wrong.text
    login(c, "operator")
    assert c.get(f"{TW}/proses").status_code == 200
    token = c.cookies["kinerja_csrf"]
    refused = c.post(f"{TW}/pengesahan", data={"csrf": token, "tanggal": "2024-10-10"})
    assert refused.status_code == 403
    assert refused.text == "Hanya Camat yang dapat melakukan langkah ini; masuk sebagai Camat."
    refused = c.post(
        f"{TW}/verifikasi", data={"csrf": token, "aksi": "setujui", "tanggal": "2024-10-08"}
    )
    assert refused.text == (
        "Hanya Sekretaris yang dapat melakukan langkah ini; masuk sebagai Sekretaris."
    )
    assert not (sample / "outputs/2024/TW3/rev-1").exists()


def test_atur_sandi_prompts_twice_and_stores_a_hash(sample: Path, run) -> None:
    from click.testing import CliRunner

    from pipeline.cli import cli

    result = CliRunner().invoke(
        cli, ["web", "-w", str(sample), "--atur-sandi", "camat"], input="rahasia-camat\n" * 2
    )
    assert result.exit_code == 0, result.output
    assert f"Sandi camat disimpan (ter-hash) di {sample / 'kinerja-web.json'}." in result.output
    assert keamanan.cocok(sample, "camat", "rahasia-camat")
    assert "rahasia-camat" not in (sample / "kinerja-web.json").read_text(encoding="utf-8")


def test_upload_names_are_never_paths() -> None:
    assert keamanan.nama_aman("../../kinerja.toml") == "kinerja.toml"
    assert keamanan.nama_aman("C:\\Windows\\evil.XLSX") == "evil.xlsx"
    assert keamanan.nama_aman("CON.xlsx") == "_CON.xlsx"
    assert keamanan.nama_aman('a<b>:"c".csv') == "a_b___c_.csv"
    assert keamanan.jenis_berkas("a.docx", b"PK\x03\x04") == (
        "bukan lembar kerja; kirim berkas .xlsx, .xls, .ods atau .csv"
    )
    assert keamanan.jenis_berkas("a.xlsx", b"x" * (keamanan.BATAS_UNGGAH + 1)).startswith(
        "lebih dari 20 MB"
    )
