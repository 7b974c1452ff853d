"""A template's package laid out once, and documents written from it without python-docx.

For every document, python-docx opens the template and parses each of its parts, the layout
(paper, margins, typeface) is applied, docxtpl cleans its tags (patch_xml), and every part is
serialised again, although all of that depends only on the template and the layout. A `Kemasan`
holds its result: the bytes of every part that rendering does not touch, the Jinja source of the
body, headers and footers, the main document's XML around its body and the relationships of
every part. It is made once (pipeline.documents.render, with python-docx) and kept on disk; a
document is then its rendered sources spliced in and zipped, with pictures added the way
python-docx adds them (`Gambar` → `gambar_xml`), byte for byte what python-docx would write
(tests/documents/test_package.py compares the two for every bundled template).
"""

from __future__ import annotations

import hashlib
import io
import marshal
import posixpath
import re
import struct
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from pipeline.store.ooxml import StableZipWriter

RT_IMAGE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"
_RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_TYPES_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
_DECLARATION = "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
FORMAT = 2  # bump when what a Kemasan holds changes meaning

# (rId, type, target as written, external, name of the target part or "")
Rel = tuple[str, str, str, bool, str]


class TidakDidukung(Exception):
    """Something in this document only python-docx writes right (a picture that is not a
    PNG, text that needs docxtpl's listing): the caller renders it the python-docx way."""


@dataclass
class Bagian:
    """One part of the package: its name in the zip, content type, bytes (None for a part
    whose XML is rendered), relationships and the Jinja source it is rendered from."""

    nama: str
    jenis: str
    isi: bytes | None
    rels: list[Rel]
    sumber: str | None = None
    next_id: int = 1  # python-docx's StoryPart.next_id: a new picture's name number
    kemas: tuple[bytes, int, int] | None = None  # `isi` compressed once (ooxml.deflate)


@dataclass
class Kemasan:
    package_rels: list[Rel]
    bagian: dict[str, Bagian]  # by name
    utama: str  # the main document part
    shell: tuple[str, str]  # its XML before and after the rendered body
    defaults: dict[str, str]  # [Content_Types].xml: extension -> type
    overrides: dict[str, str]  # part name ("/word/document.xml") -> type
    gambar: str  # a picture's inline XML, with the _SLOT values to fill in
    urutan: list[str]  # the parts rendered from their `sumber`, in docxtpl's order
    # the template's image parts as python-docx gathers them: (sha1, part name)
    images: list[tuple[str, str]] = field(default_factory=list)

    def simpan(self) -> bytes:
        parts = [
            (b.nama, b.jenis, b.isi, b.rels, b.sumber, b.next_id, b.kemas)
            for b in self.bagian.values()
        ]
        return marshal.dumps(
            (
                FORMAT,
                self.package_rels,
                parts,
                self.utama,
                self.shell,
                self.defaults,
                self.overrides,
                self.gambar,
                self.urutan,
                self.images,
            )
        )

    @classmethod
    def baca(cls, data: bytes) -> Kemasan | None:
        """The Kemasan `simpan` wrote, or None when `data` is not one (damaged, older)."""
        try:
            fields = marshal.loads(data)
            if fields[0] != FORMAT:
                return None
            _, rels, parts, utama, shell, defaults, overrides, gambar, urutan, images = fields
            bagian = {p[0]: Bagian(*p[:6], tuple(p[6]) if p[6] else None) for p in parts}
            images = [tuple(image) for image in images]
            return cls(
                rels, bagian, utama, tuple(shell), defaults, overrides, gambar, urutan, images
            )
        except (EOFError, ValueError, TypeError, IndexError):
            return None


# the values a picture's XML is made with at cache time, replaced by the real ones
_SLOT = {"id": 987654321, "rid": "rId424242424", "cx": 123456789, "cy": 234567891}


@dataclass
class _Gambar:
    nama: str  # part name, "word/media/image1.png"
    isi: bytes


