from pathlib import Path

import pytest

from pipeline.domain.errors import ConfigError
from pipeline.inputs.config import load_config

GOOD = """
[instansi]
pemerintah = "PEMERINTAH KABUPATEN CONTOH"
nama = "KECAMATAN CONTOH"
alamat = "Jalan Merdeka 1"
kode_pos = "70000"
kota = "Contoh"

[pejabat.camat]
jabatan = "CAMAT CONTOH"
nama = "BUDI"
nip = 198001012005011001
"""


def write(tmp_path: Path, text: str) -> Path:
    (tmp_path / "kinerja.toml").write_text(text, encoding="utf-8")
    return tmp_path


def error_of(tmp_path: Path, text: str) -> str:
    with pytest.raises(ConfigError) as caught:
        load_config(write(tmp_path, text))
    return str(caught.value)


def test_sample_config_reads_with_nip_as_text():
    config = load_config(Path(__file__).resolve().parents[2])
    assert config.camat.nama == "ASWAL SALAHUDIN, S.IP"
    assert config.camat.nip == "197012081992031007"
    assert len(config.units) == 7


def test_unquoted_nip_is_kept_exactly(tmp_path):
    assert load_config(write(tmp_path, GOOD)).camat.nip == "198001012005011001"


def test_missing_key_names_key_and_file(tmp_path):
    message = error_of(tmp_path, GOOD.replace('kota = "Contoh"\n', ""))
    assert message == f"{tmp_path / 'kinerja.toml'}: kunci 'kota' di [instansi] belum diisi"


def test_mistyped_key_suggests_the_right_one(tmp_path):
    message = error_of(tmp_path, GOOD.replace("kode_pos", "kodepos"))
    assert message.endswith("kunci 'kodepos' di [instansi] tidak dikenal; maksud Anda 'kode_pos'?")


def test_syntax_error_names_the_line(tmp_path):
    message = error_of(tmp_path, GOOD.replace('nama = "BUDI"', 'nama = "BUDI'))
    assert "penulisan TOML salah" in message
    assert "baris 11, kolom 13" in message


def test_missing_config_says_how_to_create_it(tmp_path):
    with pytest.raises(ConfigError, match="kinerja init"):
        load_config(tmp_path)


def test_bad_nip_is_rejected(tmp_path):
    message = error_of(tmp_path, GOOD.replace("198001012005011001", '"12345"'))
    assert message.endswith(
        "NIP '12345' di [pejabat.camat] harus 18 angka, tulis dalam tanda kutip"
    )


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ('nama = "BUDI"', "nama = true"),
        ('nama = "BUDI"', "nama = 12"),
        ('kota = "Contoh"', "kota = 1.5"),
    ],
)
def test_values_of_the_wrong_type_are_refused(tmp_path, change, message):
    text = GOOD.replace(*(change, message))
    key = message.split(" =")[0]
    where = "pejabat.camat" if key == "nama" else "instansi"
    example = '"Nama Lengkap"' if key == "nama" else '"..."'
    assert error_of(tmp_path, text).endswith(
        f"kunci '{key}' di [{where}] harus teks dalam tanda kutip, mis. {key} = {example}"
    )


@pytest.mark.parametrize(
    ("predikat", "message"),
    [
        ('"Baik" = nan\n"Kurang" = 0', "batas bawah predikat 'Baik' harus angka antara 0 dan 1000"),
        (
            '"Baik" = -inf\n"Kurang" = 0',
            "batas bawah predikat 'Baik' harus angka antara 0 dan 1000",
        ),
        ('"Baik" = 50\n"Cukup" = 50\n"Kurang" = 0', "predikat 'Baik' dan 'Cukup' memakai batas"),
        ('"" = 50\n"Kurang" = 0', "[predikat] berisi nama predikat kosong"),
    ],
)
def test_predikat_must_be_finite_distinct_and_named(tmp_path, predikat, message):
    assert message in error_of(tmp_path, GOOD + "\n[predikat]\n" + predikat + "\n")


def test_logo_must_be_a_png_or_jpeg_that_reads(tmp_path):
    from PIL import Image

    text = GOOD.replace('kota = "Contoh"', 'kota = "Contoh"\nlogo = "lambang.jpg"')
    Image.new("RGB", (30, 40), "red").save(tmp_path / "lambang.jpg", "JPEG")
    assert load_config(write(tmp_path, text)).tampilan.logo == tmp_path / "lambang.jpg"
    Image.new("RGB", (30, 40), "red").save(tmp_path / "lambang.jpg", "GIF")
    assert error_of(tmp_path, text).endswith(
        "[instansi] logo 'lambang.jpg' bukan gambar PNG atau JPEG yang dapat dibaca; buka "
        "lambangnya di program gambar dan simpan ulang sebagai .png"
    )


def test_control_characters_are_dropped_with_a_warning(tmp_path):
    text = GOOD.replace('alamat = "Jalan Merdeka 1"', 'alamat = "Jalan\\u000bMerdeka\\u0007 1"')
    config = load_config(write(tmp_path, text))
    assert config.instansi.alamat == "Jalan\nMerdeka 1"
    assert config.peringatan == (
        f"{tmp_path / 'kinerja.toml'}: kunci 'alamat' di [instansi]: karakter kendali U+0007 "
        "(tidak terlihat, tidak boleh ada di dokumen) dibuang dari teks; periksa teksnya",
    )


def test_units_whose_names_make_one_file_name_are_refused(tmp_path):
    units = '\n[[unit]]\nnama = "Seksi Umum/Data"\n\n[[unit]]\nnama = "Seksi Umum - Data"\n'
    assert error_of(tmp_path, GOOD + units).endswith(
        "[[unit]] 'Seksi Umum/Data' dan 'Seksi Umum - Data' menghasilkan nama berkas yang sama "
        "('seksi-umum-data'), sehingga formulirnya saling menimpa; tulis nama unit yang sama "
        "persis bila unitnya sama, atau bedakan namanya dengan huruf atau angka"
    )


def test_new_workspace_placeholders_are_refused(run, tmp_path):
    assert run("init", tmp_path / "baru").exit_code == 0
    result = run("format-isian", "--workspace", tmp_path / "baru", "--tahun", "2026", "-t", "1")
    assert result.exit_code == 1
    lines = result.output.splitlines()
    # every placeholder at once, so that one edit of kinerja.toml fixes them all
    assert lines[0].endswith(
        "kinerja.toml: 13 isian masih berisi contoh dari 'kinerja init'; isi dengan nilai "
        "sebenarnya:"
    )
    assert "  - kunci 'pemerintah' di [instansi]: 'PEMERINTAH KABUPATEN ...'" in lines
    assert "  - NIP di [pejabat.kasubbag_perencanaan]: 000…" in lines
