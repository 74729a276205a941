"""Run one input through gxparse in a child process under a memory and time cap.

``run(job)`` parses ``job.path`` either through the API (``gxparse.parse`` in
``python -m tests.hostile.child``) or through the CLI (``python -m gxparse parse
FILE``), in a fresh process with ``RLIMIT_AS`` set (default 2 GiB) and a
wall-clock timeout (default 60 s), the PDF backend chosen by
``GXPARSE_PDF_BACKEND``, and says how it ended:

``record``   parse returned a Report (CLI: exit status 0)
``error``    a GxparseError subclass (its class and message; CLI: exit 2, one
             ``error: PATH: ...`` line on stderr and nothing else)
``wrong``    a Report that is wrong: a cell the input did not change differs from the
             fixture it was made from, or forbidden text (an XXE target) got into it
``internal`` gxparse's own ``InternalError``: a bug caught and named, which hostile input
             must never cause (CLI: an "internal error" line)
``crash``    any other exception (MemoryError, ValueError...; CLI: a traceback, or
             stderr that is not one clean line)
``killed``   ended by a signal (segfault, abort, the kernel's OOM killer)
``timeout``  still running at the deadline (then killed with its process group)

with the wall time and the peak RSS of the child or of any process it waited for
(the CLI's workers): ``os.wait4``'s rusage. A CLI job may name more files
(``more``: one batch run, judged as a whole; ``cli_lines`` picks one file's lines
out of its stderr) and options (``options``). ``run_many`` runs several jobs,
``workers`` at a time, from the calling thread (so ``preexec_fn`` is safe).
"""

from __future__ import annotations

import json
import os
import resource
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

ROOT = Path(__file__).resolve().parents[2]
GiB = 1 << 30
DEFAULT_MEM = 2 * GiB
DEFAULT_TIMEOUT = 60.0
ENV_BACKEND = "GXPARSE_PDF_BACKEND"
OK = frozenset({"record", "error"})

Mode = Literal["api", "cli"]
Cell = tuple[str, str, str]


@dataclass(frozen=True)
class Job:
    """One input through one path (API or CLI) with one PDF backend (None: the default)."""

    path: Path
    mode: Mode = "api"
    backend: str | None = None
    timeout: float = DEFAULT_TIMEOUT
    mem: int = DEFAULT_MEM
    baseline: Path | None = None  # API only: a fixture whose cells a record must keep
    changed: Cell | None = None  # ... all but this one
    forbidden: str | None = None  # API only: text that must not reach a record
    more: tuple[Path, ...] = ()  # CLI only: further files in the same run (a batch)
    options: tuple[str, ...] = ()  # CLI only: options before the files


@dataclass(frozen=True)
class Outcome:
    """How a job ended; ``seconds`` is the child's wall time, ``parse_seconds`` the API call's."""

    kind: str
    seconds: float
    peak_mib: float
    error_class: str | None = None
    message: str | None = None
    where: str | None = None  # crash: the innermost gxparse frame (file:line in function)
    signal: str | None = None
    exit_code: int | None = None
    parse_seconds: float | None = None
    names_path: bool | None = None  # error: str(error) starts with the path
    stderr: str = ""  # the last lines of the child's stderr
    details: dict[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.kind in OK

    def short(self, width: int = 90, path: Path | None = None) -> str:
        """One line for tables and assertion messages (``path`` shown as FILE)."""
        if self.kind == "killed":
            text = f"{self.signal}"
        elif self.kind == "timeout":
            text = f"still running after {self.seconds:.0f}s"
        else:
            text = ": ".join(p for p in (self.error_class, self.message) if p)
        if self.where:
            text += f" (at {self.where})"
        if path is not None:
            text = text.replace(str(path), "FILE")
        text = " ".join(text.split())
        return text if len(text) <= width else text[: width - 1] + "…"


def _limits(mem: int) -> Callable[[], None]:
    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (mem, mem))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))

    return apply


