"""Reading a confined process's output and result, and naming how it ended.

Shared by the zygote's supervisors and the TensorFlow pool; standard library only.
"""

import json
import os
import select
import signal
import time

EXIT_SETUP_FAILED = 70


class Pump:
    """Reads the child's output (capped, the rest drained) and its result (capped, then killed)."""

    # What the child writes on the result pipe once it is confined, before the student's code runs:
    # only a child that never wrote it can have failed to set up (an exit code is the student's to forge).
    STARTED = b"S"

    def __init__(
        self, out_fd: int, res_fd: int, output_cap: int, result_cap: int, then_send: tuple[int, bytes] | None = None
    ):
        """``then_send = (fd, data)``: once the first result message is complete, seal the output (what
        the child prints from then on is drained but never shown) and write ``data`` to the pipe ``fd``
        as the child reads it, then close it (see README.md)."""
        self.fds = {out_fd: "out", res_fd: "res"}
        self.output_cap, self.result_cap = output_cap, result_cap
        self.output, self.result = bytearray(), bytearray()
        self.output_truncated = False
        self.result_overflow = False
        self.then_send = then_send
        self.sending: tuple[int, memoryview] | None = None
        self.sealed = False

    def read_available(self, timeout: float, wake_fd: int | None = None) -> None:
        """Read what the pipes have, waiting at most ``timeout``; ``wake_fd`` (the child's pidfd) ends the
        wait as soon as the child exits."""
        watch = list(self.fds) + ([wake_fd] if wake_fd is not None else [])
        writing = [self.sending[0]] if self.sending else []
        if not watch and not writing:
            time.sleep(min(timeout, 0.01))
            return
        ready, can_write, _ = select.select(watch, writing, [], max(0.0, timeout))
        if can_write:
            self._send_some()
        for fd in ready:
            if fd == wake_fd:
                continue
            chunk = os.read(fd, 1 << 16)
            if not chunk:
                del self.fds[fd]
                os.close(fd)
            elif self.fds[fd] == "out":
                self._take_output(chunk)
            else:
                self.result += chunk
                self.result_overflow |= len(self.result) > self.result_cap
                if self.then_send and not self.sealed and first_message_end(self.result) is not None:
                    self._seal()

    def _take_output(self, chunk: bytes) -> None:
        if self.sealed:
            return
        room = self.output_cap - len(self.output)
        self.output += chunk[: max(room, 0)]
        self.output_truncated |= len(chunk) > room

    def results_end(self) -> int | None:
        """Where the expected result messages end (two when there is a hidden phase), once all are in."""
        if self.result[:1] != self.STARTED:
            return None
        offset = 1
        for _ in range(2 if self.then_send is not None or self.sealed else 1):
            end = message_end(self.result, offset)
            if end is None:
                return None
            offset = end
        return offset

    def _drain_output_now(self) -> None:
        """Take what the output pipe holds at this moment, without waiting for more."""
        out_fd = next((fd for fd, kind in self.fds.items() if kind == "out"), None)
        if out_fd is None:
            return
        os.set_blocking(out_fd, False)
        try:
            while chunk := os.read(out_fd, 1 << 16):
                self._take_output(chunk)
        except BlockingIOError:
            pass
        finally:
            os.set_blocking(out_fd, True)

    def _seal(self) -> None:
        """Keep what the child printed before its first message, then nothing more; then go on."""
        self._drain_output_now()
        self.sealed = True
        fd, data = self.then_send
        os.set_blocking(fd, False)
        self.sending = (fd, memoryview(data))
        self._send_some()

    def _send_some(self) -> None:
        fd, view = self.sending
        try:
            view = view[os.write(fd, view[: 1 << 16]) :]
        except BlockingIOError:
            return
        except OSError:  # the child is gone: nothing to deliver
            view = view[:0]
        if view:
            self.sending = (fd, view)
        else:
            os.close(fd)
            self.sending = None

    def close_sending(self) -> None:
        """Close the pipe of the second phase when the run ended before it was all sent."""
        if self.then_send and not self.sealed:
            os.close(self.then_send[0])
        elif self.sending:
            os.close(self.sending[0])
        self.then_send = self.sending = None

    def reply(self, status: str, status_code, rusage, started: float) -> dict:
        """The response header the harness gets (see README.md)."""
        return {
            "status": status,
            "exit_code": os.waitstatus_to_exitcode(status_code) if status_code is not None else None,
            "wall_s": round(time.monotonic() - started, 4),
            "cpu_s": round(rusage.ru_utime + rusage.ru_stime, 4) if rusage else None,
            "max_rss_kb": rusage.ru_maxrss if rusage else None,
            "stdout": self.shown_output(),
            "stdout_truncated": self.output_truncated,
        }

    def shown_output(self) -> str:
        """The output as text whose JSON form stays within the output cap: each byte that is not
        printable UTF-8 takes six characters there (\\uXXXX), and the reply header is capped."""
        text = self.output.decode("utf-8", errors="replace")
        size = len(json.dumps(text))
        while size > self.output_cap + 2:
            text = text[: int(len(text) * self.output_cap / size)]
            self.output_truncated = True
            size = len(json.dumps(text))
        return text

    def until_exit(self, pid: int, deadline: float):
        """Returns (status, raw wait status or None, rusage or None)."""
        try:
            pidfd = os.pidfd_open(pid)
        except (AttributeError, OSError):
            pidfd = None
        try:
            return self._until_exit(pid, deadline, pidfd)
        finally:
            if pidfd is not None:
                os.close(pidfd)

    def _until_exit(self, pid: int, deadline: float, pidfd: int | None):
        verdict = None
        while True:
            done, status_code, rusage = os.wait4(pid, os.WNOHANG)
            if done:
                break
            now = time.monotonic()
            if now >= deadline:
                verdict = "timeout"
            elif self.result_overflow:
                verdict = "output_limit"
            if verdict:
                kill_group(pid)
                done, status_code, rusage = os.wait4(pid, 0)
                break
            self.read_available(min(deadline - now, 0.05), pidfd)
            end_of_results = self.results_end()
            if end_of_results is not None:
                # Every expected message is in: answer now; the child's exit (tearing down its memory
                # and namespaces) happens while the harness already judges. Cleanup kills what is left.
                self._drain_output_now()
                del self.result[end_of_results:]
                for fd in list(self.fds):
                    os.close(fd)
                self.fds.clear()
                del self.result[:1]  # the started byte
                return "ok", None, None
        # The child has exited: take what is left in the pipes, without waiting on descendants.
        end = time.monotonic() + 0.2
        while self.fds and time.monotonic() < end:
            self.read_available(0.02)
        for fd in list(self.fds):
            os.close(fd)
        self.fds.clear()
        if self.result_overflow:
            verdict = "output_limit"
        started = self.result[:1] == self.STARTED
        if started:
            del self.result[:1]
        return verdict or classify(status_code, bool(self.result), started), status_code, rusage


