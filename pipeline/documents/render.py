"""Filling Word templates with docxtpl.

A template is read from disk once per process and a fresh `DocxTemplate` is made from its bytes for
every document (a DocxTemplate renders only once). A workspace may hold its own
`templates/docx/<name>` that overrides the bundled one; such a template is used only when
`periksa-template` finds no error in it.

Every template is filled in a sandbox that reads values and calls no method outside a short
allow-list (`SANDBOX_METHODS`), and the context holds only inert values: text, numbers, lists,
mappings, attribute bags and `Gambar` picture markers. Text a document cannot hold (control
characters) is taken out of the rendered XML, U+000B (Shift+Enter) becoming a line break.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import functools
import hashlib
import io
import itertools
import marshal
import re
import sys
import types
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from pipeline.documents.keep_with_signature import keep_with_signature, keep_with_signature_tree
from pipeline.documents.package import (
    Bagian,
    Kemasan,
    Penulis,
    TidakDidukung,
    aktifkan,
    is_png,
    nonaktifkan,
    penulis_aktif,
)
from pipeline.documents.sandbox import SANDBOX_FUNCTIONS, SANDBOX_LOOP_METHODS, SANDBOX_METHODS
from pipeline.documents.table_fit import fit_body_xml, fit_tables
from pipeline.domain.errors import TemplateError
from pipeline.domain.teks import bersih
from pipeline.inputs.bundled import TEMPLATE_DIR, bundled_dir
from pipeline.inputs.config import Tampilan
from pipeline.store.ooxml import StableZipWriter, deflate, level_for


def template_path(workspace: Path, name: str) -> Path:
    """The workspace's own template if it has one, else the bundled one."""
    for folder in (workspace / TEMPLATE_DIR, bundled_dir()):
        candidate = folder / name
        if candidate.is_file():
            return candidate
    raise TemplateError(f"templat '{name}' tidak ditemukan di {workspace / TEMPLATE_DIR}")


_DOCUMENT: contextvars.ContextVar[Any] = contextvars.ContextVar("kinerja_document")


@dataclass(frozen=True)
class Gambar:
    """A PNG (or JPEG) standing anywhere in a template context (width and height in cm; one of
    them None keeps the picture's proportions). It becomes a picture of the document being
    rendered when the template prints it, so contexts need no walking to find pictures. It
    holds only bytes and numbers: the document it goes into is never reachable from it."""

    png: bytes
    lebar_cm: float | None = None
    tinggi_cm: float | None = None

    def __html__(self) -> str:
        writer = penulis_aktif()
        if writer is not None:  # a document written from its Kemasan: the same XML
            width = int(self.lebar_cm * 360000) if self.lebar_cm else None  # docx.shared.Cm
            height = int(self.tinggi_cm * 360000) if self.tinggi_cm else None
            return writer.gambar_xml(self.png, width, height)
        from docx.shared import Cm
        from docxtpl import InlineImage

        width = Cm(self.lebar_cm) if self.lebar_cm else None
        height = Cm(self.tinggi_cm) if self.tinggi_cm else None
        image = InlineImage(_DOCUMENT.get(), io.BytesIO(self.png), width=width, height=height)
        return _no_text_distance(image.__html__())

    __str__ = __html__


_ABSENT = object()
_DICT_ATTRIBUTES = frozenset(dir(dict))


def _no_text_distance(picture_xml: str) -> str:
    """An inline picture with no text distance: LibreOffice otherwise keeps 0,32 cm left of
    it."""
    return picture_xml.replace(
        "<wp:inline ", '<wp:inline distT="0" distB="0" distL="0" distR="0" ', 1
    )