def _env(backend: str | None, mode: Mode) -> dict[str, str]:
    env = dict(os.environ)
    env.pop(ENV_BACKEND, None)
    if backend is not None:
        env[ENV_BACKEND] = backend
    if mode == "api":
        env["PYTHONFAULTHANDLER"] = "1"  # a native crash leaves a Python stack on stderr
    env.pop("PYTHONWARNINGS", None)
    return env


def _command(job: Job, result: Path) -> list[str]:
    if job.mode == "cli":
        files = [str(job.path), *map(str, job.more)]
        return [sys.executable, "-m", "gxparse", "parse", *job.options, *files]
    spec = {
        "baseline": None if job.baseline is None else str(job.baseline),
        "changed": job.changed,
        "forbidden": job.forbidden,
    }
    return [
        sys.executable,
        "-m",
        "tests.hostile.child",
        str(job.path),
        str(result),
        json.dumps(spec),
    ]


@dataclass
class _Running:
    job: Job
    proc: subprocess.Popen[bytes]
    started: float
    tmp: tempfile.TemporaryDirectory[str]
    result: Path
    stdout: Any
    stderr: Any


def _start(job: Job) -> _Running:
    tmp = tempfile.TemporaryDirectory(prefix="gxparse-hostile-")
    result = Path(tmp.name) / "result.json"
    out = open(Path(tmp.name) / "stdout", "w+b")  # noqa: SIM115 - closed in _finish
    err = open(Path(tmp.name) / "stderr", "w+b")  # noqa: SIM115
    proc = subprocess.Popen(
        _command(job, result),
        cwd=ROOT,
        env=_env(job.backend, job.mode),
        stdin=subprocess.DEVNULL,
        stdout=out,
        stderr=err,
        preexec_fn=_limits(job.mem),
        start_new_session=True,
    )
    return _Running(job, proc, time.monotonic(), tmp, result, out, err)


def _tail(fh: Any, limit: int) -> str:
    fh.seek(0, os.SEEK_END)
    size = fh.tell()
    fh.seek(max(0, size - limit))
    return str(fh.read().decode("utf-8", "replace"))


def _finish(run: _Running, status: int, usage: resource.struct_rusage, timed_out: bool) -> Outcome:
    seconds = time.monotonic() - run.started
    peak = usage.ru_maxrss / 1024  # KiB on Linux
    run.proc.returncode = os.waitstatus_to_exitcode(status)
    stderr = _tail(run.stderr, 1 << 20 if run.job.mode == "cli" else 4000)
    stdout_bytes = run.stdout.seek(0, os.SEEK_END)
    try:
        result = json.loads(run.result.read_text("utf-8")) if run.result.exists() else None
    except ValueError:
        result = None
    run.stdout.close()
    run.stderr.close()
    run.tmp.cleanup()
    base: dict[str, Any] = {"seconds": seconds, "peak_mib": peak, "stderr": stderr}
    if timed_out:
        return Outcome("timeout", **base)
    if os.WIFSIGNALED(status):
        sig = signal.Signals(os.WTERMSIG(status)).name
        return Outcome("killed", signal=sig, **base)
    code = os.WEXITSTATUS(status)
    if run.job.mode == "cli":
        return _cli_outcome(run.job, code, stdout_bytes, base)
    if result is None:
        last = stderr.strip().splitlines()[-1:] or ["no result and nothing on stderr"]
        return Outcome(
            "crash", error_class="exit", message=f"status {code}: {last[0]}", exit_code=code, **base
        )
    return Outcome(
        result["outcome"],
        error_class=result.get("type"),
        message=result.get("message"),
        where=result.get("where"),
        exit_code=code,
        parse_seconds=result.get("seconds"),
        names_path=result.get("names_path"),
        details={
            k: v for k, v in result.items() if k in ("cells", "warnings", "wrong", "lost", "leak")
        },
        **base,
    )


