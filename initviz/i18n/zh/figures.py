"""Chinese entries: figures."""

ZH: dict[str, str] = {}
