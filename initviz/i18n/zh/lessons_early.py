"""Chinese entries: the explorers and figures of notebooks 00-04.

Explorers explore_signal, explore_symmetry, explore_chain, explore_xavier, explore_order_chaos
and explore_kaiming (their titles, controls and figures: initviz/figures/{signal, symmetry,
products, xavier, meanfield, kaiming, gains}.py), and the figure texts that the code cells of
notebooks 00-04 pass. The shared builders of initviz/figures/__init__.py ("layer", "step",
"{label}: theory", ...) are in figures.py, the numbered labels "layer N" and "width N" in
lessons_late.py.

A key with {fields} is the template of an f-string: it matches the drawn text with the fields
already formatted. Code names of dropdown options (relu, xavier_uniform, standard ...) stay in
Latin, as in the code the notebooks run (see KEPT_WORDS in initviz/i18n/figures.py).
"""

ZH: dict[str, str] = {
    # --- controls shared by several explorers
    "depth": "深度",
    "depth L": "深度 L",
    "width": "宽度",
    "activation": "激活函数",
    "init": "初始化",
    # --- explore_signal (figures/signal.py)
    "Signal scale through depth: weights N(0, s²/n)": "信号尺度随深度的变化：权重 N(0, s²/n)",
    "weight scale s": "权重尺度 s",
    "Signal scale through depth": "信号尺度随深度的变化",
    "std of pre-activations $z$": "预激活值 $z$ 的标准差",
    r"std of gradient $\partial L / \partial z$": r"梯度 $\partial L / \partial z$ 的标准差",
    "{act}, s = {scale}, {depth} layers: signal {forward} forward, gradient {backward} backward": (
        "{act}，s = {scale}，{depth} 层：前向信号 {forward}，反向梯度 {backward}"
    ),
    "forward": "前向",
    "backward": "反向",
    # --- explore_symmetry (figures/symmetry.py)
    "Breaking symmetry: constant 0.5 plus noise, 2-16-2 tanh net": "打破对称性：常数 0.5 加噪声，2-16-2 的 tanh 网络",
    "noise std": "噪声标准差",
    "steps": "步数",
    "Noise {noise}: the start, before any training step": "噪声 {noise}：起点，还没有训练任何一步",
    "No noise: the 16 units stay one unit, however long they train": (
        "没有噪声：无论训练多久，16 个单元始终如同一个单元"
    ),
    "Noise {noise}: the units differ from the start, and the loss falls at once": (
        "噪声 {noise}：各单元从一开始就不同，损失立即下降"
    ),
    "Noise {noise}: not split apart yet after {steps} steps (try more steps)": (
        "噪声 {noise}：{steps} 步后各单元仍未分开（试试更多步数）"
    ),
    "Noise {noise}: the units split apart at step {step}, and then the loss falls": (
        "噪声 {noise}：各单元在第 {step} 步分开，随后损失开始下降"
    ),
    "exactly 0 at every step:\nthe units are identical": "每一步都恰好为 0：\n各单元完全相同",
    "split apart: {threshold}": "分开的阈值：{threshold}",
    "largest weight difference\nbetween hidden units": "隐藏单元间的最大权重差",
    "how far apart the units are": "各单元相差多远",
    "loss (cross-entropy)": "损失（交叉熵）",
    "after {steps} steps: {accuracy}% right": "{steps} 步后：正确率 {accuracy}%",
    # --- explore_chain (figures/products.py)
    "A chain of one-weight layers: the gradient is a product": "每层只有一个权重的链：梯度是一个连乘积",
    "weight w": "权重 w",
    "w = 1: stays 1": "w = 1：始终为 1",
    "w = {w}: gradient = $w^{{L-l}}$": "w = {w}：梯度 = $w^{{L-l}}$",
    "layer 0 gets $w^{{{power}}}$ = {value}": "第 0 层得到 $w^{{{power}}}$ = {value}",
    "layer $l$ (0 = input, $L$ = top)": "第 $l$ 层（0 = 输入，$L$ = 顶层）",
    "gradient reaching layer $l$": "到达第 $l$ 层的梯度",
    "w = {w}, L = {depth}: the gradient explodes": "w = {w}，L = {depth}：梯度爆炸",
    "w = {w}, L = {depth}: the gradient vanishes": "w = {w}，L = {depth}：梯度消失",
    "w = {w}, L = {depth}: the gradient neither vanishes nor explodes": "w = {w}，L = {depth}：梯度既不消失也不爆炸",
    # --- explore_xavier (figures/xavier.py)
    "Per-layer histograms: init scheme x activation x depth": "逐层直方图：初始化方案 × 激活函数 × 深度",
    "Per-layer histograms": "逐层直方图",
    "forward: activations": "前向：激活值",
    "backward: gradients": "反向：梯度",
    r"activation $h = \phi(z)$": r"激活值 $h = \phi(z)$",
    r"back-propagated gradient $\partial\mathcal{L}/\partial z$": r"反向传播的梯度 $\partial\mathcal{L}/\partial z$",
    "layer {k} ({share} = 0)": "第 {k} 层（{share} 为 0）",
    "{init}, {act}: activation std {a} from layer 1 to {depth}, gradient std {g} from layer {top} to 1": (
        "{init}，{act}：激活值标准差从第 1 层到第 {depth} 层 {a}，梯度标准差从第 {top} 层到第 1 层 {g}"
    ),
    "weight $w$": "权重 $w$",
    "exact density": "精确密度",
    # --- explore_order_chaos (figures/meanfield.py)
    "Order and chaos in a deep tanh net": "深层 tanh 网络中的有序与混沌",
    "weight scale σ_w": "权重尺度 σ_w",
    "bias std σ_b": "偏置标准差 σ_b",
    "measured": "实测值",
    "mean field": "平均场",
    r"forward: std of $z_l$": r"前向：$z_l$ 的标准差",
    "layer $l$": "第 $l$ 层",
    "backward: gradient\n(top layer = 1)": "反向：梯度（顶层 = 1）",
    (
        r"$\sigma_w = {sigma_w},\ \sigma_b = {sigma_b}$: ordered, the gradient shrinks "
        r"($\chi = {chi}$; layer {depth}$\to$1 {factor})"
    ): (
        r"$\sigma_w = {sigma_w},\ \sigma_b = {sigma_b}$：有序，梯度逐层缩小（$\chi = {chi}$；"
        r"第 {depth}$\to$1 层 {factor}）"
    ),
    (
        r"$\sigma_w = {sigma_w},\ \sigma_b = {sigma_b}$: edge of chaos, the gradient changes slowly "
        r"($\chi = {chi}$; layer {depth}$\to$1 {factor})"
    ): (
        r"$\sigma_w = {sigma_w},\ \sigma_b = {sigma_b}$：混沌边缘，梯度变化缓慢（$\chi = {chi}$；"
        r"第 {depth}$\to$1 层 {factor}）"
    ),
    (
        r"$\sigma_w = {sigma_w},\ \sigma_b = {sigma_b}$: chaotic, the gradient grows "
        r"($\chi = {chi}$; layer {depth}$\to$1 {factor})"
    ): (
        r"$\sigma_w = {sigma_w},\ \sigma_b = {sigma_b}$：混沌，梯度逐层增大（$\chi = {chi}$；"
        r"第 {depth}$\to$1 层 {factor}）"
    ),
    r"$\sqrt{q^*}$: std of $z$ at the fixed point": r"$\sqrt{q^*}$：不动点处 $z$ 的标准差",
    r"$\chi = 1$: edge of chaos": r"$\chi = 1$：混沌边缘",
    "ordered\n$\\chi < 1$": "有序\n$\\chi < 1$",
    "chaotic\n$\\chi > 1$": "混沌\n$\\chi > 1$",
    "gain 1\n(Xavier, LeCun)": "增益 1\n（Xavier、LeCun）",
    "gain 5/3\n(PyTorch)": "增益 5/3\n（PyTorch）",
    r"weight scale $\sigma_w$": r"权重尺度 $\sigma_w$",
    r"bias std $\sigma_b$": r"偏置标准差 $\sigma_b$",
    "tanh: the order/chaos plane": "tanh：有序/混沌相图",
    # --- explore_kaiming (figures/kaiming.py: signal_figure)
    "Depth x gain: He's prediction beside the measurement": "深度 × 增益：He 的预测与实测对照",
    "gain g": "增益 g",
    "leaky slope a (0 = ReLU)": "泄漏斜率 a（0 = ReLU）",
    "Signal scale through a (leaky) ReLU stack": "（带泄漏的）ReLU 堆叠中的信号尺度",
    "leaky ReLU a={a}": "带泄漏的 ReLU a={a}",
    "leaky ReLU a={a}: theory": "带泄漏的 ReLU a={a}：理论值",
    r"std of gradient $\partial L/\partial z$": r"梯度 $\partial L/\partial z$ 的标准差",
    "gain {gain} (He: {he}): variance ×{factor} per layer, std ×{change} over {depth} layers": (
        "增益 {gain}（He：{he}）：方差每层 ×{factor}，{depth} 层后标准差 ×{change}"
    ),
    # --- figures/kaiming.py: drift_figure, by_layer
    "typical network: below the mean field": "典型网络：低于平均场",
    r"depth / width, $(L-1)/n$": r"深度 / 宽度，$(L-1)/n$",
    r"median of $\log_2\,\mathrm{rms}(z_L)/\mathrm{rms}(z_1)$": (
        r"$\log_2\,\mathrm{rms}(z_L)/\mathrm{rms}(z_1)$ 的中位数"
    ),
    "network to network: spread grows": "网络之间：离散程度增大",
    r"spread (std over networks), $\log_2$": r"离散程度（网络间的标准差），$\log_2$",
    "mean field: 0": "平均场：0",
    "finite width: theory": "有限宽度：理论值",
    "theory": "理论值",
    # --- figures/gains.py (lesson 08's figure of gains)
    "std of z (width 128)": "z 的标准差（宽度 128）",
    "{depth} layers, one seed": "{depth} 层，单个种子",
    # --- notebook 00
    "s = 0.5 erases the signal; s = 2 keeps it, but the gradient grows": (
        "s = 0.5 抹去了信号；s = 2 保住了信号，但梯度会增大"
    ),
    "forward: layer 1 → 20": "前向：第 1 → 20 层",
    "backward: 20 → 1": "反向：第 20 → 1 层",
    "With s = 1, tanh activations narrow with depth": "s = 1 时，tanh 的激活值随深度变窄",
    "activation value": "激活值",
    "Too small learns slowly; too large diverges": "学习率太小学得慢，太大则发散",
    "A well-initialized ReLU net separates the moons": "初始化得当的 ReLU 网络分开了两个半月形",
    "Typical networks fall below the mean field by $e^{-L/(2n)}$": "典型网络落在平均场之下，约为它的 $e^{-L/(2n)}$",
    "depth / width, $L/n$": "深度 / 宽度，$L/n$",
    "length after $L$ layers (start: 1)": "经过 $L$ 层后的长度（起点：1）",
    "L = {depth} layers: median of {count} networks": "L = {depth} 层：{count} 个网络的中位数",
    "mean field (root mean square)": "平均场（均方根）",
    # --- notebook 01
    "Only the output bias learns: the loss stops at the entropy": "只有输出层的偏置在学习：损失停在熵上",
    "the lesson's ZeroInitMLP": "原课程的 ZeroInitMLP",
    "entropy $H(p_1)$: {value}": "熵 $H(p_1)$：{value}",
    "the lesson's 5 epochs": "原课程的 5 个迭代周期",
    "epoch": "迭代周期",
    "Constant init trains like one unit: a straight boundary; random init finds the circle": (
        "常数初始化训练起来如同一个单元：边界是直线；随机初始化找到了圆"
    ),
    "constant 0.5": "常数 0.5",
    "random": "随机",
    "constant 0.5: {accuracy} right": "常数 0.5：正确率 {accuracy}",
    "random: {accuracy} right": "随机：正确率 {accuracy}",
    "Linear regression: both starts reach the one minimum": "线性回归：两个起点都到达唯一的最小值",
    "slope w": "斜率 w",
    "intercept b": "截距 b",
    "gradient descent from zero": "从零出发的梯度下降",
    "gradient descent from random": "从随机起点出发的梯度下降",
    "exact least squares": "精确的最小二乘解",
    # --- notebook 02
    "A product of $L$ random layers scales like $s^L$": "$L$ 个随机层的乘积按 $s^L$ 缩放",
    "number of layers L": "层数 L",
    "growth of vector length": "向量长度的增长倍数",
    "$s^L$ (theory)": "$s^L$（理论值）",
    "Depth spreads Gaussian singular values, not orthogonal ones": "深度让高斯矩阵的奇异值散开，正交矩阵的则不会",
    "singular value number (largest first)": "奇异值序号（从大到小）",
    "singular value": "奇异值",
    "below float64 precision: rounding noise": "低于 float64 的精度：舍入噪声",
    "gaussian, depth {depth}": "高斯，深度 {depth}",
    "orthogonal, depth {depth}": "正交，深度 {depth}",
    "Too small a scale vanishes, too large explodes": "尺度太小则消失，太大则爆炸",
    "{act}: gradient flowing back": "{act}：反向传播的梯度",
    "{act}: gradient of the weights": "{act}：权重的梯度",
    r"std of $\delta_l$": r"$\delta_l$ 的标准差",
    "With s = 8, a ReLU net overflows float32 at layer {layer}": "s = 8 时，ReLU 网络在第 {layer} 层溢出 float32",
    "largest |pre-activation|": "最大的 |预激活值|",
    "float32 maximum": "float32 的最大值",
    "largest |z| per layer": "每层最大的 |z|",
    "2 × He scale: the loss explodes and is NaN by step 3": "2 × He 尺度：损失爆炸，到第 3 步已是 NaN",
    "every loss (log axis to $10^{45}$)": "全部损失（对数坐标，直到 $10^{45}$）",
    "zoom: the He run learns": "局部放大：He 初始化的网络在学习",
    "He init": "He 初始化",
    "2 × He init": "2 × He 初始化",
    "2 × He init (diverged)": "2 × He 初始化（发散）",
    # --- notebook 03
    "A narrowing net: fan-in and fan-out are exact one way and ×8 off the other": (
        "逐渐收窄的网络：扇入、扇出各在一个方向上精确，在另一个方向上差 8 倍"
    ),
    "forward: up through $W$": "前向：经 $W$ 向上",
    r"backward: down through $W^\top$": r"反向：经 $W^\top$ 向下",
    "width at this point of the net": "网络中此处的宽度",
    "variance of the signal h": "信号 h 的方差",
    "variance of the gradient": "梯度的方差",
    "fan-in": "扇入",
    "fan-out": "扇出",
    "Our one-line Xavier inits draw the same weights as torch.nn.init": (
        "我们用一行代码写的 Xavier 初始化与 torch.nn.init 抽出的权重相同"
    ),
    "Xavier uniform": "Xavier 均匀",
    "Xavier normal": "Xavier 正态",
    "ours": "我们的",
    "Fig. 6, small: the standard init squeezes activations toward 0": "图 6（小规模）：标准初始化把激活值挤向 0",
    "Fig. 7, small: with the standard init gradients shrink on the way down": (
        "图 7（小规模）：用标准初始化时，梯度在向下传的途中缩小"
    ),
    "standard: U[-1/sqrt(n), 1/sqrt(n)]": "标准：U[-1/sqrt(n), 1/sqrt(n)]",
    "normalized: Xavier uniform": "标准化：Xavier 均匀",
    "Gain 1 lets tanh's signal decay slowly; gain 5/3 holds it, and gradients grow": (
        "增益 1 让 tanh 的信号缓慢衰减；增益 5/3 保住了信号，梯度却增大"
    ),
    "std of pre-activations z": "预激活值 z 的标准差",
    r"std of gradient $\partial\mathcal{L}/\partial z$": r"梯度 $\partial\mathcal{L}/\partial z$ 的标准差",
    "gain 1": "增益 1",
    "gain 5/3": "增益 5/3",
    "gain 1: theory": "增益 1：理论值",
    "gain 5/3: theory": "增益 5/3：理论值",
    # --- notebook 04
    "fan_in keeps the forward signal, fan_out the gradient": "fan_in 保持前向信号，fan_out 保持梯度",
    "Fig. 3, small: 30 ReLU layers. Xavier's signal fades to $2^{-14.5}$ and SGD stalls; He trains": (
        "图 3（小规模）：30 个 ReLU 层。Xavier 的信号衰减到 $2^{-14.5}$，SGD 停滞；He 则能训练"
    ),
    "signal at init": "初始化时的信号",
    "weight gradients at init": "初始化时的权重梯度",
    "training (SGD + momentum)": "训练（SGD + 动量）",
    "std of $z_l$ (at init)": "$z_l$ 的标准差（初始化时）",
    r"std of $\partial L/\partial W_l$ (at init)": r"$\partial L/\partial W_l$ 的标准差（初始化时）",
    "One He network drifts below the mean field, by about $2^{-1.8\\,(L-1)/n}$": (
        "单个 He 网络漂移到平均场之下，约为它的 $2^{-1.8\\,(L-1)/n}$"
    ),
    "PyTorch's default is not He: the input's signal fades": "PyTorch 的默认初始化不是 He：输入的信号逐渐消失",
    "signal and offset by layer": "逐层的信号与偏移",
    "std (float64, at init)": "标准差（float64，初始化时）",
    "He: signal": "He：信号",
    "default: signal": "默认：信号",
    "default: signal: theory": "默认：信号：理论值",
    "default: offset": "默认：偏移",
    "Adam rescues Xavier's tiny gradients, not the default's lost signal": (
        "Adam 能挽救 Xavier 的微小梯度，却救不回默认初始化丢失的信号"
    ),
    "SGD + momentum (lr 0.005)": "SGD + 动量（学习率 0.005）",
    "Adam (lr 0.0005)": "Adam（学习率 0.0005）",
    "PyTorch default": "PyTorch 默认",
}
