"""Chinese entries: what initviz prints outside diagnose and the exercises (setup, training)."""

ZH: dict[str, str] = {}
