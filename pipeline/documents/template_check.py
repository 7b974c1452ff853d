"""`kinerja periksa-template`: check a template edited in Word before it is used.

Structural problems (unbalanced or misplaced tags, Jinja syntax) come from docxtpl-lint, which
knows docxtpl's own tags and names the table cell; this module adds what the office's editors
meet most: variables the documents do not provide, Word's smart quotes inside tags, and tags that
Word split across differently formatted runs. It also rejects a tag that calls a method outside
the sandbox's allow-list or reaches for a hidden attribute (`_…`): a template shows values, it
does not run code. Every finding is said in Bahasa Indonesia.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace

from pipeline.documents.sandbox import SANDBOX_FUNCTIONS, SANDBOX_LOOP_METHODS, SANDBOX_METHODS
from pipeline.domain.errors import TemplateError
from pipeline.domain.names import saran
from pipeline.inputs.bundled import bundled_dir

_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.DOTALL)
_SMART = "“”‘’„‚"
_PARTS = {"body": "isi dokumen", "header": "kepala halaman", "footer": "kaki halaman"}
_COMMON = {
    "alamat_kop",
    "kontak_kop",
    "logo",
    "periode.romawi",
    "periode.tahun",
    "periode_label",
    "tempat_tanggal",
    "draft",
    "judul_singkat",
    "instansi.nama",
    "instansi.pemerintah",
    "catatan",
    "catatan[]",
}
_MESSAGES = {
    "DTL001": "tag tidak ditutup",
    "DTL002": "tag melewati beberapa paragraf",
    "DTL101": "blok {% … %} tidak ditutup (kurang {% end… %})",
    "DTL102": "penutup blok tanpa pembuka yang sesuai",
    "DTL103": "penulisan Jinja salah",
    "DTL104": "filter tidak dikenal",
    "DTL106": "variabel perulangan dipakai di luar perulangannya",
    "DTL202": "tulis {%tr …} tanpa spasi sesudah {%",
    "DTL203": "tag {%tr %}/{%tc %} berada di luar tabel; letakkan di baris tabel tersendiri",
    "DTL204": "awalan tag pembuka dan penutup berbeda (mis. {%tr for %} ditutup {% endfor %})",
    "DTL205": "blok {%tr %} dibuka di satu tabel dan ditutup di tabel lain",
    "DTL206": "{%tr %} pembuka dan penutup berada di baris yang sama; pisahkan ke baris sendiri",
    "DTL208": "tag vm/hm/cellbg hanya berlaku di dalam sel tabel",
    "DTL209": "teks lain di samping tag {%p/tr/tc %} akan hilang; pindahkan teksnya",
    "DTL210": "{%p %} pembuka dan penutup berada di paragraf yang sama",
}


@dataclass(frozen=True)
class TemuanTemplate:
    """One finding in a template: where, what, and whether it stops the template from working."""

    lokasi: str
    pesan: str
    galat: bool

    def __str__(self) -> str:
        jenis = "galat" if self.galat else "peringatan"
        return f"{self.lokasi}: {jenis}: {self.pesan}"


def known_variables(name: str) -> set[str]:
    """The variables kinerja provides to the template called `name`."""
    from docxtpl_lint import lint

    from pipeline.documents import context as ctx
    from pipeline.domain.model import DEFAULT_PREDIKAT, Indikator, Pengukuran, Polaritas

    bundled = bundled_dir() / name
    known = set(_COMMON)
    if bundled.is_file():
        known |= set(lint(str(bundled)).variables)
    item = Indikator("u", "s", "i", "%", Polaritas.POSITIF, None, (None, None, None, None))
    row = vars(
        ctx.baris(Pengukuran(item, None, None), 1, SimpleNamespace(predikat=DEFAULT_PREDIKAT))
    )
    if any(v.startswith("kelompok") for v in known):
        known |= {f"kelompok[].baris[].{key}" for key in row} | {
            f"kelompok[].baris[].{key}[]" for key, value in row.items() if isinstance(value, list)
        }
    return known


def _location(issue) -> str:
    where = issue.location
    part = next((label for key, label in _PARTS.items() if where.part.startswith(key)), where.part)
    text = f"{part}, paragraf {where.paragraph}"
    if where.cells:
        cell = where.cells[-1]
        text += f", tabel {cell.table} baris {cell.row} kolom {cell.col}"
    return text


def _paragraphs(path: Path) -> Iterator[tuple[str, object]]:
    """(location, python-docx paragraph) for the body, its tables, headers and footers."""
    from docx import Document

    document = Document(path)
    for index, paragraph in enumerate(document.paragraphs, start=1):
        yield f"isi dokumen, paragraf {index}", paragraph
    for t, table in enumerate(document.tables, start=1):
        for r, row in enumerate(table.rows, start=1):
            for c, cell in enumerate(row.cells, start=1):
                for paragraph in cell.paragraphs:
                    yield f"tabel {t} baris {r} kolom {c}", paragraph
    for section in document.sections:
        for label, part in (("kepala halaman", section.header), ("kaki halaman", section.footer)):
            for index, paragraph in enumerate(part.paragraphs, start=1):
                yield f"{label}, paragraf {index}", paragraph


def _run_checks(path: Path) -> list[TemuanTemplate]:
    found = []
    for where, paragraph in _paragraphs(path):
        text = paragraph.text
        bounds, offset = set(), 0
        for run in paragraph.runs:
            offset += len(run.text)
            bounds.add(offset)
        for match in _TAG.finditer(text):
            tag = match.group()
            if any(ch in tag for ch in _SMART):
                found.append(
                    TemuanTemplate(
                        where,
                        f"tanda kutip miring Word di dalam {tag}; ketik ulang dengan tanda "
                        "kutip lurus (matikan AutoFormat 'smart quotes')",
                        False,
                    )
                )
            if any(match.start() < b < match.end() for b in bounds):
                found.append(
                    TemuanTemplate(
                        where,
                        f"tag {tag} terpecah menjadi beberapa bagian format; hapus lalu ketik "
                        "ulang tag itu sekaligus tanpa mengubah format di tengahnya",
                        False,
                    )
                )
    return found


_PROPERTIES = ("author", "comments", "identifier", "language", "subject", "title")


def _jinja_sources(path: Path) -> Iterator[tuple[str, str]]:
    """(part, Jinja source) of every part docxtpl fills: body, headers, footers, properties."""
    from docxtpl import DocxTemplate

    template = DocxTemplate(str(path))
    template.init_docx()
    yield _PARTS["body"], template.patch_xml(template.get_xml())
    for uri, label in ((template.HEADER_URI, "header"), (template.FOOTER_URI, "footer")):
        for _, part in template.get_headers_footers(uri):
            yield _PARTS[label], template.patch_xml(template.get_part_xml(part))
    properties = template.docx.core_properties
    for name in _PROPERTIES:
        yield "properti dokumen", getattr(properties, name) or ""


def _forbidden(node, macros: set[str]) -> str | None:
    """What a node reaches for that the sandbox refuses, or None."""
    from jinja2 import nodes

    if isinstance(node, nodes.Getattr) and node.attr.startswith("_"):
        return node.attr
    if isinstance(node, nodes.Getitem):
        key = node.arg
        if isinstance(key, nodes.Const) and str(key.value).startswith("_"):
            return str(key.value)
    if isinstance(node, nodes.Filter) and node.name == "attr" and node.args:
        key = node.args[0]
        if isinstance(key, nodes.Const) and str(key.value).startswith("_"):
            return str(key.value)
    if not isinstance(node, nodes.Call):
        return None
    callee = node.node
    if isinstance(callee, nodes.Getattr):
        allowed = SANDBOX_METHODS | SANDBOX_LOOP_METHODS | {"next", "reset"}
        return None if callee.attr in allowed else callee.attr
    if isinstance(callee, nodes.Name):
        allowed = SANDBOX_FUNCTIONS | macros | {"caller", "loop"}
        return None if callee.name in allowed else callee.name
    return "(ekspresi)"


def _sandbox_checks(path: Path) -> list[TemuanTemplate]:
    """Every tag that calls what the sandbox refuses or reaches for a hidden attribute."""
    from jinja2 import Environment, TemplateSyntaxError, nodes

    found: dict[tuple[str, str], TemuanTemplate] = {}  # one finding per tag
    for part, source in _jinja_sources(path):
        try:
            tree = Environment().parse(source)
        except TemplateSyntaxError:
            continue  # docxtpl-lint reports the syntax
        macros = {m.name for m in tree.find_all(nodes.Macro)}
        lines = source.splitlines()
        for node in tree.find_all((nodes.Call, nodes.Getattr, nodes.Getitem, nodes.Filter)):
            name = _forbidden(node, macros)
            if name is None:
                continue
            line = lines[node.lineno - 1] if node.lineno <= len(lines) else ""
            tag = next((t for t in _TAG.findall(line) if name in t), name)
            what = f"atribut tersembunyi '{name}'" if name.startswith("_") else f"'{name}'"
            found.setdefault(
                (part, tag),
                TemuanTemplate(
                    part,
                    f"tag {tag} memanggil atau membuka {what}, yang tidak diizinkan: templat "
                    "hanya menampilkan nilai (mis. {{ r.capaian }}); hapus tag itu",
                    True,
                ),
            )
    return list(found.values())


def periksa_template(path: Path) -> list[TemuanTemplate]:
    """Every finding in one template, errors first."""
    from docxtpl_lint import lint

    if not path.is_file():
        raise TemplateError(f"{path}: templat tidak ditemukan")
    try:
        result = lint(str(path))
    except Exception:  # a file Word cannot open either
        raise TemplateError(
            f"{path}: bukan dokumen Word (.docx) yang dapat dibaca; buka di Word dan simpan "
            "ulang sebagai Dokumen Word (.docx)"
        ) from None
    found = [
        TemuanTemplate(
            _location(issue),
            f"{_MESSAGES.get(issue.rule, issue.message)} ({issue.rule}: {issue.snippet.strip()})",
            issue.severity == "error",
        )
        for issue in result.issues
    ]
    found = _sandbox_checks(path) + found
    if not (bundled_dir() / path.name).is_file():
        names = ", ".join(sorted(p.name for p in bundled_dir().glob("*.docx")))
        found.append(
            TemuanTemplate(
                "nama berkas",
                f"'{path.name}' bukan nama templat kinerja, jadi tidak akan dipakai; beri "
                f"nama salah satu dari: {names}",
                True,
            )
        )
        return found + _run_checks(path)
    if any(t.galat for t in found):
        # an unclosed block makes every variable after it look unknown: fix the structure first
        return sorted(found + _run_checks(path), key=lambda t: not t.galat)
    known = known_variables(path.name)
    texts = list(_paragraphs(path))
    for variable in sorted(set(result.variables) - known):
        leaf = variable.replace("[]", "").split(".")[-1]
        where = next((w for w, p in texts if leaf in p.text), "isi dokumen")
        name = variable.replace("[]", "")
        choices = sorted({k.replace("[]", "") for k in known})
        message = f"variabel '{name}' tidak disediakan kinerja untuk {path.name}"
        found.append(TemuanTemplate(where, message + saran(name, choices), True))
    found += _run_checks(path)
    return sorted(found, key=lambda t: not t.galat)
