"""The Starlette application: security headers, login on the office network, CSRF on every
form, and the pages of `pipeline.web.routes`."""

from __future__ import annotations

import time
from pathlib import Path

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint
from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles

from pipeline.domain.errors import AksesError
from pipeline.web import keamanan
from pipeline.web.keamanan import CSRF, csrf_new, csrf_valid

HERE = Path(__file__).parent
SESI = "kinerja_sesi"
HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; "
    "form-action 'self'; base-uri 'none'",
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}
TERBUKA = ("/masuk", "/static/")
BATAS_PERMINTAAN = 8 * keamanan.BATAS_UNGGAH  # a request carries a few returns at most


class Penjaga(BaseHTTPMiddleware):
    """Security headers on every answer; on the network, a login before any page; a CSRF token
    cookie for the forms (checked by every POST handler, see `routes.formulir`)."""

    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        settings = request.app.state
        request.state.peran = None if settings.lan else "operator"
        if settings.lan:
            sesi = keamanan.buka(settings.kunci, request.cookies.get(SESI))
            request.state.peran = sesi.get("peran") if sesi else None
        token = request.cookies.get(CSRF)
        if not csrf_valid(settings.kunci, token):
            token = csrf_new(settings.kunci)
        request.state.csrf = token
        response = await self._answer(request, call_next)
        if request.cookies.get(CSRF) != token:
            response.set_cookie(CSRF, token, httponly=True, samesite="strict")
        response.headers.update(HEADERS)
        return response

    async def _answer(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        length = request.headers.get("content-length", "0")
        if not length.isdigit() or int(length) > BATAS_PERMINTAAN:
            return PlainTextResponse("Permintaan terlalu besar (batas 20 MB per berkas).", 413)
        public = request.url.path.startswith(TERBUKA)
        if request.app.state.lan and request.state.peran is None and not public:
            return RedirectResponse("/masuk", 303)
        return await call_next(request)


def create_app(workspace: Path, *, lan: bool = False) -> Starlette:
    """The page for one workspace. `lan` (bound to the office network) requires the three
    roles' passwords to be set and a login for every page."""
    from pipeline.inputs.config import load_config
    from pipeline.web.routes import routes

    workspace = workspace.resolve()
    load_config(workspace)  # a broken kinerja.toml is said at once, not on the first page
    if lan:
        missing = keamanan.peran_tanpa_sandi(workspace)
        if missing:
            raise AksesError(
                "halaman web untuk jaringan kantor (--host selain 127.0.0.1) perlu sandi setiap "
                "peran; belum diatur: " + ", ".join(missing) + ". Jalankan 'kinerja web "
                "--atur-sandi " + missing[0] + "' untuk setiap peran itu"
            )
    app = Starlette(
        routes=[*routes(), Mount("/static", StaticFiles(directory=HERE / "static"), name="static")],
        middleware=[Middleware(Penjaga)],
    )
    app.state.workspace = workspace
    app.state.lan = lan
    app.state.kunci = keamanan.rahasia(workspace)
    app.state.mulai = time.time()
    return app


def serve(
    workspace: Path, *, host: str = "127.0.0.1", port: int = 8765, browser: bool = True
) -> None:
    """Run the page with uvicorn until Ctrl+C, opening the browser when it is ready."""
    import threading
    import webbrowser

    import uvicorn

    lan = host not in ("127.0.0.1", "localhost", "::1")
    app = create_app(workspace, lan=lan)
    config = uvicorn.Config(app, host=host, port=port, log_level="warning", workers=1)
    server = uvicorn.Server(config)
    url = f"http://{'127.0.0.1' if not lan else host}:{port}/"

    def open_when_ready() -> None:
        while not server.started:
            if server.should_exit:
                return
            time.sleep(0.05)
        print(f"Halaman kinerja siap: {url}  (tekan Ctrl+C untuk berhenti)", flush=True)
        if browser:
            webbrowser.open(url)

    threading.Thread(target=open_when_ready, daemon=True).start()
    server.run()
