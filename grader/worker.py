"""The sandbox zygote of this process, built from Django settings.

In a Celery worker the main process starts the zygote at ``worker_init`` and a thread restarts it
when it dies; the pool's children inherit the handle and only connect to its socket. Anywhere else
(the ``grade`` command, tests) the zygote starts on first use.
"""

import atexit
import os
import threading

from django.conf import settings

from .sandbox.client import TFPOOL, SandboxConfig, Zygote, default_hidden_paths

_lock = threading.Lock()
_sandboxes: dict[str, Zygote] = {}
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


def keras_pool_config() -> SandboxConfig:
    return sandbox_config(
        run_dir=settings.SANDBOX_RUN_DIR / f"k{os.getpid()}",
        slots=settings.KERAS_POOL_SIZE,
        script=TFPOOL,
        extra_env=(
            ("KERAS_MEMORY_MB", str(settings.KERAS_MEMORY_MB)),
            ("KERAS_GPU_MEMORY_MB", str(settings.KERAS_GPU_MEMORY_MB)),
            ("KERAS_DEVICE", settings.KERAS_DEVICE),
            ("TF_CPP_MIN_LOG_LEVEL", "3"),
            ("KERAS_BACKEND", "tensorflow"),
        ),
    )


def _get(kind: str) -> Zygote:
    """This process's sandbox of that kind; started here unless inherited from a supervising parent."""
    global _owner_pid
    with _lock:
        if kind not in _sandboxes:
            _sandboxes[kind] = Zygote(keras_pool_config() if kind == "keras" else sandbox_config())
            if _owner_pid is None:
                _owner_pid = os.getpid()
                atexit.register(stop_zygote)
        if _owner_pid == os.getpid():
            _sandboxes[kind].start()
        return _sandboxes[kind]


def get_zygote() -> Zygote:
    """The numpy zygote."""
    return _get("numpy")


def get_keras_pool() -> Zygote:
    """The pool of pre-started TensorFlow processes (same protocol as the zygote)."""
    return _get("keras")


def get_sandbox(runner: str) -> Zygote:
    return get_keras_pool() if runner == "keras" else get_zygote()


def start_supervised() -> None:
    """In the Celery worker's main process: start the sandboxes and restart them when they die."""
    get_zygote().supervise_in_background()
    if settings.KERAS_POOL_SIZE > 0:
        get_keras_pool().supervise_in_background()


def stop_zygote() -> None:
    global _owner_pid
    with _lock:
        if _owner_pid == os.getpid():
            for sandbox in _sandboxes.values():
                sandbox.stop()
        _sandboxes.clear()
        _owner_pid = None
