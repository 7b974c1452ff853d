"""Build the corpus of awkward and bad returns in tests/data/corpus/ (run from the repo root).

Every case starts from the sample's Sekretariat return for TW III 2024 and changes it the way
section heads do. `cases.toml` says, per case, which files stand in for that return and what
`kinerja himpun` must make of them: the realisasi read for 'Nilai SAKIP Kecamatan' (accepted), or
the exact problem line (rejected). A case with `tempat = "workspace"` holds files at their paths
in the workspace instead (kinerja.toml, the Perjanjian Kinerja, a template, a logo) and may name
the command to run (`perintah`). The files are committed so they can be reviewed; this script
is how they were made. It needs LibreOffice (for .ods/.xls) and msoffcrypto-tool (for the
password-protected workbook), which the test suite itself does not.

    python tests/data/make_corpus.py            # every case
    python tests/data/make_corpus.py CASE...    # only these cases
"""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
import tempfile
import tomllib
import zipfile
from collections.abc import Callable
from pathlib import Path

from openpyxl import load_workbook

ROOT = Path(__file__).resolve().parents[2]
BASE = ROOT / "inputs/2024/TW3/format-isian-sekretariat-2024-TW3.xlsx"
CORPUS = Path(__file__).resolve().parent / "corpus"
NAME = "sekretariat.xlsx"
CSV_HEADER = "Unit;No;Sasaran;Indikator Kinerja;Satuan;Target;Realisasi;Keterangan"
ROWS = [
    (
        "Meningkatnya akuntabilitas kinerja Kecamatan Awayan",
        "Nilai SAKIP Kecamatan",
        "Nilai",
        "68",
        "68,2",
    ),
    (
        "Meningkatnya akuntabilitas kinerja Kecamatan Awayan",
        "Persentase dokumen perencanaan dan pelaporan yang disusun tepat waktu",
        "%",
        "100",
        "100",
    ),
    (
        "Meningkatnya kualitas pelayanan publik kecamatan",
        "Indeks Kepuasan Masyarakat terhadap pelayanan kecamatan",
        "Nilai",
        "81",
        "79,4",
    ),
]


def workbook_with(edit: Callable) -> bytes:
    workbook = load_workbook(BASE)
    edit(workbook)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def cell(ref: str, value) -> Callable:
    def edit(workbook):
        workbook.active[ref] = value

    return edit


def percent_cell(workbook) -> None:
    workbook.active["F10"] = 0.682
    workbook.active["F10"].number_format = "0.0%"


def rows_above(workbook) -> None:
    sheet = workbook.active
    sheet.insert_rows(1, 4)
    sheet["A1"] = "LAMPIRAN SURAT KASI"


def extra_column(workbook) -> None:
    sheet = workbook.active
    sheet.insert_cols(5)
    sheet["E9"] = "Catatan Pribadi"
    sheet["E10"] = "cek lagi"


def renamed_and_extra_sheet(workbook) -> None:
    workbook.active.title = "Isian Sekretariat"
    notes = workbook.create_sheet("Catatan", 0)
    notes["A1"] = "Catatan kerja, bukan formulir"


def blank_rows_inside(workbook) -> None:
    workbook.active.insert_rows(11, 2)


def duplicate_row(workbook) -> None:
    sheet = workbook.active
    for col in range(1, 9):
        sheet.cell(13, col, sheet.cell(10, col).value)


def loose_name(workbook) -> None:
    workbook.active["C10"] = "  nilai SAKIP   kecamatan. "


def orphan_realisasi(workbook) -> None:
    sheet = workbook.active
    sheet["F14"] = 12


def csv_text(separator: str, decimal: str, unit: str = "Sekretariat", note: str = "") -> str:
    header = CSV_HEADER.replace(";", separator)
    lines = [header]
    for no, (sasaran, indikator, satuan, target, realisasi) in enumerate(ROWS, start=1):
        value = realisasi.replace(",", decimal)
        fields = [unit, str(no), sasaran, indikator, satuan, target, value, note if no == 1 else ""]
        if separator == ",":
            fields = [f'"{f}"' if "," in f else f for f in fields]
        lines.append(separator.join(fields))
    return "\r\n".join(lines) + "\r\n"


