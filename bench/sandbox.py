"""Benchmark of the grading sandbox: the same softmax grading three ways, plus throughput.

    .venv/bin/python bench/sandbox.py [--runs N] [--json]

Every variant times the whole ``grader.engine.grade`` call (build the checks, run, judge) of the
softmax exercise (its 8 checks) with the reference solution as the submission:

(a) floor  -- ``InProcess.run`` stands in for ``Zygote.run``: it loads the source once and calls
              its functions directly, no isolation, no serialization: the engine's own work.
(b) zygote -- a started ``Zygote`` with every layer the host allows (the layer report is printed).
(c) fresh  -- ``FreshProcess``: the same client (encoding, result parsing) but each run is a new
              ``python -I`` process, as codejail and Jobe do it: same clean environment, the same
              rlimits (set in ``preexec_fn``) and the same per-slot uid, which imports numpy, reads
              the request from stdin and runs ``grader/sandbox/runner.py``'s ``run``.

Then throughput: runs submitted from 2 threads against the zygote (2 slots), runs per second.
Targets (issue 3, item 7), reported and not asserted: zygote median overhead over the floor
<= 20 ms, fresh/zygote >= 5, >= 40 runs/s with 2 slots.
"""

import argparse
import copy
import json
import math
import os
import platform
import resource
import shutil
import signal
import subprocess
import sys
import threading
import time
import types
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

import numpy as np  # noqa: E402

from grader import engine  # noqa: E402
from grader.bank import load_bundle  # noqa: E402
from grader.sandbox import protocol  # noqa: E402
from grader.sandbox.client import (  # noqa: E402
    CallOutcome,
    Limits,
    RunResult,
    SandboxUnavailable,
    Zygote,
    default_hidden_paths,
    temporary_config,
)
from grader.sandbox.protocol import ResultOf, RngSeed  # noqa: E402

SANDBOX_DIR = REPO / "grader" / "sandbox"
SEED = 20240607
SLOTS = 2
# Not the default 64000: the platform's own zygotes (a test suite, `make run`) kill whatever runs
# under their slot uids when a run ends, which would kill this benchmark's runs on a shared machine.
UID_BASE = 64700
TARGETS = {"overhead_median_ms": 20.0, "ratio_fresh_over_zygote": 5.0, "throughput_per_s": 40.0}


# -- (a) the floor ---------------------------------------------------------------------------


class InProcess:
    """Stands in for ``Zygote.run``: calls the submission's functions in this process.

    The source is loaded once (as importing the solution module would); each run materializes
    the arguments (copies, generators from seeds, chained results) and calls the functions."""

    def __init__(self):
        self._modules: dict[str, dict] = {}

    def _load(self, source: str) -> dict:
        namespace = self._modules.get(source)
        if namespace is None:
            module = types.ModuleType("submission")
            module.__file__ = "submission.py"
            exec(compile(source, "submission.py", "exec", dont_inherit=True), module.__dict__)
            namespace = self._modules[source] = module.__dict__
        return namespace

    def run(self, source: str, calls: list, limits: Limits, hidden_calls: list | None = None) -> RunResult:
        started = time.monotonic()
        namespace = self._load(source)
        outcomes = self._calls(namespace, calls) + self._calls(namespace, hidden_calls or [])
        return RunResult(status="ok", calls=outcomes, wall_s=time.monotonic() - started)

    @staticmethod
    def _calls(namespace: dict, calls: list) -> list:
        outputs, outcomes = [], []
        for c in calls:
            try:
                args = _materialize(copy.deepcopy(c.args), outputs)
                kwargs = _materialize(copy.deepcopy(c.kwargs), outputs)
                value = namespace[c.function](*args, **kwargs)
            except Exception as exc:
                outputs.append(None)
                outcomes.append(CallOutcome(ok=False, error=f"{type(exc).__name__}: {exc}", kind="exception"))
                continue
            outputs.append(value)
            outcomes.append(CallOutcome(ok=True, value=value))
        return outcomes


