"""Restart services of `python -m bot run` that die.

`RestartPolicy` decides, from the times a service started and died, how long to
wait before restarting it (exponential backoff) or that it keeps dying and the
run should end. `Supervisor` applies it to a `bot.stack.Stack`; its clock and
sleep are injectable so tests drive it without waiting. Log lines name the
service, its exit code and the delay, nothing a visitor wrote.
"""

from __future__ import annotations

import logging
import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol


class Supervised(Protocol):
    """What the supervisor needs of `bot.stack.Stack` (which imports this module)."""

    @property
    def running(self) -> Sequence[Any]: ...  # each with .spec.name and .process (a Popen)

    def restart_service(self, name: str) -> None: ...


log = logging.getLogger("bot.supervisor")


@dataclass
class _History:
    started: float
    attempts: int = 0  # deaths since the last reset: the backoff exponent
    deaths: deque[float] = field(default_factory=deque)


@dataclass
class RestartPolicy:
    """Backoff `base` doubling up to `cap` seconds; `max_deaths` deaths within
    `window` seconds mean give up; a service up `stable_after` seconds starts
    over at `base`."""

    base: float = 1.0
    cap: float = 30.0
    max_deaths: int = 5
    window: float = 60.0
    stable_after: float = 60.0
    _services: dict[str, _History] = field(default_factory=dict, init=False, repr=False)

    def started(self, name: str, now: float) -> None:
        self._services.setdefault(name, _History(started=now)).started = now

    def died(self, name: str, now: float) -> float | None:
        """Seconds to wait before restarting `name`, or None: stop everything."""
        history = self._services.setdefault(name, _History(started=now))
        if now - history.started >= self.stable_after:
            history.attempts = 0
            history.deaths.clear()
        history.deaths.append(now)
        while history.deaths and now - history.deaths[0] > self.window:
            history.deaths.popleft()
        if len(history.deaths) >= self.max_deaths:
            return None
        delay = min(self.cap, self.base * 2.0**history.attempts)
        history.attempts += 1
        return delay


class Supervisor:
    """Watches a started Stack and restarts its services as the policy says."""

    def __init__(
        self,
        stack: Supervised,
        policy: RestartPolicy | None = None,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
        tick: float = 0.5,
    ) -> None:
        self.stack = stack
        self.policy = policy or RestartPolicy()
        self.clock = clock
        self.sleep = sleep
        self.tick = tick
        self.restarts = 0
        self._due: dict[str, float] = {}  # service name -> when to restart it
        now = clock()
        for service in stack.running:
            self.policy.started(service.spec.name, now)

    def step(self) -> bool:
        """Note deaths and do the restarts that are due; False: give up."""
        now = self.clock()
        for service in list(self.stack.running):
            name = service.spec.name
            code = service.process.poll()
            if code is None or name in self._due:
                continue
            delay = self.policy.died(name, now)
            if delay is None:
                log.error(
                    "%s died %d times within %.0f s (last exit code %s); stopping everything",
                    name,
                    self.policy.max_deaths,
                    self.policy.window,
                    code,
                )
                return False
            log.warning("%s stopped (exit code %s); restarting it in %g s", name, code, delay)
            self._due[name] = now + delay
        for name, due in list(self._due.items()):
            if now >= due:
                del self._due[name]
                self.stack.restart_service(name)
                self.policy.started(name, now)
                self.restarts += 1
                log.info("restarted %s", name)
        return True

    def run(self, should_stop: Callable[[], bool]) -> int:
        """Supervise until should_stop() (0) or a service keeps dying (1)."""
        while not should_stop():
            if not self.step():
                return 1
            self.sleep(self.tick)
        return 0
