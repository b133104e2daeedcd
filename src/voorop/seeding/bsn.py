"""Random valid BSNs for the synthetic region (the elfproef lives in ``voorop.persons.bsn``).

A BSN is nine digits d1..d9 with 9*d1 + 8*d2 + ... + 2*d8 - 1*d9 divisible by 11. The check
catches every single-digit error and every swap of two adjacent different digits, which is why
a typed-over BSN in a report usually fails it.
"""

from __future__ import annotations

import random

from voorop.persons.bsn import BSN_WEIGHTS as _WEIGHTS
from voorop.persons.bsn import is_valid_bsn

__all__ = ["is_valid_bsn", "random_bsn"]


def random_bsn(rng: random.Random) -> str:
    """A random valid BSN. The first digit is 1-6, the range in which numbers are issued."""
    while True:
        digits = [rng.randint(1, 6)] + [rng.randrange(10) for _ in range(7)]
        check = sum(d * w for d, w in zip(digits, _WEIGHTS, strict=False)) % 11
        if check < 10:
            return "".join(map(str, digits)) + str(check)