class Penulis:
    """One document being written from a Kemasan: the pictures its parts add."""

    def __init__(self, kemasan: Kemasan) -> None:
        self.kemasan = kemasan
        self.rels = {name: list(part.rels) for name, part in kemasan.bagian.items()}
        self.baru: dict[str, _Gambar] = {}  # new image parts by name
        self.images = list(kemasan.images)  # (sha1, part name), the new ones after
        self.bagian = kemasan.utama  # the part being rendered
        self.gambar_di: dict[str, int] = {}  # how many pictures each part was given

    def gambar_xml(self, png: bytes, lebar_emu: int | None, tinggi_emu: int | None) -> str:
        """What docxtpl's InlineImage writes for `png` in the part being rendered."""
        px_width, px_height, horz_dpi, vert_dpi = png_size(png)
        self.gambar_di[self.bagian] = self.gambar_di.get(self.bagian, 0) + 1
        name = self._image_part(png)
        rid = self._relate(self.bagian, name)
        width, height = int(px_width / horz_dpi * 914400), int(px_height / vert_dpi * 914400)
        if lebar_emu is None and tinggi_emu is not None:
            lebar_emu = round(width * (float(tinggi_emu) / float(height)))
        if tinggi_emu is None and lebar_emu is not None:
            tinggi_emu = round(height * (float(lebar_emu) / float(width)))
        cx, cy = (width, height) if lebar_emu is None else (lebar_emu, tinggi_emu)
        xml = self.kemasan.gambar
        if self.bagian == self.kemasan.utama:
            # the id docxtpl's numbering of the body's pictures gives the part's n-th picture
            # when each is printed once where it is made (the usual case), so that the
            # numbering finds it right and copies nothing; the name keeps next_id
            number = 1000 + self.gambar_di[self.bagian]
            xml = xml.replace(f'id="{_SLOT["id"]}"', f'id="{number}"', 1)
        shape_id = self.kemasan.bagian[self.bagian].next_id
        for key, value in (("id", shape_id), ("rid", rid), ("cx", cx), ("cy", cy)):
            xml = xml.replace(str(_SLOT[key]), str(value))
        return xml

    def _image_part(self, png: bytes) -> str:
        digest = hashlib.sha1(png).hexdigest()  # python-docx's own key for one picture
        for sha1, name in self.images:
            if sha1 == digest:
                return name
        used = {_index(name) for _, name in self.images}
        count = len(self.images)
        number = next((n for n in range(1, count + 1) if n not in used), count + 1)
        name = f"word/media/image{number}.png"
        self.images.append((digest, name))
        self.baru[name] = _Gambar(name, png)
        return name

    def _relate(self, source: str, target: str) -> str:
        rels = self.rels[source]
        for rid, kind, _, external, to in rels:
            if kind == RT_IMAGE and not external and to == target:
                return rid
        taken = {rel[0] for rel in rels}
        rid = next(f"rId{n}" for n in range(1, len(rels) + 2) if f"rId{n}" not in taken)
        ref = _relative(source, target)
        rels.append((rid, RT_IMAGE, ref, False, target))
        return rid

    def tulis(self, rendered: dict[str, bytes | list[bytes]], when: Any) -> bytes:
        """The .docx bytes: `rendered` (part name -> bytes, or its pieces in order) in place of
        the sources."""
        kemasan = self.kemasan
        order = list(_walk(kemasan.package_rels, self.rels))
        defaults = dict(kemasan.defaults)
        if self.baru:
            defaults.setdefault("png", "image/png")
        buffer = io.BytesIO()
        writer = StableZipWriter(buffer, when, kemasan.utama)
        writer.add("[Content_Types].xml", _content_types(defaults, kemasan.overrides))
        writer.add("_rels/.rels", _rels_xml(kemasan.package_rels))
        for name in order:
            part = kemasan.bagian.get(name)
            if part is None:
                writer.add(name, self.baru[name].isi)
                continue
            blob = rendered.get(name)
            if blob is None and part.kemas is not None:
                writer.write_deflated(name, *part.kemas)
            elif blob is not None or part.isi is not None:
                writer.add(name, blob if blob is not None else part.isi)
            else:
                raise TidakDidukung(name)
            rels = self.rels[name]
            if rels:
                writer.add(_rels_name(name), _rels_xml(rels))
        writer.close()
        return buffer.getvalue()


