"""The pages. Each handler reads the request, calls one `pipeline.api` step (or a read-only
helper for display) and renders its result; the steps' logic stays in the library."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData, UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from pipeline import api
from pipeline.domain import formatting
from pipeline.domain.errors import AksesError, KinerjaError
from pipeline.domain.periode import Periode
from pipeline.store.workspace import Workspace
from pipeline.web import keamanan, tampilan
from pipeline.web.keamanan import csrf_cocok

_ENV = Environment(
    loader=FileSystemLoader(Path(__file__).parent / "templates"),
    autoescape=select_autoescape(["html"]),
    trim_blocks=True,
    lstrip_blocks=True,
)
_ENV.filters["tanggal"] = lambda value: formatting.tanggal(
    dt.date.fromisoformat(value) if isinstance(value, str) else value
)


def halaman(request: Request, nama: str, status_code: int = 200, **isi: Any) -> HTMLResponse:
    """Render a page with what every page needs (the role, the CSRF token, the office)."""
    state = request.app.state
    isi.setdefault("periode", None)
    html = _ENV.get_template(nama).render(
        request=request,
        peran=request.state.peran,
        peran_label=keamanan.PERAN_LABEL.get(request.state.peran or "", ""),
        lan=state.lan,
        csrf=request.state.csrf,
        kantor=tampilan.kantor(state.workspace),
        **isi,
    )
    return HTMLResponse(html, status_code)


async def formulir(request: Request) -> FormData:
    """The POSTed form, refused (403) unless its CSRF token matches this browser's."""
    form = await request.form(max_files=50, max_part_size=keamanan.BATAS_UNGGAH + 1)
    if not csrf_cocok(request, form.get("csrf")):
        await form.close()
        raise HTTPException(
            403,
            "Formulir kedaluwarsa atau bukan dari halaman ini (token CSRF tidak cocok); muat "
            "ulang halaman lalu ulangi.",
        )
    return form


