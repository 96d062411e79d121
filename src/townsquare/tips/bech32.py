"""Bech32 (BIP-173) and Bech32m (BIP-350) decoding of segregated witness addresses.

Written from the two specifications because the maintained PyPI package for Bech32 (``bech32``
1.2.0) predates BIP-350 and cannot check Bech32m; the published test vectors of both BIPs are
in ``tests/tips/test_bech32.py``.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"
_VALUES = {c: i for i, c in enumerate(CHARSET)}
_GENERATOR = (0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3)
MAX_LENGTH = 90
CHECKSUM_LENGTH = 6


class Encoding(Enum):
    """Which checksum constant a string satisfies."""

    BECH32 = 1
    BECH32M = 0x2BC830A3


class Bech32Error(ValueError):
    """A string that is not valid Bech32/Bech32m, with what is wrong in plain words."""


@dataclass(frozen=True)
class Decoded:
    hrp: str
    data: list[int]  # 5-bit values, checksum removed
    encoding: Encoding


@dataclass(frozen=True)
class WitnessProgram:
    version: int
    program: bytes
    encoding: Encoding


def _polymod(values: list[int]) -> int:
    checksum = 1
    for value in values:
        top = checksum >> 25
        checksum = (checksum & 0x1FFFFFF) << 5 ^ value
        for bit, generator in enumerate(_GENERATOR):
            if (top >> bit) & 1:
                checksum ^= generator
    return checksum


def _expand_hrp(hrp: str) -> list[int]:
    return [ord(c) >> 5 for c in hrp] + [0] + [ord(c) & 31 for c in hrp]


def _check_shape(text: str) -> None:
    if any(ord(c) < 33 or ord(c) > 126 for c in text):
        raise Bech32Error("contains a character outside printable ASCII")
    if text.lower() != text and text.upper() != text:
        raise Bech32Error("mixes upper and lower case")
    if len(text) > MAX_LENGTH:
        raise Bech32Error(f"is longer than {MAX_LENGTH} characters")


def decode(text: str) -> Decoded:
    """Split a Bech32 or Bech32m string into its human-readable part and 5-bit data."""
    _check_shape(text)
    lowered = text.lower()
    separator = lowered.rfind("1")
    if separator < 0:
        raise Bech32Error("has no separator '1'")
    if separator == 0:
        raise Bech32Error("has an empty human-readable part")
    hrp, payload = lowered[:separator], lowered[separator + 1 :]
    if len(payload) < CHECKSUM_LENGTH:
        raise Bech32Error("is too short to hold a checksum")
    bad = [c for c in payload if c not in _VALUES]
    if bad:
        raise Bech32Error(f"contains {bad[0]!r}, which is not a Bech32 character")
    values = [_VALUES[c] for c in payload]
    constant = _polymod(_expand_hrp(hrp) + values)
    for encoding in Encoding:
        if constant == encoding.value:
            return Decoded(hrp, values[:-CHECKSUM_LENGTH], encoding)
    raise Bech32Error("checksum does not match")


def _regroup(values: list[int]) -> bytes:
    """5-bit groups to bytes; the leftover padding must be under 5 bits and all zero."""
    accumulator = bits = 0
    out = bytearray()
    for value in values:
        accumulator = ((accumulator << 5) | value) & 0xFFF
        bits += 5
        if bits >= 8:
            bits -= 8
            out.append((accumulator >> bits) & 0xFF)
    if bits >= 5 or accumulator & ((1 << bits) - 1):
        raise Bech32Error("has invalid padding")
    return bytes(out)


def decode_segwit(expected_hrp: str, text: str) -> WitnessProgram:
    """A segwit address's witness version and program, checked against both BIPs' rules."""
    decoded = decode(text)
    if decoded.hrp != expected_hrp:
        raise Bech32Error(f"starts with {decoded.hrp!r}, expected {expected_hrp!r}")
    if not decoded.data:
        raise Bech32Error("has no witness version")
    version = decoded.data[0]
    if version > 16:
        raise Bech32Error(f"has witness version {version}; the highest is 16")
    program = _regroup(decoded.data[1:])
    if not 2 <= len(program) <= 40:
        raise Bech32Error(f"has a {len(program)}-byte witness program; it must be 2 to 40 bytes")
    if version == 0 and len(program) not in (20, 32):
        raise Bech32Error("has a witness version 0 program that is not 20 or 32 bytes")
    if version == 0 and decoded.encoding is not Encoding.BECH32:
        raise Bech32Error("uses a Bech32m checksum for witness version 0, which needs Bech32")
    if version > 0 and decoded.encoding is not Encoding.BECH32M:
        raise Bech32Error(
            f"uses a Bech32 checksum for witness version {version}, which needs Bech32m (BIP-350)"
        )
    return WitnessProgram(version, program, decoded.encoding)
