"""deploy/ names only commands, ports, settings and routes the code has.

No image can be built on the development machines (no container registry is
reachable), so these checks stand in for a build: they read the Dockerfile, the
compose file and the Kubernetes manifests and compare them with bot/settings.py,
bot/cli.py, bot/stack.py and the route decorators. Each checker returns a list
of problems; the last tests feed it a doctored copy of deploy/ to show it
reports what it should.
"""

from __future__ import annotations

import importlib.util
import re
import shlex
import shutil
from collections.abc import Iterator, Mapping
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from bot.cli import COMMANDS
from bot.settings import PROJECT_ROOT, SETTINGS_VARIABLES, Settings
from bot.stack import SERVICES

DEPLOY = PROJECT_ROOT / "deploy"
APP_IMAGE = "iop-intake"

# Variables the deployment may set that bot/settings.py does not read, each
# with who reads it.
THIRD_PARTY_VARS = {
    "ACTION_ENDPOINT_URL": "Rasa substitutes it into endpoints.yml (action_endpoint.url)",
    "SANIC_WORKERS": "Rasa's Sanic worker count; bot/production.py checks it",
    "SANIC_HOST": "actions/server.py binds to it (bot.stack derives it from ACTION_HOST)",
    "PYTHONPATH": "the interpreter: the project root, as the Makefile exports it",
    "PYTHONUNBUFFERED": "the interpreter: log lines reach the container log at once",
    "PATH": "the shell: the venv's python and rasa first",
    "RASA_TELEMETRY_ENABLED": "Rasa: no telemetry (the Makefile exports it)",
    "SQLALCHEMY_SILENCE_UBER_WARNING": "SQLAlchemy 1.4's 2.0 warning (the Makefile exports it)",
    "TF_CPP_MIN_LOG_LEVEL": "TensorFlow's C++ log level (the Makefile exports it)",
    "TF_INTRA_OP_PARALLELISM_THREADS": "TensorFlow's thread pool, read by rasa's CLI (the Makefile exports it)",
    "TF_INTER_OP_PARALLELISM_THREADS": "TensorFlow's thread pool, read by rasa's CLI (the Makefile exports it)",
    "PIP_DISABLE_PIP_VERSION_CHECK": "pip, in the build stage (the Makefile exports it)",
    "PIP_NO_CACHE_DIR": "pip, in the build stage: no cache in the image",
    "POSTGRES_USER": "the postgres image's first user",
    "POSTGRES_DB": "the postgres image's first database",
    "POSTGRES_PASSWORD": "the postgres image's password; compose builds the URLs from it",
}
# Ports of the third-party images (never of our processes).
THIRD_PARTY_PORTS = {5432: "PostgreSQL", 6379: "Redis"}
# The setting that gives each service's listening port.
SERVICE_PORT = {"rasa": "rasa_port", "actions": "action_port", "web": "web_port", "worker": "worker_metrics_port"}


# --- what the code has ---------------------------------------------------


def settings_vars() -> set:
    """Every variable name bot/settings.py reads from the environment."""
    return set(SETTINGS_VARIABLES)


def allowed_vars() -> set:
    return settings_vars() | set(THIRD_PARTY_VARS)


def default_ports() -> set:
    defaults = Settings()
    return {getattr(defaults, attr) for attr in SERVICE_PORT.values()}


def _routes_in(path: Path, prefix: str = "") -> set:
    source = path.read_text()
    return {prefix + p for p in re.findall(r'@\w+\.(?:get|route)\(\s*["\']([^"\']+)["\']', source)}


def _package_file(package: str, name: str) -> Path:
    spec = importlib.util.find_spec(package)  # a top-level package: found, not imported
    assert spec is not None and spec.origin, package
    return Path(spec.origin).parent / name


