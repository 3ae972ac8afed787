"""The demo referral-website page and the chat widget's built assets.

Routes (blueprint `bp`, registered by bot.web.app.create_app):

* ``/``                     demo page of a referral website with the widget embedded
* ``/widget/widget.js``     the widget (built by esbuild into widget/dist; `make widget`)
* ``/widget/widget.css``    its stylesheet (loaded by widget.js)
* (``*.map`` source maps in widget/dist are never served: they expose the source)
* ``/widget/config.json``   where the Rasa server is, for an embed without data-server-url
* ``/site/<file>``          the demo page's own stylesheet

The demo page sends a Content-Security-Policy that allows scripts, styles and
connections only to this site, plus the Rasa server (PUBLIC_RASA_URL) for
connect-src. Nothing is loaded from a CDN.
"""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlsplit

from flask import Blueprint, Response, abort, current_app, render_template, request, send_from_directory

from bot.settings import PROJECT_ROOT, Settings, get_settings

bp = Blueprint("site", __name__, template_folder="templates")

WIDGET_DIST = PROJECT_ROOT / "widget" / "dist"
SITE_STATIC = Path(__file__).resolve().parent / "static" / "site"

ASSET_TYPES = {
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
}
SHORT_CACHE = "public, max-age=300"  # stable URLs that embedders reference
LONG_CACHE = "public, max-age=31536000, immutable"  # versioned URLs (?v=<content hash>)

NOT_BUILT_MESSAGE = (
    "The chat widget is not built yet. Run `make widget` (or: cd widget && npm ci && npm run build) and reload."
)


def _settings() -> Settings:
    for key in ("SETTINGS", "IOP_SETTINGS"):
        value = current_app.config.get(key)
        if isinstance(value, Settings):
            return value
    return get_settings()


def _widget_dist() -> Path:
    return Path(current_app.config.get("WIDGET_DIST", WIDGET_DIST))


def _origin(url: str) -> str | None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    return f"{parts.scheme}://{parts.netloc}"


def rasa_connect_sources(public_rasa_url: str) -> list[str]:
    """connect-src entries for the Rasa server: its http(s) and ws(s) origins."""
    origin = _origin(public_rasa_url)
    if origin is None:
        return []
    ws = "wss" if origin.startswith("https:") else "ws"
    return [origin, f"{ws}://{origin.split('://', 1)[1]}"]


def demo_csp(settings: Settings) -> str:
    connect = " ".join(["'self'", *rasa_connect_sources(settings.public_rasa_url)])
    return "; ".join(
        [
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self' data:",
            "font-src 'self'",
            f"connect-src {connect}",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]
    )


def embed_snippet(settings: Settings) -> str:
    return (
        f'<script src="{settings.public_web_url}/widget/widget.js"\n'
        f'        data-server-url="{settings.public_rasa_url}" defer></script>'
    )


def config_snippet(settings: Settings) -> str:
    return (
        "<script>\n"
        "  window.IOPChatWidget = {\n"
        f'    serverUrl: "{settings.public_rasa_url}",\n'
        '    title: "Treatment questions",\n'
        '    colors: { primary: "#0b5394" }\n'
        "  };\n"
        "</script>\n"
        f'<script src="{settings.public_web_url}/widget/widget.js" defer></script>'
    )


def _security_headers(resp: Response) -> Response:
    resp.headers["X-Content-Type-Options"] = "nosniff"
    resp.headers["Referrer-Policy"] = "strict-origin-when-cross-origin"
    return resp


def _cors(resp: Response, settings: Settings) -> Response:
    origin = request.headers.get("Origin")
    if origin and origin in settings.allowed_origins:
        resp.headers["Access-Control-Allow-Origin"] = origin
    resp.headers.add("Vary", "Origin")
    return resp


@bp.get("/")
def demo_page() -> Response:
    settings = _settings()
    html = render_template(
        "site/demo.html",
        embed_snippet=embed_snippet(settings),
        config_snippet=config_snippet(settings),
        widget_built=(_widget_dist() / "widget.js").is_file(),
        allowed_origins=settings.allowed_origins,
    )
    resp = Response(html, mimetype="text/html")
    resp.headers["Content-Security-Policy"] = demo_csp(settings)
    resp.headers["Cache-Control"] = "no-cache"
    resp.headers["X-Frame-Options"] = "DENY"
    resp.headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()"
    return _security_headers(resp)


@bp.get("/widget/config.json")
def widget_config() -> Response:
    settings = _settings()
    body = json.dumps({"serverUrl": settings.public_rasa_url, "socketPath": "/socket.io"})
    resp = Response(body, mimetype="application/json")
    resp.headers["Cache-Control"] = "no-cache"
    resp.headers["Cross-Origin-Resource-Policy"] = "cross-origin"
    return _security_headers(_cors(resp, settings))


def _not_built() -> Response:
    wants_json = request.accept_mimetypes.best == "application/json"
    if wants_json:
        body = json.dumps({"error": "widget_not_built", "message": NOT_BUILT_MESSAGE})
        resp = Response(body, status=503, mimetype="application/json")
    else:
        resp = Response(NOT_BUILT_MESSAGE + "\n", status=503, mimetype="text/plain")
    resp.headers["Cache-Control"] = "no-store"
    resp.headers["Retry-After"] = "30"
    return _security_headers(resp)


def _css_version(dist: Path) -> str | None:
    try:
        version: str | None = json.loads((dist / "manifest.json").read_text())["cssVersion"]
        return version
    except (OSError, ValueError, KeyError, TypeError):
        return None


@bp.get("/widget/<path:filename>")
def widget_asset(filename: str) -> Response:
    dist = _widget_dist()
    suffix = Path(filename).suffix
    if "/" in filename or filename.startswith(".") or suffix not in ASSET_TYPES:
        abort(404)
    if not (dist / "widget.js").is_file():
        return _not_built()
    if not (dist / filename).is_file():
        abort(404)
    resp = send_from_directory(dist, filename, conditional=True, max_age=300)
    resp.headers["Content-Type"] = ASSET_TYPES[suffix]
    version = request.args.get("v")
    if filename == "widget.css" and version and version == _css_version(dist):
        resp.headers["Cache-Control"] = LONG_CACHE
    else:
        resp.headers["Cache-Control"] = SHORT_CACHE
    # embeddable from any site that adds the script tag
    resp.headers["Cross-Origin-Resource-Policy"] = "cross-origin"
    return _security_headers(resp)


@bp.get("/site/<path:filename>")
def site_static(filename: str) -> Response:
    suffix = Path(filename).suffix
    if suffix not in (".css", ".svg", ".png", ".ico"):
        abort(404)
    resp = send_from_directory(SITE_STATIC, filename, conditional=True, max_age=300)
    if suffix == ".css":
        resp.headers["Content-Type"] = ASSET_TYPES[".css"]
    resp.headers["Cache-Control"] = SHORT_CACHE
    return _security_headers(resp)
