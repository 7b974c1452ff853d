"""PDFs of the documents, all converted by one headless LibreOffice call with a private profile.

Starting LibreOffice costs far more than converting a document, so every document of a run goes
through the same process, and the private profile keeps it from touching (or waiting on) the
operator's own LibreOffice settings.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from pipeline.domain.errors import BerkasError

TIMEOUT_SECONDS = 600


_WINDOWS_PLACES = (
    Path("C:/Program Files/LibreOffice/program/soffice.exe"),
    Path("C:/Program Files (x86)/LibreOffice/program/soffice.exe"),
)


def soffice() -> str:
    """The LibreOffice program, or a clear error if it is not installed."""
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    for place in _WINDOWS_PLACES:  # the installer does not put it on PATH
        if place.is_file():
            return str(place)
    raise BerkasError(
        "LibreOffice tidak ditemukan, jadi PDF tidak dapat dibuat; pasang LibreOffice "
        "(libreoffice.org; Debian/Ubuntu: apt-get install libreoffice-writer-nogui) atau "
        "jalankan tanpa --pdf"
    )


def to_pdf(documents: dict[str, bytes]) -> dict[str, bytes]:
    """{name.docx: bytes} → {name.pdf: bytes}, in one LibreOffice run."""
    if not documents:
        return {}
    program = soffice()
    with tempfile.TemporaryDirectory(prefix="kinerja-pdf-") as folder:
        root = Path(folder)
        sources = []
        for index, (name, data) in enumerate(sorted(documents.items())):
            source = root / "in" / f"{index:04d}.docx"
            source.parent.mkdir(exist_ok=True)
            source.write_bytes(data)
            sources.append((name, source))
        command = [
            program,
            "--headless",
            "--norestore",
            "--nolockcheck",
            f"-env:UserInstallation={(root / 'profile').as_uri()}",
            "--convert-to",
            "pdf",
            "--outdir",
            str(root / "out"),
            *[str(source) for _, source in sources],
        ]
        try:
            subprocess.run(command, check=True, capture_output=True, timeout=TIMEOUT_SECONDS)
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as exc:
            raise BerkasError(f"LibreOffice gagal membuat PDF ({type(exc).__name__})") from None
        result = {}
        for name, source in sources:
            pdf = root / "out" / f"{source.stem}.pdf"
            if not pdf.is_file():
                raise BerkasError(f"LibreOffice tidak menghasilkan PDF untuk {name}")
            result[str(Path(name).with_suffix(".pdf"))] = pdf.read_bytes()
        return result
