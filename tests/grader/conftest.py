"""The real sandbox for the grader tests; no Django database is used."""

import os

import pytest

from grader.sandbox.client import Zygote, temporary_config

SEED = 20240601


def private_uid_base() -> int:
    # Sandboxes started by other test runs on this host use the default uids; sharing them shares limits.
    return 61000 + (os.getpid() % 500) * 4


@pytest.fixture(scope="module")
def zygote():
    with Zygote(temporary_config(uid_base=private_uid_base())) as z:
        yield z
