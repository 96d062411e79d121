"""Strict validation of tip jar addresses, with errors that say what is wrong.

Base58Check (P2PKH, P2SH) is decoded by the ``base58`` package; segwit addresses by
``tips.bech32`` (BIP-173 and BIP-350); Lightning addresses follow LUD-16's shape.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import base58

from townsquare.kit.errors import Unprocessable
from townsquare.tips import bech32

CURRENCIES = ("dogecoin", "bitcoin", "lightning")
MAX_ADDRESS_LENGTH = 320
_BASE58_ALPHABET = set(base58.BITCOIN_ALPHABET.decode())


@dataclass(frozen=True)
class Network:
    """One Base58Check version byte: which chain and network it names, and its kind."""

    chain: str
    network: str
    kind: str


# Version bytes of Base58Check payment addresses. 0xc4 is testnet P2SH on Bitcoin and
# Dogecoin alike, so it is looked up per chain.
_BITCOIN_VERSIONS = {
    0x00: Network("Bitcoin", "mainnet", "p2pkh"),
    0x05: Network("Bitcoin", "mainnet", "p2sh"),
    0x6F: Network("Bitcoin", "testnet", "p2pkh"),
    0xC4: Network("Bitcoin", "testnet", "p2sh"),
}
_DOGECOIN_VERSIONS = {
    0x1E: Network("Dogecoin", "mainnet", "p2pkh"),
    0x16: Network("Dogecoin", "mainnet", "p2sh"),
    0x71: Network("Dogecoin", "testnet", "p2pkh"),
    0xC4: Network("Dogecoin", "testnet", "p2sh"),
}
_OTHER_VERSIONS = {
    0x30: Network("Litecoin", "mainnet", "p2pkh"),
    0x32: Network("Litecoin", "mainnet", "p2sh"),
}
_SEGWIT_HRPS = {"bc": "mainnet", "tb": "testnet"}
_OTHER_SEGWIT_HRPS = {"ltc": "Litecoin", "tltc": "Litecoin"}
_LIGHTNING_USER = re.compile(r"[a-z0-9\-_.]+")
_DOMAIN_LABEL = re.compile(r"(?!-)[a-z0-9-]{1,63}(?<!-)")


class AddressError(Unprocessable):
    """An address that fails validation; the message says which currency and what is wrong."""

    def __init__(self, currency: str, problem: str) -> None:
        super().__init__(f"Validation failed: {currency} address {problem}")
        self.currency = currency
        self.problem = problem


@dataclass(frozen=True)
class Address:
    """A validated address in its canonical spelling."""

    currency: str
    address: str
    kind: str  # p2pkh, p2sh, p2wpkh, p2wsh, p2tr, witness_v<N>, lightning_address
    network: str  # mainnet, testnet


def validate(currency: str, text: str, *, allow_testnet: bool) -> Address:
    """The address ``text`` for ``currency``, or an ``AddressError`` saying what is wrong."""
    if currency not in CURRENCIES:
        raise Unprocessable(f"Validation failed: unknown currency {currency!r}")
    address = text.strip()
    if not address:
        raise AddressError(currency, "is empty")
    if len(address) > MAX_ADDRESS_LENGTH:
        raise AddressError(currency, f"is longer than {MAX_ADDRESS_LENGTH} characters")
    if currency == "lightning":
        return _lightning(address)
    if "@" in address:
        raise AddressError(currency, f"is a Lightning address, not a {currency.title()} one")
    found = _bitcoin(address) if currency == "bitcoin" else _dogecoin(address)
    if found.network == "testnet" and not allow_testnet:
        raise AddressError(currency, "is a testnet address; this server accepts mainnet only")
    return found


def _segwit_hrp(address: str) -> str | None:
    """The human-readable part when ``address`` looks like a segwit address."""
    hrp, separator, _ = address.lower().rpartition("1")
    if separator and (hrp in _SEGWIT_HRPS or hrp in _OTHER_SEGWIT_HRPS):
        return hrp
    return None


def _bitcoin(address: str) -> Address:
    hrp = _segwit_hrp(address)
    if hrp in _OTHER_SEGWIT_HRPS:
        raise AddressError("bitcoin", f"is a {_OTHER_SEGWIT_HRPS[hrp]} address, not a Bitcoin one")
    if hrp is not None:
        try:
            witness = bech32.decode_segwit(hrp, address)
        except bech32.Bech32Error as error:
            raise AddressError("bitcoin", str(error)) from None
        return Address("bitcoin", address.lower(), _witness_kind(witness), _SEGWIT_HRPS[hrp])
    version, _ = _base58check("bitcoin", address)
    return Address("bitcoin", address, *_version_for("bitcoin", version, _BITCOIN_VERSIONS))


def _dogecoin(address: str) -> Address:
    hrp = _segwit_hrp(address)
    if hrp is not None:
        chain = _OTHER_SEGWIT_HRPS.get(hrp, "Bitcoin")
        raise AddressError("dogecoin", f"is a {chain} address, not a Dogecoin one")
    version, _ = _base58check("dogecoin", address)
    return Address("dogecoin", address, *_version_for("dogecoin", version, _DOGECOIN_VERSIONS))


def _witness_kind(witness: bech32.WitnessProgram) -> str:
    if witness.version == 0:
        return "p2wpkh" if len(witness.program) == 20 else "p2wsh"
    if witness.version == 1 and len(witness.program) == 32:
        return "p2tr"
    return f"witness_v{witness.version}"


def _base58check(currency: str, address: str) -> tuple[int, bytes]:
    """The version byte and 20-byte hash of a Base58Check payment address."""
    bad = [c for c in address if c not in _BASE58_ALPHABET]
    if bad:
        raise AddressError(
            currency, f"contains {bad[0]!r}, which Base58 does not use (no 0, O, I or l)"
        )
    raw = base58.b58decode(address)
    if len(raw) != 25:
        raise AddressError(currency, f"has the wrong length ({len(raw)} bytes, expected 25)")
    try:
        payload = base58.b58decode_check(address)
    except ValueError:
        raise AddressError(currency, "checksum does not match") from None
    return payload[0], payload[1:]


def _version_for(currency: str, version: int, own: dict[int, Network]) -> tuple[str, str]:
    """(kind, network) for an own version byte; otherwise say which chain it belongs to."""
    if version in own:
        return own[version].kind, own[version].network
    name = currency.title()
    for table in (_BITCOIN_VERSIONS, _DOGECOIN_VERSIONS, _OTHER_VERSIONS):
        if version in table:
            raise AddressError(currency, f"is a {table[version].chain} address, not a {name} one")
    raise AddressError(currency, f"has version byte 0x{version:02x}, which is not a {name} address")


def _lightning(address: str) -> Address:
    lowered = address.lower()
    if lowered.startswith(("lnbc", "lntb", "lntbs", "lnbcrt")) and "@" not in lowered:
        raise AddressError(
            "lightning",
            "is a Lightning invoice, which expires; give a Lightning address like name@example.com",
        )
    if lowered.startswith("lnurl"):
        raise AddressError(
            "lightning", "is an LNURL; give a Lightning address like name@example.com"
        )
    name, at, domain = lowered.partition("@")
    if not at or not name or not domain or "@" in domain:
        raise AddressError("lightning", "must look like name@example.com (LUD-16)")
    if not _LIGHTNING_USER.fullmatch(name):
        raise AddressError(
            "lightning", "name may use only letters, digits, '-', '_' and '.' (LUD-16)"
        )
    labels = domain.split(".")
    if len(domain) > 253 or len(labels) < 2 or not all(_DOMAIN_LABEL.fullmatch(x) for x in labels):
        raise AddressError("lightning", f"has an invalid domain name: {domain!r}")
    if labels[-1].isdigit():
        raise AddressError("lightning", "must name a domain, not an IP address")
    return Address("lightning", lowered, "lightning_address", "mainnet")
