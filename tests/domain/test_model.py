from decimal import Decimal

import pytest

from pipeline.domain import formatting
from pipeline.domain.model import Polaritas, hitung_capaian, predikat

D = Decimal


@pytest.mark.parametrize(
    ("target", "realisasi", "polaritas", "expected"),
    [
        (D(100), D("85.5"), Polaritas.POSITIF, "85,50"),
        (D(3), D(2), Polaritas.POSITIF, "66,67"),
        (D(3), D(2), Polaritas.NEGATIF, "133,33"),
        (D(3), D(4), Polaritas.NEGATIF, "66,67"),
        (D(2), D(5), Polaritas.NEGATIF, "0,00"),  # floored at 0
        (D(0), D(5), Polaritas.POSITIF, "-"),  # target 0: no capaian, no inf
        (D(10), None, Polaritas.POSITIF, "-"),
    ],
)
def test_capaian(target, realisasi, polaritas, expected):
    assert formatting.persen(hitung_capaian(target, realisasi, polaritas)) == expected


@pytest.mark.parametrize(
    ("capaian", "expected"),
    [
        (D(91), "Sangat Baik"),
        (D("90.99"), "Baik"),
        (D(76), "Baik"),
        (D(66), "Cukup"),
        (D(51), "Kurang"),
        (D("50.99"), "Sangat Kurang"),
        (None, "-"),
    ],
)
def test_predikat_bands(capaian, expected):
    assert predikat(capaian) == expected


def test_formatting_is_indonesian():
    import datetime as dt

    assert formatting.angka(D("1234.56"), desimal=2) == "1.234,56"
    assert formatting.angka(D("4625000000")) == "4.625.000.000"
    assert formatting.tanggal(dt.date(2024, 10, 31)) == "31 Oktober 2024"
    assert formatting.nip("197012081992031007") == "19701208 199203 1 007"