def _walk(package_rels: list[Rel], rels: dict[str, list[Rel]]) -> Any:
    """The parts in python-docx's order (OpcPackage.iter_parts: depth first along the
    relationships, each part once)."""
    seen: set[str] = set()

    def walk(source_rels: list[Rel]) -> Any:
        for _, _, _, external, target in source_rels:
            if external or target in seen:
                continue
            seen.add(target)
            yield target
            yield from walk(rels.get(target, []))

    yield from walk(package_rels)


_NUMBERED = re.compile("([a-zA-Z]+)([1-9][0-9]*)?")


def _index(name: str) -> int | None:
    """python-docx's PackURI.idx: the number after the letters that start a part's file
    name ("image12.png" is 12), if any."""
    match = _NUMBERED.match(posixpath.splitext(name.rsplit("/", 1)[-1])[0])
    return int(match.group(2)) if match and match.group(2) else None


def _relative(source: str, target: str) -> str:
    """The target as python-docx writes it in `source`'s relationships (PackURI.relative_ref)."""
    return posixpath.relpath("/" + target, posixpath.dirname("/" + source))


def _rels_name(name: str) -> str:
    folder, _, file = name.rpartition("/")
    return f"{folder}/_rels/{file}.rels" if folder else f"_rels/{file}.rels"


def _escape(value: str) -> str:
    return (
        value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    )


def _rels_xml(rels: list[Rel]) -> bytes:
    items = "".join(
        f'<Relationship Id="{_escape(rid)}" Type="{_escape(kind)}" Target="{_escape(ref)}"'
        + (' TargetMode="External"' if external else "")
        + "/>"
        for rid, kind, ref, external, _ in rels
    )
    body = (
        f'<Relationships xmlns="{_RELS_NS}">{items}</Relationships>'
        if items
        else (f'<Relationships xmlns="{_RELS_NS}"/>')
    )
    return (_DECLARATION + body).encode("utf-8")


def _content_types(defaults: dict[str, str], overrides: dict[str, str]) -> bytes:
    items = "".join(
        f'<Default Extension="{_escape(ext)}" ContentType="{_escape(defaults[ext])}"/>'
        for ext in sorted(defaults)
    ) + "".join(
        f'<Override PartName="{_escape(name)}" ContentType="{_escape(overrides[name])}"/>'
        for name in sorted(overrides)
    )
    return (_DECLARATION + f'<Types xmlns="{_TYPES_NS}">{items}</Types>').encode("utf-8")


def is_png(data: bytes) -> bool:
    """Whether `data` starts as a PNG does (other pictures are written by python-docx)."""
    return data[:8] == _PNG_SIGNATURE


_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def png_size(png: bytes) -> tuple[int, int, int, int]:
    """(width px, height px, horizontal dpi, vertical dpi) as python-docx reads a PNG: the
    first IHDR and pHYs chunks; 72 dpi without a pHYs in metres."""
    if not is_png(png):
        raise TidakDidukung("bukan PNG")
    size = dpi = None
    offset = 8
    try:
        while offset + 8 <= len(png):
            length, kind = struct.unpack_from(">L4s", png, offset)
            data = offset + 8
            if kind == b"IHDR" and size is None:
                size = struct.unpack_from(">LL", png, data)
            elif kind == b"pHYs" and dpi is None:
                horz, vert, unit = struct.unpack_from(">LLB", png, data)
                dpi = tuple(round(v * 0.0254) if unit == 1 and v else 72 for v in (horz, vert))
            if kind == b"IEND":
                break
            offset = data + length + 4
    except struct.error:
        raise TidakDidukung("PNG rusak") from None
    if size is None or 0 in size:
        raise TidakDidukung("PNG tanpa ukuran")
    horz_dpi, vert_dpi = dpi or (72, 72)
    return size[0], size[1], horz_dpi, vert_dpi


_PENULIS: ContextVar[Penulis | None] = ContextVar("kinerja_penulis", default=None)


def penulis_aktif() -> Penulis | None:
    """The document being written from a Kemasan in this context, if any."""
    return _PENULIS.get()


def aktifkan(penulis: Penulis | None) -> Any:
    """Make `penulis` the document the pictures of this context go into; returns the token
    `nonaktifkan` takes."""
    return _PENULIS.set(penulis)


def nonaktifkan(token: Any) -> None:
    """Undo `aktifkan`."""
    _PENULIS.reset(token)
