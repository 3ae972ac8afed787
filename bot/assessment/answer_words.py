"""The answer words as data: answer_words.yml beside this module, read once.

Each section of the file is a mapping of label -> phrases (or, for
`subject_verbs`, a plain list). The code that reads a section names the labels
it uses, so a label the code does not know, or one it needs and the file lacks,
is an error rather than a phrase that silently never counts. Every phrase must
be written in the matching form (`matching.tokens`: lower case, no punctuation,
no apostrophes), or it could never match. A malformed entry raises ValueError
naming the file, the section and the label. Imports PyYAML and
bot.assessment.matching only.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import lru_cache
from pathlib import Path

import yaml

from bot.assessment.matching import Lexicon, tokens

__all__ = ["PATH", "lexicon", "phrases", "words"]

PATH = Path(__file__).with_name("answer_words.yml")


@lru_cache(maxsize=4)
def _sections(path: Path) -> Mapping[str, object]:
    try:
        with path.open(encoding="utf-8") as handle:
            data = yaml.safe_load(handle)
    except yaml.YAMLError as exc:
        raise ValueError(f"{path.name}: not valid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise ValueError(f"{path.name}: expected a mapping of sections")
    return data


def _section(path: Path, section: str) -> object:
    data = _sections(path)
    if section not in data:
        raise ValueError(f"{path.name}: no section {section!r}")
    return data[section]


def _phrase_list(path: Path, where: str, values: object) -> tuple[str, ...]:
    """The phrases of one list, each checked to be in the matching form."""
    if not isinstance(values, list) or not values:
        raise ValueError(f"{path.name} {where}: expected a non-empty list of phrases")
    for value in values:
        # a word YAML reads as something else ("no" -> False) is caught here too
        if not isinstance(value, str) or not value or " ".join(tokens(value)) != value:
            raise ValueError(
                f"{path.name} {where}: {value!r} is not a phrase in the matching form "
                "(lower case, no punctuation or apostrophes; quote yes/no/true)"
            )
    return tuple(values)


def phrases(section: str, labels: Sequence[str], path: Path = PATH) -> dict[str, tuple[str, ...]]:
    """The section's phrases by label, in the order of `labels`, which must be
    exactly the section's labels."""
    raw = _section(path, section)
    if not isinstance(raw, dict):
        raise ValueError(f"{path.name} {section}: expected labels, each with a list of phrases")
    found = [str(label) for label in raw]  # an unquoted `yes:` label is read as True
    unknown = sorted({label for label in found if label not in labels or label not in raw})
    missing = sorted(set(labels) - set(found))
    if unknown or missing:
        raise ValueError(f"{path.name} {section}: unknown labels {unknown} (quote yes/no), missing labels {missing}")
    return {label: _phrase_list(path, f"{section}.{label}", raw[label]) for label in labels}


def lexicon(section: str, labels: Sequence[str], path: Path = PATH) -> Lexicon:
    """The section as a `Lexicon`, its labels in the order given."""
    return Lexicon(phrases(section, labels, path))


def words(section: str, path: Path = PATH) -> frozenset[str]:
    """A section that is a plain list of words or phrases."""
    return frozenset(_phrase_list(path, section, _section(path, section)))