@functools.cache
def _sandbox_class() -> type:
    """A Jinja sandbox that refuses every call outside the allow-lists and reads attributes
    only of the inert values kinerja puts in a context."""
    from jinja2.runtime import LoopContext, Macro
    from jinja2.sandbox import SandboxedEnvironment
    from jinja2.utils import Cycler, Joiner, Namespace

    readable = (SimpleNamespace, dict, list, tuple, Gambar, LoopContext, Namespace)

    def is_listing(obj: Any) -> bool:
        """A docxtpl Listing (a text with its line breaks): docxtpl is not imported to know,
        as no context holds one unless its maker imported docxtpl."""
        module = sys.modules.get("docxtpl")
        return module is not None and isinstance(obj, module.Listing)

    def method_allowed(owner: Any, name: str) -> bool:
        if isinstance(owner, str | dict | list | tuple):
            return name in SANDBOX_METHODS
        if isinstance(owner, LoopContext):
            return name in SANDBOX_LOOP_METHODS
        return isinstance(owner, Cycler) and name in ("next", "reset")

    class KinerjaSandbox(SandboxedEnvironment):  # type: ignore[misc]
        def getattr(self, obj: Any, attribute: str) -> Any:
            """A field of a SimpleNamespace (every row of a table) is read directly: the
            checks below would allow exactly this (a public, non-callable value of a readable
            object), and a long table reads ten thousand of them."""
            if type(obj) is SimpleNamespace and attribute[:1] != "_":
                value = obj.__dict__.get(attribute, _ABSENT)
                if value is not _ABSENT and not callable(value):
                    return value
            elif type(obj) is dict and attribute not in _DICT_ATTRIBUTES and attribute in obj:
                return obj[attribute]  # Jinja's own fallback for a key read as an attribute
            return super().getattr(obj, attribute)

        def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
            if not super().is_safe_attribute(obj, attr, value):
                return False
            if callable(value) and not isinstance(value, Macro):
                return method_allowed(obj, attr)
            return isinstance(obj, readable) or is_listing(obj)

        def is_safe_callable(self, obj: Any) -> bool:
            if not super().is_safe_callable(obj):
                return False
            if isinstance(obj, Macro | Joiner | LoopContext | Cycler):
                return True  # the template's own macros, joiner(), recursive loop()
            if any(obj is self.globals.get(name) for name in SANDBOX_FUNCTIONS):
                return True
            owner, name = getattr(obj, "__self__", None), getattr(obj, "__name__", "")
            return owner is not None and method_allowed(owner, name)

    return KinerjaSandbox


@functools.lru_cache(maxsize=32)
def _template_bytes(path: Path, mtime_ns: int) -> bytes:
    return path.read_bytes()


_CONTROL_IN_TEXT = re.compile(r"<w:t[ >][^<]*[\t\n\a\f]")
_NOT_XML_CHARACTERS = (
    *map(chr, (*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20))),
    "\ufffe",
    "\uffff",
)
_PATCHED: dict[str, str] = {}
# the core properties docxtpl renders (DocxTemplate.render_properties)
_CORE_PROPERTIES = ("author", "comments", "identifier", "language", "subject", "title")
_COMPILED: dict[tuple[int, str], Any] = {}


def _fast_template_class() -> type:
    """docxtpl's DocxTemplate, with the work that does not change between documents of the same
    template done once per process: the XML clean-up (patch_xml) and the Jinja compilation of
    each part. Listing post-processing and the table fix-up, which docxtpl runs on every
    render, are skipped when the rendered XML cannot need them."""
    from docxtpl import DocxTemplate

    class FastTemplate(DocxTemplate):  # type: ignore[misc]
        def patch_xml(self, src_xml: str) -> str:
            patched = _PATCHED.get(src_xml)
            if patched is None:
                patched = _PATCHED[src_xml] = _kept(
                    "patch", src_xml, lambda: super(FastTemplate, self).patch_xml(src_xml)
                )
            return patched

        def render_properties(self, context: Any, jinja_env: Any = None) -> None:
            """docxtpl's, but a property without a tag is kept as it is, not compiled and
            rendered (Jinja gives it back unchanged, save a trailing newline or a CR)."""
            if _properties_tagged(self):
                super().render_properties(context, jinja_env)
                return
            props = self.docx.core_properties
            for name in _CORE_PROPERTIES:  # as docxtpl does: each element is written
                setattr(props, name, getattr(props, name))

        def render_xml_part(
            self, src_xml: str, part: Any, context: Any, jinja_env: Any = None
        ) -> str:
            self.current_rendering_part = part
            return _render_xml(jinja_env, src_xml, context, self.resolve_listing)

    return FastTemplate


def _render_xml_template(env: Any, src_xml: str) -> Any:
    """The compiled Jinja template of a part's patched XML (kept in memory and on disk)."""
    key = (id(env), src_xml)
    template = _COMPILED.get(key)
    if template is None:
        template = _COMPILED[key] = _compiled(env, src_xml)
    return template


