"""`initviz.pngfile.png_bytes` writes a PNG any reader decodes to the very pixels it was given."""

import io

import numpy as np
import pytest
from PIL import Image

from initviz.pngfile import png_bytes


def decoded(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()  # checks every chunk's CRC and the compressed stream
    return image


def test_rgb_pixels_come_back_exactly():
    pixels = np.random.default_rng(0).integers(0, 256, (37, 53, 3), dtype=np.uint8)
    image = decoded(png_bytes(pixels))
    assert image.mode == "RGB"
    assert np.array_equal(np.asarray(image), pixels)


def test_rgba_pixels_come_back_exactly_with_their_alpha():
    pixels = np.random.default_rng(1).integers(0, 256, (20, 31, 4), dtype=np.uint8)
    image = decoded(png_bytes(pixels))
    assert image.mode == "RGBA"
    assert np.array_equal(np.asarray(image), pixels)


def test_a_byte_below_the_one_above_wraps_around_as_the_up_filter_says():
    pixels = np.zeros((3, 2, 3), np.uint8)
    pixels[0], pixels[1], pixels[2] = 255, 0, 7  # differences -255 and +7: stored modulo 256
    assert np.array_equal(np.asarray(decoded(png_bytes(pixels))), pixels)


def test_strided_pixels_such_as_the_rgb_of_an_rgba_buffer_are_read_as_they_look():
    rgba = np.random.default_rng(2).integers(0, 256, (9, 11, 4), dtype=np.uint8)
    assert np.array_equal(np.asarray(decoded(png_bytes(rgba[..., :3]))), rgba[..., :3])


def test_dpi_and_software_are_written_as_pillow_reads_them():
    image = decoded(png_bytes(np.zeros((4, 4, 3), np.uint8), dpi=200, software="initviz test"))
    assert image.info["dpi"] == pytest.approx((200, 200), abs=0.01)
    assert image.info["Software"] == "initviz test"


@pytest.mark.parametrize(
    ("pixels", "kwargs", "named"),
    [
        (np.zeros((4, 4, 3)), {}, "pixels"),  # float, not uint8
        ([[0, 0, 0]], {}, "pixels"),
        (np.zeros((4, 4), np.uint8), {}, "pixels"),
        (np.zeros((4, 4, 2), np.uint8), {}, "pixels"),
        (np.zeros((0, 4, 3), np.uint8), {}, "pixels"),
        (np.zeros((4, 4, 3), np.uint8), {"dpi": 0}, "dpi"),
        (np.zeros((4, 4, 3), np.uint8), {"dpi": float("nan")}, "dpi"),
    ],
)
def test_bad_input_is_refused_naming_the_argument(pixels, kwargs, named):
    with pytest.raises((TypeError, ValueError), match=named):
        png_bytes(pixels, **kwargs)
