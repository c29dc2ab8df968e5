"""Chinese entries: diagnostics (diagnose's report: check names, verdict lines, every sentence of
initviz/diagnostics/table.py's MESSAGES, and the column titles of `Diagnosis.table()`).

Verdicts stay Latin in the report, with a Chinese gloss ("[PROBLEM 问题]"): the same words are
the values the code compares (`report["dead units"].verdict == "PROBLEM"`) and a teacher can
say "look for the PROBLEM lines" in either edition.
"""

ZH: dict[str, str] = {
    # the check names, as the report prints them (the API keeps the English names)
    "initial loss": "初始损失",
    "output scale": "输出尺度",
    "zero weights": "零权重",
    "symmetry": "对称性",
    "forward signal": "前向信号",
    "backward signal": "反向信号",
    "dead units": "死亡单元",
    "saturated units": "饱和单元",
    "update:data ratio": "更新/数据比",
    # the header, the checklist's lines and the closing line
    "diagnose: {model}, {hidden} ({kinds}), {samples}, cross-entropy over {classes} classes": (
        "诊断：{model}，{hidden}（{kinds}），{samples}，{classes} 类的交叉熵"
    ),
    "diagnose: {model}, {hidden} ({kinds}), {samples}, loss {name}": (
        "诊断：{model}，{hidden}（{kinds}），{samples}，损失函数 {name}"
    ),
    "{layers} hidden layer": "{layers} 个隐藏层",
    "{layers} hidden layers": "{layers} 个隐藏层",
    "one {optimizer} step": "{optimizer} 更新一步",
    "one {optimizer} step, lr {lr}": "{optimizer} 更新一步，学习率 {lr}",
    "no optimizer step (pass optimizer= or lr= to measure the update:data ratio)": (
        "未做优化器更新（传入 optimizer= 或 lr= 即可测量更新/数据比）"
    ),
    "{used} samples": "{used} 个样本",
    "{used} of {total} samples": "{total} 个样本中的 {used} 个",
    "[OK] {name}: {message}": "[OK 正常] {name}：{message}",
    "[WARNING] {name}: {message}": "[WARNING 警告] {name}：{message}",
    "[PROBLEM] {name}: {message}": "[PROBLEM 问题] {name}：{message}",
    "try: {advice}": "建议：{advice}",
    "All checks OK: this network is ready to train.": "全部检查通过：这个网络可以开始训练了。",
    "{problems} problem. Start with '{name}'.": "{problems} 个问题。先处理“{name}”。",
    "{problems} problems. Start with '{name}'.": "{problems} 个问题。先处理“{name}”。",
    "{warnings} warning. Start with '{name}'.": "{warnings} 个警告。先处理“{name}”。",
    "{warnings} warnings. Start with '{name}'.": "{warnings} 个警告。先处理“{name}”。",
    "{problems} problem, {warnings} warning. Start with '{name}'.": (
        "{problems} 个问题，{warnings} 个警告。先处理“{name}”。"
    ),
    "{problems} problem, {warnings} warnings. Start with '{name}'.": (
        "{problems} 个问题，{warnings} 个警告。先处理“{name}”。"
    ),
    "{problems} problems, {warnings} warning. Start with '{name}'.": (
        "{problems} 个问题，{warnings} 个警告。先处理“{name}”。"
    ),
    "{problems} problems, {warnings} warnings. Start with '{name}'.": (
        "{problems} 个问题，{warnings} 个警告。先处理“{name}”。"
    ),
    # initial loss (cross-entropy)
    "entropy of the label frequencies": "标签频率的熵",
    "ln {classes}: too few labels per class to use their frequencies": "ln {classes}：每类的标签太少，用不了它们的频率",
    "{loss} vs chance {chance} ({why}): {gap} nats": "{loss}，随机猜测水平为 {chance}（{why}），相差 {gap} 奈特",
    "{seen}, a calm start.": "{seen}，起点平稳。",
    "{seen}: well below chance before any training; do the labels leak into x?": (
        "{seen}：还没训练就远低于随机猜测水平；标签是不是泄漏到了 x 里？"
    ),
    "the loss is {loss}: the outputs overflow before any training.": "损失为 {loss}：还没训练，输出就已溢出。",
    "smaller weights (He for ReLU, Xavier for tanh/sigmoid) and standardized inputs.": (
        "更小的权重（ReLU 用 He，tanh/sigmoid 用 Xavier），并把输入标准化。"
    ),
    "{seen}: over-confident before learning anything (logit std {spread}).": (
        "{seen}：什么都还没学就过度自信（logit 标准差 {spread}）。"
    ),
    "zero the output layer or scale it down (x0.1); then check the layers below.": (
        "把输出层置零或缩小（×0.1）；然后再检查下面各层。"
    ),
    "{seen}: the classes are unbalanced and the outputs do not know it yet.": (
        "{seen}：类别不均衡，而输出还不知道这一点。"
    ),
    "set the output bias to the log of the class frequencies: the loss then starts at chance.": (
        "把输出层的偏置设为各类频率的对数：损失就会从随机猜测水平起步。"
    ),
    # output scale (regression)
    "loss {loss} vs {reference} for always predicting the mean of y (output std {spread}, y std {target})": (
        "损失 {loss}，总是预测 y 的均值时为 {reference}（输出标准差 {spread}，y 的标准差 {target}）"
    ),
    "{seen}: a calm start.": "{seen}：起点平稳。",
    "{seen}: the outputs start far wider than the targets.": "{seen}：输出一开始就比目标值分散得多。",
    "zero the output layer or scale it down (x0.1).": "把输出层置零或缩小（×0.1）。",
    "{seen}: the outputs start away from the mean of y.": "{seen}：输出一开始就偏离 y 的均值。",
    "set the output bias to the mean of y (or standardize y).": "把输出层的偏置设为 y 的均值（或把 y 标准化）。",
    # forward signal
    "one hidden layer, nothing to compare across depth (input-dependent std {first}).": (
        "只有一个隐藏层，无从比较不同深度（随输入变化的标准差为 {first}）。"
    ),
    "input-dependent std {first} at layer 1, {last} at layer {n}": (
        "随输入变化的标准差在第 1 层为 {first}，在第 {n} 层为 {last}"
    ),
    "{span}: steady through depth.": "{span}，随深度保持稳定。",
    "{span}: off by {factor}x, which {optimizer} largely absorbs (plain SGD would not).": (
        "{span}：相差 {factor} 倍，{optimizer} 基本能消化（普通的 SGD 不能）。"
    ),
    "{span}: layer {worst} is {factor}x layer 1, exploding.": (
        "{span}：第 {worst} 层是第 1 层的 {factor} 倍，信号在爆炸。"
    ),
    "smaller weights (He for ReLU, Xavier for tanh/sigmoid), BatchNorm, small residual branches.": (
        "更小的权重（ReLU 用 He，tanh/sigmoid 用 Xavier）、BatchNorm、较小的残差分支。"
    ),
    "{span}: layer {worst} is 1/{factor} of layer 1, vanishing.": (
        "{span}：第 {worst} 层只有第 1 层的 1/{factor}，信号在消失。"
    ),
    "He for ReLU (PyTorch's default is smaller), Xavier for tanh; BatchNorm, residuals.": (
        "ReLU 用 He（PyTorch 的默认初始化更小），tanh 用 Xavier；BatchNorm、残差连接。"
    ),
    "{span}: layer {worst} is 1/{factor} of layer 1; {optimizer} may still train it, but the signal is thin.": (
        "{span}：第 {worst} 层只有第 1 层的 1/{factor}；{optimizer} 也许仍能训练它，但信号很弱。"
    ),
    "He for ReLU, Xavier for tanh: the signal then keeps its size with any optimizer.": (
        "ReLU 用 He，tanh 用 Xavier：这样无论用哪种优化器，信号都能保持大小。"
    ),
    "{span}: from layer {worst} on, every sample gives the same output.": (
        "{span}：从第 {worst} 层起，每个样本的输出都一样。"
    ),
    "{span}: from layer {worst} on, the input is lost below float32 resolution; no optimizer brings it back.": (
        "{span}：从第 {worst} 层起，输入的差别已小于 float32 的精度而丢失；任何优化器都找不回来。"
    ),
    "{span}: the activations overflow to inf/NaN.": "{span}：激活值溢出为 inf/NaN。",
    # backward signal
    "one hidden layer, nothing to compare across depth.": "只有一个隐藏层，无从比较不同深度。",
    "gradient std, layer 1 over layer {n}: {ratio}{how}": "第 1 层与第 {n} 层的梯度标准差之比为 {ratio}{how}",
    " (a random gradient sent down from below the zero output layer)": "（从置零的输出层下方送入的随机梯度）",
    "{span}; the early layers get a useful gradient.": "{span}；前面的层能得到有用的梯度。",
    "{span}; off by {factor}x, which {optimizer} largely absorbs (plain SGD would not).": (
        "{span}；相差 {factor} 倍，{optimizer} 基本能消化（普通的 SGD 不能）。"
    ),
    "{span}; it grows toward the input, as in every BatchNorm net at init, and trains.": (
        "{span}；梯度越靠近输入越大，初始化时的 BatchNorm 网络都是这样，照样能训练。"
    ),
    "{span}; the gradient vanishes on its way down, the early layers barely learn.": (
        "{span}；梯度在向下传的途中消失，前面的层几乎学不动。"
    ),
    "He for ReLU, Xavier for tanh/sigmoid; no saturation; BatchNorm or residual connections.": (
        "ReLU 用 He，tanh/sigmoid 用 Xavier；避免饱和；BatchNorm 或残差连接。"
    ),
    "{span}; {optimizer} rescales a small gradient, but this one is far off.": (
        "{span}；{optimizer} 会放大较小的梯度，但这里差得太远。"
    ),
    "He for ReLU, Xavier for tanh/sigmoid; BatchNorm or residual connections.": (
        "ReLU 用 He，tanh/sigmoid 用 Xavier；BatchNorm 或残差连接。"
    ),
    "{span}; the gradient explodes on its way down.": "{span}；梯度在向下传的途中爆炸。",
    "smaller weights (He for ReLU, Xavier for tanh/sigmoid); a smaller learning rate.": (
        "更小的权重（ReLU 用 He，tanh/sigmoid 用 Xavier）；更小的学习率。"
    ),
    "{span}; BatchNorm's gradient explosion at init (Yang et al. 2019) at this depth.": (
        "{span}；这个深度下，BatchNorm 在初始化时就梯度爆炸（Yang 等人，2019）。"
    ),
    "fewer layers, or residual connections around the BatchNorm blocks.": "减少层数，或在 BatchNorm 块外加上残差连接。",
    "no gradient reaches the hidden layers.": "没有梯度到达隐藏层。",
    "look for all-zero weights or a dead layer above them.": (
        "检查有没有全零的权重，或隐藏层上方有没有整层都已死亡的层。"
    ),
    "the gradients overflow to inf/NaN.": "梯度溢出为 inf/NaN。",
    "smaller weights; gradient clipping only hides it.": "更小的权重；梯度裁剪只会掩盖问题。",
    # dead units
    "no unit outputs 0 for every sample.": "没有哪个单元对所有样本都输出 0。",
    "worst layer {worst}: {share} of its units output 0 for every sample": (
        "第 {worst} 层最多，{share} 的单元对所有样本都输出 0"
    ),
    "{seen}; a few, common in narrow ReLU nets.": "{seen}；为数不多，在窄的 ReLU 网络中很常见。",
    "{seen}; their weights get no gradient (deeper ones can revive as the layers below change).": (
        "{seen}；它们的权重得不到梯度（较深层的单元可能随下面各层的变化而复活）。"
    ),
    "He with zero (not negative) biases, a smaller learning rate, leaky ReLU or BatchNorm.": (
        "He 初始化配零偏置（不要用负偏置）、更小的学习率、带泄漏的 ReLU 或 BatchNorm。"
    ),
    # saturated units
    "no tanh or sigmoid module, nothing to saturate.": "没有 tanh 或 sigmoid 模块，谈不上饱和。",
    "no tanh/sigmoid output sits in a flat tail.": "没有 tanh/sigmoid 输出落在平坦的尾部。",
    "worst layer {worst}: {share} of its tanh/sigmoid outputs sit in a flat tail": (
        "第 {worst} 层最多，{share} 的 tanh/sigmoid 输出落在平坦的尾部"
    ),
    "{seen}; the slopes are alive.": "{seen}；斜率仍然够大。",
    "{seen}; there the slope is near 0 and the gradient dies.": "{seen}；那里的斜率接近 0，梯度随之消失。",
    "smaller weights: Xavier (tanh gain 5/3), not He or N(0, 1); standardized inputs.": (
        "更小的权重：用 Xavier（tanh 的增益为 5/3），不要用 He 或 N(0, 1)；把输入标准化。"
    ),
    # zero weights
    "no layer has all-zero weights.": "没有哪一层的权重全为 0。",
    "the output layer starts at 0 (intended): the loss starts at chance.": (
        "输出层从 0 开始（有意为之）：损失从随机猜测水平起步。"
    ),
    "the output layer is small (RMS weight x sqrt(fan_in) = {gain}), as recommended.": (
        "输出层很小（权重的均方根 × sqrt(fan_in) = {gain}），正合推荐的做法。"
    ),
    "layer {number} ({path})": "第 {number} 层（{path}）",
    "{where} start at 0 and the gradient still reaches the layers below: a residual branch that starts as the "
    "identity (Fixup, SkipInit), intended.": (
        "{where}从 0 开始，梯度仍能到达下面各层：这是从恒等映射起步的残差分支（Fixup、SkipInit），有意为之。"
    ),
    "all-zero weights in {where}: every unit identical and no gradient to the layers below.": (
        "{where}的权重全为 0：每个单元都一样，下面各层也得不到梯度。"
    ),
    "random weights (He for ReLU, Xavier for tanh/sigmoid); zeros only in biases and the output layer.": (
        "用随机权重（ReLU 用 He，tanh/sigmoid 用 Xavier）；只有偏置和输出层可以置零。"
    ),
    # symmetry
    "the units of every layer differ.": "每一层的单元各不相同。",
    "in layer {where} all units compute the same output: same gradient, copies forever.": (
        "第 {where} 层的所有单元输出都一样：梯度相同，永远是彼此的副本。"
    ),
    "random weights: any scheme but a constant breaks the symmetry.": (
        "用随机权重：除了常数，任何初始化方案都能打破对称性。"
    ),
    # update:data ratio
    "typical {typical} (median of {count} weight tensors, {low} .. {high}); healthy about {target}": (
        "典型值 {typical}（{count} 个权重张量的中位数，范围 {low} .. {high}）；健康值约为 {target}"
    ),
    "; later steps up to {factor}x (momentum {momentum})": "；之后的步长最多可达 {factor} 倍（动量 {momentum}）",
    "typical {typical} (median of {count} weight tensors, {low} .. {high}); healthy about {target}{momentum}.": (
        "典型值 {typical}（{count} 个权重张量的中位数，范围 {low} .. {high}）；健康值约为 {target}{momentum}。"
    ),
    "the output layer starts at 0, so the first step moves only it; the layers below move from the second step "
    "on (intended).": "输出层从 0 开始，所以第一步只更新它；下面各层从第二步起才开始更新（有意为之）。",
    "{seen}: small because the output layer is small; grows as it does.": (
        "{seen}：偏小是因为输出层小；会随输出层一起变大。"
    ),
    "{seen}{momentum}: tiny steps, it will learn slowly.": "{seen}{momentum}：步子太小，会学得很慢。",
    "a larger learning rate: lr x {factor} brings the typical ratio to {target}.": (
        "增大学习率：lr × {factor} 能让典型值达到 {target}。"
    ),
    "{seen}{momentum}: large steps, training may be unstable.": "{seen}{momentum}：步子太大，训练可能不稳定。",
    "a smaller learning rate: lr x {factor} brings the typical ratio to {target}.": (
        "减小学习率：lr × {factor} 能让典型值达到 {target}。"
    ),
    "no weight moved: no gradient reaches them.": "没有权重被更新：梯度到不了它们。",
    "look at the backward signal and the zero weights above.": "看看上面的“反向信号”和“零权重”两项。",
    "every moved weight tensor has all-equal weights (std 0): there is no ratio to take.": (
        "每个被更新的权重张量里，权重都相等（标准差为 0）：算不出这个比值。"
    ),
    "random weights: see symmetry above.": "用随机权重：见上面的“对称性”一项。",
    # notes under the checklist
    "note: no activation module after layer {where}: one called as a function (F.relu, torch.tanh) is "
    "invisible here, so its saturation is not counted.": (
        "注意：第 {where} 层之后没有激活模块。以函数形式调用的激活（F.relu、torch.tanh）在这里看不到，"
        "所以没有统计它的饱和。"
    ),
    "note: no activation module after layers {where}: one called as a function (F.relu, torch.tanh) is "
    "invisible here, so its saturation is not counted.": (
        "注意：以下隐藏层之后没有激活模块：{where}。以函数形式调用的激活（F.relu、torch.tanh）在这里看不到，"
        "所以没有统计它们的饱和。"
    ),
    # Diagnosis.table()'s column titles
    "layer": "层",
    "after": "模块",
    "act": "激活",
    "width": "宽度",
    "signal": "信号",
    "grad std": "梯度标准差",
    "dead": "死亡",
    "saturated": "饱和",
}
