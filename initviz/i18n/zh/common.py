"""Chinese entries: what initviz prints outside diagnose and the exercises (setup, training, lists)."""

ZH: dict[str, str] = {
    # initviz.i18n.phrase.Series: a list in a printed sentence ("1, 2, 3", "1, 2, ...")
    ", ": "、",
    "{items}, ...": "{items} 等",
}
