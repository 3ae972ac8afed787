"""Adding an FAQ topic is data only, and the README says how: this test reads
the numbered steps of README.md's "Adding an FAQ topic", follows each one on a
copy of the project's data/, domain.yml and config.yml (no model is trained),
and runs the checks the README names against the copy. A step whose files the
test does not know, or a check the README stops naming, fails the test, so the
README and the project cannot drift apart; leaving out an editing step makes
check-data name what is missing."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from bot.review.checks import check_data
from bot.settings import get_settings, with_process_environment

ROOT = Path(__file__).resolve().parents[2]
TOPIC = "service_animals"
EXAMPLES = [
    "can i bring my service dog to iop",
    "are service animals allowed in group",
    "is my service animal welcome at the program",
    "can my guide dog come with me to sessions",
    "do they let service dogs into therapy",
    "will my seeing eye dog be allowed",
    "can i have my emotional support animal with me",
    "is an emotional support dog ok at iop",
    "my service dog goes everywhere with me, is that ok",
    "do programs accept service animals",
    "service dog allowed?",
    "what about my service animal",
    "can my son bring his service dog",
    "my wife has a guide dog can it come to iop",
    "are dogs allowed at the clinic",
    "can i bring my dog",
    "is there a rule about animals at iop",
    "my therapy dog helps me with anxiety can he come along",
    "do i have to leave my service dog at home",
    "would they turn me away because of my service dog",
    "can a support animal sit with me in group therapy",
]
FACTS = ["service animal", "intake team", "advisor"]
ANSWER = f"""
  utter_faq/{TOPIC}:
    - text: >-
        Whether you can bring a service animal or a support animal depends on the
        program and its building. Ask the program's intake team before your first
        session, so they can tell you what they allow. An advisor can also find out
        for you.
      buttons: *next_steps