def _render_xml(env: Any, src_xml: str, context: Any, listing: Callable[[str], str]) -> str:
    """docxtpl's render_xml_part: the part's patched XML filled by Jinja (compiled once),
    with docxtpl's escaped braces restored and tabs or line breaks typed in a value made
    into Word's (`listing`)."""
    dst_xml = _render_xml_template(env, src_xml).render(context)
    # a brace is rare in a document: looked for alone first, which reads a long body 50× faster
    if ("{" in dst_xml and "{_" in dst_xml) or ("}" in dst_xml and "_}" in dst_xml):
        dst_xml = (
            dst_xml.replace("{_{", "{{")
            .replace("}_}", "}}")
            .replace("{_%", "{%")
            .replace("%_}", "%}")
        )
    if any(ch in dst_xml for ch in _NOT_XML_CHARACTERS):  # a string search each: 4× faster
        dst_xml = bersih(dst_xml)  # a line break typed as U+000B becomes one
    if _needs_listing(dst_xml):
        dst_xml = listing(dst_xml)
    return dst_xml


def _needs_listing(xml: str) -> bool:
    """Whether some text of `xml` holds a tab, line break, bell or form feed (docxtpl's
    listing characters). A newline is common between the tags of a picture, so each one is
    looked at where it stands instead of matching the pattern over the whole document."""
    if "\t" in xml or "\a" in xml or "\f" in xml:
        return _CONTROL_IN_TEXT.search(xml) is not None
    at = xml.find("\n")
    while at != -1:
        if xml.startswith(("<w:t ", "<w:t>"), xml.rfind("<", 0, at)):
            return True
        at = xml.find("\n", at + 1)
    return False


# bump when what is cached changes meaning (the sandbox, the patching, the compile options)
_CACHE_FORMAT = "kinerja-render-4"


@functools.cache
def _cache_key() -> str:
    """What a kept entry depends on besides its source: the libraries that made it and the
    Python that reads it (read from the libraries' files: importing python-docx and docxtpl
    only to learn their versions would cost what the cache saves)."""
    import zlib

    names = ("jinja2", "docxtpl", "docx", "lxml")
    versions = " ".join(f"{name} {_version(name)}" for name in names)
    return (
        f"{_CACHE_FORMAT} {versions} zlib {zlib.ZLIB_RUNTIME_VERSION} "
        f"{sys.implementation.cache_tag} {sys.version} kinerja {_own_code()}"
    )


def _own_code() -> str:
    """A digest of kinerja's code that makes what is kept (the layout, the patching, the
    sandbox, the package writer): a new kinerja makes its entries anew without a version bump."""
    from pipeline.documents import package
    from pipeline.inputs import cache
    from pipeline.store import ooxml

    digest = hashlib.sha256()
    for module in (sys.modules[__name__], package, ooxml, cache):
        try:
            digest.update(Path(module.__file__ or "").read_bytes())
        except OSError:
            return "-"  # not readable (a frozen build): the library versions decide alone
    return digest.hexdigest()[:16]


_VERSION_LINE = re.compile(r"""^__version__\s*=\s*["']([^"']+)["']""", re.MULTILINE)


def _version(package: str) -> str:
    """The `__version__` a package's __init__.py sets, else its size and time."""
    import importlib.util

    spec = importlib.util.find_spec(package)
    if spec is None or not spec.origin:
        return "-"
    origin = Path(spec.origin)
    try:
        found = _VERSION_LINE.search(origin.read_text(encoding="utf-8", errors="replace"))
        stat = origin.stat()
    except OSError:
        return "-"
    return found.group(1) if found else f"{origin} {stat.st_size} {stat.st_mtime_ns}"


def _kept(kind: str, source: str, make: Callable[[], str]) -> str:
    """`make()` for `source`, kept on disk between processes (pipeline.inputs.cache)."""
    from pipeline.inputs import cache

    name = f"{kind}-{hashlib.sha256(source.encode('utf-8')).hexdigest()}"
    stored = cache.baca(name, _cache_key())
    if stored is not None:
        try:
            return stored.decode("utf-8")
        except UnicodeDecodeError:
            pass  # damaged: made again
    made = make()
    cache.simpan(name, _cache_key(), made.encode("utf-8"))
    return made