def _materialize(value, outputs: list):
    if isinstance(value, RngSeed):
        return np.random.default_rng(int(value))
    if isinstance(value, ResultOf):
        return copy.deepcopy(value.pick(outputs[value.index]))
    if isinstance(value, tuple):
        return tuple(_materialize(v, outputs) for v in value)
    if isinstance(value, list):
        return [_materialize(v, outputs) for v in value]
    if isinstance(value, dict):
        return {k: _materialize(v, outputs) for k, v in value.items()}
    return value


# -- (c) a fresh python per run --------------------------------------------------------------

# Runs as the fresh interpreter's main program (python -I -c BOOTSTRAP SANDBOX_DIR UID).
BOOTSTRAP = r"""
import os, sys
sys.path.insert(0, sys.argv[1])
import numpy
import protocol, runner
del sys.path[0]
header, blob = protocol.read_message(sys.stdin.buffer.read, 256 << 20)
arrays = protocol.unpack_arrays(blob)
phase_fd = None
if header.get("hidden"):         # the hidden calls follow; this baseline hands them over at once
    import threading
    hidden = protocol.pack_message(*protocol.read_message(sys.stdin.buffer.read, 256 << 20))
    phase_fd, phase_w = os.pipe()
    threading.Thread(target=lambda: (os.write(phase_w, hidden), os.close(phase_w)), daemon=True).start()
result_fd = os.dup(1)            # the result message goes back on the original stdout
os.dup2(2, 1)                    # what the code prints goes to the output pipe, as in the zygote
devnull = os.open(os.devnull, os.O_RDONLY)
os.dup2(devnull, 0)
os.close(devnull)
uid = int(sys.argv[2])
if uid >= 0:
    os.setgroups([])
    os.setresgid(uid, uid, uid)
    os.setresuid(uid, uid, uid)
runner.run(header, arrays, result_fd, phase_fd)
"""


class FreshProcess(Zygote):
    """The zygote's client with each exchange served by a new ``python -I`` process.

    Inherits ``run`` and ``_result`` so encoding and result parsing are byte for byte the zygote's.
    Limits are those of ``zygote.policy_for`` / ``isolation._set_rlimits``. The per-slot uid is
    taken by the bootstrap right after the interpreter starts rather than with ``user=``: the
    interpreter lives under /root (mode 0700) on this machine, which the slot uid cannot execute
    from; the cost is the same (one setresuid either way)."""

    def __init__(self, config, uid: int | None):
        super().__init__(config)
        self.uid = uid
        self.env = {
            "PATH": "/usr/bin:/bin",
            "LANG": "C.UTF-8",
            "OPENBLAS_NUM_THREADS": "1",
            "OMP_NUM_THREADS": "1",
            "MKL_NUM_THREADS": "1",
            "PYTHONDONTWRITEBYTECODE": "1",
            "PYTHONHASHSEED": "0",
        }

    def _exchange(self, request: dict, blob: bytes, limits: Limits, extra: bytes = b"") -> tuple[dict, bytes]:
        cpu = max(1, math.ceil(limits.time_s))
        rlimits = [
            (resource.RLIMIT_CPU, cpu, cpu + 1),
            (resource.RLIMIT_NPROC, limits.max_processes, limits.max_processes),
            (resource.RLIMIT_FSIZE, limits.max_file_mb << 20, limits.max_file_mb << 20),
            (resource.RLIMIT_NOFILE, limits.max_open_files, limits.max_open_files),
            (resource.RLIMIT_CORE, 0, 0),
            (resource.RLIMIT_AS, limits.memory_mb << 20, limits.memory_mb << 20),
        ]

        def preexec():
            for res, soft, hard in rlimits:
                resource.setrlimit(res, (soft, hard))

        workdir = Path(self.config.run_dir) / f"fresh-{os.getpid()}-{threading.get_ident()}"
        workdir.mkdir(mode=0o700)
        if self.uid is not None:
            os.chown(workdir, self.uid, self.uid)
        cmd = [self.config.python, "-I", "-c", BOOTSTRAP, str(SANDBOX_DIR), str(-1 if self.uid is None else self.uid)]
        started = time.monotonic()
        try:
            proc = subprocess.Popen(
                cmd,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                env=self.env,
                cwd=workdir,
                preexec_fn=preexec,
                start_new_session=True,
            )
            status = None
            try:
                raw, output = proc.communicate(protocol.pack_message(request, blob) + extra, timeout=limits.time_s)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                raw, output = proc.communicate()
                status = "timeout"
        except OSError as exc:
            raise SandboxUnavailable(f"fresh python failed: {exc}") from exc
        finally:
            shutil.rmtree(workdir, ignore_errors=True)
        code = proc.returncode
        if status is None:
            if code < 0:
                status = {signal.SIGXCPU: "timeout", signal.SIGXFSZ: "file_limit"}.get(-code, "killed")
            elif len(raw) > limits.result_bytes:
                status = "output_limit"
            else:
                status = "ok" if code == 0 and raw else "no_result"
        output = output[: limits.output_bytes]
        header = {
            "status": status,
            "exit_code": code,
            "wall_s": round(time.monotonic() - started, 4),
            "cpu_s": None,
            "max_rss_kb": None,
            "stdout": output.decode("utf-8", errors="replace"),
            "stdout_truncated": len(output) >= limits.output_bytes,
        }
        return header, raw if status == "ok" else b""


