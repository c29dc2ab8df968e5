"""Which installed font can draw Chinese in figures, and the rcParams that use it."""

from __future__ import annotations

from functools import cache

#: CJK fonts in order of preference: Linux (fonts-noto-cjk, Source Han, WenQuanYi), Windows, macOS.
CJK_FONTS = (
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "Noto Sans SC",
    "Microsoft YaHei",
    "PingFang SC",
    "Hiragino Sans GB",
    "Heiti SC",
    "SimHei",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
)

NO_FONT_NOTE = (
    "注意：没有找到能显示中文的字体（{fonts}），图中的文字将用英文显示。"
    "安装其中一种（Linux：sudo apt install fonts-noto-cjk）后重启内核即可。"
)


@cache  # scanning matplotlib's font list is slow and the answer does not change within a kernel
def cjk_font() -> str | None:
    """The first installed font of CJK_FONTS, or None."""
    from matplotlib import font_manager

    installed = {entry.name for entry in font_manager.fontManager.ttflist}
    return next((name for name in CJK_FONTS if name in installed), None)


def font_rc(figure_language: str) -> dict:
    """rcParams for figures in `figure_language`: for Chinese, the CJK font first.

    It goes first, not as a fallback after DejaVu Sans: matplotlib's mathtext draws the
    plain text of a label such as "$\\sigma_w$ 的值" in the first family only, so a CJK
    fallback would show boxes there. The CJK font's Latin glyphs draw the rest.
    """
    if figure_language != "zh" or cjk_font() is None:
        return {"font.family": ["sans-serif"]}  # matplotlib's default: DejaVu Sans
    return {"font.family": [cjk_font(), "DejaVu Sans"]}
