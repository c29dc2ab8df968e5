"""Chinese entries: lessons_late."""

ZH: dict[str, str] = {}
