"""Chinese entries: lessons_early."""

ZH: dict[str, str] = {}
