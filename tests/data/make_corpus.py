"""Build the corpus of awkward and bad returns in tests/data/corpus/ (run from the repo root).

Every case starts from the sample's Sekretariat return for TW III 2024 and changes it the way
section heads do. `cases.toml` says, per case, which files stand in for that return and what
`kinerja himpun` must make of them: the realisasi read for 'Nilai SAKIP Kecamatan' (accepted), or
the exact problem line (rejected). The files are committed so they can be reviewed; this script
is how they were made. It needs LibreOffice (for .ods/.xls) and msoffcrypto-tool (for the
password-protected workbook), which the test suite itself does not. Cases that cannot be
committed as files (a FIFO, a symlink, a folder, a file of a megabyte) are made by `RUNTIME` in
the returns folder when the test runs; cases.toml marks them `saat_uji = true`.

    python tests/data/make_corpus.py              # every case
    python tests/data/make_corpus.py CASE ...     # only these (the others keep their bytes)
"""

from __future__ import annotations

import codecs
import io
import os
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


def far_cell(workbook) -> None:
    workbook.active["XFD1048576"] = 1  # 6 kB on disk; read whole, 17 billion cells


KETERANGAN_TW3 = b"Survei TW III menunjukkan antrean pelayanan KTP-el masih panjang"


def keterangan_xml(data: bytes, text: bytes) -> bytes:
    """The workbook with one Keterangan replaced in the sheet's XML, past what openpyxl (and
    Excel) would write: a crafted or broken file, not one Excel saves."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                content = content.replace(KETERANGAN_TW3, text)
            target.writestr(info, content, compresslevel=9)
    return out.getvalue()


def sheet_moved(data: bytes) -> bytes:
    """The workbook with its sheet stored under another part name, which the workbook's
    relationships point to (and readers follow)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename).replace(b"worksheets/sheet1.xml", b"lembar.bin")
            name = info.filename.replace("xl/worksheets/sheet1.xml", "xl/lembar.bin")
            target.writestr(name, content)
    return out.getvalue()


