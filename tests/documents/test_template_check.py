"""`kinerja periksa-template` on templates broken the way Word users break them."""

from __future__ import annotations

import shutil
from pathlib import Path

from docx import Document

from tests.conftest import REPO

BUNDLED = REPO / "templates/docx"


def edited(tmp_path: Path, edit) -> Path:
    target = tmp_path / "templates/docx/pengukuran-kinerja.docx"
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(BUNDLED / "pengukuran-kinerja.docx", target)
    document = Document(target)
    edit(document)
    document.save(target)
    return target


def test_bundled_templates_are_clean(run):
    result = run("periksa-template", *sorted(BUNDLED.glob("*.docx")))
    assert result.exit_code == 0, result.output
    assert result.output.count(": baik") == len(list(BUNDLED.glob("*.docx"))) == 10


def test_unknown_variable_with_suggestion(run, tmp_path):
    path = edited(tmp_path, lambda d: d.add_paragraph("{{ camat.nama_lengkap }}"))
    result = run("periksa-template", path)
    assert result.exit_code == 1
    assert (
        "isi dokumen, paragraf 22: galat: variabel 'camat.nama_lengkap' tidak disediakan "
        "kinerja untuk pengukuran-kinerja.docx; maksud Anda: 'camat.nama'"
    ) in result.output.replace(f"{path}: ", "")


def test_smart_quotes_and_split_tags_are_warnings(run, tmp_path):
    def edit(document):
        document.add_paragraph("{{ instansi.nama | replace(“A”, “B”) }}")
        split = document.add_paragraph()
        split.add_run("{{ camat.")
        split.add_run("nama }}").bold = True

    path = edited(tmp_path, edit)
    result = run("periksa-template", path)
    assert result.exit_code == 0, result.output
    lines = result.output.replace(f"{path}: ", "").splitlines()
    assert (
        "isi dokumen, paragraf 22: peringatan: tanda kutip miring Word di dalam "
        "{{ instansi.nama | replace(“A”, “B”) }}; ketik ulang dengan tanda kutip lurus "
        "(matikan AutoFormat 'smart quotes')"
    ) in lines
    assert (
        "isi dokumen, paragraf 23: peringatan: tag {{ camat.nama }} terpecah menjadi beberapa "
        "bagian format; hapus lalu ketik ulang tag itu sekaligus tanpa mengubah format di "
        "tengahnya"
    ) in lines


def test_loop_row_outside_a_table_and_unclosed_block(run, tmp_path):
    def edit(document):
        document.add_paragraph("{%tr for x in kelompok %}")
        document.add_paragraph("{% if draft %}tanpa penutup")

    path = edited(tmp_path, edit)
    result = run("periksa-template", path)
    assert result.exit_code == 1
    output = result.output
    assert "tag {%tr %}/{%tc %} berada di luar tabel; letakkan di baris tabel tersendiri" in output
    assert "blok {% … %} tidak ditutup (kurang {% end… %})" in output
    assert "Galat: " in output


def test_workspace_templates_are_checked_by_default(run, tmp_path):
    edited(tmp_path, lambda d: d.add_paragraph("{{ tidak_ada }}"))
    result = run("periksa-template", "--workspace", tmp_path)
    assert result.exit_code == 1
    assert "variabel 'tidak_ada' tidak disediakan kinerja" in result.output


def test_workspace_template_overrides_bundled_and_is_sandboxed(run, sample):
    def edit(document):
        document.add_paragraph("Versi kantor {{ instansi.nama }}")
        document.add_paragraph("{{ instansi.__class__.__mro__ }}")

    path = edited(sample, edit)
    result = run("proses", "--workspace", sample, "--tahun", "2024", "--triwulan", "3")
    assert result.exit_code == 1  # periksa-template refuses to let it reach into Python objects
    assert (
        f"Galat: {path}: templat ditolak (isi dokumen: galat: tag "
        "{{ instansi.__class__.__mro__ }} memanggil atau membuka atribut tersembunyi "
        "'__mro__', yang tidak diizinkan: templat hanya menampilkan nilai (mis. "
        "{{ r.capaian }}); hapus tag itu); perbaiki templatnya (semua temuan: kinerja "
        f"periksa-template {path}) atau hapus berkasnya agar templat bawaan dipakai"
    ) in result.output
    assert not (sample / "outputs/2024/TW3/draft").exists()


def test_a_renamed_template_copy_is_named_not_flooded(run, tmp_path):
    copy = tmp_path / "laporan-kinerja (salinan).docx"
    shutil.copy(REPO / "templates/docx/laporan-kinerja.docx", copy)
    result = run("periksa-template", copy)
    assert result.exit_code == 1
    assert result.output.count("galat:") == 1
    assert "bukan nama templat kinerja, jadi tidak akan dipakai" in result.output