def service_routes() -> dict[str, set]:
    """GET routes each service really has (read from the route decorators)."""
    return {
        "web": _routes_in(PROJECT_ROOT / "bot" / "web" / "app.py"),
        "actions": _routes_in(PROJECT_ROOT / "actions" / "server.py")
        | _routes_in(_package_file("rasa_sdk", "endpoint.py")),
        "rasa": _routes_in(_package_file("rasa", "server.py")),
        "worker": set(),  # no HTTP routes of its own (prometheus_client's server)
    }


# --- what deploy/ says ---------------------------------------------------


def _yaml_docs(path: Path) -> list[dict]:
    return [doc for doc in yaml.safe_load_all(path.read_text()) if doc]


def _env_file(path: Path) -> dict[str, str]:
    pairs = {}
    for line in path.read_text().splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            name, _, value = line.partition("=")
            pairs[name.strip()] = value.strip()
    return pairs


def _dockerfile_instructions(path: Path) -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) with continuation lines joined, comments dropped."""
    lines, current = [], ""
    for raw in path.read_text().splitlines():
        if raw.strip().startswith("#") and not current:
            continue
        current += raw.rstrip("\\").strip() + " " if raw.rstrip().endswith("\\") else raw.strip()
        if not raw.rstrip().endswith("\\"):
            if current:
                word, _, rest = current.partition(" ")
                lines.append((word.upper(), rest.strip()))
            current = ""
    return lines


def _dockerfile_env(path: Path) -> dict[str, str]:
    env: dict[str, str] = {}
    for word, rest in _dockerfile_instructions(path):
        if word == "ENV":
            for token in shlex.split(rest):
                name, _, value = token.partition("=")
                env[name] = value
    return env


def _service_of(argv: list[str]) -> str:
    """Which of our services an argv starts ("" for a one-off command)."""
    if len(argv) >= 3 and argv[1] == "deploy/service.py":
        return argv[2]
    return ""


class Container:
    """One of our processes as deploy/ runs it: where, argv, env, ports, probes."""

    def __init__(
        self, where: str, argv: list[str], env: Mapping[str, str], ports: list[int], probes: list[tuple[str, int]]
    ) -> None:
        self.where, self.argv, self.env = where, argv, dict(env)
        self.ports, self.probes = ports, probes  # probes: (path or "", port)

    @property
    def service(self) -> str:
        return _service_of(self.argv)


def compose_containers(deploy: Path) -> Iterator[Container]:
    env_file = _env_file(deploy / ".env.example")
    # compose's own ${VAR} interpolation, from the env file (a stand-in for empty secrets)
    text = re.sub(
        r"\$\{([A-Za-z_][A-Za-z0-9_]*)[^}]*\}",
        lambda m: env_file.get(m.group(1)) or "placeholder",
        (deploy / "compose.yml").read_text(),
    )
    compose = yaml.safe_load(text)
    for name, service in compose["services"].items():
        if str(service.get("image", "")).split(":")[0] != APP_IMAGE:
            continue
        env = {**env_file, **{k: str(v) for k, v in (service.get("environment") or {}).items()}}
        ports = []
        for entry in service.get("ports", []):
            ports.append(int(str(entry).split(":")[-1]))
        ports += [int(p) for p in service.get("expose", [])]
        yield Container(f"compose.yml:{name}", list(service.get("command") or []), env, ports, [])


def _k8s_docs(deploy: Path) -> list[dict]:
    docs = []
    for path in sorted((deploy / "k8s").glob("*.yaml")):
        docs += [dict(doc, _file=path.name) for doc in _yaml_docs(path)]
    return docs


def _k8s_env_sources(docs: list[dict]) -> dict[tuple[str, str], dict[str, str]]:
    sources = {}
    for doc in docs:
        if doc.get("kind") == "ConfigMap":
            sources[("configMapRef", doc["metadata"]["name"])] = dict(doc.get("data") or {})
        if doc.get("kind") == "Secret":
            sources[("secretRef", doc["metadata"]["name"])] = dict(doc.get("stringData") or {})
    return sources


def _pod_spec(doc: dict) -> dict:
    return doc.get("spec", {}).get("template", {}).get("spec", {})


def k8s_containers(deploy: Path, problems: list[str]) -> Iterator[Container]:
    docs = _k8s_docs(deploy)
    sources = _k8s_env_sources(docs)
    for doc in docs:
        if doc.get("kind") not in {"Deployment", "Job"}:
            continue
        for c in _pod_spec(doc).get("containers", []):
            where = f"k8s/{doc['_file']}:{c['name']}"
            env: dict[str, str] = {}
            for ref in c.get("envFrom", []):
                ((kind, target),) = ref.items()
                if (kind, target["name"]) not in sources:
                    problems.append(f"{where}: {kind} {target['name']} is not defined in deploy/k8s")
                env.update(sources.get((kind, target["name"]), {}))
            env.update({e["name"]: str(e.get("value", "")) for e in c.get("env", [])})
            ports = [p["containerPort"] for p in c.get("ports", [])]
            probes = []
            for kind in ("startupProbe", "livenessProbe", "readinessProbe"):
                probe = c.get(kind)
                if probe:
                    check = probe.get("httpGet") or probe.get("tcpSocket") or {}
                    probes.append((check.get("path", ""), int(check.get("port", 0))))
            yield Container(where, list(c.get("command", [])) + list(c.get("args", [])), env, ports, probes)


def dockerfile_commands(deploy: Path) -> Iterator[tuple[str, list[str]]]:
    for word, rest in _dockerfile_instructions(deploy / "Dockerfile"):
        if word in {"CMD", "ENTRYPOINT"}:
            yield f"Dockerfile {word}", yaml.safe_load(rest)  # JSON form
        if word == "RUN":
            for part in re.split(r"&&|;", rest):
                yield "Dockerfile RUN", shlex.split(part)


# --- the checks ------------------------------------------------------------


def check_env_names(deploy: Path) -> list[str]:
    allowed = allowed_vars()
    problems: list[str] = []
    named: list[tuple[str, str]] = []
    compose = yaml.safe_load((deploy / "compose.yml").read_text())
    for name, service in compose["services"].items():
        named += [(f"compose.yml:{name}", var) for var in (service.get("environment") or {})]
    named += [
        ("compose.yml ${...}", var)
        for var in re.findall(r"\$\{([A-Za-z_][A-Za-z0-9_]*)", (deploy / "compose.yml").read_text())
    ]
    named += [(".env.example", var) for var in _env_file(deploy / ".env.example")]
    named += [("Dockerfile ENV", var) for var in _dockerfile_env(deploy / "Dockerfile")]
    for doc in _k8s_docs(deploy):
        if doc.get("kind") in {"ConfigMap", "Secret"}:
            named += [(f"k8s/{doc['_file']}", var) for var in (doc.get("data") or doc.get("stringData") or {})]
        for c in _pod_spec(doc).get("containers", []):
            named += [(f"k8s/{doc['_file']}", e["name"]) for e in c.get("env", [])]
    for where, var in named:
        if var not in allowed:
            problems.append(f"{where}: {var} is not a setting in bot/settings.py nor a listed third-party variable")
    return problems


def check_commands(deploy: Path) -> list[str]:
    problems: list[str] = []
    argvs = [(c.where, c.argv) for c in compose_containers(deploy)]
    argvs += [(c.where, c.argv) for c in k8s_containers(deploy, problems)]
    argvs += list(dockerfile_commands(deploy))
    for where, argv in argvs:
        if not argv:
            problems.append(f"{where}: no command")
            continue
        if "-m" in argv[:-1]:
            module = argv[argv.index("-m") + 1]
            if importlib.util.find_spec(module) is None:
                problems.append(f"{where}: python -m {module}: no such module")
            elif module == "bot":
                rest = argv[argv.index("-m") + 2 :]
                if not rest or rest[0] not in COMMANDS:
                    problems.append(f"{where}: python -m bot {' '.join(rest)}: no such command")
        elif argv[0] == "python" and len(argv) > 1:
            if not (PROJECT_ROOT / argv[1]).is_file():
                problems.append(f"{where}: python {argv[1]}: no such file")
            elif argv[1] == "deploy/service.py" and (len(argv) < 3 or argv[2] not in SERVICES):
                problems.append(f"{where}: {' '.join(argv)}: not one of {', '.join(SERVICES)}")
    return problems


def check_ports(deploy: Path) -> list[str]:
    problems: list[str] = []
    containers = list(compose_containers(deploy)) + list(k8s_containers(deploy, problems))
    for c in containers:
        if not c.service:
            continue
        settings = Settings.from_env(c.env)
        expected = getattr(settings, SERVICE_PORT[c.service])
        for port in c.ports + [port for _path, port in c.probes]:
            if port != expected:
                problems.append(
                    f"{c.where}: port {port}, but {c.service} listens on {expected} "
                    f"({SERVICE_PORT[c.service]} under the env given)"
                )
        action_url = c.env.get("ACTION_ENDPOINT_URL")
        if action_url and urlsplit(action_url).port != settings.action_port:
            problems.append(f"{c.where}: ACTION_ENDPOINT_URL port is not ACTION_PORT ({settings.action_port})")
    allowed = default_ports() | {
        getattr(Settings.from_env(c.env), a) for c in containers for a in SERVICE_PORT.values()
    }
    for word, rest in _dockerfile_instructions(deploy / "Dockerfile"):
        if word == "EXPOSE":
            problems += [
                f"Dockerfile EXPOSE {p}: no process listens there" for p in map(int, rest.split()) if p not in allowed
            ]
    # a Service must point at a port its pods listen on
    docs = _k8s_docs(deploy)
    pod_ports = {}
    for doc in docs:
        if doc.get("kind") == "Deployment":
            labels = doc["spec"]["selector"]["matchLabels"]
            pod_ports[tuple(sorted(labels.items()))] = {
                p["containerPort"] for c in _pod_spec(doc)["containers"] for p in c.get("ports", [])
            }
    for doc in docs:
        if doc.get("kind") == "Service":
            key = tuple(sorted(doc["spec"]["selector"].items()))
            for p in doc["spec"]["ports"]:
                if p.get("targetPort", p["port"]) not in pod_ports.get(key, set()):
                    problems.append(
                        f"k8s/{doc['_file']}: Service {doc['metadata']['name']} "
                        f"targets port {p.get('targetPort')} no pod listens on"
                    )
    # URLs to the third-party services use their own ports
    for c in containers:
        for name in ("DATABASE_URL", "TRACKER_STORE_URL", "REDIS_URL"):
            port = urlsplit(c.env.get(name, "")).port
            if port is not None and port not in THIRD_PARTY_PORTS:
                problems.append(f"{c.where}: {name} port {port} is neither PostgreSQL's nor Redis'")
    return problems


def check_probes(deploy: Path) -> list[str]:
    problems: list[str] = []
    routes = service_routes()
    for c in k8s_containers(deploy, problems):
        for path, _port in c.probes:
            if path and path not in routes.get(c.service, set()):
                problems.append(f"{c.where}: probe path {path} is not a route of {c.service or 'this command'}")
    return problems


def all_problems(deploy: Path) -> list[str]:
    return check_env_names(deploy) + check_commands(deploy) + check_ports(deploy) + check_probes(deploy)


# --- the tests -------------------------------------------------------------


def test_the_checker_reads_the_code():
    # a checker that found nothing to compare with would pass anything
    assert {"DATABASE_URL", "REST_TOKEN", "ALLOWED_ORIGINS", "LOG_FORMAT", "APP_ENV"} <= settings_vars()
    assert default_ports() == {5005, 5055, 8080, 9105}
    routes = service_routes()
    assert {"/healthz", "/readyz"} <= routes["web"]
    assert "/health" in routes["actions"] and "/" in routes["rasa"]
    assert "${ACTION_ENDPOINT_URL}" in (PROJECT_ROOT / "endpoints.yml").read_text()


def test_deploy_files_name_only_what_the_code_has():
    assert all_problems(DEPLOY) == []


def test_every_service_runs_and_is_probed():
    containers = list(compose_containers(DEPLOY))
    assert sorted(c.service for c in containers if c.service) == sorted(SERVICES)
    assert any(c.argv == ["python", "-m", "bot", "migrate"] for c in containers)
    problems: list[str] = []
    k8s = {c.service: c for c in k8s_containers(DEPLOY, problems) if c.service}
    assert sorted(k8s) == sorted(SERVICES)
    assert {p for p, _ in k8s["web"].probes} == {"/healthz", "/readyz"}
    assert {p for p, _ in k8s["actions"].probes} == {"/health"}
    assert {p for p, _ in k8s["rasa"].probes} == {"/"}
    for c in containers + list(k8s.values()):
        if c.service:  # production mode, so every process runs its safety checks
            assert Settings.from_env(c.env).app_env == "production", c.where


def test_dockerfile_follows_the_makefile():
    dockerfile = (DEPLOY / "Dockerfile").read_text()
    makefile = (PROJECT_ROOT / "Makefile").read_text()
    pip_lines = re.findall(r"\$\(PY\) -m pip (install .*)", makefile)
    assert len(pip_lines) == 2
    for line in pip_lines:
        assert f"-m pip {line}" in dockerfile
    assert "rasa train --fixed-model-name iop --out models" in dockerfile
    assert "npm ci" in dockerfile and "npm run build" in dockerfile
    assert re.search(r"^USER (?!root)\w+", dockerfile, re.M)
    assert len(re.findall(r"^FROM python:3\.10", dockerfile, re.M)) == 2


def test_no_secret_values_are_committed():
    for name, value in _env_file(DEPLOY / ".env.example").items():
        if name in {"POSTGRES_PASSWORD", "SECRET_KEY", "HANDOFF_WEBHOOK_SECRET", "REST_TOKEN"}:
            assert value == "", name
    for doc in _k8s_docs(DEPLOY):
        if doc.get("kind") == "Secret":
            for name in ("SECRET_KEY", "HANDOFF_WEBHOOK_SECRET", "REST_TOKEN"):
                assert doc["stringData"][name] == "CHANGE-ME"
    assert ".env" in (DEPLOY / ".gitignore").read_text().split()


def test_every_secret_setting_has_a_place_in_both_templates():
    """An operator fills in the templates, not bot/settings.py: a token the code
    reads but no template names (RASA_API_TOKEN was one) is a feature no
    deployment can turn on."""
    secrets = {v for v in settings_vars() if v.endswith(("_TOKEN", "_SECRET", "_KEY"))}
    assert "RASA_API_TOKEN" in secrets
    assert secrets - set(_env_file(DEPLOY / ".env.example")) == set()
    [secret] = [doc for doc in _k8s_docs(DEPLOY) if doc.get("kind") == "Secret"]
    assert secrets - set(secret["stringData"]) == set()


def _doctored(tmp_path: Path, path: str, old: str, new: str) -> Path:
    copy = tmp_path / "deploy"
    shutil.copytree(DEPLOY, copy)
    target = copy / path
    text = target.read_text()
    assert old in text, (path, old)
    target.write_text(text.replace(old, new))  # every occurrence
    return copy


def test_checker_reports_an_unknown_setting(tmp_path):
    copy = _doctored(tmp_path, "compose.yml", "    LOG_FORMAT: json\n", '    LOG_FORMAT: json\n    WEB_THREADS: "16"\n')
    # the x-app block is merged into every service of our image
    assert check_env_names(copy) == [
        f"compose.yml:{name}: WEB_THREADS is not a setting in bot/settings.py nor a listed third-party variable"
        for name in ("migrate", "rasa", "actions", "web", "worker")
    ]
    copy2 = _doctored(tmp_path / "2", "k8s/configmap.yaml", "  LOG_FORMAT: json\n", "  LOG_LEVEL: debug\n")
    assert [p for p in check_env_names(copy2) if "LOG_LEVEL" in p] == [
        "k8s/configmap.yaml: LOG_LEVEL is not a setting in bot/settings.py nor a listed third-party variable"
    ]


def test_checker_reports_an_unknown_command(tmp_path):
    copy = _doctored(tmp_path, "k8s/migrate-job.yaml", '"bot", "migrate"', '"bot", "upgrade-db"')
    assert check_commands(copy) == ["k8s/migrate-job.yaml:migrate: python -m bot upgrade-db: no such command"]
    copy2 = _doctored(
        tmp_path / "2", "compose.yml", '"python", "deploy/service.py", "worker"', '"python", "-m", "bot.worker"'
    )
    assert check_commands(copy2) == ["compose.yml:worker: python -m bot.worker: no such module"]
    copy3 = _doctored(tmp_path / "3", "k8s/rasa.yaml", '"deploy/service.py", "rasa"', '"deploy/service.py", "nlu"')
    assert check_commands(copy3) == [
        f"k8s/rasa.yaml:rasa: python deploy/service.py nlu: not one of {', '.join(SERVICES)}"
    ]


def test_checker_reports_a_wrong_port(tmp_path):
    copy = _doctored(tmp_path, "k8s/actions.yaml", "containerPort: 5055", "containerPort: 5000")
    assert check_ports(copy) == [
        "k8s/actions.yaml:actions: port 5000, but actions listens on 5055 (action_port under the env given)",
        "k8s/actions.yaml: Service iop-actions targets port 5055 no pod listens on",
    ]
    # the env decides: WEB_PORT 8081 makes the compose web service's 8080 wrong
    copy2 = _doctored(tmp_path / "2", "compose.yml", 'WEB_PORT: "8080"', 'WEB_PORT: "8081"')
    assert "compose.yml:web: port 8080, but web listens on 8081 (web_port under the env given)" in check_ports(copy2)
    copy3 = _doctored(tmp_path / "3", "Dockerfile", "EXPOSE 5005", "EXPOSE 5005 5678")
    assert check_ports(copy3) == ["Dockerfile EXPOSE 5678: no process listens there"]


def test_checker_reports_a_probe_path_that_is_no_route(tmp_path):
    copy = _doctored(tmp_path, "k8s/web.yaml", "path: /readyz", "path: /ready")
    assert check_probes(copy) == ["k8s/web.yaml:web: probe path /ready is not a route of web"]
    copy2 = _doctored(tmp_path / "2", "k8s/actions.yaml", "path: /health,", "path: /healthz,")
    assert len(check_probes(copy2)) == 2  # liveness and readiness


def test_the_shipped_settings_pass_production_mode_once_secrets_are_filled():
    from bot.production import production_problems

    problems: list[str] = []
    containers = list(compose_containers(DEPLOY)) + list(k8s_containers(DEPLOY, problems))
    for c in containers:
        env = {
            k: v or "filled-in" if k in {"SECRET_KEY", "HANDOFF_WEBHOOK_SECRET", "REST_TOKEN"} else v
            for k, v in c.env.items()
        }
        assert production_problems(Settings.from_env(env), env) == [], c.where
    assert problems == []


def test_service_launcher_runs_the_stacks_own_argv(monkeypatch, capsys):
    spec = importlib.util.spec_from_file_location("deploy_service", DEPLOY / "service.py")
    launcher = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(launcher)
    rasa = next(c for c in compose_containers(DEPLOY) if c.service == "rasa")
    for name in [*rasa.env, "ALLOWED_ORIGINS", "RASA_HOST", "RASA_PORT"]:
        monkeypatch.delenv(name, raising=False)
    for name, value in rasa.env.items():
        monkeypatch.setenv(name, value)
    assert launcher.main(["rasa", "--print"]) == 0
    argv = shlex.split(capsys.readouterr().out)
    assert argv[1:2] == ["run"]
    assert argv[argv.index("--interface") + 1] == "0.0.0.0"
    assert argv[argv.index("--port") + 1] == "5005"
    assert argv[argv.index("--cors") + 1 :] == rasa.env["ALLOWED_ORIGINS"].split(",")