def ods_far_rows(data: bytes) -> bytes:
    """The .ods with one value repeated down a million rows, the way OpenDocument compresses."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    row = (
        b'<table:table-row table:number-rows-repeated="1000000"><table:table-cell '
        b'office:value-type="float" office:value="1"/></table:table-row></table:table>'
    )
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "content.xml":
                content = content.replace(b"</table:table>", row, 1)
            target.writestr(info, content)
    return out.getvalue()


def files() -> dict[str, Callable[[], dict[str, bytes]]]:
    """Each case's files, made only when asked for (LibreOffice is slow, and may lack Calc)."""
    base = BASE.read_bytes()
    tw2 = (ROOT / "inputs/2024/TW2/format-isian-sekretariat-2024-TW2.xlsx").read_bytes()
    return {
        "text-decimal-comma": lambda: {NAME: workbook_with(cell("F10", "68,2"))},
        "text-percent-sign": lambda: {NAME: workbook_with(cell("F10", "68%"))},
        "text-percent-space": lambda: {NAME: workbook_with(cell("F10", "68 %"))},
        "text-nbsp-spaces": lambda: {NAME: workbook_with(cell("F10", "\u00a0 68,2\u00a0"))},
        "text-thousands-dot": lambda: {NAME: workbook_with(cell("F10", "1.250"))},
        "text-thousands-and-decimal": lambda: {NAME: workbook_with(cell("F10", "1.250,75"))},
        "excel-percent-format": lambda: {NAME: workbook_with(percent_cell)},
        "title-rows-above": lambda: {NAME: workbook_with(rows_above)},
        "extra-column": lambda: {NAME: workbook_with(extra_column)},
        "renamed-sheet-extra-sheet": lambda: {NAME: workbook_with(renamed_and_extra_sheet)},
        "blank-rows-inside": lambda: {NAME: workbook_with(blank_rows_inside)},
        "loose-indicator-name": lambda: {NAME: workbook_with(loose_name)},
        "csv-semicolon-bom": lambda: {"sekretariat.csv": csv_text(";", ",").encode("utf-8-sig")},
        "csv-comma-no-bom": lambda: {"sekretariat.csv": csv_text(",", ".").encode("utf-8")},
        "csv-cp1252": lambda: {
            "sekretariat.csv": csv_text(";", ",", note="Survei caf\u00e9 \u2013 selesai").encode(
                "cp1252"
            )
        },
        "csv-unit-lowercase": lambda: {
            "balasan.csv": csv_text(";", ",", unit="sekretariat").encode()
        },
        "ods-libreoffice": lambda: {"sekretariat.ods": convert(base, "ods")},
        "xls-old-excel": lambda: {"sekretariat.xls": convert(base, "xls")},
        "xls-percent-cell": lambda: {
            "sekretariat.xls": convert(workbook_with(percent_cell), "xls")
        },
        "excel-lock-file": lambda: {NAME: base, "~$sekretariat.xlsx": b"\x00lock"},
        "hidden-file": lambda: {NAME: base, ".DS_Store": b"\x00\x00\x00\x01Bud1"},
        "not-a-number": lambda: {NAME: workbook_with(cell("F10", "abc"))},
        "two-decimal-commas": lambda: {NAME: workbook_with(cell("F10", "85,5,3"))},
        "english-separators": lambda: {NAME: workbook_with(cell("F10", "1,250.5"))},
        "ambiguous-comma-thousands": lambda: {NAME: workbook_with(cell("F10", "1,250"))},
        "negative-realisasi": lambda: {NAME: workbook_with(cell("F10", -5))},
        "unknown-indicator": lambda: {NAME: workbook_with(cell("C10", "Nilai SAKIP Kecamatn"))},
        "duplicate-indicator": lambda: {NAME: workbook_with(duplicate_row)},
        "two-returns-one-unit": lambda: {NAME: base, "sekretariat-revisi.xlsx": base},
        "corrupt-xlsx": lambda: {NAME: base[: len(base) // 2]},
        "empty-file": lambda: {NAME: b""},
        "password-protected": lambda: {NAME: encrypted()},
        "not-a-spreadsheet": lambda: {NAME: base, "scan-formulir.pdf": b"%PDF-1.4\n%\xe2\xe3\n"},
        "wrong-quarter": lambda: {NAME: tw2},
        "unknown-unit-column": lambda: {
            "balasan.csv": csv_text(";", ",", unit="Seksi Kebersihan").encode()
        },
        "csv-without-table": lambda: {
            "sekretariat.csv": b"Laporan;Sekretariat\r\nSemua baik;ya\r\n"
        },
        "realisasi-without-indicator": lambda: {NAME: workbook_with(orphan_realisasi)},
        "xlsx-cell-at-xfd1048576": lambda: {NAME: workbook_with(far_cell)},
        "xlsx-far-cell-in-renamed-part": lambda: {NAME: sheet_moved(workbook_with(far_cell))},
        "xlsx-unpacks-to-40-mb": lambda: {NAME: keterangan_xml(base, b"a" * 40 * 2**20)},
        "xlsx-cell-too-long": lambda: {NAME: keterangan_xml(base, b"x" * 40_000)},
        "ods-rows-repeated-million": lambda: {
            "sekretariat.ods": ods_far_rows(
                (CORPUS / "ods-libreoffice/sekretariat.ods").read_bytes()
            )
        },
        "csv-cell-too-long": lambda: {
            "sekretariat.csv": csv_text(";", ",", note="panjang " * 5_000).encode("utf-8")
        },
        "csv-utf16-unicode-text": lambda: {
            "sekretariat.csv": csv_text("\t", ",", note="Survei café").encode("utf-16")
        },
        "csv-utf16-be-bom": lambda: {
            "sekretariat.csv": codecs.BOM_UTF16_BE + csv_text(";", ",").encode("utf-16-be")
        },
        "csv-utf16-without-bom": lambda: {
            "sekretariat.csv": csv_text(";", ",").encode("utf-16-le")
        },
        "csv-utf8-accents-no-bom": lambda: {
            "sekretariat.csv": csv_text(";", ",", note="Survei café – selesai").encode("utf-8")
        },
        "csv-byte-undefined-in-cp1252": lambda: {
            "sekretariat.csv": csv_text(";", ",", note="Survei caf\u00e9")
            .encode("cp1252")
            .replace(b"caf\xe9", b"caf\x81")
        },
        "csv-binary-file": lambda: {"sekretariat.csv": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 4},
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


def fifo(folder: Path) -> None:
    shutil.copy(BASE, folder / NAME)
    os.mkfifo(folder / "sekretariat-salinan.xlsx")


def device_link(folder: Path) -> None:
    shutil.copy(BASE, folder / NAME)
    (folder / "sekretariat-salinan.csv").symlink_to("/dev/zero")


def dangling_link(folder: Path) -> None:
    shutil.copy(BASE, folder / NAME)
    (folder / "sekretariat-salinan.xlsx").symlink_to(folder / "sudah-dihapus.xlsx")


def symlink_loop(folder: Path) -> None:
    shutil.copy(BASE, folder / NAME)
    (folder / "sekretariat-salinan.xlsx").symlink_to(folder / "sekretariat-salinan.xlsx")


def folder_like_form(folder: Path) -> None:
    shutil.copy(BASE, folder / NAME)
    (folder / "sekretariat-lama.xlsx").mkdir()  # where a copy of the return was kept
    shutil.copy(BASE, folder / "sekretariat-lama.xlsx" / NAME)


def csv_many_cells(folder: Path) -> None:
    lines = [CSV_HEADER] + [";" * 999] * 1_001  # 1.001.000 cells in 1 MB
    (folder / "sekretariat-lampiran.csv").write_text("\r\n".join(lines), encoding="utf-8")


def csv_field_over_module_limit(folder: Path) -> None:
    (folder / "sekretariat.csv").write_bytes(csv_text(";", ",", note="x" * 200_000).encode("utf-8"))


# cases made beside the sample's own Sekretariat return when the test runs (not committable)
RUNTIME: dict[str, Callable[[Path], None]] = {
    "fifo-named-like-form": fifo,
    "symlink-to-device": device_link,
    "dangling-symlink": dangling_link,
    "folder-named-like-form": folder_like_form,
    "symlink-loop": symlink_loop,
    "csv-million-cells": csv_many_cells,
    "csv-field-over-csv-module-limit": csv_field_over_module_limit,
}


def main() -> None:
    cases = tomllib.loads((CORPUS / "cases.toml").read_text(encoding="utf-8"))
    built = files()
    built |= {name: (lambda c=content: c) for name, content in hostile_files().items()}
    missing = (set(built) | set(RUNTIME)) ^ set(cases)
    if missing:
        raise SystemExit(f"cases.toml and make_corpus.py disagree on: {sorted(missing)}")
    wanted = set(sys.argv[1:]) or set(built)
    for name, make in built.items():
        if name not in wanted:
            continue
        content = make()
        folder = CORPUS / name
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        for file_name, data in content.items():
            (folder / file_name).parent.mkdir(parents=True, exist_ok=True)
            (folder / file_name).write_bytes(data)
    print(f"{len(wanted)} cases written in {CORPUS}")


if __name__ == "__main__":
    main()
