"""click's own words (usage errors, help headings) in Bahasa Indonesia.

click asks gettext for every message it shows; kinerja installs a small catalogue of the ones an
operator can meet, so a mistyped option is answered in the same language as everything else.
"""

from __future__ import annotations

KATALOG = {
    "Usage:": "Penggunaan:",
    "Options": "Pilihan",
    "Commands": "Perintah",
    "Show this message and exit.": "Tampilkan bantuan ini lalu keluar.",
    "Show the version and exit.": "Tampilkan versi lalu keluar.",
    "%(prog)s, version %(version)s": "%(prog)s, versi %(version)s",
    "Error: {message}": "Galat: {message}",
    "Try '{command} {option}' for help.": "Coba '{command} {option}' untuk bantuan.",
    "Missing option": "Pilihan wajib belum diberikan",
    "Missing argument": "Argumen wajib belum diberikan",
    "Missing parameter": "Parameter wajib belum diberikan",
    "Missing command.": "Perintah belum diberikan.",
    "Missing {param_type}": "{param_type} wajib belum diberikan",
    "No such command {name!r}.": "Perintah {name!r} tidak ada.",
    "No such option {name!r}.": "Pilihan {name!r} tidak ada.",
    "Option {name!r} does not take a value.": "Pilihan {name!r} tidak menerima nilai.",
    "Invalid value for {param_hint}: {message}": "Nilai {param_hint} salah: {message}",
    "Invalid value: {message}": "Nilai salah: {message}",
    "{value!r} is not a valid {number_type}.": "{value!r} bukan bilangan bulat yang sah.",
    "{value} is not in the range {range}.": "{value} di luar rentang {range}.",
    "{name} {filename!r} does not exist.": "{name} {filename!r} tidak ada.",
    "{name} {filename!r} is a file.": "{name} {filename!r} adalah berkas, bukan folder.",
    "{name} {filename!r} is a directory.": "{name} {filename!r} adalah folder, bukan berkas.",
    "directory": "Folder",
    "file": "Berkas",
    "path": "Jalur",
    "Aborted!": "Dibatalkan.",
    "required": "wajib",
    "default: {default}": "bawaan: {default}",
}
_TANGGAL = "{value!r} bukan tanggal yang sah; tulis YYYY-MM-DD, mis. 2024-10-07."
KATALOG_JAMAK = {
    "Got unexpected extra argument ({args})": "Argumen berlebih yang tidak dikenal ({args})",
    "Got unexpected extra arguments ({args})": "Argumen berlebih yang tidak dikenal ({args})",
    "Did you mean {possibility}?": "Maksud Anda {possibility}?",
    "(Did you mean one of: {possibilities}?)": "(Maksud Anda salah satu dari: {possibilities}?)",
    "{value!r} does not match the format {format}.": _TANGGAL,
    "{value!r} does not match the formats {formats}.": _TANGGAL,
    "Option {name!r} requires an argument.": "Pilihan {name!r} memerlukan nilai.",
    "Option {name!r} requires {nargs} arguments.": "Pilihan {name!r} memerlukan {nargs} nilai.",
}


def _gettext(message: str) -> str:
    return KATALOG.get(message, message)


def _ngettext(singular: str, plural: str, n: int) -> str:
    chosen = singular if n == 1 else plural
    return KATALOG_JAMAK.get(chosen, chosen)


def pasang() -> None:
    """Answer click's gettext calls from the catalogue above."""
    import click.core
    import click.decorators
    import click.exceptions
    import click.formatting
    import click.parser
    import click.types

    for module in (
        click.core,
        click.decorators,
        click.exceptions,
        click.formatting,
        click.parser,
        click.types,
    ):
        if hasattr(module, "_"):
            module._ = _gettext  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = _ngettext  # type: ignore[attr-defined]
