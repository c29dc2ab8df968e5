"""diagnose on the networks learners train: a CNN on images, a Transformer on token ids."""

import math

import pytest
import torch
from torch import nn

import initviz

GEN = torch.Generator().manual_seed(1)
IMAGES, IMAGE_LABELS = torch.randn(64, 3, 16, 16, generator=GEN), torch.randint(0, 10, (64,), generator=GEN)
TOKENS, NEXT_TOKENS = torch.randint(0, 50, (16, 12), generator=GEN), torch.randint(0, 50, (16, 12), generator=GEN)


def cnn():
    torch.manual_seed(0)
    return nn.Sequential(
        nn.Conv2d(3, 16, 3, padding=1),
        nn.BatchNorm2d(16),
        nn.ReLU(),
        nn.MaxPool2d(2),
        nn.Conv2d(16, 32, 3, padding=1),
        nn.BatchNorm2d(32),
        nn.ReLU(),
        nn.Conv2d(32, 32, 3, padding=1),
        nn.BatchNorm2d(32),
        nn.ReLU(),
        nn.AdaptiveAvgPool2d(1),
        nn.Flatten(),
        nn.Linear(32, 10),
    )


class Transformer(nn.Module):
    """Embedding, encoder layers (batch first), a linear head over the vocabulary."""

    def __init__(self, vocab=50, d=32, layers=2, activation="relu"):
        super().__init__()
        torch.manual_seed(0)
        self.embed = nn.Embedding(vocab, d)
        layer = nn.TransformerEncoderLayer(d, 4, 64, dropout=0.1, activation=activation, batch_first=True)
        self.blocks = nn.TransformerEncoder(layer, layers, enable_nested_tensor=False)
        self.head = nn.Linear(d, vocab)

    def forward(self, ids):
        return self.head(self.blocks(self.embed(ids)))


def test_a_plain_cnn_with_batchnorm_on_images_has_no_problem():
    model = cnn()
    report = initviz.diagnose(model, IMAGES, IMAGE_LABELS, optimizer=torch.optim.SGD(model.parameters(), lr=0.01))
    assert not report.problems, str(report)
    assert [layer.path for layer in report.layers] == ["0", "4", "7"]
    assert [layer.width for layer in report.layers] == [16, 32, 32]  # channels are the units


def test_a_dead_channel_of_a_cnn_is_a_unit_that_is_zero_everywhere():
    model = cnn()
    with torch.no_grad():
        model[1].bias[:8] = -10.0  # BatchNorm shift: 8 of 16 channels below 0 at every position
    assert initviz.diagnose(model, IMAGES, IMAGE_LABELS).layers[0].dead_fraction == 0.5


def test_a_cnn_without_batchnorm_with_a_zero_first_layer_is_named():
    model = nn.Sequential(nn.Conv2d(3, 8, 3), nn.ReLU(), nn.Conv2d(8, 8, 3), nn.ReLU(), nn.Flatten(), nn.LazyLinear(10))
    model(IMAGES[:2])
    with torch.no_grad():
        model[0].weight.zero_()
    check = initviz.diagnose(model, IMAGES, IMAGE_LABELS)["zero weights"]
    assert check.verdict == "PROBLEM" and "layer 1 (0)" in check.message


def test_a_small_transformer_on_token_ids_has_no_problem():
    model = Transformer()
    optimizer = torch.optim.AdamW(model.parameters(), lr=3e-4)
    report = initviz.diagnose(model, TOKENS, NEXT_TOKENS, optimizer=optimizer)
    assert not report.problems, str(report)
    assert report.chance_loss == pytest.approx(math.log(50))  # 192 tokens for 50 classes: too few for frequencies
    assert report["update:data ratio"].verdict == "OK"


def test_a_transformer_s_layers_are_its_embedding_attention_and_feed_forward():
    report = initviz.diagnose(Transformer(layers=1), TOKENS, NEXT_TOKENS)
    assert [layer.path for layer in report.layers] == [
        "embed",
        "blocks.layers.0.self_attn",
        "blocks.layers.0.linear1",
        "blocks.layers.0.linear2",
    ]


def test_the_transformer_s_functional_relu_is_noted():
    report = initviz.diagnose(Transformer(layers=1), TOKENS, NEXT_TOKENS)
    assert len(report.notes) == 1 and "F.relu" in report.notes[0]


def test_a_gelu_module_in_a_transformer_is_seen():
    report = initviz.diagnose(Transformer(layers=1, activation=nn.GELU()), TOKENS, NEXT_TOKENS)
    assert [layer.activation for layer in report.layers][2] == "gelu"


def test_sequence_logits_are_checked_against_sequence_labels():
    with pytest.raises(ValueError, match=r"y has shape \(16,\) but the logits have shape \(16, 12, 50\)"):
        initviz.diagnose(Transformer(layers=1), TOKENS, NEXT_TOKENS[:, 0])


class PositionalTransformer(Transformer):
    """The Transformer above with a learned position embedding added to the token embedding."""

    def __init__(self):
        super().__init__(layers=1)
        self.positions = nn.Embedding(12, 32)

    def forward(self, ids):
        positions = torch.arange(ids.shape[1]).expand_as(ids)
        return self.head(self.blocks(self.embed(ids) + self.positions(positions)))


def test_a_position_embedding_beside_the_token_embedding_is_diagnosed():
    report = initviz.diagnose(PositionalTransformer(), TOKENS, NEXT_TOKENS)
    assert not report.problems, str(report)
    assert report.layers[0].path == "positions"  # the sum of both embeddings enters the first block


def test_a_residual_branch_that_starts_at_zero_is_intended():
    class Block(nn.Module):
        def __init__(self):
            super().__init__()
            self.branch = nn.Sequential(nn.Linear(16, 16), nn.ReLU(), nn.Linear(16, 16))
            nn.init.zeros_(self.branch[2].weight)  # SkipInit / Fixup: the block starts as the identity

        def forward(self, h):
            return h + self.branch(h)

    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(8, 16), Block(), Block(), nn.Linear(16, 10))
    x = torch.randn(64, 8, generator=torch.Generator().manual_seed(2))
    check = initviz.diagnose(model, x, torch.arange(64) % 10)["zero weights"]
    assert check.verdict == "OK" and "residual branch" in check.message