def convert(data: bytes, suffix: str) -> bytes:
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "return.xlsx"
        source.write_bytes(data)
        subprocess.run(
            [
                "soffice",
                "--headless",
                f"-env:UserInstallation=file://{folder}/profile",
                "--convert-to",
                suffix,
                "--outdir",
                folder,
                str(source),
            ],
            check=True,
            capture_output=True,
        )
        return (Path(folder) / f"return.{suffix}").read_bytes()


def encrypted() -> bytes:
    import msoffcrypto

    out = io.BytesIO()
    office = msoffcrypto.OfficeFile(io.BytesIO(BASE.read_bytes()))
    office.encrypt("rahasia", out)
    return out.getvalue()


def files() -> dict[str, dict[str, bytes]]:
    base = BASE.read_bytes()
    tw2 = (ROOT / "inputs/2024/TW2/format-isian-sekretariat-2024-TW2.xlsx").read_bytes()
    return {
        "text-decimal-comma": {NAME: workbook_with(cell("F10", "68,2"))},
        "text-percent-sign": {NAME: workbook_with(cell("F10", "68%"))},
        "text-percent-space": {NAME: workbook_with(cell("F10", "68 %"))},
        "text-nbsp-spaces": {NAME: workbook_with(cell("F10", "\u00a0 68,2\u00a0"))},
        "text-thousands-dot": {NAME: workbook_with(cell("F10", "1.250"))},
        "text-thousands-and-decimal": {NAME: workbook_with(cell("F10", "1.250,75"))},
        "excel-percent-format": {NAME: workbook_with(percent_cell)},
        "title-rows-above": {NAME: workbook_with(rows_above)},
        "extra-column": {NAME: workbook_with(extra_column)},
        "renamed-sheet-extra-sheet": {NAME: workbook_with(renamed_and_extra_sheet)},
        "blank-rows-inside": {NAME: workbook_with(blank_rows_inside)},
        "loose-indicator-name": {NAME: workbook_with(loose_name)},
        "csv-semicolon-bom": {"sekretariat.csv": csv_text(";", ",").encode("utf-8-sig")},
        "csv-comma-no-bom": {"sekretariat.csv": csv_text(",", ".").encode("utf-8")},
        "csv-cp1252": {
            "sekretariat.csv": csv_text(";", ",", note="Survei caf\u00e9 \u2013 selesai").encode(
                "cp1252"
            )
        },
        "csv-unit-lowercase": {"balasan.csv": csv_text(";", ",", unit="sekretariat").encode()},
        "ods-libreoffice": {"sekretariat.ods": convert(base, "ods")},
        "xls-old-excel": {"sekretariat.xls": convert(base, "xls")},
        "xls-percent-cell": {"sekretariat.xls": convert(workbook_with(percent_cell), "xls")},
        "excel-lock-file": {NAME: base, "~$sekretariat.xlsx": b"\x00lock"},
        "hidden-file": {NAME: base, ".DS_Store": b"\x00\x00\x00\x01Bud1"},
        "not-a-number": {NAME: workbook_with(cell("F10", "abc"))},
        "two-decimal-commas": {NAME: workbook_with(cell("F10", "85,5,3"))},
        "english-separators": {NAME: workbook_with(cell("F10", "1,250.5"))},
        "ambiguous-comma-thousands": {NAME: workbook_with(cell("F10", "1,250"))},
        "negative-realisasi": {NAME: workbook_with(cell("F10", -5))},
        "unknown-indicator": {NAME: workbook_with(cell("C10", "Nilai SAKIP Kecamatn"))},
        "duplicate-indicator": {NAME: workbook_with(duplicate_row)},
        "two-returns-one-unit": {NAME: base, "sekretariat-revisi.xlsx": base},
        "corrupt-xlsx": {NAME: base[: len(base) // 2]},
        "empty-file": {NAME: b""},
        "password-protected": {NAME: encrypted()},
        "not-a-spreadsheet": {NAME: base, "scan-formulir.pdf": b"%PDF-1.4\n%\xe2\xe3\n"},
        "wrong-quarter": {NAME: tw2},
        "unknown-unit-column": {
            "balasan.csv": csv_text(";", ",", unit="Seksi Kebersihan").encode()
        },
        "csv-without-table": {"sekretariat.csv": b"Laporan;Sekretariat\r\nSemua baik;ya\r\n"},
        "realisasi-without-indicator": {NAME: workbook_with(orphan_realisasi)},
    }


RETURN_IN_WORKSPACE = "inputs/2024/TW3/format-isian-sekretariat-2024-TW3.xlsx"
PK = "inputs/2024/perjanjian-kinerja.xlsx"


def sheet_xml(data: bytes, old: bytes, new: bytes) -> bytes:
    """The workbook with one cell's XML replaced, for what openpyxl cannot write: cached error
    values of formulas, control characters escaped as Excel writes them (_x000B_)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                assert old in content, old
                content = content.replace(old, new)
            target.writestr(info, content)
    return out.getvalue()


def realisasi_error(error: str) -> bytes:
    return sheet_xml(
        BASE.read_bytes(),
        b'<c r="F10" s="8" t="n"><v>68.2</v></c>',
        f'<c r="F10" s="8" t="e"><f>E10/0</f><v>{error}</v></c>'.encode(),
    )


def keterangan_with_controls() -> bytes:
    return sheet_xml(
        BASE.read_bytes(),
        b'<c r="H10" s="8" t="n"></c>',
        b'<c r="H10" s="8" t="inlineStr"><is><t>Rapat_x000B_ditunda_x0001_ karena banjir'
        b"</t></is></c>",
    )


def config_with(*changes: tuple[str, str], extra: str = "") -> bytes:
    text = (ROOT / "kinerja.toml").read_text(encoding="utf-8")
    for old, new in changes:
        assert old in text, old
        text = text.replace(old, new, 1)
    return (text + extra).encode("utf-8")


def perjanjian_with_units(renames: dict[str, list[str]]) -> bytes:
    """The Perjanjian Kinerja with the rows of some units given other names, row by row."""
    workbook = load_workbook(ROOT / PK)
    sheet = workbook.active
    left = {unit: list(names) for unit, names in renames.items()}
    for row in range(1, sheet.max_row + 1):
        names = left.get(sheet.cell(row, 1).value)
        if names:
            sheet.cell(row, 1).value = names.pop(0) if len(names) > 1 else names[0]
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def template_with(*paragraphs: str) -> bytes:
    from docx import Document

    document = Document(ROOT / "templates/docx/pengukuran-kinerja.docx")
    for text in paragraphs:
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def hostile_files() -> dict[str, dict[str, bytes]]:
    """The cases of the red-team pass: sandbox, formulas, control characters, numbers out of
    range and Excel errors, bad kinerja.toml values, unit names sharing a file name."""
    base = BASE.read_bytes()
    logo = (ROOT / "templates/logo-contoh.png").read_bytes()
    sekretariat_csv = csv_text(";", ",", note="=1+2").encode("utf-8-sig")
    return {
        "template-calls-save": {
            "templates/docx/pengukuran-kinerja.docx": template_with(
                "{{ logo.tpl.save('pwned.docx') }}"
            )
        },
        "template-hidden-attribute": {
            "templates/docx/pengukuran-kinerja.docx": template_with(
                "{{ (instansi|attr('__class__')) }}"
            )
        },
        "formula-file-name": {"=HYPERLINK(A1) sekretariat.xlsx": base},
        "csv-formula-keterangan": {"sekretariat.csv": sekretariat_csv},
        "control-chars-keterangan": {NAME: keterangan_with_controls()},
        "csv-control-chars": {
            "sekretariat.csv": csv_text(";", ",", note="Rapat\x0bditunda\x01 karena banjir").encode(
                "utf-8"
            )
        },
        "realisasi-1e30": {NAME: workbook_with(cell("F10", 1e30))},
        "realisasi-1e308": {NAME: workbook_with(cell("F10", 1e308))},
        "realisasi-forty-digits": {NAME: workbook_with(cell("F10", "1" * 40))},
        "realisasi-tiny": {NAME: workbook_with(cell("F10", 1e-300))},
        "realisasi-div0": {NAME: realisasi_error("#DIV/0!")},
        "realisasi-ref": {NAME: realisasi_error("#REF!")},
        "csv-excel-error-text": {
            "sekretariat.csv": csv_text(";", ",").replace("68,2", "#N/A").encode("utf-8")
        },
        "config-predikat-nan": {
            "kinerja.toml": config_with(extra='\n[predikat]\n"Sangat Baik" = nan\n"Kurang" = 0\n')
        },
        "config-predikat-inf": {
            "kinerja.toml": config_with(extra='\n[predikat]\n"Sangat Baik" = inf\n"Kurang" = 0\n')
        },
        "config-logo-not-image": {
            "kinerja.toml": config_with(("logo-contoh.png", "logo-kantor.png")),
            "templates/logo-kantor.png": b"<html><body>Lambang Kabupaten</body></html>\n",
        },
        "config-logo-truncated": {
            "kinerja.toml": config_with(("logo-contoh.png", "logo-kantor.png")),
            "templates/logo-kantor.png": logo[: len(logo) // 2],
        },
        "config-nama-bool": {
            "kinerja.toml": config_with(('nama = "ASWAL SALAHUDIN, S.IP"', "nama = true"))
        },
        "config-control-chars": {
            "kinerja.toml": config_with(('alamat = "', 'alamat = "\\u0001')),
            RETURN_IN_WORKSPACE: base,
        },
        "config-unit-slug-collision": {
            "kinerja.toml": config_with(
                ('nama = "Subbag Umum dan Kepegawaian"', 'nama = "Subbag Umum/Kepegawaian"'),
                ('nama = "Seksi Pemerintahan"', 'nama = "Subbag Umum - Kepegawaian"'),
            )
        },
        "pk-unit-slug-collision": {
            PK: perjanjian_with_units(
                {
                    "Subbag Umum dan Kepegawaian": [
                        "Subbag Umum/Kepegawaian",
                        "Subbag Umum - Kepegawaian",
                    ]
                }
            )
        },
        "pk-target-ref": {
            PK: sheet_xml(
                (ROOT / PK).read_bytes(),
                b'<c r="I4" t="n"><v>68</v></c>',
                b'<c r="I4" t="e"><f>#REF!*1</f><v>#REF!</v></c>',
            )
        },
        "pk-non-latin-units": {
            PK: perjanjian_with_units(
                {"Seksi Pemerintahan": ["行政課"], "Seksi Kesejahteraan Sosial": ["福祉課"]}
            )
        },
    }


def main() -> None:
    cases = tomllib.loads((CORPUS / "cases.toml").read_text(encoding="utf-8"))
    wanted = set(sys.argv[1:])
    hostile = hostile_files()
    built = hostile if wanted and wanted <= set(hostile) else files() | hostile
    missing = (set(built) ^ set(cases)) if not wanted else wanted - set(cases) - set(built)
    if missing:
        raise SystemExit(f"cases.toml and make_corpus.py disagree on: {sorted(missing)}")
    for name, content in built.items():
        if wanted and name not in wanted:
            continue
        folder = CORPUS / name
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        for file_name, data in content.items():
            (folder / file_name).parent.mkdir(parents=True, exist_ok=True)
            (folder / file_name).write_bytes(data)
    print(f"{len(wanted or built)} cases written in {CORPUS}")


if __name__ == "__main__":
    main()