async def jalankan(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> tuple[Any, list[str]]:
    """Run a library step off the event loop: (result, []) or (None, the error's lines)."""
    try:
        return await run_in_threadpool(fn, *args, **kwargs), []
    except KinerjaError as exc:
        return None, exc.lines()
    except Exception as exc:  # shown, never a traceback page; nothing was written (transaction)
        return None, [f"Galat tak terduga: {type(exc).__name__}: {exc}. Tidak ada berkas diubah."]


def _periode(request: Request) -> Periode:
    tahun = int(request.path_params["tahun"])
    triwulan = int(request.path_params["triwulan"])
    if not (2000 <= tahun <= 2100 and 1 <= triwulan <= 4):
        raise HTTPException(404, "Triwulan tidak dikenal.")
    return Periode(tahun, triwulan)


def _ws(request: Request) -> Path:
    return request.app.state.workspace


def _tanggal(form: FormData, name: str = "tanggal") -> dt.date | None:
    value = str(form.get(name) or "").strip()
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise AksesError(f"tanggal '{value}' tidak dikenal; pilih tanggal pada kalender") from None


def _boleh(request: Request, peran: str) -> None:
    """On the office network only `peran` may sign this step."""
    if request.app.state.lan and request.state.peran != peran:
        label = keamanan.PERAN_LABEL[peran]
        raise HTTPException(
            403, f"Hanya {label} yang dapat melakukan langkah ini; masuk sebagai {label}."
        )


def _peran(request: Request) -> str:
    return request.state.peran or "operator"


# ----------------------------------------------------------------------------- pages


async def beranda(request: Request) -> Response:
    return halaman(request, "beranda.html", daftar=tampilan.beranda(_ws(request)))


async def _langkah_bertanggal(
    request: Request, periode: Periode, langkah: Any
) -> tuple[Any, list[str]]:
    """On a POST, run one dated library step (the form's optional date) for the quarter, as the
    operator's role; its result and the lines of its error, if any. On a GET, nothing."""
    if request.method != "POST":
        return None, []
    form = await formulir(request)
    try:
        tanggal = _tanggal(form)
    except KinerjaError as exc:
        return None, exc.lines()
    return await jalankan(
        langkah,
        _ws(request),
        tahun=periode.tahun,
        triwulan=periode.triwulan,
        tanggal=tanggal,
        peran=_peran(request),
    )


async def triwulan(request: Request) -> Response:
    periode = _periode(request)
    return RedirectResponse(f"/tw/{periode.tahun}/{periode.triwulan}/status", 303)


async def format_isian(request: Request) -> Response:
    periode = _periode(request)
    hasil, galat = await _langkah_bertanggal(request, periode, api.format_isian)
    berkas = tampilan.format_isian(_ws(request), periode)
    return halaman(
        request, "format_isian.html", periode=periode, berkas=berkas, hasil=hasil, galat=galat
    )


async def format_isian_zip(request: Request) -> Response:
    periode = _periode(request)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for _, path in tampilan.format_isian(_ws(request), periode):
            if path.suffix == ".xlsx":
                archive.writestr(path.name, path.read_bytes())
    name = f"format-isian-{periode.stem}.zip"
    return Response(
        buffer.getvalue(),
        media_type="application/zip",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


async def formulir_masuk(request: Request) -> Response:
    periode = _periode(request)
    hasil: list[dict[str, Any]] = []
    if request.method == "POST":
        form = await formulir(request)
        hasil = await _terima(request, periode, form)
    masuk = tampilan.formulir_masuk(_ws(request), periode)
    return halaman(request, "formulir.html", periode=periode, hasil=hasil, masuk=masuk)


async def _terima(request: Request, periode: Periode, form: FormData) -> list[dict[str, Any]]:
    """Each uploaded file checked and saved (or a held replacement confirmed)."""
    hasil = []
    for upload in form.getlist("berkas"):
        if not isinstance(upload, UploadFile) or not upload.filename:
            continue
        isi = await upload.read(keamanan.BATAS_UNGGAH + 1)
        await upload.close()
        hasil.append(await _satu(request, periode, upload.filename, isi, ganti=False))
    held = form.get("ganti")
    if isinstance(held, str) and held:
        nama, isi = tampilan.ambil_titipan(_ws(request), held)
        if nama is None:
            hasil.append(
                {
                    "nama": "?",
                    "galat": ["berkas yang akan mengganti tidak ditemukan lagi; unggah ulang"],
                }
            )
        else:
            hasil.append(await _satu(request, periode, nama, isi, ganti=True))
    return hasil


async def _satu(
    request: Request, periode: Periode, asli: str, isi: bytes, *, ganti: bool
) -> dict[str, Any]:
    nama = keamanan.nama_aman(asli)
    ditolak = keamanan.jenis_berkas(nama, isi)
    if ditolak:
        return {"nama": nama, "asli": asli, "galat": [f"{nama}: {ditolak}"]}
    hasil, galat = await jalankan(
        api.simpan_formulir,
        _ws(request),
        tahun=periode.tahun,
        triwulan=periode.triwulan,
        nama=nama,
        isi=isi,
        ganti=ganti,
        peran=_peran(request),
    )
    if galat:
        return {"nama": nama, "asli": asli, "galat": galat}
    titipan = None
    if hasil.diterima and hasil.ada_berbeda and not hasil.disimpan:
        titipan = tampilan.titipkan(_ws(request), nama, isi)
    return {"nama": nama, "asli": asli, "hasil": hasil, "galat": hasil.masalah, "titipan": titipan}


async def proses(request: Request) -> Response:
    periode = _periode(request)
    hasil, galat = await _langkah_bertanggal(request, periode, api.proses)
    data, data_galat = tampilan.data_kinerja(_ws(request), periode)
    return halaman(
        request,
        "proses.html",
        periode=periode,
        hasil=hasil,
        galat=galat,
        data=data,
        data_galat=data_galat,
        draft=tampilan.berkas(_ws(request), Workspace(_ws(request)).draft(periode)),
    )


async def verifikasi(request: Request) -> Response:
    periode = _periode(request)
    hasil, galat = None, []
    if request.method == "POST":
        form = await formulir(request)
        setujui = form.get("aksi") == "setujui"
        if setujui:
            _boleh(request, "sekretaris")
        try:
            tanggal = _tanggal(form)
        except KinerjaError as exc:
            tanggal, galat = None, exc.lines()
        if not galat:
            hasil, galat = await jalankan(
                api.verifikasi,
                _ws(request),
                tahun=periode.tahun,
                triwulan=periode.triwulan,
                setujui=setujui,
                catatan=str(form.get("catatan") or "").strip() or None,
                tanggal=tanggal,
                peran=_peran(request),
            )
    catatan, catatan_galat = tampilan.catatan_verifikasi(_ws(request), periode)
    return halaman(
        request,
        "verifikasi.html",
        periode=periode,
        hasil=hasil,
        galat=galat + catatan_galat,
        catatan=catatan,
    )


async def pengesahan(request: Request) -> Response:
    periode = _periode(request)
    hasil, galat = None, []
    if request.method == "POST":
        _boleh(request, "camat")
        form = await formulir(request)
        try:
            tanggal = _tanggal(form)
        except KinerjaError as exc:
            tanggal, galat = None, exc.lines()
        if not galat and tanggal is None:
            galat = [
                "isi tanggal pengesahan: tanggal tanda tangan Camat tidak diambil dari jam komputer"
            ]
        if not galat:
            hasil, galat = await jalankan(
                api.sahkan,
                _ws(request),
                tahun=periode.tahun,
                triwulan=periode.triwulan,
                tanggal=tanggal,
                alasan=str(form.get("alasan") or ""),
                peran=_peran(request),
            )
    pratinjau, pratinjau_galat = await jalankan(
        api.pratinjau_perubahan, _ws(request), tahun=periode.tahun, triwulan=periode.triwulan
    )
    return halaman(
        request,
        "pengesahan.html",
        periode=periode,
        hasil=hasil,
        galat=galat,
        pratinjau=pratinjau,
        pratinjau_galat=pratinjau_galat,
    )


async def dokumen(request: Request) -> Response:
    periode = _periode(request)
    return halaman(
        request,
        "dokumen.html",
        periode=periode,
        kelompok=tampilan.dokumen(_ws(request), periode),
        pdf_ada=tampilan.ada_libreoffice(),
    )


async def ekspor(request: Request) -> Response:
    periode = _periode(request)
    hasil, galat = None, []
    if request.method == "POST":
        await formulir(request)
        hasil, galat = await jalankan(
            api.ekspor,
            _ws(request),
            tahun=periode.tahun,
            triwulan=periode.triwulan,
            peran=_peran(request),
        )
    return halaman(request, "ekspor.html", periode=periode, hasil=hasil, galat=galat)


async def arsip(request: Request) -> Response:
    periode = _periode(request)
    hasil, periksa, galat = None, None, []
    if request.method == "POST":
        form = await formulir(request)
        kw = {"tahun": periode.tahun, "triwulan": periode.triwulan}
        if form.get("aksi") == "periksa":
            periksa, galat = await jalankan(api.periksa_arsip, _ws(request), **kw)
        else:
            hasil, galat = await jalankan(api.arsip, _ws(request), peran=_peran(request), **kw)
    return halaman(
        request,
        "arsip.html",
        periode=periode,
        hasil=hasil,
        periksa=periksa,
        galat=galat,
        arsip=tampilan.arsip(_ws(request), periode),
    )


async def status(request: Request) -> Response:
    periode = _periode(request)
    lembar, galat, dicatat = None, [], None
    if request.method == "POST":
        form = await formulir(request)
        try:
            lembar, dicatat, galat = await _status_aksi(request, periode, form)
        except KinerjaError as exc:
            galat = exc.lines()
    st, st_galat = await jalankan(
        api.status, _ws(request), tahun=periode.tahun, triwulan=periode.triwulan
    )
    return halaman(
        request,
        "status.html",
        periode=periode,
        st=tampilan.status(st.status) if st else None,
        lembar=lembar,
        dicatat=dicatat,
        galat=galat + st_galat,
        langkah=tampilan.LANGKAH,
    )


async def _status_aksi(
    request: Request, periode: Periode, form: FormData
) -> tuple[Any, Any, list[str]]:
    kw = {"tahun": periode.tahun, "triwulan": periode.triwulan}
    if form.get("aksi") == "lembar":
        hasil, galat = await jalankan(
            api.status, _ws(request), lembar_kendali=True, tanggal=_tanggal(form), **kw
        )
        return (hasil.lembar_kendali if hasil else None), None, galat
    tanggal = _tanggal(form)
    if tanggal is None:
        return None, None, ["isi tanggal langkah itu dilakukan"]
    jam_text = str(form.get("jam") or "").strip()
    jam = dt.time.fromisoformat(jam_text) if jam_text else None
    hasil, galat = await jalankan(
        api.catat,
        _ws(request),
        langkah=str(form.get("langkah") or ""),
        tanggal=tanggal,
        jam=jam,
        oleh=str(form.get("oleh") or "") or keamanan.PERAN_LABEL[_peran(request)],
        **kw,
    )
    return None, (hasil[0] if hasil else None), galat


async def sop(request: Request) -> Response:
    hasil, galat = None, []
    if request.method == "POST":
        await formulir(request)
        hasil, galat = await jalankan(api.sop, _ws(request))
    berkas = tampilan.berkas(_ws(request), Workspace(_ws(request)).sop())
    return halaman(request, "sop.html", hasil=hasil, galat=galat, berkas=berkas)


async def unduh(request: Request) -> Response:
    path = keamanan.di_dalam(_ws(request), request.query_params.get("berkas", ""))
    if path is None:
        raise HTTPException(
            404, "Berkas tidak ditemukan di folder outputs/ atau inputs/ workspace."
        )
    return FileResponse(path, filename=path.name, content_disposition_type="attachment")


async def pdf(request: Request) -> Response:
    path = keamanan.di_dalam(_ws(request), request.query_params.get("berkas", ""))
    if path is None or path.suffix != ".docx":
        raise HTTPException(404, "Dokumen .docx tidak ditemukan di folder outputs/ workspace.")
    data, galat = await jalankan(tampilan.pdf_dari, path)
    if galat:
        return halaman(request, "galat.html", 503, galat=galat)
    name = path.with_suffix(".pdf").name
    return Response(
        data,
        media_type="application/pdf",
        headers={"Content-Disposition": f'inline; filename="{name}"'},
    )


async def masuk(request: Request) -> Response:
    galat = []
    if request.method == "POST":
        form = await formulir(request)
        peran = str(form.get("peran") or "")
        sandi = str(form.get("sandi") or "")
        ok = peran in keamanan.PERAN and await run_in_threadpool(
            keamanan.cocok, _ws(request), peran, sandi
        )
        if ok:
            response = RedirectResponse("/", 303)
            value = keamanan.tanda(
                request.app.state.kunci, {"peran": peran, "sampai": tampilan.sampai()}
            )
            response.set_cookie("kinerja_sesi", value, httponly=True, samesite="strict")
            return response
        galat = ["peran atau sandi salah; ulangi (sandi diatur dengan 'kinerja web --atur-sandi')"]
    return halaman(request, "masuk.html", galat=galat, daftar_peran=keamanan.PERAN_LABEL)


async def keluar(request: Request) -> Response:
    await formulir(request)
    response = RedirectResponse("/masuk" if request.app.state.lan else "/", 303)
    response.delete_cookie("kinerja_sesi")
    return response


# the pages of one quarter, in the order of the menu
HALAMAN_TRIWULAN = (
    "status",
    "format-isian",
    "formulir",
    "proses",
    "verifikasi",
    "pengesahan",
    "dokumen",
    "ekspor",
    "arsip",
)


def alamat_halaman(tahun: int, triwulan: int) -> list[str]:
    """Every page a browser opens for one quarter, beside the home and SOP pages."""
    return ["/", "/sop", *(f"/tw/{tahun}/{triwulan}/{name}" for name in HALAMAN_TRIWULAN)]


def routes() -> list[Route]:
    """Every page of the operator's site."""
    tw = "/tw/{tahun:int}/{triwulan:int}"
    both = ["GET", "POST"]
    return [
        Route("/", beranda),
        Route("/masuk", masuk, methods=both),
        Route("/keluar", keluar, methods=["POST"]),
        Route("/sop", sop, methods=both),
        Route("/unduh", unduh),
        Route("/pdf", pdf),
        Route(tw, triwulan),
        Route(f"{tw}/format-isian", format_isian, methods=both),
        Route(f"{tw}/format-isian.zip", format_isian_zip),
        Route(f"{tw}/formulir", formulir_masuk, methods=both),
        Route(f"{tw}/proses", proses, methods=both),
        Route(f"{tw}/verifikasi", verifikasi, methods=both),
        Route(f"{tw}/pengesahan", pengesahan, methods=both),
        Route(f"{tw}/dokumen", dokumen),
        Route(f"{tw}/ekspor", ekspor, methods=both),
        Route(f"{tw}/arsip", arsip, methods=both),
        Route(f"{tw}/status", status, methods=both),
    ]


Handler = Callable[[Request], Awaitable[Response]]