def cli_line_ok(path: Path, stderr: str) -> bool:
    """Whether stderr is exactly one ``error: PATH: ...`` line and says nothing of a bug."""
    lines = [ln for ln in stderr.splitlines() if ln.strip()]
    return (
        len(lines) == 1
        and lines[0].startswith(f"error: {path}")
        and "internal error" not in lines[0]
        and "Traceback" not in stderr
    )


def cli_lines(stderr: str, path: Path) -> list[str]:
    """The stderr lines of a CLI run that are about ``path``."""
    return [ln for ln in stderr.splitlines() if ln.startswith(f"error: {path}:")]


def _cli_outcome(job: Job, code: int, stdout_bytes: int, base: dict[str, Any]) -> Outcome:
    stderr: str = base["stderr"]
    lines = [ln for ln in stderr.splitlines() if ln.strip()]
    details = {"stdout_bytes": stdout_bytes, "stderr_lines": len(lines)}
    if job.more:  # a batch: judged as a whole here, file by file with ``cli_lines``
        flagged = [ln for ln in lines if "internal error" in ln]
        details["internal_lines"] = len(flagged)
        worst = lines[-1] if lines else ""
        if "Traceback" in stderr or code not in (0, 2):
            kind = "crash"
        elif flagged:
            kind, worst = "internal", f"{len(flagged)} internal errors, the first: {flagged[0]}"
        else:
            kind = "record" if code == 0 else "error"
        return Outcome(kind, message=worst, exit_code=code, details=details, **base)
    if code == 0:
        return Outcome("record", exit_code=code, details=details, **base)
    last = lines[-1] if lines else f"exit status {code} and nothing on stderr"
    if code == 2 and cli_line_ok(job.path, stderr):
        return Outcome(
            "error", message=last, exit_code=code, names_path=True, details=details, **base
        )
    if "internal error" in stderr and "Traceback" not in stderr:
        cls = last.split("internal error ", 1)[-1].split(":", 1)[0]
        return Outcome(
            "internal", error_class=cls, message=last, exit_code=code, details=details, **base
        )
    if "Traceback" in stderr:
        cls, _, msg = last.partition(":")
        return Outcome(
            "crash",
            error_class=cls.strip(),
            message=msg.strip(),
            exit_code=code,
            details=details,
            **base,
        )
    return Outcome(
        "crash",
        error_class="stderr",
        message=f"exit {code}, {len(lines)} stderr lines: {last}",
        exit_code=code,
        details=details,
        **base,
    )


def run_many(
    jobs: Sequence[Job], *, workers: int = 1, on_done: Callable[[int, Outcome], None] | None = None
) -> list[Outcome]:
    """Run ``jobs``, ``workers`` at a time, and return their outcomes in order."""
    pending = list(enumerate(jobs))[::-1]
    running: dict[int, tuple[int, _Running]] = {}
    results: list[Outcome | None] = [None] * len(jobs)
    while pending or running:
        while pending and len(running) < max(1, workers):
            index, job = pending.pop()
            started = _start(job)
            running[started.proc.pid] = (index, started)
        time.sleep(0.005)
        for pid, (index, r) in list(running.items()):
            got, status, usage = os.wait4(pid, os.WNOHANG)
            timed_out = False
            if got == 0:
                if time.monotonic() - r.started < r.job.timeout:
                    continue
                os.killpg(pid, signal.SIGKILL)
                _, status, usage = os.wait4(pid, 0)
                timed_out = True
            del running[pid]
            outcome = _finish(r, status, usage, timed_out)
            results[index] = outcome
            if on_done is not None:
                on_done(index, outcome)
    return [r for r in results if r is not None]


def run(job: Job) -> Outcome:
    """Run one job."""
    return run_many([job])[0]


__all__ = [
    "DEFAULT_MEM",
    "DEFAULT_TIMEOUT",
    "OK",
    "Job",
    "Outcome",
    "cli_line_ok",
    "cli_lines",
    "run",
    "run_many",
]
