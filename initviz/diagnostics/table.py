"""The checklist's one table: every threshold, every setting, every check's name and every sentence diagnose prints.

THRESHOLDS give, per check, (OK up to, WARNING up to) of the number the check grades;
beyond the second is a PROBLEM. They were set from what trained in notebook 07 and in
tests/test_diagnose*.py (He, Xavier, the PyTorch default, BatchNorm, residual nets, a CNN
and a Transformer, with SGD and Adam): see the notebook for the measurements.
"""

from __future__ import annotations

from ..probe import DATA_SEED_OFFSET
from ..recorder import SATURATION

#: The checks, in the order the report lists them (a report holds those that apply to its network).
CHECK_NAMES: tuple[str, ...] = (
    "initial loss",
    "output scale",
    "zero weights",
    "symmetry",
    "forward signal",
    "backward signal",
    "dead units",
    "saturated units",
    "update:data ratio",
)

THRESHOLDS: dict[str, tuple[float, float]] = {
    # initial loss - chance, in nats (the same scale at 2 and at 1000 classes)
    "initial loss": (0.3, 1.0),
    # initial loss / the loss of always predicting the mean of y (regression)
    "output scale": (2.0, 10.0),
    # how many times the input-dependent std of a hidden layer is away from layer 1's, either way
    "forward signal": (10.0, 100.0),
    # gradient std at the first hidden layer / at the last, how many times away from 1, either way
    "backward signal": (10.0, 100.0),
    # with an adaptive optimizer (Adam ...), which divides each gradient by its own size: in 07's
    # ReLU and tanh nets of 6-30 layers Adam trained up to 8e4, failed from 1e6 on (SGD failed from 1e2)
    "forward signal, adaptive optimizer": (1e3, 1e6),
    "backward signal, adaptive optimizer": (1e3, 1e6),
    # BatchNorm nets' gradient grows toward the input at init (Yang et al. 2019), whatever the
    # weight scale: 6 layers ~10, 16 layers ~100 (train), 32 ~3e3 (some runs), 64 ~1e6 (none)
    "backward signal, BatchNorm": (300.0, 3e4),
    # the worst layer's share of units that output 0 for every sample
    "dead units": (0.25, 0.50),
    # the worst tanh/sigmoid layer's share of outputs in a flat tail
    "saturated units": (0.10, 0.30),
    # how many times the typical (median) update:data ratio is away from its target, either way
    "update:data ratio": (10.0, 100.0),
}

SETTINGS: dict = {
    "update target": 1e-3,  # CS231n notes; Karpathy, makemore part 3 (2022)
    "small output gain": 0.3,  # output layer's weight std x sqrt(fan_in) below this: down-scaled on purpose
    "max samples": 256,  # diagnose looks at most at this many samples of x, drawn from seed
    "sample seed offset": DATA_SEED_OFFSET,  # the sample draw never shares the weights' random stream
    "labels per class": 10,  # fewer labels per class than this: chance is ln C, not the label entropy
    "identical tolerance": 1e-5,  # units whose outputs differ by less than this (relative) are copies
    "lost signal": 1e-6,  # input-dependent std / RMS of a layer below this: float32 (eps 1.2e-7) loses the input
    "adaptive optimizers": ("Adam", "AdamW", "NAdam", "RAdam", "Adamax", "Adagrad", "Adadelta", "RMSprop"),
    "saturation": SATURATION,
}

