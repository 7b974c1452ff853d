"""What keeps the page safe on an office network: role passwords hashed with argon2 in the
workspace, a secret that signs the session and CSRF cookies, upload names and types checked,
downloads kept inside outputs/ and inputs/."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
import secrets
import time
import unicodedata
from pathlib import Path

from starlette.requests import Request

from pipeline.domain.errors import AksesError
from pipeline.store.ooxml import write_atomic

BERKAS = "kinerja-web.json"
PERAN = ("operator", "sekretaris", "camat")
PERAN_LABEL = {"operator": "Operator", "sekretaris": "Sekretaris", "camat": "Camat"}
BATAS_UNGGAH = 20 * 1024 * 1024
SUFFIXES = (".xlsx", ".xls", ".ods", ".csv")
_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
SESI_DETIK = 12 * 3600


def _path(workspace: Path) -> Path:
    return workspace / BERKAS


def baca(workspace: Path) -> dict:
    """The page's settings: {"rahasia": hex, "sandi": {peran: argon2 hash}}."""
    path = _path(workspace)
    if not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError):
        raise AksesError(
            f"{path}: rusak dan tidak dapat dibaca; hapus berkas itu lalu atur ulang sandi dengan "
            "'kinerja web --atur-sandi operator' (juga sekretaris dan camat)"
        ) from None
    return data if isinstance(data, dict) else {}


def _tulis(workspace: Path, data: dict) -> None:
    text = json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    write_atomic(_path(workspace), text.encode("utf-8"))


def rahasia(workspace: Path) -> bytes:
    """The secret signing cookies, made once and kept in the workspace."""
    data = baca(workspace)
    if not isinstance(data.get("rahasia"), str):
        data["rahasia"] = secrets.token_hex(32)
        _tulis(workspace, data)
    return bytes.fromhex(data["rahasia"])


def atur_sandi(workspace: Path, peran: str, sandi: str) -> Path:
    """Store the password of a role, hashed with argon2 (never in plain text)."""
    from argon2 import PasswordHasher

    if peran not in PERAN:
        raise AksesError(f"peran '{peran}' tidak dikenal; pilih operator, sekretaris atau camat")
    if len(sandi) < 8:
        raise AksesError("sandi terlalu pendek; pakai paling sedikit 8 karakter")
    rahasia(workspace)
    data = baca(workspace)
    data.setdefault("sandi", {})[peran] = PasswordHasher().hash(sandi)
    _tulis(workspace, data)
    return _path(workspace)


def peran_tanpa_sandi(workspace: Path) -> list[str]:
    """The roles whose password is not set yet."""
    sandi = baca(workspace).get("sandi", {})
    return [p for p in PERAN if not isinstance(sandi.get(p), str)]


def cocok(workspace: Path, peran: str, sandi: str) -> bool:
    """Whether `sandi` is the role's password."""
    from argon2 import PasswordHasher
    from argon2.exceptions import Argon2Error, InvalidHashError

    stored = baca(workspace).get("sandi", {}).get(peran)
    if not isinstance(stored, str):
        return False
    try:
        return PasswordHasher().verify(stored, sandi)
    except (Argon2Error, InvalidHashError):
        return False


def tanda(kunci: bytes, isi: dict) -> str:
    """A cookie value: the JSON content and its HMAC, both base64."""
    raw = base64.urlsafe_b64encode(json.dumps(isi, sort_keys=True).encode()).decode()
    mac = hmac.new(kunci, raw.encode(), hashlib.sha256).hexdigest()
    return f"{raw}.{mac}"


def buka(kunci: bytes, nilai: str | None) -> dict | None:
    """The content of a signed cookie, or None when missing, forged or expired."""
    if not nilai or "." not in nilai:
        return None
    raw, mac = nilai.rsplit(".", 1)
    good = hmac.new(kunci, raw.encode(), hashlib.sha256).hexdigest()
    if not hmac.compare_digest(good, mac):
        return None
    try:
        isi = json.loads(base64.urlsafe_b64decode(raw.encode()))
    except ValueError:
        return None
    if not isinstance(isi, dict) or isi.get("sampai", 0) < time.time():
        return None
    return isi


