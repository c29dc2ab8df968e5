"""Chinese entries: the figure builders shared by every lesson (initviz/figures/__init__.py)."""

ZH: dict[str, str] = {}
