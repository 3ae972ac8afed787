"""The demo page and the widget's assets (bot/web/site.py), through the real web app."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from bot.db import Database
from bot.settings import Settings
from bot.web.app import create_app
from bot.web.site import demo_csp, rasa_connect_sources

WIDGET_JS = b"(()=>{console.log('widget')})();\n"
WIDGET_CSS = b".iop-root{color:#111}\n"
CSS_VERSION = "abc123def456"


@pytest.fixture
def dist(tmp_path: Path) -> Path:
    """A stand-in for widget/dist, so these tests do not need a build."""
    d = tmp_path / "dist"
    d.mkdir()
    (d / "widget.js").write_bytes(WIDGET_JS)
    (d / "widget.css").write_bytes(WIDGET_CSS)
    (d / "widget.js.map").write_text('{"version":3}')
    (d / "manifest.json").write_text(json.dumps({"cssVersion": CSS_VERSION}))
    (d / ".built").write_text("")
    return d


def make_app(tmp_path: Path, dist_dir: Path, **overrides):
    fields = {
        "database_url": f"sqlite:///{tmp_path / 'web.db'}",
        "secret_key": "k" * 64,
        "handoff_webhook_secret": "s" * 32,
        "public_rasa_url": "http://localhost:5005",
        "public_web_url": "http://localhost:8080",
        "allowed_origins": ("http://localhost:8080", "http://127.0.0.1:8080"),
    }
    fields.update(overrides)
    settings = Settings(**fields)
    db = Database(settings.database_url)
    db.create_schema()
    app = create_app(settings, db)
    app.testing = True
    app.config["WIDGET_DIST"] = str(dist_dir)
    return app


@pytest.fixture
def client(tmp_path, dist):
    return make_app(tmp_path, dist).test_client()


# --- demo page ------------------------------------------------------------------


def test_demo_page_embeds_the_widget_with_one_script_tag(client):
    resp = client.get("/")
    assert resp.status_code == 200
    assert resp.mimetype == "text/html"
    html = resp.get_data(as_text=True)
    scripts = re.findall(r"<script\b[^>]*>", html)
    assert scripts == ['<script src="/widget/widget.js" defer>'], "one external script, no inline code"
    assert "</script>" in html and not re.search(r"<script[^>]*>[^<]+</script>", html)
    assert re.search(r"\bdemo\b", html, re.I), "the page says it is a demo"
    assert 'href="tel:988"' in html
    # the copy-paste snippet is shown as text (escaped), with the public URLs
    assert "&lt;script src=&#34;http://localhost:8080/widget/widget.js&#34;" in html
    assert "data-server-url=&#34;http://localhost:5005&#34;" in html
    assert "window.IOPChatWidget" in html
    assert "ALLOWED_ORIGINS" in html


def test_demo_page_loads_nothing_from_other_sites(client):
    html = client.get("/").get_data(as_text=True)
    # every src/href on the page is local, a fragment or a tel: link
    for url in re.findall(r'(?:src|href)="([^"]*)"', html):
        assert url.startswith(("/", "#", "tel:", "data:")), url
    assert "fonts.googleapis" not in html and "cdn" not in html.lower()


def test_demo_page_content_security_policy(client):
    resp = client.get("/")
    csp = resp.headers["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in csp.split(";"))
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["default-src"] == "'self'"
    assert directives["connect-src"] == "'self' http://localhost:5005 ws://localhost:5005"
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert resp.headers["X-Content-Type-Options"] == "nosniff"


def test_csp_follows_the_public_rasa_url():
    https = Settings(public_rasa_url="https://chat.example.org/rasa")
    assert rasa_connect_sources(https.public_rasa_url) == [
        "https://chat.example.org",
        "wss://chat.example.org",
    ]
    assert "connect-src 'self' https://chat.example.org wss://chat.example.org;" in demo_csp(https)
    assert rasa_connect_sources("not a url") == []


def test_demo_stylesheet(client):
    resp = client.get("/site/demo.css")
    assert resp.status_code == 200
    assert resp.headers["Content-Type"] == "text/css; charset=utf-8"
    assert b"font-family" in resp.data and b"@import" not in resp.data and b"url(" not in resp.data
    assert client.get("/site/../site.py").status_code == 404
    assert client.get("/site/demo.html").status_code == 404


# --- widget assets ----------------------------------------------------------------


def test_widget_js_is_served_with_type_and_cache_headers(client):
    resp = client.get("/widget/widget.js")
    assert resp.status_code == 200
    assert resp.data == WIDGET_JS
    assert resp.headers["Content-Type"] == "text/javascript; charset=utf-8"
    assert resp.headers["Cache-Control"] == "public, max-age=300"
    assert resp.headers["X-Content-Type-Options"] == "nosniff"
    assert resp.headers["Cross-Origin-Resource-Policy"] == "cross-origin"
    etag = resp.headers["ETag"]
    again = client.get("/widget/widget.js", headers={"If-None-Match": etag})
    assert again.status_code == 304


def test_widget_css_versioned_url_is_cached_for_long(client):
    plain = client.get("/widget/widget.css")
    assert plain.status_code == 200
    assert plain.headers["Content-Type"] == "text/css; charset=utf-8"
    assert plain.headers["Cache-Control"] == "public, max-age=300"
    versioned = client.get(f"/widget/widget.css?v={CSS_VERSION}")
    assert versioned.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    stale = client.get("/widget/widget.css?v=old")
    assert stale.headers["Cache-Control"] == "public, max-age=300"


def test_source_map_is_not_served(client):
    # Source maps give away the unminified source: never served (issue 10, 8a).
    assert client.get("/widget/widget.js.map").status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/widget/.built",
        "/widget/manifest.json",
        "/widget/missing.js",
        "/widget/../app.py",
        "/widget/sub/widget.js",
        "/widget/widget.exe",
    ],
)
def test_only_built_assets_are_served(client, path):
    assert client.get(path).status_code == 404


def test_unbuilt_widget_gives_a_clear_503(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    client = make_app(tmp_path, empty).test_client()
    resp = client.get("/widget/widget.js")
    assert resp.status_code == 503
    assert resp.mimetype == "text/plain"
    assert "make widget" in resp.get_data(as_text=True)
    assert resp.headers["Cache-Control"] == "no-store"
    as_json = client.get("/widget/widget.js", headers={"Accept": "application/json"})
    assert as_json.status_code == 503
    assert as_json.get_json()["error"] == "widget_not_built"
    page = client.get("/")
    assert page.status_code == 200
    assert "make widget" in page.get_data(as_text=True)


# --- config.json -------------------------------------------------------------------


def test_config_json_tells_the_widget_where_rasa_is(client):
    resp = client.get("/widget/config.json")
    assert resp.status_code == 200
    assert resp.get_json() == {"serverUrl": "http://localhost:5005", "socketPath": "/socket.io"}
    assert resp.headers["Cache-Control"] == "no-cache"


def test_config_json_cors_only_for_allowed_origins(client):
    allowed = client.get("/widget/config.json", headers={"Origin": "http://127.0.0.1:8080"})
    assert allowed.headers["Access-Control-Allow-Origin"] == "http://127.0.0.1:8080"
    assert "Origin" in allowed.headers.get("Vary", "")
    other = client.get("/widget/config.json", headers={"Origin": "https://evil.example"})
    assert "Access-Control-Allow-Origin" not in other.headers


def test_real_widget_build_if_present():
    """When widget/dist is built, the app serves exactly that file."""
    from bot.web.site import WIDGET_DIST

    built = WIDGET_DIST / "widget.js"
    if not built.is_file():
        pytest.fail("widget/dist/widget.js is missing: run `make widget` (make test builds it)")
    manifest = json.loads((WIDGET_DIST / "manifest.json").read_text())
    assert manifest["files"]["widget.js"]["gzipBytes"] < 40 * 1024, "widget.js stays small"
    source = built.read_text()
    assert "innerHTML" not in source, "the bundle never parses HTML"