"""
CHECKS = {  # what the README's check step must name -> how this test runs it
    "bot check-data": "check-data",
    "rasa data validate --fail-on-warnings": "validate",
    "tests/actions/test_domain_responses.py": "answers",
}


def readme_steps() -> list[str]:
    text = (ROOT / "README.md").read_text()
    start = text.index("### Adding an FAQ topic")
    end = min(i for i in (text.find("\n## ", start), text.find("\n### ", start + 1), len(text)) if i != -1)
    section = text[start:end]
    return [m.group(1) for m in re.finditer(r"^\d+\. (.*?)(?=^\d+\. |\Z)", section, re.M | re.S)]


def write_examples(copy: Path) -> None:
    path = copy / "data" / "nlu" / "faq" / f"{TOPIC}.yml"
    layout = (ROOT / "data" / "nlu" / "faq" / "duration.yml").read_text()
    header = layout[: layout.index("nlu:")].replace("duration", TOPIC)
    lines = "".join(f"    - {e}\n" for e in EXAMPLES)
    path.write_text(f"{header}nlu:\n- intent: faq/{TOPIC}\n  examples: |\n{lines}")


def add_facts(copy: Path) -> None:
    path = copy / "data" / "nlu" / "faq" / f"{TOPIC}.yml"
    facts = "".join(f"    - {f}\n" for f in FACTS)
    text = path.read_text()
    path.write_text(text.replace("  examples: |\n", f"  metadata:\n    facts:\n{facts}  examples: |\n", 1))


def add_answer(copy: Path) -> None:
    """After the last utter_faq/ response (the FAQ section)."""
    domain = copy / "domain.yml"
    lines = domain.read_text().splitlines(keepends=True)
    last = max(i for i, line in enumerate(lines) if line.startswith("  utter_faq/"))
    end = next((i for i in range(last + 1, len(lines)) if re.match(r"^ {0,2}\S", lines[i])), len(lines))
    while end > last + 1 and not lines[end - 1].strip():
        end -= 1
    domain.write_text("".join(lines[:end]) + ANSWER + "".join(lines[end:]))


EDITS: list[tuple[str, Callable[[Path], None]]] = [  # the README's words for a step -> what the test does
    ("metadata: facts:", add_facts),
    ("utter_faq/<topic>", add_answer),
    ("data/nlu/faq/<topic>.yml", write_examples),
]


def plan() -> list[tuple[str, Callable[[Path], None] | None, list[str]]]:
    """Each README step as (its text, the edit it asks for, the checks it names)."""
    steps = []
    for number, step in enumerate(readme_steps(), 1):
        named = re.findall(r"`([^`]+)`", step)
        edit = next((action for words, action in EDITS if words in named), None)
        checks = [name for words, name in CHECKS.items() if any(words in n for n in named)]
        if edit is None and not checks and "make test" not in named:
            pytest.fail(
                f"README 'Adding an FAQ topic' step {number} asks for something this test cannot follow: {step}"
            )
        steps.append((step, edit, checks))
    return steps


@pytest.fixture
def copy(tmp_path) -> Path:
    shutil.copytree(ROOT / "data", tmp_path / "data")
    for name in ("domain.yml", "config.yml"):
        shutil.copy(ROOT / name, tmp_path / name)
    return tmp_path


def env() -> dict[str, str]:
    return with_process_environment(os.environ, get_settings())


def run_check(name: str, copy: Path) -> subprocess.CompletedProcess[str]:
    python = sys.executable
    command = {
        "check-data": [
            python,
            "-m",
            "bot",
            "check-data",
            "--data-dir",
            str(copy / "data" / "nlu"),
            "--domain",
            str(copy / "domain.yml"),
        ],
        "validate": [str(Path(python).parent / "rasa"), "data", "validate", "--fail-on-warnings", "--quiet"],
        "answers": [
            python,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            str(ROOT / "tests/actions/test_domain_responses.py"),
        ],
    }[name]
    environment = env() | {"DOMAIN_TEST_ROOT": str(copy)}
    return subprocess.run(
        command, cwd=copy if name == "validate" else ROOT, env=environment, capture_output=True, text=True, timeout=900
    )


def test_the_readme_names_every_edit_and_every_check():
    steps = plan()
    edits = {edit for _, edit, _ in steps if edit}
    checks = {check for _, _, names in steps for check in names}
    missing = [words for words, action in EDITS if action not in edits]
    missing += [words for words, name in CHECKS.items() if name not in checks]
    assert not missing, f"README 'Adding an FAQ topic' has no step naming {missing}"


def test_following_the_readme_adds_a_topic_that_passes_every_check(copy):
    ran = []
    for _, edit, checks in plan():
        if edit:
            edit(copy)
        for name in checks:
            result = run_check(name, copy)
            assert result.returncode == 0, (
                f"{name} failed on the copy:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
            )
            ran.append(name)
    assert sorted(ran) == sorted(CHECKS.values())
    # the topic really is there, in the copy only
    assert (copy / "data" / "nlu" / "faq" / f"{TOPIC}.yml").exists()
    assert not (ROOT / "data" / "nlu" / "faq" / f"{TOPIC}.yml").exists()


@pytest.mark.parametrize(
    "left_out, expected",
    [
        (
            write_examples,
            f"domain.yml:{{line}}: no examples: utter_faq/{TOPIC} answers faq/{TOPIC}, which has no examples",
        ),
        (
            add_facts,
            f"data/nlu/faq/{TOPIC}.yml:7: no facts: faq/{TOPIC}: its `metadata: facts:` list is missing or empty",
        ),
        (
            add_answer,
            f"data/nlu/faq/{TOPIC}.yml:7: no response: faq/{TOPIC} has no response utter_faq/{TOPIC} in domain.yml",
        ),
    ],
    ids=["examples", "facts", "answer"],
)
def test_leaving_out_a_step_fails_naming_what_is_missing(copy, left_out, expected):
    for _, edit, _ in plan():
        if edit and edit is not left_out:
            if left_out is write_examples and edit is add_facts:
                continue  # the facts go into the examples' file
            edit(copy)
    findings = [f.render(copy) for f in check_data(copy / "data" / "nlu", copy / "domain.yml")]

    line = (
        (copy / "domain.yml").read_text().splitlines().index(f"  utter_faq/{TOPIC}:") + 1
        if left_out is write_examples
        else 0
    )
    assert any(f.startswith(expected.format(line=line)) for f in findings), findings