MESSAGES: dict[str, str] = {
    # the header, the lines of the checklist and the closing line. English, and the key of each
    # sentence's Chinese in initviz/i18n/zh/diagnostics.py: the report is put into the current
    # language when it is printed. One sentence per plural (Chinese has no plural forms to fill in).
    "header": "diagnose: {model}, {hidden} ({kinds}), {samples}, cross-entropy over {classes} classes",
    "header other loss": "diagnose: {model}, {hidden} ({kinds}), {samples}, loss {name}",
    "hidden one": "{layers} hidden layer",
    "hidden many": "{layers} hidden layers",
    "header step": "one {optimizer} step",
    "header step lr": "one {optimizer} step, lr {lr}",
    "header no step": "no optimizer step (pass optimizer= or lr= to measure the update:data ratio)",
    "samples": "{used} samples",
    "samples of": "{used} of {total} samples",
    "check OK": "[OK] {name}: {message}",
    "check WARNING": "[WARNING] {name}: {message}",
    "check PROBLEM": "[PROBLEM] {name}: {message}",
    "try": "try: {advice}",
    "all ok": "All checks OK: this network is ready to train.",
    # "start with" + one problem / problems, then one warning / warnings
    "start with P": "{problems} problem. Start with '{name}'.",
    "start with PP": "{problems} problems. Start with '{name}'.",
    "start with W": "{warnings} warning. Start with '{name}'.",
    "start with WW": "{warnings} warnings. Start with '{name}'.",
    "start with PW": "{problems} problem, {warnings} warning. Start with '{name}'.",
    "start with PWW": "{problems} problem, {warnings} warnings. Start with '{name}'.",
    "start with PPW": "{problems} problems, {warnings} warning. Start with '{name}'.",
    "start with PPWW": "{problems} problems, {warnings} warnings. Start with '{name}'.",
    # initial loss (cross-entropy)
    "chance priors": "entropy of the label frequencies",
    "chance uniform": "ln {classes}: too few labels per class to use their frequencies",
    "loss seen": "{loss} vs chance {chance} ({why}): {gap} nats",
    "loss ok": "{seen}, a calm start.",
    "loss below": "{seen}: well below chance before any training; do the labels leak into x?",
    "loss overflow": "the loss is {loss}: the outputs overflow before any training.",
    "loss overflow try": "smaller weights (He for ReLU, Xavier for tanh/sigmoid) and standardized inputs.",
    "loss confident": "{seen}: over-confident before learning anything (logit std {spread}).",
    "loss confident try": "zero the output layer or scale it down (x0.1); then check the layers below.",
    "loss priors": "{seen}: the classes are unbalanced and the outputs do not know it yet.",
    "loss priors try": "set the output bias to the log of the class frequencies: the loss then starts at chance.",
    # output scale (regression)
    "scale seen": "loss {loss} vs {reference} for always predicting the mean of y (output std {spread}, "
    "y std {target})",
    "scale ok": "{seen}: a calm start.",
    "scale large": "{seen}: the outputs start far wider than the targets.",
    "scale large try": "zero the output layer or scale it down (x0.1).",
    "scale offset": "{seen}: the outputs start away from the mean of y.",
    "scale offset try": "set the output bias to the mean of y (or standardize y).",
    # forward signal
    "forward one": "one hidden layer, nothing to compare across depth (input-dependent std {first}).",
    "forward span": "input-dependent std {first} at layer 1, {last} at layer {n}",
    "forward ok": "{span}: steady through depth.",
    "forward adaptive": "{span}: off by {factor}x, which {optimizer} largely absorbs (plain SGD would not).",
    "forward grows": "{span}: layer {worst} is {factor}x layer 1, exploding.",
    "forward grows try": "smaller weights (He for ReLU, Xavier for tanh/sigmoid), BatchNorm, small residual branches.",
    "forward shrinks": "{span}: layer {worst} is 1/{factor} of layer 1, vanishing.",
    "forward shrinks try": "He for ReLU (PyTorch's default is smaller), Xavier for tanh; BatchNorm, residuals.",
    "forward shrinks adaptive": "{span}: layer {worst} is 1/{factor} of layer 1; {optimizer} may still train it, "
    "but the signal is thin.",
    "forward shrinks adaptive try": "He for ReLU, Xavier for tanh: the signal then keeps its size with any optimizer.",
    "forward gone": "{span}: from layer {worst} on, every sample gives the same output.",
    "forward float": "{span}: from layer {worst} on, the input is lost below float32 resolution; "
    "no optimizer brings it back.",
    "forward overflow": "{span}: the activations overflow to inf/NaN.",
    # backward signal
    "backward one": "one hidden layer, nothing to compare across depth.",
    "backward span": "gradient std, layer 1 over layer {n}: {ratio}{how}",
    "backward random": " (a random gradient sent down from below the zero output layer)",
    "backward ok": "{span}; the early layers get a useful gradient.",
    "backward adaptive": "{span}; off by {factor}x, which {optimizer} largely absorbs (plain SGD would not).",
    "backward bn": "{span}; it grows toward the input, as in every BatchNorm net at init, and trains.",
    "backward vanishes": "{span}; the gradient vanishes on its way down, the early layers barely learn.",
    "backward vanishes try": "He for ReLU, Xavier for tanh/sigmoid; no saturation; BatchNorm or residual connections.",
    "backward vanishes adaptive": "{span}; {optimizer} rescales a small gradient, but this one is far off.",
    "backward vanishes adaptive try": "He for ReLU, Xavier for tanh/sigmoid; BatchNorm or residual connections.",
    "backward explodes": "{span}; the gradient explodes on its way down.",
    "backward explodes try": "smaller weights (He for ReLU, Xavier for tanh/sigmoid); a smaller learning rate.",
    "backward bn explodes": "{span}; BatchNorm's gradient explosion at init (Yang et al. 2019) at this depth.",
    "backward bn explodes try": "fewer layers, or residual connections around the BatchNorm blocks.",
    "backward none": "no gradient reaches the hidden layers.",
    "backward none try": "look for all-zero weights or a dead layer above them.",
    "backward overflow": "the gradients overflow to inf/NaN.",
    "backward overflow try": "smaller weights; gradient clipping only hides it.",
    # dead units
    "dead none": "no unit outputs 0 for every sample.",
    "dead seen": "worst layer {worst}: {share} of its units output 0 for every sample",
    "dead ok": "{seen}; a few, common in narrow ReLU nets.",
    "dead bad": "{seen}; their weights get no gradient (deeper ones can revive as the layers below change).",
    "dead bad try": "He with zero (not negative) biases, a smaller learning rate, leaky ReLU or BatchNorm.",
    # saturated units
    "saturated none": "no tanh or sigmoid module, nothing to saturate.",
    "saturated zero": "no tanh/sigmoid output sits in a flat tail.",
    "saturated seen": "worst layer {worst}: {share} of its tanh/sigmoid outputs sit in a flat tail",
    "saturated ok": "{seen}; the slopes are alive.",
    "saturated bad": "{seen}; there the slope is near 0 and the gradient dies.",
    "saturated bad try": "smaller weights: Xavier (tanh gain 5/3), not He or N(0, 1); standardized inputs.",
    # zero weights
    "zero none": "no layer has all-zero weights.",
    "zero output": "the output layer starts at 0 (intended): the loss starts at chance.",
    "zero small": "the output layer is small (RMS weight x sqrt(fan_in) = {gain}), as recommended.",
    "zero where": "layer {number} ({path})",
    "zero branch": "{where} start at 0 and the gradient still reaches the layers below: a residual branch "
    "that starts as the identity (Fixup, SkipInit), intended.",
    "zero bad": "all-zero weights in {where}: every unit identical and no gradient to the layers below.",
    "zero bad try": "random weights (He for ReLU, Xavier for tanh/sigmoid); zeros only in biases and the output layer.",
    # symmetry
    "symmetry ok": "the units of every layer differ.",
    "symmetry bad": "in layer {where} all units compute the same output: same gradient, copies forever.",
    "symmetry bad try": "random weights: any scheme but a constant breaks the symmetry.",
    # update:data ratio
    "update seen": "typical {typical} (median of {count} weight tensors, {low} .. {high}); healthy about {target}",
    "update momentum": "; later steps up to {factor}x (momentum {momentum})",
    "update ok": "typical {typical} (median of {count} weight tensors, {low} .. {high}); healthy about {target}"
    "{momentum}.",
    "update zero output": "the output layer starts at 0, so the first step moves only it; "
    "the layers below move from the second step on (intended).",
    "update small output": "{seen}: small because the output layer is small; grows as it does.",
    "update tiny": "{seen}{momentum}: tiny steps, it will learn slowly.",
    "update tiny try": "a larger learning rate: lr x {factor} brings the typical ratio to {target}.",
    "update large": "{seen}{momentum}: large steps, training may be unstable.",
    "update large try": "a smaller learning rate: lr x {factor} brings the typical ratio to {target}.",
    "update none": "no weight moved: no gradient reaches them.",
    "update none try": "look at the backward signal and the zero weights above.",
    "update undefined": "every moved weight tensor has all-equal weights (std 0): there is no ratio to take.",
    "update undefined try": "random weights: see symmetry above.",
    # notes under the checklist
    "note unseen one": "note: no activation module after layer {where}: one called as a function (F.relu, "
    "torch.tanh) is invisible here, so its saturation is not counted.",
    "note unseen many": "note: no activation module after layers {where}: one called as a function (F.relu, "
    "torch.tanh) is invisible here, so its saturation is not counted.",
}
