"""Chinese entries: lessons_late, the explorers and figures of notebooks 05-08.

Explorers explore_dying, explore_saturation and explore_residual (title, controls,
options, figure); the figures of initviz/figures/{dying,saturation,residual,convolutions,
transformers,width,gains}.py; and the figure texts written in notebooks 05-08 themselves.
"""

ZH: dict[str, str] = {
    # --- shared by several of these lessons
    "hidden layer": "隐藏层",
    "theory": "理论值",
    "measured": "实测值",
    "forward": "前向",
    "backward": "反向",
    "training step": "训练步数",
    # --- 05 dying ReLU: explore_dying (initviz/explorers/dying.py, initviz/figures/dying.py)
    "Dying by a negative bias: bench net, 4 hidden layers of 16 ReLU units": (
        "负偏置导致的单元死亡：基准网络，4 个隐藏层，每层 16 个 ReLU 单元"
    ),
    "initial bias b": "初始偏置 b",
    "weight scale (x He)": "权重尺度（He 的倍数）",
    r"A negative bias kills units once it outweighs the spread of $\mathbf{w} \cdot \mathbf{h}$": (
        r"负偏置一旦压过 $\mathbf{w} \cdot \mathbf{h}$ 的波动范围，单元就会死亡"
    ),
    "dead fraction (whole net)": "死亡比例（整个网络）",
    "dead fraction over bias and scale": "不同偏置和权重尺度下的死亡比例",
    "fraction of units dead": "死亡单元的比例",
    "b = {bias}, scale {scale}: {dead} dead": "b = {bias}，权重尺度 {scale}：{dead} 死亡",
    # draw_activity
    "dead unit": "死亡单元",
    "sample (sorted by class; class 0 left of the dashed line)": "样本（按类别排序，虚线左侧为类别 0）",
    # notebook 05
    "A fresh He net: deeper layers already have dead units (red ×)": (
        "刚初始化的 He 网络：较深的层已有死亡单元（红色 ×）"
    ),
    "Bigger single steps kill more: {at_1} dead at lr 1, {at_100} at lr 100": (
        "单步越大，死亡越多：学习率 1 时 {at_1} 死亡，学习率 100 时 {at_100}"
    ),
    "mean of 16 nets (± 2 s.e.)": "16 个网络的均值（± 2 倍标准误）",
    "worst of 16 nets": "16 个网络中最差的",
    "before the step": "这一步之前",
    "the folk '40%'": "坊间流传的“40%”",
    "learning rate of the single step": "这一步的学习率",
    "{flat} of these 8 nets are flat on all of [-1, 1]: born dead": (
        "这 8 个网络中有 {flat} 个在整个 [-1, 1] 上输出恒定：生来即死"
    ),
    "born dead (constant)": "生来即死（输出恒定）",
    "alive": "存活",
    "input x in [-1, 1]": "输入 x ∈ [-1, 1]",
    "output of the net (each scaled to fit its row)": "网络输出（各自缩放到所在行）",
    "Narrow deep ReLU nets are born dead: depth kills, width protects": (
        "窄而深的 ReLU 网络生来即死：深度致死，宽度保护"
    ),
    "upper bound": "上界",
    "number of hidden layers L": "隐藏层数 L",
    "P(born dead)": "生来即死的概率",
    "width (simulated)": "宽度（模拟）",
    "He, a smaller step or BatchNorm stop the deaths; bias 0.01 does not": (
        "He、更小的步长或 BatchNorm 都能阻止死亡；偏置 0.01 不能"
    ),
    "after {steps} steps (± 2 s.e.)": "{steps} 步之后（± 2 倍标准误）",
    "at init": "初始化时",
    "fraction of units active on no sample": "在任何样本上都不激活的单元比例",
    "baseline: N(0, 1) weights": "基线：N(0, 1) 权重",
    "He init": "He 初始化",
    "leaky ReLU (slope 0.01)": "带泄漏的 ReLU（斜率 0.01）",
    "learning rate / 10": "学习率 / 10",
    "BatchNorm after each Linear": "每个 Linear 后接 BatchNorm",
    "bias 0.01 instead of 0": "偏置取 0.01 而非 0",
    # --- 06 saturation: explore_saturation (initviz/explorers/saturation.py, initviz/figures/saturation.py)
    # the title is formatted from lesson.DEPTH and lesson.WIDTH before tr() sees it
    "Saturation: 6 layers of 128 units, weights N(0, s²/n)": "饱和：6 层，每层 128 个单元，权重 N(0, s²/n)",
    "weight scale s": "权重尺度 s",
    "activation": "激活函数",
    "layer shown": "显示的层",
    "Large weights push pre-activations into the flat tails": "过大的权重把预激活值推进平坦的尾部",
    "z (histogram)": "z（直方图）",
    "saturated": "饱和",
    "share of the peak": "占峰值的比例",
    "fraction saturated": "饱和比例",
    r"std of $\partial L/\partial z$, ÷ layer {depth}": r"$\partial L/\partial z$ 的标准差，÷ 第 {depth} 层",
    "pre-activation z": "预激活值 z",
    "layer {k}: {share} saturated": "第 {k} 层：{share} 饱和",
    "layer {k}: ×{factor}": "第 {k} 层：×{factor}",
    # top_layer_figure
    "Sigmoid: the top hidden layer is driven to 0, and learning stalls": "sigmoid：最上面的隐藏层被压向 0，学习停滞",
    "mean activation h": "平均激活值 h",
    "sigmoid net, each hidden layer": "sigmoid 网络的各隐藏层",
    "the same net, sigmoid or tanh": "同一个网络，sigmoid 或 tanh",
    "loss (whole data set)": "损失（整个数据集）",
    "class frequencies only": "只预测类别频率",
    # notebook 06
    "Both slopes peak at z = 0 (1/4 and 1) and vanish in the tails": (
        "两个斜率都在 z = 0 处最大（1/4 和 1），在尾部趋于 0"
    ),
    "pre-activation z (shaded: saturated)": "预激活值 z（阴影：饱和区）",
    r"slope $\sigma'(z)$": r"斜率 $\sigma'(z)$",
    r"slope $\tanh'(z)$": r"斜率 $\tanh'(z)$",
    "With weights of scale 1, each sigmoid layer shrinks the gradient about 4x": (
        "权重尺度为 1 时，每个 sigmoid 层把梯度缩小约 4 倍"
    ),
    "a chain of single units": "单个单元串成的链",
    "number of sigmoid layers L": "sigmoid 层数 L",
    "measured (chain, $w = 1$)": "实测（链，$w = 1$）",
    "bound $0.25^L$": "上界 $0.25^L$",
    r"std of $\partial L / \partial z$": r"$\partial L / \partial z$ 的标准差",
    "{depth} layers of {width} units, $s = 1$": "{depth} 层，每层 {width} 个单元，$s = 1$",
    "sigmoid net": "sigmoid 网络",
    "sigmoid net: theory": "sigmoid 网络：理论值",
    "1/4 per layer from the top": "从最上层起每层 ×1/4",
    "A last layer scaled by 0.1 or less starts every net at ln C": (
        "最后一层缩小到 0.1 倍或更小，每个网络都从 ln C 起步"
    ),
    "factor on the last layer's weights (1 = He)": "最后一层权重的倍数（1 = He）",
    "initial loss / ln C": "初始损失 / ln C",
    # --- 07 putting it together
    "SGD: zeros, tiny and default weights sit at ln 2; N(0, 1) with ReLU diverges": (
        "SGD：全零、极小和默认权重停在 ln 2；ReLU 配 N(0, 1) 发散"
    ),
    "tanh, {layers} hidden layers of {width}": "tanh，{layers} 个隐藏层，每层 {width} 个单元",
    "relu, {layers} hidden layers of {width}": "ReLU，{layers} 个隐藏层，每层 {width} 个单元",
    "zeros, N(0, 0.01²):\non the chance line": "全零、N(0, 0.01²)：\n在随机猜测线上",
    "zeros": "全零",
    "orthogonal": "正交",
    "PyTorch default": "PyTorch 默认",
    "tanh, {opt}: every scheme with the right variance finds the ring": "tanh，{opt}：方差合适的方案都找到了圆环",
    "relu, {opt}: every scheme with the right variance finds the ring": "ReLU，{opt}：方差合适的方案都找到了圆环",
    # decision-boundary panel titles: the scheme, then its result on a second line
    "{scheme}\naccuracy {accuracy}": "{scheme}\n准确率 {accuracy}",
    "zeros\naccuracy {accuracy}": "全零\n准确率 {accuracy}",
    "orthogonal\naccuracy {accuracy}": "正交\n准确率 {accuracy}",
    "PyTorch default\naccuracy {accuracy}": "PyTorch 默认\n准确率 {accuracy}",
    "{scheme}\ndiverged": "{scheme}\n发散",
    "zeros\ndiverged": "全零\n发散",
    "orthogonal\ndiverged": "正交\n发散",
    "PyTorch default\ndiverged": "PyTorch 默认\n发散",
    "30 ReLU layers: Adam rescues Xavier's small gradient, not a lost signal": (
        "30 个 ReLU 层：Adam 能挽救 Xavier 偏小的梯度，救不回丢失的信号"
    ),
    "{opt}, learning rate {lr}": "{opt}，学习率 {lr}",
    "Same bad init, 16 layers: BatchNorm and residuals rescue training": (
        "同样糟糕的初始化，16 层：BatchNorm 和残差连接挽救了训练"
    ),
    "gradient reaching each layer": "到达各层的梯度",
    "std of dL/dz at init": "初始化时 dL/dz 的标准差",
    "plain": "普通网络",
    "+ residual": "+ 残差连接",
    # --- 08 beyond the MLP: convolutions (initviz/figures/convolutions.py)
    "20 conv layers: with PyTorch's default the signal fades; with He it stays": (
        "20 个卷积层：PyTorch 默认初始化下信号衰减，He 初始化下保持"
    ),
    "{seeds} seeds (thin), geometric mean (bold)": "{seeds} 个随机种子（细线），几何平均（粗线）",
    "conv layer": "卷积层",
    "signal: per-channel std of z": "信号：z 的逐通道标准差",
    "every channel of layer {k}": "第 {k} 层的每个通道",
    "std of each channel's z": "每个通道 z 的标准差",
    "default": "默认",
    "default: theory": "默认：理论值",
    "fan_in keeps the forward signal, fan_out keeps the gradient": "fan_in 保持前向信号，fan_out 保持梯度",
    "layer (channels in→out)": "层（通道数 输入→输出）",
    "std of dL/dz, top layer = 1": "dL/dz 的标准差（最上层 = 1）",
    "fan_in (He's default)": "fan_in（He 的默认）",
    "fan_out (torchvision)": "fan_out（torchvision）",
    # gains (initviz/figures/gains.py)
    "Each gain makes std 1 a fixed point; only some hold it": "每个增益都让 std 1 成为不动点，但只有一部分能稳住",
    "{layers} layers, one seed": "{layers} 层，一个随机种子",
    "std of z (width 128)": "z 的标准差（宽度 128）",
    "{act}, gain {gain}": "{act}，增益 {gain}",
    "SELU, gain 3/4 (PyTorch)": "SELU，增益 3/4（PyTorch）",
    "GELU, gain sqrt(2) (He)": "GELU，增益 sqrt(2)（He）",
    # residual networks: explore_residual (initviz/explorers/residual.py, initviz/figures/residual.py)
    "Residual stream: He branches (width 64), 128 random inputs": "残差流：He 初始化的分支（宽度 64），128 个随机输入",
    "blocks L": "块数 L",
    "initialization": "初始化",
    "the branch sees": "分支的输入",
    "LayerNorm (pre-norm)": "LayerNorm（前置归一化）",
    "raw stream (no norm)": "原始残差流（无归一化）",
    "Each block adds its branch's variance to the stream": "每个块都把分支的方差加到残差流上",
    "block l": "块 l",
    "mean square of the stream $x_l$": "残差流 $x_l$ 的均方",
    "mean square of $x_L$: {ratio} x the input's": "$x_L$ 的均方：输入的 {ratio} 倍",
    "Var(branch) / Var($x_{l-1}$)": "分支的方差 / $x_{l-1}$ 的方差",
    "what each block adds, relative to the stream": "每个块相对残差流的增量",
    "The stream grows linearly with pre-norm, exponentially without": "有前置归一化时残差流线性增长，没有时指数增长",
    "pre-norm: $1 + 2l$ (linear axis)": "前置归一化：$1 + 2l$（线性坐标）",
    "no norm: $3^l$ (log axis)": "无归一化：$3^l$（对数坐标）",
    "Four fixes tame the stream at init; Fixup's first step is the same at any depth": (
        "四种修正都在初始化时驯服了残差流；Fixup 的第一步在任何深度都一样"
    ),
    "at initialization": "初始化时",
    "after one SGD step (lr 0.01)": "一步 SGD 之后（学习率 0.01）",
    "number of blocks L": "块数 L",
    "relative change of $x_L$": "$x_L$ 的相对变化",
    # Transformers (initviz/figures/transformers.py)
    "Without 1/sqrt(d_k), attention collapses onto one key": "没有 1/sqrt(d_k) 时，注意力塌缩到单个键上",
    "q·k (no scaling)": "q·k（不缩放）",
    "uniform over {keys} keys: ln {n}": "{keys} 个键上的均匀分布：ln {n}",
    "key dimension d_k": "键的维度 d_k",
    "entropy of the attention weights (nats)": "注意力权重的熵（奈特）",
    "At init, post-LN's gradient peaks at the top; pre-LN's does not": (
        "初始化时，post-LN 的梯度在最上层达到峰值，pre-LN 则不会"
    ),
    "||dL/dW2|| of the feed-forward layer": "前馈层的 ||dL/dW2||",
    # width (initviz/figures/width.py)
    "Under SP the best learning rate drifts with width; under muP it stays": (
        "标准参数化下，最佳学习率随宽度漂移；muP 下则保持不变"
    ),
    "standard parametrization": "标准参数化",
    "learning rate (log2)": "学习率（log2）",
    "training loss after 100 Adam steps": "Adam 训练 100 步后的训练损失",
}

