"""Keeping frames and glyphs between draws changes no pixel: `initviz.frames` and `initviz.glyphs`.

Each image drawn with what was kept is compared with matplotlib's own draw of the same
figure on a stock renderer (one that keeps nothing). No timings here: benchmarks/ has them.
"""

import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

import initviz
from initviz import explorers, style
from initviz.frames import FrameCache
from initviz.glyphs import keep_text


def stock_pixels(fig) -> np.ndarray:
    """The figure drawn by matplotlib alone, on a fresh renderer."""
    fig.canvas._lastKey = None  # get_renderer() makes a new RendererAgg
    fig.canvas.draw()
    return np.asarray(fig.canvas.buffer_rgba()).copy()


def drawn_pixels(frames: FrameCache, fig) -> np.ndarray:
    frames.draw(fig)
    return np.asarray(fig.canvas.buffer_rgba()).copy()


@pytest.fixture
def panel():
    with style.context():
        fig = Figure(figsize=(4, 3), dpi=100, layout="constrained")
        FigureCanvasAgg(fig)
        ax = fig.add_subplot()
        ax.set_axisbelow(True)
        (line,) = ax.plot([0, 1, 2], [1, 3, 2], marker="o", label="data")
        ax.set_xlim(-0.5, 2.5)
        ax.set_ylim(0, 4)
        ax.set_xlabel("layer")
        ax.set_ylabel("std")
        ax.set_title("title")
        ax.legend()
        yield fig, ax, line


def test_a_frame_is_reused_when_only_the_data_changes(panel):
    fig, ax, line = panel
    frames = FrameCache()
    drawn_pixels(frames, fig)
    line.set_ydata([2, 1, 3])
    ax.set_title("another title")
    assert np.array_equal(drawn_pixels(frames, fig), stock_pixels(fig))
    assert (frames.hits, frames.misses) == (1, 1)


@pytest.mark.parametrize(
    "change",
    [
        lambda ax: ax.set_ylim(0, 5),
        lambda ax: ax.set_yscale("log"),
        lambda ax: ax.set_xlabel("depth"),
        lambda ax: ax.set_xticks([0, 2], ["first", "last"]),
        lambda ax: ax.grid(False),
        lambda ax: ax.tick_params(labelsize=7),
        lambda ax: ax.set_facecolor("#eeeeee"),
    ],
    ids=["limits", "scale", "axis label", "tick labels", "grid", "tick settings", "background"],
)
def test_a_frame_is_drawn_again_when_it_changes(panel, change):
    fig, ax, _ = panel
    frames = FrameCache()
    drawn_pixels(frames, fig)
    change(ax)
    assert np.array_equal(drawn_pixels(frames, fig), stock_pixels(fig))
    assert frames.misses == 2


def test_data_below_the_grid_leaves_the_grid_out_of_the_frame(panel):
    """An image under the grid is drawn before the Axis: the frame is then only the background."""
    fig, ax, _ = panel
    ax.imshow(np.arange(12.0).reshape(3, 4), extent=(-0.5, 2.5, 0, 4), aspect="auto", zorder=0)
    frames = FrameCache()
    drawn_pixels(frames, fig)
    ax.images[0].set_data(np.arange(12.0)[::-1].reshape(3, 4))
    assert np.array_equal(drawn_pixels(frames, fig), stock_pixels(fig))
    assert frames.hits == 1


def test_a_kept_frame_leaves_the_axis_labels_where_its_draw_put_them(panel):
    """An Axis places its label in pixels when it draws; a frame reused at 2x after a draw at 1x must leave
    the label at its 2x place, where whatever measures the figure next (the explorer's layout) looks."""
    fig, ax, _ = panel
    frames = FrameCache()
    fig.set_dpi(200)
    drawn_pixels(frames, fig)
    at_2x = ax.yaxis.label.get_position()
    fig.set_dpi(100)
    drawn_pixels(frames, fig)
    fig.set_dpi(200)
    drawn_pixels(frames, fig)
    assert frames.hits == 1
    assert ax.yaxis.label.get_position() == at_2x


def test_one_renderer_is_kept_for_each_dpi(panel):
    fig, _, _ = panel
    frames = FrameCache()
    renderers = []
    for dpi in (100, 200, 100, 200):
        fig.set_dpi(dpi)
        frames.draw(fig)
        renderers.append(fig.canvas.get_renderer())
    assert renderers[0] is renderers[2] and renderers[1] is renderers[3] and renderers[0] is not renderers[1]


def test_a_figure_without_an_agg_canvas_is_refused():
    with pytest.raises(TypeError, match="fig.*Agg canvas"):
        FrameCache().draw(Figure())


def test_kept_glyphs_draw_the_same_text_at_any_place_angle_and_kind():
    with style.context():
        fig = Figure(figsize=(3, 2), dpi=200)
        FigureCanvasAgg(fig)
        for k in range(12):  # places a fraction of a pixel apart, rotations, mathtext
            fig.text(0.05 + k * 0.0731, 0.1 + k * 0.0613, "Ag 10", rotation=15 * k, fontsize=8 + k)
        fig.text(0.5, 0.5, r"$\mathdefault{10^{-3}}\ \partial L/\partial z$")
        want = stock_pixels(fig)
        keep_text(fig.canvas.get_renderer())
        fig.canvas.draw()  # fills the kept glyphs
        fig.canvas.draw()  # draws from them
        assert np.array_equal(np.asarray(fig.canvas.buffer_rgba()), want)


def test_keeping_text_lets_matplotlib_keep_more_parsed_mathtext():
    from matplotlib.mathtext import MathTextParser

    keep_text(FigureCanvasAgg(Figure()).get_renderer())
    assert MathTextParser._parse_cached.cache_info().maxsize >= 2000


@pytest.fixture(scope="module", params=explorers.names())
def explorer(request):
    initviz.setup()
    return getattr(initviz, request.param)()


def test_every_explorer_draws_what_matplotlib_draws_at_every_extreme(explorer):
    """Both ends of every control, drawn in full (2x) and while dragged (1x): the same pixels as matplotlib's."""
    fig = explorer.figure
    for name, spec in explorer.specs.items():
        control = explorer.controls[name]
        start = control.value
        for value in (*spec.extremes(), start):
            if value == control.value:
                continue
            control.value = value
            with style.context():
                assert np.array_equal(np.asarray(fig.canvas.buffer_rgba()), stock_pixels(fig)), (name, value)
                explorer.refresh(coarse=True, dragged=name)
                assert np.array_equal(np.asarray(fig.canvas.buffer_rgba()), stock_pixels(fig)), (name, value, "1x")
            explorer.refresh()
    assert explorer._frames.hits + explorer._frames.misses > 0
