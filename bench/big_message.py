"""Big hostile messages against a running Rasa server (issue 10's figures).

Two figures: the Rasa server's CPU time for one request whose body is 1 MB
(refused by the size rule) or just under the limit (answered), and how much
one other visitor's reply is delayed while such requests arrive back to back, as the median of paired
latencies (with and without them). Server CPU comes from /proc (utime +
stime of the Rasa process), so other processes on the machine don't count.
"""

from __future__ import annotations

import os
import statistics
import threading
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import requests

MEGABYTE_BODIES = {
    "1 MB of one letter": b'{"sender": "big", "message": "' + b"a" * 1_000_000 + b'"}',
    "1 MB of @ then .": b'{"sender": "big", "message": "' + b"@" * 500_000 + b"." * 500_000 + b'"}',
    "1 MB of [": b"[" * 1_000_000,
}


def largest_answered(limit: int) -> bytes:
    """Just under the size limit, the worst of the old slow paths: answered in full."""
    return b'{"sender": "big-ok", "message": "' + b"i die " * ((limit - 40) // 6) + b'"}'


OTHER_VISITOR = "how long does iop last"


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@dataclass
class BigMessageFigures:
    cpu_s: dict
    statuses: dict
    other_alone_ms: float
    other_during_ms: float

    def lines(self) -> list[str]:
        out = []
        for name, seconds in self.cpu_s.items():
            ok = "ok" if seconds < 1.0 else "MISSED"
            out.append(f"{name}: HTTP {self.statuses[name]}, {seconds:.2f} s of server CPU (target < 1 s: {ok})")
        delay = self.other_during_ms - self.other_alone_ms
        ok = "ok" if delay < 100 else "MISSED"
        out.append(
            f"another visitor's reply: {self.other_alone_ms:.0f} ms alone, {self.other_during_ms:.0f} ms while big"
            f" messages arrive (median delay {delay:.0f} ms, target < 100 ms: {ok})"
        )
        return out


def _post(session: requests.Session, url: str, body: bytes) -> int:
    return session.post(url, data=body, headers={"Content-Type": "application/json"}, timeout=120).status_code


def _other(session: requests.Session, url: str) -> float:
    start = time.perf_counter()
    reply = session.post(url, json={"sender": f"other-{uuid.uuid4().hex[:8]}", "message": OTHER_VISITOR}, timeout=120)
    reply.raise_for_status()
    return (time.perf_counter() - start) * 1000


def measure(rest_url: str, rasa_pid: int, limit: int, pairs: int = 15) -> BigMessageFigures:
    session = requests.Session()
    cpu, statuses = {}, {}
    bodies = dict(MEGABYTE_BODIES)
    bodies[f"{limit // 1024} KB of 'i die ' (the limit, answered)"] = largest_answered(limit)
    for name, body in bodies.items():
        samples = []
        for _ in range(3):
            before = _cpu_seconds(rasa_pid)
            statuses[name] = _post(session, rest_url, body)
            samples.append(_cpu_seconds(rasa_pid) - before)
        cpu[name] = statistics.median(samples)
    alone, during = [], []

    def attack(stop: threading.Event) -> None:
        attacker = requests.Session()
        while not stop.is_set():
            for body in bodies.values():
                _post(attacker, rest_url, body)

    for _ in range(pairs):
        alone.append(_other(session, rest_url))
        stop = threading.Event()
        thread = threading.Thread(target=attack, args=(stop,))
        thread.start()
        time.sleep(0.05)
        during.append(_other(session, rest_url))
        stop.set()
        thread.join()
    return BigMessageFigures(cpu, statuses, statistics.median(alone), statistics.median(during))