# The residual explorer's options (initviz.lessons.residual.FIX_NAMES), and its left panel's
# title, which joins the option to what the branch sees: "{fix}, pre-norm" / "{fix}, no norm".
_FIXES = {
    "no fix (He in both layers)": "不加修正（两层都用 He）",
    "zero-init last layer": "最后一层零初始化",
    "ReZero / SkipInit (alpha = 0)": "ReZero / SkipInit（α 取 0）",
    "Fixup (L^-1/2, last layer 0)": "Fixup（L^-1/2，最后一层为 0）",
    "GPT-2 (last layer / sqrt(N))": "GPT-2（最后一层 / sqrt(N)）",
}
ZH.update(_FIXES)
for _en, _zh in _FIXES.items():
    ZH[f"{_en}, pre-norm"] = f"{_zh}，前置归一化"
    ZH[f"{_en}, no norm"] = f"{_zh}，无归一化"

# Numbered labels (legends, tick labels) are listed, not templates: "layer {k}" would also match
# "layer (channels in→out)" or any other text that starts with "layer ".
ZH.update({f"layer {k}": f"第 {k} 层" for k in range(1, 101)})
ZH.update({f"seed {s}": f"种子 {s}" for s in range(100)})
ZH.update({f"width {2**i}": f"宽度 {2**i}" for i in range(13)})  # 1 .. 4096
