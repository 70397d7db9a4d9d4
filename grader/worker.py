"""The sandbox zygote of this process, built from Django settings.

In a Celery worker the main process starts the zygote at ``worker_init`` and a thread restarts it
when it dies; the pool's children inherit the handle and only connect to its socket. Anywhere else
(the ``grade`` command, tests) the zygote starts on first use.
"""

import atexit
import os
import threading

from django.conf import settings

from .sandbox.client import SandboxConfig, Zygote, default_hidden_paths

_lock = threading.Lock()
_zygote: Zygote | None = None
_owner_pid: int | None = None


def sandbox_config(**overrides) -> SandboxConfig:
    values = dict(
        run_dir=settings.SANDBOX_RUN_DIR / f"w{os.getpid()}",
        slots=settings.SANDBOX_SLOTS,
        uid_base=settings.SANDBOX_UID_BASE,
        require_all_layers=settings.SANDBOX_REQUIRE_ALL_LAYERS,
        hidden_paths=default_hidden_paths(settings.BASE_DIR),
    )
    values.update(overrides)
    return SandboxConfig(**values)


def get_zygote() -> Zygote:
    """This process's zygote; started here unless inherited from a parent that supervises it."""
    global _zygote, _owner_pid
    with _lock:
        if _zygote is None:
            _zygote = Zygote(sandbox_config())
            _owner_pid = os.getpid()
            atexit.register(stop_zygote)
        if _owner_pid == os.getpid():
            _zygote.start()
        return _zygote


def start_supervised() -> Zygote:
    zygote = get_zygote()
    zygote.supervise_in_background()
    return zygote


def stop_zygote() -> None:
    global _zygote
    with _lock:
        if _zygote is not None and _owner_pid == os.getpid():
            _zygote.stop()
        _zygote = None
