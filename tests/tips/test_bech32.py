"""BIP-173 and BIP-350 published test vectors against ``townsquare.tips.bech32``."""

from __future__ import annotations

import pytest

from townsquare.tips import bech32
from townsquare.tips.bech32 import Bech32Error, Encoding

VALID_BECH32 = [
    "A12UEL5L",
    "a12uel5l",
    "an83characterlonghumanreadablepartthatcontainsthenumber1andtheexcludedcharactersbio1tt5tgs",
    "abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxw",
    "11qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqc8247j",
    "split1checkupstagehandshakeupstreamerranterredcaperred2y9e3w",
    "?1ezyfcl",
]
VALID_BECH32M = [
    "A1LQFN3A",
    "a1lqfn3a",
    "an83characterlonghumanreadablepartthatcontainsthetheexcludedcharactersbioandnumber11sg7hg6",
    "abcdef1l7aum6echk45nj3s0wdvt2fg8x9yrzpqzd3ryx",
    "11llllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllludsr8",
    "split1checkupstagehandshakeupstreamerranterredcaperredlc445v",
    "?1v759aa",
]
INVALID_STRINGS = [
    # BIP-173
    "\x201nwldj5",
    "\x7f1axkwrx",
    "\x801eym55h",
    "an84characterslonghumanreadablepartthatcontainsthenumber1andtheexcludedcharactersbio1569pvx",
    "pzry9x0s0muk",
    "1pzry9x0s0muk",
    "x1b4n0q5v",
    "li1dgmt3",
    "de1lg7wt\xff",
    "A1G7SGD8",
    "10a06t8",
    "1qzzfhee",
    # BIP-350
    "\x201xj0phk",
    "\x7f1g6xzxy",
    "\x801vctc34",
    "an84characterslonghumanreadablepartthatcontainsthetheexcludedcharactersbioandnumber11d6pts4",
    "qyrz8wqd2c9m",
    "1qyrz8wqd2c9m",
    "y1b0jsk6g",
    "lt1igcx5c0",
    "in1muywd",
    "mm1crxm3i",
    "au1s5cgom",
    "M1VUXWEZ",
    "16plkw9",
    "1p2gdwpf",
]
# BIP-350's valid segwit addresses and the scriptPubKey each stands for.
VALID_SEGWIT = {
    "BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4": "0014751e76e8199196d454941c45d1b3a323f1433bd6",
    "tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sl5k7": (
        "00201863143c14c5166804bd19203356da136c985678cd4d27a1b8c6329604903262"
    ),
    "bc1pw508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5xw7kt5nd6y": (
        "5128751e76e8199196d454941c45d1b3a323f1433bd6751e76e8199196d454941c45d1b3a323f1433bd6"
    ),
    "BC1SW50QGDZ25J": "6002751e",
    "bc1zw508d6qejxtdg4y5r3zarvaryvaxxpcs": "5210751e76e8199196d454941c45d1b3a323",
    "tb1qqqqqp399et2xygdj5xreqhjjvcmzhxw4aywxecjdzew6hylgvsesrxh6hy": (
        "0020000000c4a5cad46221b2a187905e5266362b99d5e91c6ce24d165dab93e86433"
    ),
    "tb1pqqqqp399et2xygdj5xreqhjjvcmzhxw4aywxecjdzew6hylgvsesf3hn0c": (
        "5120000000c4a5cad46221b2a187905e5266362b99d5e91c6ce24d165dab93e86433"
    ),
    "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0": (
        "512079be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798"
    ),
}
# BIP-173's and BIP-350's invalid segwit addresses (hrp is what a decoder expects).
INVALID_SEGWIT = [
    ("bc", "tc1qw508d6qejxtdg4y5r3zarvary0c5xw7kg3g4ty"),
    ("bc", "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5"),
    ("bc", "BC13W508D6QEJXTDG4Y5R3ZARVARY0C5XW7KN40WF2"),
    ("bc", "bc1rw5uspcuh"),
    ("bc", "bc10w508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5xw7kw5rljs90"),
    ("bc", "BC1QR508D6QEJXTDG4Y5R3ZARVARYV98GJ9P"),
    ("tb", "tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sL5k7"),
    ("bc", "bc1zw508d6qejxtdg4y5r3zarvaryvqyzf3du"),
    ("tb", "tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3pjxtptv"),
    ("bc", "bc1gmk9yu"),
    ("bc", "tc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vq5zuyut"),
    ("bc", "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqh2y7hd"),
    ("tb", "tb1z0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqglt7rf"),
    ("bc", "BC1S0XLXVLHEMJA6C4DQV22UAPCTQUPFHLXM9H8Z3K2E72Q4K9HCZ7VQ54WELL"),
    ("bc", "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kemeawh"),
    ("tb", "tb1q0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vq24jc47"),
    ("bc", "bc1p38j9r5y49hruaue7wxjce0updqjuyyx0kh56v8s25huc6995vvpql3jow4"),
    ("bc", "BC130XLXVLHEMJA6C4DQV22UAPCTQUPFHLXM9H8Z3K2E72Q4K9HCZ7VQ7ZWS8R"),
    ("bc", "bc1pw5dgrnzv"),
    ("bc", "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7v8n0nx0muaewav253zgeav"),
    ("tb", "tb1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vq47Zagq"),
    ("bc", "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7v07qwwzcrf"),
    ("tb", "tb1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vpggkg4j"),
]