def nama_aman(nama: str) -> str:
    """An uploaded file's name reduced to a plain name in the folder: no folders, no drive, no
    characters Windows refuses; never used as a path as given."""
    nama = nama.replace("\\", "/").rsplit("/", 1)[-1]
    nama = unicodedata.normalize("NFC", nama)
    nama = re.sub(r'[\x00-\x1f<>:"|?*]', "_", nama).strip(" .")
    stem, dot, suffix = nama.rpartition(".")
    if not dot:
        stem, suffix = nama, ""
    stem = stem[:120] or "formulir"
    if stem.upper().split(".")[0] in {"CON", "PRN", "AUX", "NUL", *_RESERVED}:
        stem = f"_{stem}"
    return f"{stem}.{suffix.lower()}" if suffix else stem


_RESERVED = {f"COM{i}" for i in range(1, 10)} | {f"LPT{i}" for i in range(1, 10)}


def jenis_berkas(nama: str, isi: bytes) -> str | None:
    """Why an upload is refused by its type (suffix and first bytes), or None when it is a
    spreadsheet kinerja reads."""
    suffix = Path(nama).suffix.lower()
    if suffix not in SUFFIXES:
        return "bukan lembar kerja; kirim berkas .xlsx, .xls, .ods atau .csv"
    if len(isi) > BATAS_UNGGAH:
        return "lebih dari 20 MB; simpan ulang tanpa gambar atau sheet yang tidak perlu"
    if not isi:
        return "berkas kosong; simpan ulang formulirnya lalu kirim lagi"
    head = isi[:8]
    if suffix in (".xlsx", ".ods") and not head.startswith(_ZIP):
        return f"isinya bukan buku kerja {suffix}; buka di Excel lalu simpan ulang sebagai .xlsx"
    if suffix == ".xls" and not (head.startswith(_OLE) or head.startswith(_ZIP)):
        return "isinya bukan buku kerja .xls; buka di Excel lalu simpan ulang sebagai .xlsx"
    if suffix == ".csv" and (head.startswith((_ZIP, _OLE)) or b"\x00" in isi[:4096]):
        return "isinya bukan teks CSV; simpan ulang dari Excel sebagai CSV atau .xlsx"
    return None


def di_dalam(workspace: Path, relatif: str) -> Path | None:
    """The workspace file a download names, or None unless it is a regular file inside the
    workspace's outputs/ or inputs/ once every link is resolved."""
    if not relatif or "\x00" in relatif:
        return None
    given = Path(relatif)
    if given.is_absolute() or given.drive or ".." in given.parts:
        return None
    root = workspace.resolve()
    path = (root / given).resolve()
    allowed = [(root / "outputs").resolve(), (root / "inputs").resolve()]
    if not any(path.is_relative_to(a) for a in allowed) or not path.is_file():
        return None
    return path


CSRF = "kinerja_csrf"


def csrf_new(kunci: bytes) -> str:
    nonce = secrets.token_hex(16)
    return f"{nonce}.{hmac.new(kunci, nonce.encode(), hashlib.sha256).hexdigest()}"


def csrf_valid(kunci: bytes, token: str | None) -> bool:
    if not token or "." not in token:
        return False
    nonce, mac = token.split(".", 1)
    good = hmac.new(kunci, nonce.encode(), hashlib.sha256).hexdigest()
    return hmac.compare_digest(good, mac)


def csrf_cocok(request: Request, sent: object) -> bool:
    """Whether a form's CSRF field matches this browser's signed token cookie."""
    cookie = request.cookies.get(CSRF)
    return (
        isinstance(sent, str)
        and bool(cookie)
        and csrf_valid(request.app.state.kunci, cookie)
        and hmac.compare_digest(str(cookie), sent)
    )