def _compiled(env: Any, source: str) -> Any:
    """`env.from_string(source)`, with the compiled code kept on disk between processes: the
    first document of a template in a fresh process need not compile it again. The code is
    the same Jinja would compile (same source, Jinja and Python versions: see _cache_key)."""
    from pipeline.inputs import cache

    key = f"{_cache_key()} {type(env).__qualname__} autoescape={env.autoescape!r}"
    name = f"jinja-{hashlib.sha256(source.encode('utf-8')).hexdigest()}"
    stored = cache.baca(name, key)
    code = None
    if stored is not None:
        try:
            code = marshal.loads(stored)
        except (EOFError, ValueError, TypeError):
            code = None  # damaged: compiled again
        if not isinstance(code, types.CodeType):
            code = None
    if code is None:
        from jinja2 import TemplateSyntaxError

        try:
            code = env.compile(source)
        except TemplateSyntaxError:
            # the message quotes the line at fault: one paragraph per line, as docxtpl
            # compiles a part, rather than the whole part (compiled as one line, the
            # rendered text need not have those line breaks taken out again: 2 ms a MB)
            env.compile(re.sub(r"<w:p([ >])", r"\n<w:p\1", source))
            raise
        cache.simpan(name, key, marshal.dumps(code))
    import markupsafe

    template = env.template_class.from_code(env, code, env.make_globals(None), None)
    namespace = template.root_render_func.__globals__  # the compiled module's own names
    fast = _fast_escape()
    if fast is not None and namespace.get("escape") is markupsafe.escape:
        namespace["escape"] = fast  # what every {{ value }} goes through
    return template


@functools.cache
def _fast_escape() -> Callable[[Any], Any] | None:
    """markupsafe.escape, three times as fast for a plain string (each cell of a table): the
    same Markup, made without Markup.__new__'s check for __html__, which a str does not have.
    None when this markupsafe does not escape that way (its `_escape_inner`)."""
    import markupsafe

    inner = getattr(markupsafe, "_escape_inner", None)
    if inner is None:
        return None
    markup, escape, new = markupsafe.Markup, markupsafe.escape, str.__new__

    def fast(value: Any) -> Any:
        if type(value) is str:
            return new(markup, inner(value))
        return escape(value)

    return fast


@functools.cache
def _environment() -> Any:
    """One sandboxed Jinja environment per process, so compiled templates can be reused."""
    return _sandbox_class()(autoescape=True)


@functools.lru_cache(maxsize=32)
def _rejection(path: Path, mtime_ns: int, size: int) -> str | None:
    """The first error `periksa-template` finds in a workspace's own template, if any."""
    from pipeline.documents.template_check import periksa_template

    errors = [t for t in periksa_template(path) if t.galat]
    return str(errors[0]) if errors else None


def warm_up(workspace: Path, templates: tuple[str, ...]) -> None:
    """Load what rendering `templates` for this workspace starts with (their laid-out packages
    and compiled sources, the number formats): done once before a batch's workers fork, so
    that each does not load it again. Nothing here is needed: a failure is left to the tasks."""
    import decimal

    from pipeline.domain.formatting import angka
    from pipeline.inputs.config import load_config

    env = _environment()
    try:
        angka(decimal.Decimal("1234.5"))
        tampilan = load_config(workspace).tampilan
        for name in templates:
            template = template_path(workspace, name)
            data = _template_bytes(template, template.stat().st_mtime_ns)
            kemasan = _kemasan(data, tampilan)
            for part in kemasan.urutan if kemasan else ():
                _render_xml_template(env, kemasan.bagian[part].sumber or "")
    except Exception:  # a warm-up only: each task reports its own errors
        return


def check_workspace_template(template: Path) -> None:
    """Refuse a template of the workspace that `periksa-template` rejects (bundled ones are
    checked when they are made)."""
    if template.parent == bundled_dir():
        return
    stat = template.stat()
    found = _rejection(template, stat.st_mtime_ns, stat.st_size)
    if found:
        raise TemplateError(
            f"{template}: templat ditolak ({found}); perbaiki "
            f"templatnya (semua temuan: kinerja periksa-template {template}) atau hapus "
            "berkasnya agar templat bawaan dipakai"
        )


@functools.lru_cache(maxsize=8)
def _picture_bytes(path: Path, mtime_ns: int) -> bytes:
    return path.read_bytes()


def logo_kop(tampilan: Tampilan) -> Gambar | str:
    """The emblem of the kop surat as a picture marker (bytes only), or nothing."""
    logo = tampilan.logo
    if logo is None:
        return ""
    return Gambar(_picture_bytes(logo, logo.stat().st_mtime_ns), tinggi_cm=2.2)


