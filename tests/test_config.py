from pathlib import Path

import pytest

from pipeline.config import load_config
from pipeline.errors import ConfigError

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
    config = load_config(Path(__file__).resolve().parents[1])
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
