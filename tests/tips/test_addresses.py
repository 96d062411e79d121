"""Address validation: published Base58Check vectors, Dogecoin version bytes, Lightning."""

from __future__ import annotations

import pytest

from tests.tips.support import b58
from townsquare.tips.addresses import AddressError, validate

# Bitcoin Core's base58_keys_valid.json: address, network, kind.
BITCOIN_BASE58 = [
    ("1AGNa15ZQXAZUgFiqJ2i7Z2DPU2J6hW62i", "mainnet", "p2pkh"),
    ("3CMNFxN1oHBc4R1EpboAL5yzHGgE611Xou", "mainnet", "p2sh"),
    ("mo9ncXisMeAoXwqcV5EWuyncbmCcQN4rVs", "testnet", "p2pkh"),
    ("2N2JD6wb56AfK4tfmM6PwdVmoYk2dCKf4Br", "testnet", "p2sh"),
]
DOGECOIN = [
    ("DH5yaieqoZN36fDVciNyRueRGvGLR3mr7L", "mainnet", "p2pkh"),  # a published donation address
    (b58(0x1E), "mainnet", "p2pkh"),
    (b58(0x16), "mainnet", "p2sh"),
    (b58(0x71), "testnet", "p2pkh"),
    (b58(0xC4), "testnet", "p2sh"),
]


def error_of(currency: str, text: str, *, allow_testnet: bool = False) -> str:
    with pytest.raises(AddressError) as raised:
        validate(currency, text, allow_testnet=allow_testnet)
    return raised.value.message


@pytest.mark.parametrize(("address", "network", "kind"), BITCOIN_BASE58)
def test_published_base58check_bitcoin_addresses(address: str, network: str, kind: str) -> None:
    found = validate("bitcoin", address, allow_testnet=True)
    assert (found.address, found.network, found.kind) == (address, network, kind)


@pytest.mark.parametrize(("address", "network", "kind"), DOGECOIN)
def test_dogecoin_version_bytes(address: str, network: str, kind: str) -> None:
    found = validate("dogecoin", address, allow_testnet=True)
    assert (found.address, found.network, found.kind) == (address, network, kind)
    assert address[0] in {"p2pkh": "Dn", "p2sh": "9A2"}[kind]


@pytest.mark.parametrize(
    "address",
    [
        # Bitcoin Core's base58_encode_decode / invalid-checksum vectors
        "3HK7MezAm6qEZQUMPRf8jX7wDv6zig6Ky8",
        "3AW8j12DUk8mgA7kkfZ1BrrzCVFuH1LsXS",
        # one mistyped character
        "1AGNa15ZQXAZUgFiqJ2i7Z2DPU2J6hW62j",
        "1ANNa15ZQXAZUgFiqJ2i7Z2DPU2J6hW62i",
    ],
)
def test_a_wrong_checksum_is_named(address: str) -> None:
    assert error_of("bitcoin", address) == (
        "Validation failed: bitcoin address checksum does not match"
    )


def test_dogecoin_errors_say_what_is_wrong() -> None:
    doge = "DH5yaieqoZN36fDVciNyRueRGvGLR3mr7L"
    assert error_of("dogecoin", doge[:-1] + "M") == (
        "Validation failed: dogecoin address checksum does not match"
    )
    assert error_of("dogecoin", "1AGNa15ZQXAZUgFiqJ2i7Z2DPU2J6hW62i") == (
        "Validation failed: dogecoin address is a Bitcoin address, not a Dogecoin one"
    )
    assert error_of("dogecoin", "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4") == (
        "Validation failed: dogecoin address is a Bitcoin address, not a Dogecoin one"
    )
    assert error_of("dogecoin", b58(0x30)) == (
        "Validation failed: dogecoin address is a Litecoin address, not a Dogecoin one"
    )
    assert error_of("dogecoin", b58(0x71)) == (
        "Validation failed: dogecoin address is a testnet address; this server accepts mainnet only"
    )
    assert error_of("dogecoin", "D0" + doge[2:]) == (
        "Validation failed: dogecoin address contains '0', which Base58 does not use "
        "(no 0, O, I or l)"
    )
    assert error_of("dogecoin", doge[:-3]) == (
        "Validation failed: dogecoin address has the wrong length (23 bytes, expected 25)"
    )
    assert error_of("dogecoin", b58(0x99)) == (
        "Validation failed: dogecoin address has version byte 0x99, which is not a Dogecoin address"
    )
    assert error_of("dogecoin", "alice@example.com") == (
        "Validation failed: dogecoin address is a Lightning address, not a Dogecoin one"
    )


def test_bitcoin_errors_say_what_is_wrong() -> None:
    assert error_of("bitcoin", "DH5yaieqoZN36fDVciNyRueRGvGLR3mr7L") == (
        "Validation failed: bitcoin address is a Dogecoin address, not a Bitcoin one"
    )
    assert error_of("bitcoin", "ltc1qw508d6qejxtdg4y5r3zarvary0c5xw7kgmn4n9") == (
        "Validation failed: bitcoin address is a Litecoin address, not a Bitcoin one"
    )
    assert error_of(
        "bitcoin", "tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sl5k7"
    ) == (
        "Validation failed: bitcoin address is a testnet address; this server accepts mainnet only"
    )
    assert error_of(
        "bitcoin", "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqh2y7hd"
    ) == (
        "Validation failed: bitcoin address uses a Bech32 checksum for witness version 1, "
        "which needs Bech32m (BIP-350)"
    )
    assert error_of("bitcoin", "   ") == "Validation failed: bitcoin address is empty"


@pytest.mark.parametrize(
    ("address", "kind"),
    [
        ("BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4", "p2wpkh"),
        ("bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0", "p2tr"),
        ("bc1zw508d6qejxtdg4y5r3zarvaryvaxxpcs", "witness_v2"),
    ],
)
def test_segwit_addresses_are_stored_lowercase(address: str, kind: str) -> None:
    found = validate("bitcoin", address, allow_testnet=False)
    assert (found.address, found.kind) == (address.lower(), kind)


def test_lightning_addresses() -> None:
    found = validate("lightning", " Alice_1.x@Pay.Example.com ", allow_testnet=False)
    assert (found.address, found.kind) == ("alice_1.x@pay.example.com", "lightning_address")
    assert error_of("lightning", "alice") == (
        "Validation failed: lightning address must look like name@example.com (LUD-16)"
    )
    assert error_of("lightning", "al ice@example.com") == (
        "Validation failed: lightning address name may use only letters, digits, '-', '_' "
        "and '.' (LUD-16)"
    )
    assert error_of("lightning", "alice@localhost") == (
        "Validation failed: lightning address has an invalid domain name: 'localhost'"
    )
    assert error_of("lightning", "alice@-bad-.com") == (
        "Validation failed: lightning address has an invalid domain name: '-bad-.com'"
    )
    assert error_of("lightning", "alice@10.0.0.1") == (
        "Validation failed: lightning address must name a domain, not an IP address"
    )
    assert error_of("lightning", "lnbc2500u1pvjluezpp5qqqsyqcyq5rqwzqf") == (
        "Validation failed: lightning address is a Lightning invoice, which expires; give a "
        "Lightning address like name@example.com"
    )