def render_docx(
    template: Path,
    context: dict[str, Any],
    when: dt.date,
    tampilan: Tampilan | None = None,
) -> bytes:
    """Render `template` with `context` (text escaped, Gambar values as pictures) into
    deterministic .docx bytes, laid out on the office's paper, margins and typeface: written
    from the template's Kemasan (see pipeline.documents.package) when it has one, else with
    python-docx; both give the same bytes."""
    from jinja2 import TemplateError as JinjaError

    check_workspace_template(template)
    data = _template_bytes(template, template.stat().st_mtime_ns)
    tampilan = tampilan or Tampilan()
    context = dict(context)
    context["logo"] = logo_kop(tampilan)
    env = _environment()
    try:
        logo = context["logo"]
        # a picture other than a PNG is sized by python-docx's readers: the kop's emblem in
        # every document, so such a workspace's documents go that way from the start
        plain = isinstance(logo, Gambar) and not is_png(logo.png)
        kemasan = None if plain else _kemasan(data, tampilan)
        if kemasan is not None:
            try:
                return _render_from(kemasan, context, env, when, tampilan)
            except TidakDidukung:
                pass  # written by python-docx below
        return _render_with_docx(data, context, env, when, tampilan)
    except JinjaError as exc:
        raise TemplateError(f"{template}: templat tidak dapat diisi ({exc})") from None


def _render_with_docx(
    data: bytes, context: dict[str, Any], env: Any, when: dt.date, tampilan: Tampilan
) -> bytes:
    """The document rendered by docxtpl on a python-docx package."""
    document = _fast_template_class()(io.BytesIO(data))
    # the layout goes on the template, so the rendered body comes out laid out already
    document.init_docx()
    apply_layout(document.docx, tampilan)
    token = _DOCUMENT.set(document)
    try:
        # {%tc %} and hm change the number of cells in a row: docxtpl's own path fixes tables
        if _reshapes_rows(data):
            document.render(context, jinja_env=env, autoescape=True)
            body = None
            _lay_out_tree(document.docx.element.body, tampilan)
        else:
            body = _laid_out(_render_body(document, context, env), tampilan)
    finally:
        _DOCUMENT.reset(token)
    return _package(document, body, when)


def _laid_out(body: str, tampilan: Tampilan, source: str | None = None) -> str:
    """A rendered body's text as it prints: its tables fitted to what they hold, the rows that
    go with a signature block kept with it."""
    return keep_with_signature(fit_body_xml(body, tampilan.huruf, source=source))


def _lay_out_tree(body: Any, tampilan: Tampilan) -> None:
    """`_laid_out` on python-docx's tree of a rendered body."""
    fit_tables(body, tampilan.huruf)
    keep_with_signature_tree(body)


_DOCPR_ID = re.compile(r'(<wp:docPr\b[^>]*?\bid=")\d+(")')
# docxtpl's tags that change the cells of a row ({%tc …%}, {% hm %}, {% colspan n %}), as the
# text of a part reads with its XML tags left out (a tag may be split over several runs)
_RESHAPING = re.compile(r"\{%-?\s*(?:tc|hm|colspan)\b")
_XML_TAG = re.compile(r"<[^>]*>")


@functools.lru_cache(maxsize=64)
def _digest(data: bytes) -> str:
    """A template's SHA-256, once per template read (`_template_bytes` gives the same bytes
    object each time, whose hash Python keeps)."""
    return hashlib.sha256(data).hexdigest()


@functools.lru_cache(maxsize=64)
def _reshapes_rows(data: bytes) -> bool:
    """Whether the template uses a tag that changes the cells of a row: docxtpl's own render,
    which fixes the table grid afterwards, fills it."""
    import zipfile

    try:
        package = zipfile.ZipFile(io.BytesIO(data))
        parts = [
            name
            for name in package.namelist()
            if name.startswith(("word/document", "word/header", "word/footer"))
            and name.endswith(".xml")
        ]
        texts = (package.read(name).decode("utf-8", "replace") for name in parts)
        return any(_RESHAPING.search(_XML_TAG.sub("", text)) for text in texts)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return True  # python-docx says what is wrong with it


_KEMASAN: dict[tuple[str, Tampilan], Kemasan | None] = {}


