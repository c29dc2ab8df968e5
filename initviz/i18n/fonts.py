"""Which installed font can draw Chinese in figures, and the rcParams that use it."""

from __future__ import annotations

from functools import cache
from pathlib import Path

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


#: File names of those fonts (lower case), to find one installed after matplotlib cached its font list.
CJK_FILES = ("notosanscjk", "sourcehansans", "notosanssc", "msyh", "pingfang", "hiragino", "stheiti", "simhei", "wqy")


@cache  # scanning the system's fonts is slow and the answer does not change within a kernel
def cjk_font() -> str | None:
    """The first installed font of CJK_FONTS, or None.

    matplotlib reads its font list from a cache written when it first ran, so a CJK font
    installed later is not in it; then the system's font files are searched once and any
    CJK one is added (a kernel restart is enough after installing a font).
    """
    from matplotlib import font_manager

    def first() -> str | None:
        installed = {entry.name for entry in font_manager.fontManager.ttflist}
        return next((name for name in CJK_FONTS if name in installed), None)

    if first() is None:
        for path in font_manager.findSystemFonts():
            if any(part in Path(path).name.lower().replace("-", "").replace("_", "") for part in CJK_FILES):
                try:
                    font_manager.fontManager.addfont(path)
                except (OSError, RuntimeError, ValueError):  # a font file matplotlib cannot read
                    continue
    return first()


def font_rc(figure_language: str) -> dict:
    """rcParams for figures in `figure_language`: for Chinese, the CJK font first.

    It goes first, not as a fallback after DejaVu Sans: matplotlib's mathtext draws the
    plain text of a label such as "$\\sigma_w$ 的值" in the first family only, so a CJK
    fallback would show boxes there. The CJK font's Latin glyphs draw the rest.
    """
    if figure_language != "zh" or cjk_font() is None:
        return {"font.family": ["sans-serif"]}  # matplotlib's default: DejaVu Sans
    return {"font.family": [cjk_font(), "DejaVu Sans"]}
