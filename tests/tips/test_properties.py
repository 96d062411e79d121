"""Properties over many inputs: mistyped addresses are caught, and nothing else slips through."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.tips.support import b58
from townsquare.tips import bech32
from townsquare.tips.addresses import AddressError, validate

SEGWIT = [
    "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4",
    "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0",
]


@settings(max_examples=300, deadline=None)
@given(
    address=st.sampled_from(SEGWIT),
    edits=st.lists(
        st.tuples(st.integers(min_value=0), st.sampled_from(bech32.CHARSET)),
        min_size=1,
        max_size=4,
    ),
)
def test_up_to_four_mistyped_characters_are_always_caught(
    address: str, edits: list[tuple[int, str]]
) -> None:
    """Bech32 and Bech32m detect any 1 to 4 substituted characters (BIP-173, BIP-350)."""
    data = list(address)
    start = address.rfind("1") + 1
    for position, character in edits:
        data[start + position % (len(address) - start)] = character
    mistyped = "".join(data)
    if mistyped == address:
        return
    with pytest.raises(AddressError):
        validate("bitcoin", mistyped, allow_testnet=True)


@settings(max_examples=200, deadline=None)
@given(version=st.integers(0, 255), payload=st.binary(min_size=20, max_size=20))
def test_dogecoin_accepts_exactly_its_version_bytes(version: int, payload: bytes) -> None:
    address = b58(version, payload)
    try:
        found = validate("dogecoin", address, allow_testnet=True)
    except AddressError as error:
        assert version not in (0x1E, 0x16, 0x71, 0xC4), error.message
    else:
        assert version in (0x1E, 0x16, 0x71, 0xC4)
        assert found.address == address


@settings(max_examples=300, deadline=None)
@given(text=st.text(max_size=120))
def test_any_text_is_an_address_or_a_named_error(text: str) -> None:
    for currency in ("dogecoin", "bitcoin", "lightning"):
        try:
            validate(currency, text, allow_testnet=False)
        except AddressError as error:
            assert error.message.startswith(f"Validation failed: {currency} address ")