def _render_from(
    kemasan: Kemasan, context: dict[str, Any], env: Any, when: dt.date, tampilan: Tampilan
) -> bytes:
    """The document written from its template's Kemasan, without python-docx: the bytes
    `_package` writes for the same template and context."""
    writer = Penulis(kemasan)
    token = aktifkan(writer)
    rendered: dict[str, bytes | list[bytes]] = {}
    try:
        for name in kemasan.urutan:
            part = kemasan.bagian[name]
            writer.bagian = name
            xml = _render_xml(env, part.sumber, context, _needs_docxtpl)
            if name == kemasan.utama:
                body = _laid_out(_numbered_pictures(xml), tampilan, source=part.sumber)
                # in pieces: a long body is not copied into one string once more
                pieces = (kemasan.shell[0], body, kemasan.shell[1])
                rendered[name] = [piece.encode("utf-8") for piece in pieces]
            else:
                rendered[name] = _as_part(xml)
    finally:
        nonaktifkan(token)
    return writer.tulis(rendered, when)


def _numbered_pictures(body: str) -> str:
    """Every picture of the body with its own drawing id (docxtpl's fix_docpr_ids), as
    `_DOCPR_ID.sub` would number them: the few pictures are found by a string search, which
    reads a long body three times faster than the pattern, and a body whose pictures have their
    ids already (as the Kemasan's writer gives them) is not copied."""
    ids = itertools.count(1001)
    pieces, last = [], 0
    at = body.find("<wp:docPr")
    while at != -1:
        match = _DOCPR_ID.match(body, at)
        if match is None:
            at = body.find("<wp:docPr", at + 1)
            continue
        number = str(next(ids))
        if body[match.end(1) : match.start(2)] != number:
            pieces += [body[last : match.end(1)], number]
            last = match.start(2)
        at = body.find("<wp:docPr", match.end())
    return "".join(pieces) + body[last:] if pieces else body


def _needs_docxtpl(xml: str) -> str:
    raise TidakDidukung("teks dengan tab atau baris baru")


_XML_DECLARATION = b"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
# what lxml writes otherwise than it reads: references, whitespace between tags (dropped or
# kept), around the root or inside a tag, an attribute in single quotes, an empty element
# written as a pair (<w:t></w:t>), a byte order mark or a character XML does not allow
# (lxml refuses those), the xml prefix declared
_REWRITTEN_BY_LXML = re.compile(
    r"&#|&quot;|&apos;|[\r\n\t]|<[!?]|='|>\s+<|<([^\s/>]+)(?:\s[^>]*)?></\1>"
    r"|\s/?>|\s\s|\s=|=\s|^\s|\s\Z|[\ufeff\ufffe\uffff]|xmlns:xml"
)


def _as_part(xml: str) -> bytes:
    """A rendered header or footer as python-docx stores it (XmlPart.load, then serialised).
    Text that lxml would write back unchanged is taken as it is, once expat has found it well
    formed: a header is rendered for every document, and lxml costs 10 ms to import."""
    # a > outside a tag (lxml writes &gt;) makes the counts differ
    if _REWRITTEN_BY_LXML.search(xml) is None and xml.count("<") == xml.count(">"):
        import pyexpat

        try:  # with namespaces, as lxml reads: an undeclared prefix is refused
            pyexpat.ParserCreate(namespace_separator=" ").Parse(xml, True)
        except pyexpat.ExpatError:
            pass  # lxml says what is wrong, as before
        else:
            return _XML_DECLARATION + xml.encode("utf-8")
    from lxml import etree

    parser = etree.XMLParser(remove_blank_text=True, resolve_entities=False)
    element = etree.fromstring(xml.encode("utf-8"), parser)
    return etree.tostring(element, encoding="UTF-8", standalone=True)


def _kemasan(data: bytes, tampilan: Tampilan) -> Kemasan | None:
    """The template's Kemasan for this layout: kept in memory and on disk; None when the
    template is one only python-docx writes right."""
    digest = _digest(data)
    key = (digest, tampilan)
    if key in _KEMASAN:
        return _KEMASAN[key]
    from pipeline.inputs import cache

    layout = f"{tampilan.kertas} {tampilan.huruf} {tampilan.margin}"
    name = f"kemasan-{digest}-{layout}"
    stored = cache.baca(name, _cache_key())
    kemasan = Kemasan.baca(stored[1:]) if stored and stored[:1] == b"K" else None
    if kemasan is None and stored != b"-":
        try:  # (a kept entry was made from a template checked here)
            kemasan = None if _reshapes_rows(data) else _make_kemasan(data, tampilan)
        except TidakDidukung:  # a part without tags whose text needs docxtpl's listing
            kemasan = None
        cache.simpan(name, _cache_key(), b"K" + kemasan.simpan() if kemasan else b"-")
    _KEMASAN[key] = kemasan
    return kemasan


