"""A tiny Rasa project for the retrain tests: three or four intents, one rule
each, a plain Rasa pipeline (trains in seconds), test stories and a held-out
set of its own. Written into a temporary folder so a test can change it."""

from __future__ import annotations

from pathlib import Path

import yaml

FOLDS = 2  # the smallest cross-validation, for speed
WORDS = ["today", "now", "please", "again", "friend", "folks", "everyone", "there", "team", "all"]
# goodbye has words of its own too: with the greetings' words, a fold split could
# make greet and goodbye trade a few examples and move the macro F1 the gate
# compares by more than its 0.01 (seen once the CV sorted its examples)
GOODBYE_WORDS = [
    "soon",
    "tomorrow",
    "laters",
    "take care",
    "cheers",
    "ciao",
    "adios",
    "toodles",
    "next week",
    "next time",
]
# the intent a test adds shares no word with the others, so its cross-validated
# F1 is as clean as theirs and the gate judges the new model on equal terms
THANKS_WORDS = ["so much", "kindly", "heaps", "loads", "indeed", "truly", "very much", "buddy", "mate", "pal"]
PHRASES = {
    "greet": ["hello", "hi", "good morning"],
    "goodbye": ["bye", "see you later", "farewell"],
    "crisis": ["i want to kill myself", "i am going to hurt myself", "i want to die"],
    "thanks": ["thank you", "thanks a lot", "many thanks"],
}
ANSWERS = {
    "greet": "Hello! How can I help?",
    "goodbye": "Goodbye.",
    "crisis": "Please call or text 988 now.",
    "thanks": "You are welcome.",
}
CONFIG = {
    "recipe": "default.v1",
    "language": "en",
    "assistant_id": "tiny-retrain-test",
    "pipeline": [
        {"name": "WhitespaceTokenizer"},
        {"name": "CountVectorsFeaturizer"},
        {"name": "LogisticRegressionClassifier"},
    ],
    "policies": [{"name": "RulePolicy"}],
}


def examples(intent: str) -> list[str]:
    """24 distinct examples (check-data wants at least 20)."""
    words = {"thanks": THANKS_WORDS, "goodbye": GOODBYE_WORDS}.get(intent, WORDS)
    return [f"{phrase} {word}" for phrase in PHRASES[intent] for word in words][:24]


def write(root: Path, intents: tuple[str, ...] = ("greet", "goodbye", "crisis")) -> Path:
    """The project under `root`; returns `root`."""
    (root / "data" / "nlu").mkdir(parents=True, exist_ok=True)
    (root / "stories").mkdir(exist_ok=True)
    (root / "heldout").mkdir(exist_ok=True)
    dump = lambda path, data: path.write_text(yaml.safe_dump(data, sort_keys=False))  # noqa: E731
    dump(root / "config.yml", CONFIG)
    dump(
        root / "domain.yml",
        {
            "version": "3.1",
            "intents": list(intents),
            "responses": {f"utter_{i}": [{"text": ANSWERS[i]}] for i in intents},
            "session_config": {"session_expiration_time": 60, "carry_over_slots_to_new_session": True},
        },
    )
    nlu = [{"intent": i, "examples": "".join(f"- {e}\n" for e in examples(i))} for i in intents]
    dump(root / "data" / "nlu" / "nlu.yml", {"version": "3.1", "nlu": nlu})
    rules = [{"rule": f"answer {i}", "steps": [{"intent": i}, {"action": f"utter_{i}"}]} for i in intents]
    dump(root / "data" / "rules.yml", {"version": "3.1", "rules": rules})
    stories = [
        {"story": f"test {i}", "steps": [{"user": examples(i)[5], "intent": i}, {"action": f"utter_{i}"}]}
        for i in intents
    ]
    dump(root / "stories" / "test_stories.yml", {"version": "3.1", "stories": stories})
    write_heldout(root, {"crisis": ["i want to die tonight", "i want to kill myself tonight"]})
    return root


def write_heldout(root: Path, crisis: dict[str, list[str]] | list[str] | None = None) -> None:
    """heldout/crisis.yml (label crisis) and heldout/other.yml (greet, goodbye)."""
    texts = crisis["crisis"] if isinstance(crisis, dict) else (crisis or [])
    (root / "heldout" / "crisis.yml").write_text(
        yaml.safe_dump({"messages": [{"text": t, "labels": ["crisis"]} for t in texts]})
    )
    other = [{"text": "hello my friend", "labels": ["greet"]}, {"text": "bye bye", "labels": ["goodbye"]}]
    (root / "heldout" / "other.yml").write_text(yaml.safe_dump({"messages": other}))


def retrain_args(root: Path, model: Path) -> list[str]:
    return [
        "--config",
        str(root / "config.yml"),
        "--domain",
        str(root / "domain.yml"),
        "--data",
        str(root / "data"),
        "--nlu",
        str(root / "data" / "nlu"),
        "--stories",
        str(root / "stories"),
        "--heldout",
        str(root / "heldout"),
        "--model",
        str(model),
        "--folds",
        str(FOLDS),
        "--work",
        str(root / "work"),
    ]