# -- measuring -------------------------------------------------------------------------------


def stats(samples_s: list[float]) -> dict:
    ms = np.array(samples_s) * 1000.0
    return {
        "min": round(float(ms.min()), 2),
        "median": round(float(np.median(ms)), 2),
        "p95": round(float(np.percentile(ms, 95)), 2),
    }


def time_runs(bundle, source: str, sandbox, runs: int, warmup: int = 5) -> list[float]:
    for _ in range(warmup):
        engine.grade(bundle, source, SEED, sandbox)
    samples = []
    for _ in range(runs):
        t0 = time.perf_counter()
        verdict = engine.grade(bundle, source, SEED, sandbox)
        samples.append(time.perf_counter() - t0)
        if verdict.status != engine.GRADED:
            raise SystemExit(f"a run did not grade: {verdict.status} {verdict.sandbox}: {verdict.message}")
    return samples


def throughput(bundle, source: str, zygote: Zygote, runs: int, threads: int = SLOTS) -> float:
    errors: list[str] = []
    counter = iter(range(runs))
    lock = threading.Lock()

    def worker():
        while True:
            with lock:
                if next(counter, None) is None:
                    return
            verdict = engine.grade(bundle, source, SEED, zygote)
            if verdict.status != engine.GRADED:
                errors.append(verdict.status)

    pool = [threading.Thread(target=worker) for _ in range(threads)]
    t0 = time.perf_counter()
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    elapsed = time.perf_counter() - t0
    if errors:
        raise SystemExit(f"{len(errors)} throughput runs did not grade: {errors[:3]}")
    return runs / elapsed


