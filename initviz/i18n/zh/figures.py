"""Chinese entries: the figure builders shared by every lesson (initviz/figures/__init__.py).

`histograms`, `by_depth`, `mark_diverged`, `loss_curves`, `decision_boundary` and
`finite_or` (a printed table cell, through `tr`). Also the two texts of the loss panel
that notebooks reuse as titles: "training loss" and "ln 2 (chance)".
"""

ZH: dict[str, str] = {
    # histograms
    "value": "值",
    "density": "密度",
    "count": "计数",
    # by_depth
    "layer": "层",
    "{label}: theory": "{label}：理论值",
    # loss_curves, mark_diverged, finite_or
    "step": "步数",
    "loss": "损失",
    "diverged": "发散",
    "{label} (diverged)": "{label}（发散）",
    "chance: {chance}": "随机猜测：{chance}",
    "training loss": "训练损失",
    "ln 2 (chance)": "ln 2（随机猜测水平）",
    # decision_boundary
    "inf/NaN output": "输出为 inf/NaN",
}
# Numbered labels are listed, not templates: "class {k}" would also match "class frequencies only".
ZH.update({f"class {k}": f"类别 {k}" for k in range(10)})
