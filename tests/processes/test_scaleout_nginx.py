"""Two servers behind a real load balancer: two Rasa servers, each with its own
action server, behind nginx (round robin), sharing the PostgreSQL tracker store
and project database and the Redis lock store. Twenty conversations at once,
half of them handoffs, move between the servers message by message; afterwards
the tracker store holds every user message of each conversation once and in the
order it was sent, and each handoff conversation has exactly one handoff.

nginx is Debian's package (scripts/ensure-nginx.sh), run as a foreground child
with its own configuration and prefix in the test's temporary directory.
"""

from __future__ import annotations

import concurrent.futures
import json
import os
import shutil
import socket
import subprocess
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis
import requests
from sqlalchemy import create_engine, text

from tests.live import LiveStack, free_port, new_sender, texts

pytestmark = pytest.mark.e2e
REDIS_URL = "redis://127.0.0.1:6379/13"  # no other test uses index 13
NGINX = os.environ.get("NGINX_PATH") or shutil.which("nginx") or "/usr/sbin/nginx"
CONVERSATIONS = 20

HANDOFF = ["i want to talk to a person", "yes", "sam", "sam@example.com", "mornings"]
# Not handoffs: FAQ answers and the start of the fit assessment (a form)
OTHERS = [
    ["hi", "what is iop", "how long does it last", "does insurance cover it", "thanks"],
    ["is iop right for me", "no", "no", "no", "moderate"],
]

NGINX_CONF = """\
worker_processes 1;
daemon off;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 256; }}
http {{
    log_format upstream '$request_uri $upstream_addr $status';
    access_log {prefix}/access.log upstream;
    client_body_temp_path {prefix}/client_body;
    proxy_temp_path {prefix}/proxy;
    fastcgi_temp_path {prefix}/fastcgi;
    uwsgi_temp_path {prefix}/uwsgi;
    scgi_temp_path {prefix}/scgi;
    upstream rasa {{
        server 127.0.0.1:{first};
        server 127.0.0.1:{second};
    }}
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://rasa;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_read_timeout 120s;
            # a request that reached a Rasa server is never sent to the other
            proxy_next_upstream off;
        }}
    }}
}}
"""


@pytest.fixture(scope="module")
def shared_stores() -> Iterator[str]:
    """A fresh PostgreSQL schema for both servers, and an empty Redis index."""
    from tests.conftest import TEST_POSTGRES_URL, _postgres_schema_url

    admin = create_engine(TEST_POSTGRES_URL, future=True)
    schema = f"lb_{uuid.uuid4().hex[:10]}"
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    locks = redis.Redis.from_url(REDIS_URL)
    locks.flushdb()
    try:
        yield _postgres_schema_url(schema)
    finally:
        locks.flushdb()
        locks.close()
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()


def _wait_for_port(port: int, process: subprocess.Popen, log: Path, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert process.poll() is None, f"nginx exited: {log.read_text(errors='replace')}"
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise TimeoutError(f"nginx is not listening on {port}")


@pytest.fixture(scope="module")
def balanced(tmp_path_factory, shared_stores) -> Iterator[tuple[str, Path, list[LiveStack]]]:
    assert Path(NGINX).exists(), f"no nginx at {NGINX}: run scripts/ensure-nginx.sh"
    env = {"DATABASE_URL": shared_stores, "TRACKER_STORE_URL": shared_stores, "REDIS_URL": REDIS_URL}
    stacks: list[LiveStack] = []
    nginx = None
    try:
        # one after the other: each runs init-db (migrate) on the shared database first
        for name in ("server1", "server2"):
            stacks.append(LiveStack.start(tmp_path_factory.mktemp(name), extra_env=env, services=("rasa", "actions")))
        prefix = tmp_path_factory.mktemp("nginx")
        port = free_port()
        (prefix / "nginx.conf").write_text(
            NGINX_CONF.format(
                prefix=prefix,
                port=port,
                first=stacks[0].settings.rasa_port,
                second=stacks[1].settings.rasa_port,
            )
        )
        with open(prefix / "stderr.log", "wb") as stderr:  # the child keeps its own copy
            nginx = subprocess.Popen(
                [NGINX, "-p", str(prefix), "-c", str(prefix / "nginx.conf"), "-e", str(prefix / "error.log")],
                stdout=subprocess.DEVNULL,
                stderr=stderr,
            )
        _wait_for_port(port, nginx, prefix / "stderr.log")
        yield f"http://127.0.0.1:{port}/webhooks/rest/webhook", prefix, stacks
    finally:
        if nginx is not None:
            nginx.terminate()  # SIGTERM: nginx's fast shutdown, master and worker
            nginx.wait(15)
        for stack in reversed(stacks):
            stack.stop()


def converse(url: str, sender: str, messages: list[str]) -> list[list[dict]]:
    session = requests.Session()
    replies = []
    for message in messages:
        reply = session.post(url, json={"sender": sender, "message": message}, timeout=120)
        assert reply.status_code == 200, (sender, message, reply.status_code, reply.text)
        replies.append(reply.json())
    return replies


def test_twenty_conversations_through_nginx_lose_and_reorder_nothing(balanced, shared_stores):
    url, prefix, _stacks = balanced
    plans = []
    for index in range(CONVERSATIONS):
        messages = HANDOFF if index % 2 == 0 else OTHERS[(index // 2) % len(OTHERS)]
        plans.append((new_sender(), messages))
    with concurrent.futures.ThreadPoolExecutor(max_workers=CONVERSATIONS) as pool:
        results = list(pool.map(lambda plan: converse(url, *plan), plans))

    handoff_senders = [sender for sender, messages in plans if messages is HANDOFF]
    for (sender, messages), replies in zip(plans, results, strict=True):
        assert all(replies), f"a message of {sender} got no reply"
        if messages is HANDOFF:
            assert "Your reference is" in texts(replies[-1])

    engine = create_engine(shared_stores, future=True)
    try:
        with engine.connect() as conn:
            for sender, messages in plans:
                rows = (
                    conn.execute(
                        text("SELECT data FROM events WHERE sender_id = :s AND type_name = 'user' ORDER BY id"),
                        {"s": sender},
                    )
                    .scalars()
                    .all()
                )
                assert [json.loads(row)["text"] for row in rows] == messages, sender
            handoffs = dict(
                conn.execute(text("SELECT conversation_id, count(*) FROM handoffs GROUP BY conversation_id")).all()
            )
    finally:
        engine.dispose()
    # exactly one handoff per handoff conversation, none for the others
    assert handoffs == dict.fromkeys(handoff_senders, 1)

    # nginx really spread the conversations over both servers
    upstreams = {}
    for line in (prefix / "access.log").read_text().splitlines():
        _uri, upstream, status = line.split()
        upstreams[upstream] = upstreams.get(upstream, 0) + 1
        assert status == "200", line
    assert len(upstreams) == 2, upstreams
    assert sum(upstreams.values()) == sum(len(m) for _, m in plans)
    assert min(upstreams.values()) >= 0.3 * sum(upstreams.values()), upstreams
