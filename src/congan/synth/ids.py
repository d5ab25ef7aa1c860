"""Identity numbers for synthetic people: CCCD (12 digits) and CMND (9 digits).

Numbers are unique by construction rather than by remembering every number issued: each
(prefix) group hands out serials 0, 1, 2 … and a keyed Feistel permutation turns a serial
into random-looking digits. A permutation never repeats, so a million-person stream needs
no million-entry set.
"""

from __future__ import annotations

import datetime
import zlib

_SERIAL_SPACE = 1_000_000  # six digits

# CMND prefixes belong to the issuing police, not the birthplace. Cần Thơ and Hậu Giang
# (split from it in 2004) issued numbers in the 36… range; Sóc Trăng in 365…/366….
# Plausible rather than authoritative: (two-digit prefix, allowed third digits).
_CMND_PREFIX = {
    "92": ("36", "01234"),
    "93": ("36", "01234"),
    "94": ("36", "56"),
    "79": ("02", "0123456789"),
    "01": ("01", "0123456789"),
}


def century_sex_digit(sex: str, year: int) -> int:
    """The CCCD fourth digit: 0/1 male/female born 1900–1999, 2/3 for 2000–2099, and so on."""
    if year < 1900:
        raise ValueError(f"no CCCD century digit for birth year {year}")
    return (year // 100 - 19) * 2 + (sex == "Nữ")


def _round_keys(seed: int, label: str) -> tuple[int, ...]:
    return tuple(zlib.crc32(f"{seed}:{label}:{r}".encode()) for r in range(4))


def _permute(serial: int, keys: tuple[int, ...]) -> int:
    """A bijection on [0, 10**6): a four-round Feistel network on two three-digit halves."""
    left, right = divmod(serial, 1000)
    for k in keys:
        left, right = right, (left + ((right + 1) * 2654435761 ^ k) % 1000) % 1000
    return left * 1000 + right


class IdNumbers:
    """Issues unique CCCD and CMND numbers for one seeded population."""

    def __init__(self, seed: int):
        self._seed = seed
        self._groups: dict[str, list] = {}  # prefix -> [next serial, round keys]
        self._block_keys: dict[str, tuple[int, ...]] = {}

    def _next(self, prefix: str, space: int) -> int:
        group = self._groups.get(prefix)
        if group is None:
            group = self._groups[prefix] = [0, _round_keys(self._seed, prefix)]
        serial = group[0]
        if serial >= space:
            raise OverflowError(f"ID numbers with prefix {prefix} exhausted")
        group[0] = serial + 1
        return serial

    def cccd(self, birth_code: str, sex: str, dob: datetime.date) -> str:
        """birth_code: three digits, '0' + the GSO province code of birth registration."""
        prefix = f"{birth_code}{century_sex_digit(sex, dob.year)}{dob.year % 100:02d}"
        serial = self._next(prefix, _SERIAL_SPACE)
        return f"{prefix}{_permute(serial, self._groups[prefix][1]):06d}"

    def cmnd(self, issuing_province: str) -> str:
        head, thirds = _CMND_PREFIX.get(issuing_province, (issuing_province, "0123456789"))
        serial = self._next(head + thirds, len(thirds) * _SERIAL_SPACE)
        # Spread serials over all third digits, each with its own permutation, so that even a
        # small population shows the whole prefix range and no two neighbours look alike.
        rest, block = divmod(serial, len(thirds))
        third = thirds[block]
        keys = self._block_keys.get(head + third)
        if keys is None:
            keys = self._block_keys[head + third] = _round_keys(self._seed, head + third)
        return f"{head}{third}{_permute(rest, keys):06d}"
