"""Restarting services that die (`python -m bot run`): the restart policy on a fake
clock, and the supervise loop over real child processes that exit.
"""

from __future__ import annotations

import contextlib
import logging
import subprocess
import sys
from pathlib import Path

import pytest

from bot.stack import ServiceSpec, Stack
from bot.supervisor import RestartPolicy, Supervisor


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


# --- the policy ---------------------------------------------------------------


def test_delays_double_from_one_second_up_to_thirty():
    policy = RestartPolicy(max_deaths=100)
    now = 0.0
    policy.started("web", now)
    delays: list[float] = []
    for _ in range(7):
        now += 1
        delay = policy.died("web", now)
        assert delay is not None
        delays.append(delay)
        now += delay
        policy.started("web", now)
    assert delays == [1, 2, 4, 8, 16, 30, 30]


def test_five_deaths_within_sixty_seconds_give_up():
    policy = RestartPolicy()
    policy.started("web", 0.0)
    assert [policy.died("web", t) for t in (1.0, 2.0, 3.0, 4.0)] == [1, 2, 4, 8]
    assert policy.died("web", 59.0) is None


def test_deaths_spread_over_more_than_the_window_do_not_give_up():
    policy = RestartPolicy(max_deaths=3, window=60.0, stable_after=1000.0)
    policy.started("web", 0.0)
    assert policy.died("web", 0.0) == 1
    assert policy.died("web", 30.0) == 2
    assert policy.died("web", 61.0) == 4  # the death at 0 s has left the window
    assert policy.died("web", 62.0) is None


def test_a_service_that_stayed_up_long_enough_starts_over_at_one_second():
    policy = RestartPolicy()
    policy.started("web", 0.0)
    assert policy.died("web", 1.0) == 1
    policy.started("web", 2.0)
    assert policy.died("web", 3.0) == 2
    policy.started("web", 5.0)
    assert policy.died("web", 64.0) == 2 * 2  # up 59 s: not long enough
    policy.started("web", 68.0)
    assert policy.died("web", 128.0) == 1  # up 60 s: reset


def test_services_are_counted_separately():
    policy = RestartPolicy()
    policy.started("web", 0.0)
    policy.started("worker", 0.0)
    assert policy.died("web", 1.0) == 1
    assert policy.died("web", 2.0) == 2
    assert policy.died("worker", 3.0) == 1


# --- the supervise loop over real processes ----------------------------------


def _spec(name: str, code: str) -> ServiceSpec:
    return ServiceSpec(name, [sys.executable, "-c", code], None)


EXIT_3 = "import sys; sys.exit(3)"
STAY_UP = "import time; time.sleep(120)"


@pytest.fixture
def stacks():
    started: list[Stack] = []
    yield started
    for stack in started:
        stack.stop()


def _start(stacks: list[Stack], *specs: ServiceSpec, log_dir: Path) -> Stack:
    stack = Stack(list(specs), {}, log_dir).start()
    stacks.append(stack)
    return stack


def _messages(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "bot.supervisor"]


def test_a_dead_child_is_restarted_after_its_backoff(stacks, tmp_path, caplog):
    caplog.set_level(logging.INFO, logger="bot.supervisor")
    clock = FakeClock()
    stack = _start(stacks, _spec("flaky", EXIT_3), _spec("steady", STAY_UP), log_dir=tmp_path)
    supervisor = Supervisor(stack, clock=clock)
    steady = stack.service("steady").process

    first = stack.service("flaky").process
    first.wait(timeout=30)
    assert supervisor.step()
    assert any("flaky" in m and "exit code 3" in m and "1 s" in m for m in _messages(caplog))
    assert stack.service("flaky").process is first  # not before the delay is over

    clock.advance(1.0)
    assert supervisor.step()
    second = stack.service("flaky").process
    assert second is not first
    assert any("restarted flaky" in m for m in _messages(caplog))

    second.wait(timeout=30)
    assert supervisor.step()
    assert any("flaky" in m and "exit code 3" in m and "2 s" in m for m in _messages(caplog))
    assert stack.service("steady").process is steady and steady.poll() is None


def test_a_child_that_keeps_dying_stops_the_run_with_an_error(stacks, tmp_path, caplog):
    caplog.set_level(logging.INFO, logger="bot.supervisor")
    clock = FakeClock()
    stack = _start(stacks, _spec("flaky", EXIT_3), _spec("steady", STAY_UP), log_dir=tmp_path)

    def sleep(seconds: float) -> None:
        clock.advance(seconds)
        stack.service("flaky").process.wait(timeout=30)  # it always exits

    supervisor = Supervisor(stack, clock=clock, sleep=sleep)
    assert supervisor.run(should_stop=lambda: False) == 1
    errors = [r.getMessage() for r in caplog.records if r.name == "bot.supervisor" and r.levelno >= logging.ERROR]
    assert len(errors) == 1
    assert "flaky" in errors[0] and "5 times" in errors[0] and "exit code 3" in errors[0]
    assert supervisor.restarts == 4
    assert stack.service("steady").process.poll() is None


def test_a_stop_request_ends_the_loop_with_success(stacks, tmp_path, caplog):
    caplog.set_level(logging.INFO, logger="bot.supervisor")
    marker = tmp_path / "died-once"
    # exits with 3 the first time, stays up once restarted
    code = (
        "import pathlib, sys, time\n"
        f"m = pathlib.Path({str(marker)!r})\n"
        "if not m.exists():\n"
        "    m.touch(); sys.exit(3)\n"
        "time.sleep(120)\n"
    )
    clock = FakeClock()
    stack = _start(stacks, _spec("flaky", code), log_dir=tmp_path)

    def sleep(seconds: float) -> None:
        clock.advance(seconds)
        with contextlib.suppress(subprocess.TimeoutExpired):
            stack.service("flaky").process.wait(timeout=0.1)

    supervisor = Supervisor(stack, clock=clock, sleep=sleep)
    assert supervisor.run(should_stop=lambda: supervisor.restarts >= 1) == 0
    assert stack.service("flaky").process.poll() is None
    assert not any(r.levelno >= logging.ERROR for r in caplog.records)
