"""Chinese entries: explorers."""

ZH: dict[str, str] = {}
