"""The explorer pattern: a static form for nbval and GitHub, a live image for JupyterLab."""

import base64

import pytest

import initviz
from initviz import explorers

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def explorer():
    return initviz.explore_signal(depth=6, width=32)


def test_static_form_has_the_figure_and_a_fixed_text(explorer):
    bundle = explorer._repr_mimebundle_()[0]
    assert base64.b64decode(bundle["image/png"]).startswith(PNG_MAGIC)
    assert bundle["text/plain"] == explorer.static_text()
    assert "depth" in bundle["text/plain"] and "0x" not in bundle["text/plain"]


def test_static_form_also_carries_the_live_widget(explorer):
    assert "application/vnd.jupyter.widget-view+json" in explorer._repr_mimebundle_()[0]


def test_changing_a_control_re_renders_the_image_before_the_assignment_returns(explorer):
    before = explorer.image.value
    explorer.controls["depth"].value = 12
    assert explorer.image.value != before
    assert bytes(explorer.image.value).startswith(PNG_MAGIC)  # ipywidgets hands back a memoryview
    assert len(explorer.result["forward"]) == 12


def test_timing_is_split_into_compute_and_render(explorer):
    assert set(explorer.timing) == {"compute", "render"}
    assert all(t > 0 for t in explorer.timing.values())


def test_the_image_is_shown_at_its_own_pixel_size(explorer):
    width = int(explorer.image.layout.width.removesuffix("px"))
    assert width == round(explorer.figure.get_figwidth() * explorer.figure.dpi)


def test_every_explorer_is_reachable_as_initviz_attribute():
    assert "explore_signal" in explorers.names()
    assert all(callable(getattr(initviz, name)) for name in explorers.names())


def test_an_unknown_explorer_says_which_exist():
    with pytest.raises(AttributeError, match="explore_signal"):
        getattr(explorers, "explore_nothing")  # noqa: B009


def test_an_explorer_needs_controls():
    fig, _ = initviz.figures.new_figure()
    with pytest.raises(ValueError, match="controls"):
        initviz.Explorer("empty", {}, fig, lambda: None, lambda r: None)


def test_an_explorer_needs_a_matplotlib_figure():
    with pytest.raises(TypeError, match="figure"):
        initviz.Explorer(
            "bad", {"a": initviz.explorer.slider("a", 1, 0, 2, 1)}, "not a figure", lambda a: None, lambda r: None
        )


def test_the_static_image_is_stored_at_twice_its_display_size(explorer):
    import io

    from PIL import Image

    bundle, metadata = explorer._repr_mimebundle_()
    stored = Image.open(io.BytesIO(base64.b64decode(bundle["image/png"])))
    shown = metadata["image/png"]["width"]
    assert stored.width == 2 * shown
    assert shown == int(explorer.image.layout.width.removesuffix("px"))


def test_sliders_update_while_dragged(explorer):
    sliders = [c for c in explorer.controls.values() if hasattr(c, "continuous_update")]
    assert sliders and all(c.continuous_update for c in sliders)


def test_the_image_shrinks_to_a_narrower_column_keeping_its_aspect(explorer):
    layout = explorer.image.layout
    assert (layout.max_width, layout.height) == ("100%", "auto")
