"""Chinese entries: common."""

ZH: dict[str, str] = {}
