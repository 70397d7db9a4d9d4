"""What a choice question shows of its options: opaque tokens and a shuffled order, never the keys.

An option's (or ordering item's) key in the quiz file often says which one is right (``correct``,
``he``…) and the file lists the right one first, so the page carries neither: each option goes out
as a token, an HMAC (keyed by ``SECRET_KEY``) over the student, the question, the attempt and the
key, and in an order drawn from a keyed hash of the variant's seed. A posted token is read back by
recomputing the tokens of the question's keys for that student and attempt.

Both are keyed by the secret: the variant seed itself is a plain hash of the user id, the slug and
the attempt, so an order drawn from it directly could be recomputed in the browser and undone.
"""

import numpy as np
from django.conf import settings
from django.utils.crypto import constant_time_compare, salted_hmac

SALT = "courseware.tokens"
TOKEN_LENGTH = 16  # hex characters


def _who(user) -> str:
    return str(user.pk) if user is not None and getattr(user, "is_authenticated", False) else "anon"


def _hmac(purpose: str, value: str):
    return salted_hmac(f"{SALT}.{purpose}", value, secret=settings.SECRET_KEY, algorithm="sha256")


def option_token(user, slug: str, attempt: int, key: str) -> str:
    """The value the page gives option (or item) ``key`` of question ``slug`` for ``user``'s attempt."""
    return _hmac("option", f"{_who(user)}:{slug}:{attempt}:{key}").hexdigest()[:TOKEN_LENGTH]


def option_key(user, slug: str, attempt: int, keys, token: str) -> str | None:
    """The key among ``keys`` whose token is ``token`` for this student and attempt, or None."""
    if not isinstance(token, str) or len(token) != TOKEN_LENGTH:
        return None
    found = None
    for key in keys:
        if constant_time_compare(option_token(user, slug, attempt, key), token):
            found = key
    return found


def display_order(count: int, slug: str, seed: int | None) -> list[int]:
    """The order to show ``count`` options or items in: a permutation drawn from the variant's seed
    (per student × question × attempt), or from the slug for a visitor (seed None)."""
    basis = f"seed:{seed}" if seed is not None else "anon"
    digest = _hmac("order", f"{slug}:{basis}").digest()
    rng = np.random.default_rng(int.from_bytes(digest[:8], "big"))
    return [int(i) for i in rng.permutation(count)]
