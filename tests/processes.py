"""Running notulen as a user does, and killing it mid-run, shared by the batch and database tests."""
from __future__ import annotations

import signal
import subprocess
import time
from pathlib import Path
from typing import Callable


def kill_when(command: list[str], ready: Callable[[], bool], cwd: Path | None = None, within: float = 60) -> None:
    """Start ``command``, and kill it with SIGKILL as soon as ``ready()`` holds (checked every 5 ms)."""
    proc = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + within
        while not ready():
            assert proc.poll() is None, "the run ended before its first document was written"
            assert time.monotonic() < deadline, f"nothing to kill it at within {within:.0f} s"
            time.sleep(0.005)
        proc.send_signal(signal.SIGKILL)
        assert proc.wait(timeout=30) == -signal.SIGKILL
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