@pytest.mark.parametrize("text", VALID_BECH32)
def test_valid_bech32_strings(text: str) -> None:
    assert bech32.decode(text).encoding is Encoding.BECH32


@pytest.mark.parametrize("text", VALID_BECH32M)
def test_valid_bech32m_strings(text: str) -> None:
    assert bech32.decode(text).encoding is Encoding.BECH32M


@pytest.mark.parametrize("text", INVALID_STRINGS)
def test_invalid_strings(text: str) -> None:
    with pytest.raises(Bech32Error):
        bech32.decode(text)


def _script_pubkey(witness: bech32.WitnessProgram) -> str:
    opcode = 0 if witness.version == 0 else 0x50 + witness.version
    return (bytes([opcode, len(witness.program)]) + witness.program).hex()


@pytest.mark.parametrize(("address", "script"), VALID_SEGWIT.items())
def test_valid_segwit_addresses(address: str, script: str) -> None:
    witness = bech32.decode_segwit(address[:2].lower(), address)
    assert _script_pubkey(witness) == script


@pytest.mark.parametrize(("hrp", "address"), INVALID_SEGWIT)
def test_invalid_segwit_addresses(hrp: str, address: str) -> None:
    with pytest.raises(Bech32Error):
        bech32.decode_segwit(hrp, address)


@pytest.mark.parametrize(
    ("address", "message"),
    [
        ("bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5", "checksum does not match"),
        (
            "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqh2y7hd",
            "uses a Bech32 checksum for witness version 1, which needs Bech32m (BIP-350)",
        ),
        (
            "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kemeawh",
            "uses a Bech32m checksum for witness version 0, which needs Bech32",
        ),
        (
            "BC1QR508D6QEJXTDG4Y5R3ZARVARYV98GJ9P",
            "has a witness version 0 program that is not 20 or 32 bytes",
        ),
        ("bc1pw5dgrnzv", "has a 1-byte witness program; it must be 2 to 40 bytes"),
        (
            "tb1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vq47Zagq",
            "mixes upper and lower case",
        ),
        (
            "BC130XLXVLHEMJA6C4DQV22UAPCTQUPFHLXM9H8Z3K2E72Q4K9HCZ7VQ7ZWS8R",
            "has witness version 17; the highest is 16",
        ),
        ("bc1gmk9yu", "has no witness version"),
    ],
)
def test_errors_say_what_is_wrong(address: str, message: str) -> None:
    hrp = address[:2].lower()
    with pytest.raises(Bech32Error) as raised:
        bech32.decode_segwit(hrp, address)
    assert str(raised.value) == message
