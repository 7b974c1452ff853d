"""What a Word template may do inside the sandbox: the short allow-list shared by the renderer,
which refuses anything else, and by `periksa-template`, which reports it."""

from __future__ import annotations

# what a template may call: reading a mapping, changing the case or spacing of a text
SANDBOX_METHODS = frozenset(
    {
        "items",
        "keys",
        "values",
        "get",
        "upper",
        "lower",
        "title",
        "capitalize",
        "strip",
        "lstrip",
        "rstrip",
        "replace",
        "split",
        "startswith",
        "endswith",
        "join",
        "count",
        "index",
    }
)
SANDBOX_LOOP_METHODS = frozenset({"cycle", "changed"})  # loop.cycle('a', 'b')
SANDBOX_FUNCTIONS = frozenset({"range", "dict", "namespace", "cycler", "joiner", "lipsum"})
