"""The burgerservicenummer (BSN) and its elfproef.

A BSN is nine digits d1..d9 with 9*d1 + 8*d2 + ... + 2*d8 - 1*d9 divisible by 11. The check
catches every single-digit error and every swap of two adjacent different digits, which is why
a typed-over BSN in a report usually fails it — and why linkage trusts only a valid BSN.
"""

from __future__ import annotations

BSN_WEIGHTS = (9, 8, 7, 6, 5, 4, 3, 2, -1)


def is_valid_bsn(value: str | None) -> bool:
    """True when ``value`` is nine digits, not all zero, and passes the elfproef."""
    if not value or len(value) != 9 or not value.isdigit() or value == "000000000":
        return False
    return sum(int(d) * w for d, w in zip(value, BSN_WEIGHTS, strict=True)) % 11 == 0