def _make_kemasan(data: bytes, tampilan: Tampilan) -> Kemasan | None:
    """What `render_docx` would do to the template before filling it, done once: laid out,
    patched, every untouched part serialised. None when the template has what the Kemasan
    does not reproduce (footnotes, tagged document properties), or when its relationships or
    content types would not come out as python-docx writes them."""
    from docx.opc.constants import CONTENT_TYPE as CT
    from docx.opc.pkgwriter import _ContentTypesItem
    from docx.opc.spec import default_content_types
    from docx.oxml.shape import CT_Inline
    from docxtpl import InlineImage

    from pipeline.documents import package

    document = _fast_template_class()(io.BytesIO(data))
    document.init_docx()
    apply_layout(document.docx, tampilan)
    document.render_init()
    if _properties_tagged(document):
        return None
    document.render_properties({}, _environment())  # untagged: written as docxtpl does
    document.pre_processing()
    docx_package = document.docx.part.package
    main = document.docx.part
    parts = list(docx_package.parts)
    if any(part.content_type == CT.WML_FOOTNOTES for part in parts):
        return None
    for part in parts:
        part.before_marshal()

    def rels_of(source: Any) -> list[package.Rel]:
        return [
            (
                rel.rId,
                rel.reltype,
                rel.target_ref,
                rel.is_external,
                "" if rel.is_external else rel.target_part.partname.membername,
            )
            for rel in source.rels.values()
        ]

    # rendered in docxtpl's order: the body, then the headers, then the footers
    order = [main.partname.membername]
    sources = {order[0]: document.patch_xml(document.get_xml())}
    blobs: dict[str, bytes] = {}
    for uri in (document.HEADER_URI, document.FOOTER_URI):
        for _, part in document.get_headers_footers(uri):
            name, source = part.partname.membername, document.patch_xml(document.get_part_xml(part))
            if "{" in source:
                order.append(name)
                sources[name] = source
            else:  # no tag: rendered once, here
                blobs[name] = _as_part(_render_xml(_environment(), source, {}, _needs_docxtpl))
    bagian: dict[str, Bagian] = {}
    defaults = {"rels": CT.OPC_RELATIONSHIPS, "xml": CT.XML}
    overrides: dict[str, str] = {}
    for part in parts:
        name = part.partname.membername
        blob = None if name in sources else blobs.get(name, part.blob)
        next_id = part.next_id if name in sources else 1
        kemas = None
        if blob is not None and name != "docProps/core.xml":  # core.xml: dated per document
            kemas = deflate(blob, level_for(name, main.partname.membername))
            blob = None
        bagian[name] = Bagian(
            name, part.content_type, blob, rels_of(part), sources.get(name), next_id, kemas
        )
        if len(part.rels) and package._rels_xml(rels_of(part)) != part.rels.xml:
            return None
        ext = part.partname.ext
        if (ext.lower(), part.content_type) in default_content_types:
            defaults[ext.lower()] = part.content_type
        else:
            overrides[str(part.partname)] = part.content_type
    if package._content_types(defaults, overrides) != _ContentTypesItem.from_parts(parts).blob:
        return None
    package_rels = rels_of(docx_package)
    if package._rels_xml(package_rels) != docx_package.rels.xml:
        return None
    # a picture as docxtpl writes it, made with placeholder values the writer replaces
    slot = package._SLOT
    inline = CT_Inline.new_pic_inline(slot["id"], slot["rid"], "image.png", slot["cx"], slot["cy"])
    stand_in = SimpleNamespace(new_pic_inline=lambda *_: inline)
    picture = InlineImage(SimpleNamespace(current_rendering_part=stand_in), None).__html__()
    return Kemasan(
        package_rels,
        bagian,
        main.partname.membername,
        _around_body(main),
        defaults,
        overrides,
        _no_text_distance(picture),
        order,
        [(image.sha1, image.partname.membername) for image in docx_package.image_parts],
    )


