"""The default avatar and header: small solid-colour PNGs made in code (no image library)."""

from __future__ import annotations

import struct
import zlib
from functools import cache

AVATAR_SIZE = (120, 120)
HEADER_SIZE = (300, 100)
AVATAR_COLOUR = (155, 174, 200)
HEADER_COLOUR = (96, 105, 132)


def _chunk(tag: bytes, data: bytes) -> bytes:
    checksum = zlib.crc32(tag + data) & 0xFFFFFFFF
    return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", checksum)


def solid_png(width: int, height: int, rgb: tuple[int, int, int]) -> bytes:
    """A truecolour PNG of one colour."""
    row = b"\x00" + bytes(rgb) * width  # filter type 0 (None) before each row
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(row * height, 9))
        + _chunk(b"IEND", b"")
    )


@cache
def default_avatar() -> bytes:
    return solid_png(*AVATAR_SIZE, AVATAR_COLOUR)


@cache
def default_header() -> bytes:
    return solid_png(*HEADER_SIZE, HEADER_COLOUR)
