"""PNG bytes of an image held as a numpy array, written fast: one filter for every row, zlib at level 1.

Pillow chooses a filter for each row by trying four of them (as libpng does), which
costs more than the compression itself: on a 1980x1120 explorer figure, 100 ms of
the 127 ms Pillow takes at `compress_level=1`. A figure drawn by matplotlib is mostly
flat colour, and rows repeat the row above, so one filter, *Up* (each byte minus the
byte above it), does as well: that figure comes out within 2% of Pillow's size in
about 30 ms. The pixels are the same; only the bytes differ.
"""

from __future__ import annotations

import struct
import zlib

import numpy as np

__all__ = ["png_bytes"]

_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_FILTER_UP = 2
_INCH_M = 0.0254


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_bytes(pixels: np.ndarray, *, dpi: float | None = None, software: str | None = None) -> bytes:
    """PNG bytes of `pixels`, an (height, width, 3) RGB or (height, width, 4) RGBA array of uint8.

    `dpi` is written as the image's physical resolution (pHYs) and `software` as its
    Software text, as Pillow writes them.
    """
    if not isinstance(pixels, np.ndarray) or pixels.dtype != np.uint8:
        raise TypeError(f"pixels must be a numpy array of uint8; got {getattr(pixels, 'dtype', type(pixels).__name__)}")
    if pixels.ndim != 3 or pixels.shape[2] not in (3, 4) or 0 in pixels.shape[:2]:
        raise ValueError(f"pixels must have shape (height, width, 3 or 4) with height, width >= 1; got {pixels.shape}")
    if dpi is not None and not (np.isfinite(dpi) and dpi > 0):
        raise ValueError(f"dpi must be a positive number; got {dpi!r}")
    height, width, channels = pixels.shape
    rows = np.ascontiguousarray(pixels).reshape(height, width * channels)  # numpy is slow on strided bytes
    filtered = np.empty((height, 1 + width * channels), np.uint8)  # each row: its filter, then its bytes
    filtered[:, 0] = _FILTER_UP
    filtered[0, 1:] = rows[0]
    np.subtract(rows[1:], rows[:-1], out=filtered[1:, 1:])  # modulo 256, as the filter is defined
    colour_type = 2 if channels == 3 else 6  # truecolour, truecolour with alpha
    out = [_SIGNATURE, _chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, colour_type, 0, 0, 0))]
    if software is not None:
        out.append(_chunk(b"tEXt", b"Software\0" + software.encode("latin-1", "replace")))
    if dpi is not None:
        per_metre = int(dpi / _INCH_M + 0.5)
        out.append(_chunk(b"pHYs", struct.pack(">IIB", per_metre, per_metre, 1)))
    out.append(_chunk(b"IDAT", zlib.compress(filtered.data, 1)))
    out.append(_chunk(b"IEND", b""))
    return b"".join(out)
