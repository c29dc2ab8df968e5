"""Chinese entries: diagnostics."""

ZH: dict[str, str] = {}