def first_message_end(buffer) -> int | None:
    """Where the first framed message (after the started byte) ends in ``buffer``, once it is all there."""
    return message_end(buffer, 1 if buffer[:1] == Pump.STARTED else 0)


def message_end(buffer, offset: int) -> int | None:
    """Where the framed message starting at ``offset`` ends in ``buffer``, once it is all there."""
    if len(buffer) < offset + 8:
        return None
    head_end = offset + 8 + int.from_bytes(buffer[offset : offset + 8], "big")
    if len(buffer) < head_end + 8:
        return None
    end = head_end + 8 + int.from_bytes(buffer[head_end : head_end + 8], "big")
    return end if len(buffer) >= end else None


def classify(status_code: int, has_result: bool, started: bool) -> str:
    if os.WIFSIGNALED(status_code):
        sig = os.WTERMSIG(status_code)
        if sig == signal.SIGXCPU:
            return "timeout"
        if sig == signal.SIGXFSZ:
            return "file_limit"
        return "killed"
    code = os.WEXITSTATUS(status_code)
    if code == EXIT_SETUP_FAILED and not started:
        return "setup_failed"
    if code == 0 and has_result:
        return "ok"
    return "no_result"


def kill_group(pid: int) -> None:
    for target in (lambda: os.killpg(pid, signal.SIGKILL), lambda: os.kill(pid, signal.SIGKILL)):
        try:
            target()
        except ProcessLookupError:
            pass