def _around_body(main: Any) -> tuple[str, str]:
    """The main document part's XML before and after its body, as python-docx serialises it."""
    from docx.opc.oxml import serialize_part_xml

    element = main._element
    old_body = element.body
    marker = old_body.makeelement(old_body.tag, {})
    element.replace(old_body, marker)
    shell = serialize_part_xml(element).decode("utf-8")
    element.replace(marker, old_body)
    empty = shell.rindex("<w:body/>")
    return shell[:empty], shell[empty + len("<w:body/>") :]


def _properties_tagged(document: Any) -> bool:
    """Whether a core property of the template would be changed by rendering it (see
    FastTemplate.render_properties)."""
    props = document.docx.core_properties
    for name in _CORE_PROPERTIES:
        text = getattr(props, name)
        if "{" in text or "\r" in text or text.endswith("\n"):
            return True
    return False


def _render_body(document: Any, context: dict[str, Any], env: Any) -> str:
    """docxtpl's render, but the body stays the rendered XML text: it is spliced into the
    package as it is, instead of being parsed into python-docx and serialised again."""
    document.render_init()
    env.autoescape = True
    body = _numbered_pictures(document.build_xml(context, env))
    for uri in (document.HEADER_URI, document.FOOTER_URI):
        for rel_key, xml in document.build_headers_footers_xml(context, uri, env):
            document.map_headers_footers_xml(rel_key, xml)
    document.render_properties(context, env)
    document.render_footnotes(context, env)
    document.is_rendered = True
    return body


def _package(document: Any, body: str | None, when: dt.date) -> bytes:
    """The .docx bytes, written once with fixed zip metadata; `body` replaces the template's."""
    from docx.opc.pkgwriter import PackageWriter

    document.pre_processing()
    package = document.docx.part.package
    main = document.docx.part
    for part in package.parts:
        part.before_marshal()
    main_blob = None
    if body is not None:
        before, after = _around_body(main)
        main_blob = (before + body + after).encode("utf-8")
    buffer = io.BytesIO()
    writer = StableZipWriter(buffer, when, main.partname.membername)
    PackageWriter._write_content_types_stream(writer, package.parts)
    PackageWriter._write_pkg_rels(writer, package.rels)
    for part in package.parts:
        blob = main_blob if part is main and main_blob is not None else part.blob
        writer.write(part.partname, blob)
        if len(part.rels):
            writer.write(part.partname.rels_uri, part.rels.xml)
    writer.close()
    return buffer.getvalue()


def _scale_table(table: Any, ratio: float) -> None:
    from docx.oxml.ns import qn

    for element in table.iter(qn("w:gridCol"), qn("w:tcW"), qn("w:tblW")):
        width = element.get(qn("w:w"))
        if width and element.get(qn("w:type"), "dxa") == "dxa":
            element.set(qn("w:w"), str(int(int(width) * ratio)))


def apply_layout(doc: Any, tampilan: Tampilan) -> None:
    """Paper size and margins on every section (keeping its orientation), tables scaled to the
    new text width, and the typeface of the Normal style."""
    from docx.oxml.ns import qn
    from docx.shared import Mm

    ratios = []
    for section in doc.sections:
        old_width = section.page_width - section.left_margin - section.right_margin
        short, long = (Mm(v) for v in tampilan.ukuran_mm)
        landscape = section.page_width > section.page_height
        section.page_width, section.page_height = (long, short) if landscape else (short, long)
        top, right, bottom, left = (Mm(v * 10) for v in tampilan.margin)
        section.top_margin, section.right_margin = top, right
        section.bottom_margin, section.left_margin = bottom, left
        ratios.append((section.page_width - left - right) / old_width)
    # each table is scaled by the ratio of its own section: a landscape section's tables grow
    # with the landscape text width, not the portrait one before it
    index = 0
    for child in doc.element.body.iterchildren():
        if child.tag == qn("w:tbl") and index < len(ratios) and abs(ratios[index] - 1) > 0.005:
            _scale_table(child, ratios[index])  # twips rounding is not a new paper size
        elif child.tag == qn("w:p") and child.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") is not None:
            index += 1
    normal = doc.styles["Normal"]
    normal.font.name = tampilan.huruf
    fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), tampilan.huruf)
