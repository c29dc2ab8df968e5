"""Every explorer, one contract: a static form, every control changes the image, every control refuses a bad value."""

import base64

import pytest

import initviz
from initviz import explorers

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
NAMES = explorers.names()


@pytest.fixture(scope="module", params=NAMES)
def explorer(request):
    return getattr(initviz, request.param)()


def test_the_static_form_is_a_png_with_a_fixed_text(explorer):
    bundle = explorer._repr_mimebundle_()[0]
    assert base64.b64decode(bundle["image/png"]).startswith(PNG_MAGIC)
    assert bundle["text/plain"] == explorer.static_text() and "0x" not in bundle["text/plain"]


def test_the_first_image_is_the_start_values_drawn_afresh(explorer):
    """Before its first image an explorer sets up its figure for the extremes (to measure their labels): none
    of that shows."""
    first = bytes(explorer.image.value)
    explorer.refresh()
    assert bytes(explorer.image.value) == first


def test_every_control_changes_the_image(explorer):
    for name, spec in explorer.specs.items():
        control = explorer.controls[name]
        start = control.value
        other = next(v for v in spec.extremes() if v != start)
        before = bytes(explorer.image.value)
        control.value = other
        assert bytes(explorer.image.value) != before, name
        control.value = start


@pytest.mark.parametrize("name", NAMES)
def test_every_control_refuses_a_value_it_cannot_show(name):
    explore = getattr(initviz, name)
    probe = explore()
    for arg, spec in probe.specs.items():
        bad = "no such value" if isinstance(spec.value, str) else 12345.5
        with pytest.raises(ValueError, match=rf"{arg}=.*allowed"):
            explore(**{arg: bad})
