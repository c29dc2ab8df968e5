"""How a Chinese table key matches a drawn figure text (initviz/i18n/figures.py)."""

from initviz.i18n.figures import english_words, template_pattern, translate_text


def test_a_key_whose_braces_are_latex_is_a_plain_key_not_a_template():
    for key in (
        r"$\sqrt{q^*}$: std of $z$",
        "every loss (log axis to $10^{45}$)",
    ):
        assert template_pattern(key) is None


def test_a_key_with_fields_matches_the_text_its_f_string_draws():
    pattern = template_pattern("w = {w}: gradient = $w^{{L-l}}$")
    assert pattern is not None
    match = pattern.fullmatch("w = 2: gradient = $w^{L-l}$")
    assert match is not None and match.group("w") == "2"


def test_a_latex_key_of_the_table_translates_its_exact_text():
    assert translate_text(r"$\sqrt{q^*}$: std of $z$ at the fixed point") == r"$\sqrt{q^*}$：不动点处 $z$ 的标准差"


def test_a_kept_name_with_digits_is_not_an_english_word():
    assert english_words("s = 8 时，ReLU 网络在第 51 层溢出 float32") == []
    assert english_words("float16 overflows") == ["overflows"]  # a token with a digit is a symbol or a name
