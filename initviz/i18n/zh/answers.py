"""Chinese entries: answers."""

ZH: dict[str, str] = {}
