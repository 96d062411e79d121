"""Typed access to request parameters from the query string, forms and JSON alike.

Mastodon clients send the same parameter as ``choices[]=1&choices[]=2`` in a form, or as
``{"choices": [1, 2]}`` in JSON, or as ``fields_attributes[0][name]=x``. Everything is
first normalised into nested dicts and lists; getters then validate one field each and
raise a 4xx ``ApiError`` that names the field.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from townsquare.ids import parse_id
from townsquare.kit.errors import BadRequest, Unprocessable

_KEY_PART = re.compile(r"\[([^\[\]]*)\]")
MAX_DEPTH = 4
MAX_LIST = 100


def nest_pairs(pairs: Iterable[tuple[str, str]]) -> dict[str, Any]:
    """Turn form-style ``a[b][]`` keys into nested dicts and lists."""
    root: dict[str, Any] = {}
    for key, value in pairs:
        head, _, rest = key.partition("[")
        parts = [head, *_KEY_PART.findall("[" + rest)] if rest else [head]
        if len(parts) > MAX_DEPTH or not head:
            continue
        node: Any = root
        for i, part in enumerate(parts):
            last = i == len(parts) - 1
            if part == "":
                if not isinstance(node, list):
                    break
                if last:
                    node.append(value)
                else:
                    node.append({})
                    node = node[-1]
                continue
            if not isinstance(node, dict):
                break
            if last:
                existing = node.get(part)
                if isinstance(existing, list):
                    existing.append(value)
                else:
                    node[part] = value
            else:
                nxt = parts[i + 1]
                default: Any = [] if nxt == "" else {}
                child = node.setdefault(part, default)
                if isinstance(child, str):
                    child = node[part] = default
                node = child
    return root


class Params:
    """Validated, typed getters over one request's merged parameters."""

    def __init__(self, data: dict[str, Any] | None = None) -> None:
        self.data: dict[str, Any] = data or {}

    def __contains__(self, name: str) -> bool:
        return name in self.data

    def raw(self, name: str) -> Any:
        return self.data.get(name)

    def text(
        self,
        name: str,
        *,
        required: bool = False,
        max_length: int = 5000,
        default: Any = None,
        allow_empty: bool = True,
    ) -> Any:
        """A string field, stripped of NUL bytes; ``default`` when absent."""
        value = self.data.get(name)
        if value is None:
            if required:
                raise BadRequest(f"Missing required parameter: {name}")
            return default
        if isinstance(value, (bool, int | float)):
            value = str(value).lower() if isinstance(value, bool) else str(value)
        if not isinstance(value, str):
            raise Unprocessable(f"Validation failed: {name} must be a string")
        if "\x00" in value:
            raise Unprocessable(f"Validation failed: {name} contains a NUL character")
        if len(value) > max_length:
            raise Unprocessable(
                f"Validation failed: {name} is too long (maximum is {max_length} characters)"
            )
        if required and not allow_empty and not value.strip():
            raise Unprocessable(f"Validation failed: {name} can't be blank")
        return value

    def integer(
        self,
        name: str,
        *,
        default: int | None = None,
        minimum: int | None = None,
        maximum: int | None = None,
        clamp: bool = False,
    ) -> Any:
        """An integer field; out of range is a 422, or clamped when ``clamp``."""
        value = self.data.get(name)
        if value is None or value == "":
            return default
        try:
            if isinstance(value, (bool, float | list | dict)):
                raise ValueError
            number = int(value)
        except (TypeError, ValueError):
            raise Unprocessable(f"Validation failed: {name} must be an integer") from None
        if minimum is not None and number < minimum:
            if clamp:
                return minimum
            raise Unprocessable(f"Validation failed: {name} must be at least {minimum}")
        if maximum is not None and number > maximum:
            if clamp:
                return maximum
            raise Unprocessable(f"Validation failed: {name} must be at most {maximum}")
        return number

    def boolean(self, name: str, *, default: bool | None = None) -> Any:
        """A boolean field in any of the spellings clients use."""
        value = self.data.get(name)
        if value is None or value == "":
            return default
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in {"true", "1", "on", "yes", "t"}:
            return True
        if text in {"false", "0", "off", "no", "f"}:
            return False
        raise Unprocessable(f"Validation failed: {name} must be a boolean")

    def id(self, name: str, *, required: bool = False) -> int | None:
        """An id field (a string of digits in JSON, as Mastodon sends them)."""
        value = self.data.get(name)
        if value is None or value == "":
            if required:
                raise BadRequest(f"Missing required parameter: {name}")
            return None
        parsed = parse_id(value)
        if parsed is None:
            raise Unprocessable(f"Validation failed: {name} is not a valid id")
        return parsed

    def strings(self, name: str, *, max_items: int = MAX_LIST, max_length: int = 5000) -> list[Any]:
        """A list of strings, from ``name[]`` / ``name`` in forms or a JSON array."""
        value = self.data.get(name)
        if value is None:
            value = self.data.get(name + "[]")
        if value is None or value == "":
            return []
        if isinstance(value, dict):
            value = [value[k] for k in sorted(value, key=_index_key)]
        if not isinstance(value, list):
            value = [value]
        if len(value) > max_items:
            raise Unprocessable(
                f"Validation failed: {name} has too many items (maximum {max_items})"
            )
        result = []
        for item in value:
            if isinstance(item, bool) or not isinstance(item, str | int):
                raise Unprocessable(f"Validation failed: {name} must be a list of strings")
            text = str(item)
            if len(text) > max_length:
                raise Unprocessable(f"Validation failed: an item of {name} is too long")
            result.append(text)
        return result

    def ids(self, name: str, *, max_items: int = MAX_LIST) -> list[int]:
        """A list of ids."""
        result = []
        for item in self.strings(name, max_items=max_items, max_length=20):
            parsed = parse_id(item)
            if parsed is None:
                raise Unprocessable(f"Validation failed: {name} contains an invalid id")
            result.append(parsed)
        return result

    def nested(self, name: str) -> Params:
        """A nested object, e.g. ``poll[options][]`` -> ``params.nested('poll')``."""
        value = self.data.get(name)
        if value is None:
            return Params({})
        if not isinstance(value, dict):
            raise Unprocessable(f"Validation failed: {name} must be an object")
        return Params(value)

    def objects(self, name: str, *, max_items: int = MAX_LIST) -> list[Params]:
        """A list of nested objects, from a JSON array or ``name[0][key]`` form keys."""
        value = self.data.get(name)
        if value is None:
            return []
        if isinstance(value, dict):
            value = [value[k] for k in sorted(value, key=_index_key)]
        if not isinstance(value, list) or len(value) > max_items:
            raise Unprocessable(f"Validation failed: {name} must be a list of objects")
        if not all(isinstance(item, dict) for item in value):
            raise Unprocessable(f"Validation failed: {name} must be a list of objects")
        return [Params(item) for item in value]


def _index_key(key: Any) -> tuple[int, str]:
    text = str(key)
    return (int(text), "") if text.isdigit() else (1 << 30, text)