def verdict_key(verdict) -> tuple:
    return (
        verdict.status,
        verdict.score,
        verdict.max_score,
        tuple((c.name, c.passed, c.score, c.max_score) for c in verdict.checks),
    )


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200, help="runs per variant and for throughput (default 200)")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of the table")
    args = parser.parse_args(argv)
    say = (lambda *a: print(*a, file=sys.stderr)) if args.json else print

    load_before = os.getloadavg()
    bundle = load_bundle("softmax")
    source = bundle.solution_source
    is_root = os.geteuid() == 0
    config = temporary_config(hidden_paths=default_hidden_paths(REPO), slots=SLOTS, uid_base=UID_BASE)
    floor = InProcess()
    zygote = Zygote(config)
    fresh = FreshProcess(config, uid=config.uid_base if is_root else None)  # slot 0's uid
    try:
        t0 = time.perf_counter()
        zygote.start()
        start_s = time.perf_counter() - t0
        say(f"zygote started in {start_s * 1000:.0f} ms; layers on this host:")
        for name, on in zygote.layers.items():
            say(f"  {name:<18} {'yes' if on else 'NO'}")
        if zygote.missing:
            say(f"  MISSING: {', '.join(zygote.missing)}")

        verdicts = {
            name: engine.grade(bundle, source, SEED, sb)
            for name, sb in (("floor", floor), ("zygote", zygote), ("fresh", fresh))
        }
        keys = {name: verdict_key(v) for name, v in verdicts.items()}
        assert keys["floor"] == keys["zygote"] == keys["fresh"], f"verdicts differ: {keys}"
        assert verdicts["floor"].status == engine.GRADED and verdicts["floor"].score == verdicts["floor"].max_score, (
            verdicts["floor"]
        )
        say(
            f"same verdict in all three: {verdicts['floor'].score}/{verdicts['floor'].max_score}, "
            f"{len(verdicts['floor'].checks)} checks"
        )

        results = {}
        for name, sandbox in (("floor", floor), ("zygote", zygote), ("fresh", fresh)):
            say(f"timing {name} ({args.runs} runs)...")
            results[name] = stats(time_runs(bundle, source, sandbox, args.runs))
        say(f"throughput with {SLOTS} threads x {SLOTS} slots ({args.runs} runs)...")
        per_s = throughput(bundle, source, zygote, args.runs)
    finally:
        zygote.stop()
        shutil.rmtree(config.run_dir, ignore_errors=True)

    overhead = results["zygote"]["median"] - results["floor"]["median"]
    report = {
        "floor_ms": results["floor"],
        "zygote_ms": results["zygote"],
        "fresh_ms": results["fresh"],
        "overhead_median_ms": round(overhead, 2),
        "ratio_zygote_over_floor": round(results["zygote"]["median"] / results["floor"]["median"], 1),
        "ratio_fresh_over_zygote": round(results["fresh"]["median"] / results["zygote"]["median"], 2),
        "throughput_per_s": round(per_s, 1),
        "runs": args.runs,
        "slots": SLOTS,
        "layers": zygote.layers,
        "missing_layers": zygote.missing,
        "zygote_start_ms": round(start_s * 1000, 1),
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "kernel": platform.release(),
            "root": is_root,
        },
        "date": time.strftime("%Y-%m-%d"),
        # other work on the machine skews every figure: the 1-minute load average before and after
        "load_average": [round(load_before[0], 2), round(os.getloadavg()[0], 2)],
    }
    report["targets_met"] = {
        "overhead_median_ms<=20": report["overhead_median_ms"] <= TARGETS["overhead_median_ms"],
        "ratio_fresh_over_zygote>=5": report["ratio_fresh_over_zygote"] >= TARGETS["ratio_fresh_over_zygote"],
        "throughput_per_s>=40": report["throughput_per_s"] >= TARGETS["throughput_per_s"],
    }
    if args.json:
        print(json.dumps(report))
    else:
        print_table(report)
    return 0


def print_table(report: dict) -> None:
    print()
    print(f"softmax grading (8 checks, reference solution), {report['runs']} runs each, {os.cpu_count()} cores")
    print(f"{'variant':<34}{'min ms':>9}{'median ms':>11}{'p95 ms':>9}")
    for label, key in (
        ("(a) floor: in-process", "floor_ms"),
        ("(b) zygote: all layers", "zygote_ms"),
        ("(c) fresh python -I per run", "fresh_ms"),
    ):
        r = report[key]
        print(f"{label:<34}{r['min']:>9.2f}{r['median']:>11.2f}{r['p95']:>9.2f}")
    met = report["targets_met"]
    print()
    print(
        f"zygote overhead over floor (median) {report['overhead_median_ms']:8.2f} ms   target <= 20 ms: "
        f"{'met' if met['overhead_median_ms<=20'] else 'MISSED'}"
    )
    print(f"zygote / floor (median)             {report['ratio_zygote_over_floor']:8.1f} x")
    print(
        f"fresh / zygote (median)             {report['ratio_fresh_over_zygote']:8.2f} x    target >= 5: "
        f"{'met' if met['ratio_fresh_over_zygote>=5'] else 'MISSED'}"
    )
    print(
        f"throughput, {SLOTS} slots                  {report['throughput_per_s']:8.1f} /s   target >= 40: "
        f"{'met' if met['throughput_per_s>=40'] else 'MISSED'}"
    )
    print(
        f"1-min load average before / after: {report['load_average'][0]} / {report['load_average'][1]} "
        f"({os.cpu_count()} cores; other work on the machine inflates every figure)"
    )


if __name__ == "__main__":
    sys.exit(main())
