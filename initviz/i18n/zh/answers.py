"""Chinese entries: answers (exercise feedback of initviz/exercises.py, and every exercise's title and hint
in initviz/answers/nbNN.py; a hint's key is its final English text, f-strings formatted)."""

ZH: dict[str, str] = {
    # initviz.check's feedback lines
    "{title}: not answered yet. Replace the ... with your answer and run the cell again.": (
        "{title}：还没有作答。把 ... 换成你的答案，再运行这个单元格。"
    ),
    "{title}: ✗ write True or False without quotes (a bool, not the text {answer}).": (
        "{title}：✗ 请写不带引号的 True 或 False（要的是布尔值，而不是文本 {answer}）。"
    ),
    "{title}: ✗ that answer could not be checked ({error}).": "{title}：✗ 无法检查这个答案（{error}）。",
    "{title}: ✓ correct.": "{title}：✓ 正确。",
    "{title}: ✗ not yet.": "{title}：✗ 还不对。",
    "{title}: ✗ not yet. Hint: {hint}": "{title}：✗ 还不对。提示：{hint}",
    # titles
    "Exercise 1": "练习 1",
    "Exercise 2": "练习 2",
    "Exercise 3": "练习 3",
    # hints, notebook by notebook
    "19 equal steps on the log axis take 0.5 to 8.2e-7: the factor f solves 0.5 * f**19 = 8.2e-7.": (
        "在对数坐标上，19 个等长的步子把 0.5 带到 8.2e-7：因子 f 满足 0.5 * f**19 = 8.2e-7。"
    ),
    "ReLU sets half of its inputs to 0, so each layer keeps only half of the mean square. "
    "Which s**2 gives it back? Try the scales between 1.25 and 1.5 on the slider.": (
        "ReLU 把一半的输入置为 0，所以每层只留下一半的均方值。哪个 s**2 能把它补回来？"
        "在滑块上试试 1.25 到 1.5 之间的尺度。"
    ),
    "dropout silences its own random set of units at each step. Do the units then get the same gradient?": (
        "暂退法（dropout）每一步都随机关掉一组单元，每步各不相同。这样一来，各单元得到的梯度还相同吗？"
    ),
    "every unit of layer 1 is the same, so every unit of layer 2 sees the same 16 equal inputs "
    "through the same weights.": (
        "第 1 层的每个单元都一样，所以第 2 层的每个单元都通过同样的权重，看到同样的 16 个相等的输入。"
    ),
    "the noise must be above 0 and below 0.005. Section 4: 1e-4 splits at step 123, and each factor 10 more "
    "noise saves about 33 steps. Try symmetry_run(noise, steps=100)['split_at'].": (
        "噪声必须大于 0 且小于 0.005。第 4 节：噪声为 1e-4 时，单元在第 123 步分开；噪声每大 10 倍，"
        "大约省下 33 步。试试 symmetry_run(noise, steps=100)['split_at']。"
    ),
    "find the smallest L with 0.9 ** L < 0.01, e.g. with a loop, or with logarithms.": (
        "找出满足 0.9 ** L < 0.01 的最小 L，可以用循环，也可以用对数。"
    ),
    "solve s ** 30 = 1000 for s.": "解方程 s ** 30 = 1000，求出 s。",
    "a whole number of layers: each ReLU layer at s = 2 multiplies the gradient's std by about sqrt(2), "
    "so look for sqrt(2) ** (L - 1) between 1000 and 10000, then measure.": (
        "层数是整数：s = 2 时，每个 ReLU 层把梯度的标准差乘以约 sqrt(2)，"
        "所以找出让 sqrt(2) ** (L - 1) 落在 1000 到 10000 之间的 L，再实际测一测。"
    ),
    "Var(U[-a, a]) = a^2/3 must equal 2/(n_in + n_out).": "Var(U[-a, a]) = a^2/3 必须等于 2/(n_in + n_out)。",
    "Backward, each layer multiplies the gradient's variance by n_out Var(w); "
    "what is that for U[-1/sqrt(n), 1/sqrt(n)]?": (
        "反向传播时，每层把梯度的方差乘以 n_out Var(w)；对 U[-1/sqrt(n), 1/sqrt(n)] 来说，它等于多少？"
    ),
    "gain 1 makes the layer-1 gradient about 0.2 of the top one, gain 5/3 several times larger: "
    "the flat gain lies in between. Measure the ratio for a few gains with xavier.layer_signals.": (
        "增益为 1 时，第 1 层的梯度约为最上层的 0.2；增益为 5/3 时则大好几倍：让梯度保持平稳的增益在两者之间。"
        "用 xavier.layer_signals 对几个增益测一测这个比值。"
    ),
    "the gain is sqrt(2/(1 + a^2)); the std is gain / sqrt(fan_in).": (
        "增益是 sqrt(2/(1 + a^2))；标准差是 gain / sqrt(fan_in)。"
    ),
    "each layer-to-layer step multiplies the variance by (1/2) n Var(w) with Var(w) = 1/(3n); "
    "the std by its square root; count the steps from layer 1 to layer 11.": (
        "每经过一层，方差乘以 (1/2) n Var(w)，其中 Var(w) = 1/(3n)；标准差则乘以它的平方根；"
        "数一数从第 1 层到第 11 层有几步。"
    ),
    "for a slope a, He's condition is (1/2)(1 + a^2) g^2 = 1; measure your pair in the cell above.": (
        "斜率为 a 时，He 的条件是 (1/2)(1 + a^2) g^2 = 1；在上面的单元格里测一测你的这组值。"
    ),
    "the largest w·x over the square is |w1| + |w2| (at a corner); the unit is dead where that plus b is <= 0": (
        "w·x 在这个正方形上的最大值是 |w1| + |w2|（在某个角上）；它加上 b 之后 <= 0 的地方，单元就死亡了。"
    ),
    "solve 1 - (1 - 2**-N)**50 < 0.01 for the smallest whole N": "求满足 1 - (1 - 2**-N)**50 < 0.01 的最小整数 N。",
    "at that bias fewer than 10% must be dead, and at 0.05 below it 10% or more: "
    "step the explorer's bias slider down from 0 and read the percentage in the left title": (
        "在这个偏置下，死亡单元必须少于 10%，而比它低 0.05 时达到 10% 或更多："
        "把探索器的偏置滑块从 0 一格格往下调，读左图标题里的百分比。"
    ),
    "solve 0.25**L < 1e-6: L > 6 / log10(4)": "解 0.25**L < 1e-6：L > 6 / log10(4)。",
    "saturated means |z| > atanh(0.97) ≈ 2.09; P(|z| > c) = 2 (1 - Φ(c / 2))": (
        "饱和意味着 |z| > atanh(0.97) ≈ 2.09；P(|z| > c) = 2 (1 - Φ(c / 2))。"
    ),
    "at your s fewer than 5% may be saturated, and at s / 0.9 5% or more: "
    "try s = 1, 1.2, 1.4, ... with saturation.saturated_overall(s)": (
        "在你的 s 下，饱和的比例须少于 5%，而在 s / 0.9 下达到 5% 或更多："
        "用 saturation.saturated_overall(s) 试试 s = 1, 1.2, 1.4, ..."
    ),
    "the logits start with a std of about 6; the loss is near chance when they are well below 1.": (
        "logit 的初始标准差约为 6；它远小于 1 时，损失才接近随机猜测水平。"
    ),
    "the ratio is proportional to lr: scale LR by 1e-3 over the typical ratio (he_report.typical_update_ratio).": (
        "这个比值与 lr 成正比：把 LR 乘以 1e-3 / 典型比值（he_report.typical_update_ratio）。"
    ),
    "mode='fan_out' uses fan_out = C_out k^2; He's variance is 2 / fan.": (
        "mode='fan_out' 用的是 fan_out = C_out k^2；He 的方差是 2 / fan。"
    ),
    "scaling fc2.weight by s makes each block multiply the stream's variance by 1 + 2 s^2; "
    "you need (1 + 2 s^2)^32 between 1.2^2 and 2^2.": (
        "把 fc2.weight 乘以 s 之后，每个块把残差流的方差乘以 1 + 2 s^2；"
        "你需要让 (1 + 2 s^2)^32 落在 1.2^2 和 2^2 之间。"
    ),
}
