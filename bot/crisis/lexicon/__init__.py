"""The crisis lexicon: one YAML file of patterns per category, beside this module.

`load_lexicon` reads bot/crisis/lexicon/<category>.yml for every category of
`CRISIS_CATEGORIES` (in that order) and checks every entry before the matcher
uses it. Rules:

* A file is a list of patterns; each pattern is one text entry written in the
  language of `bot.crisis.patterns` (a number, a mapping or an empty entry is
  an error, so "- 988" must be quoted).
* Every pattern must expand (known macros) and compile, and must not repeat a
  word gap (" *", " +", " {"), which would backtrack catastrophically.
* Comments go on their own lines: after an unquoted pattern, " #" would
  silently cut it short, so a comment there is refused.
* Every .yml file here must be a category's: a misspelt file name would
  otherwise be silently ignored.

Errors are `LexiconError`s naming the file, the entry number and its line.
The result is cached: the files are read once per directory.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import yaml

from bot.crisis.matches import CRISIS_CATEGORIES
from bot.crisis.patterns import expand

__all__ = ["LEXICON_DIR", "Lexicon", "LexiconError", "load_lexicon"]

LEXICON_DIR = Path(__file__).resolve().parent

# (category, its patterns) for every category, in the order of CRISIS_CATEGORIES
Lexicon = tuple[tuple[str, tuple[str, ...]], ...]

# libyaml's parser when PyYAML was built with it: the files are large
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_STR_TAG = "tag:yaml.org,2002:str"
_REPEATED_GAP = re.compile(r" [*+{]")


class LexiconError(ValueError):
    """A lexicon file that cannot be used, with the file and entry at fault."""


@cache
def load_lexicon(directory: Path = LEXICON_DIR) -> Lexicon:
    """Every category's patterns, as written in `directory`'s YAML files."""
    unknown = sorted(p.name for p in directory.glob("*.yml") if p.stem not in CRISIS_CATEGORIES)
    if unknown:
        raise LexiconError(
            f"{directory}: {', '.join(unknown)} is not a crisis category's file (the files are "
            f"{', '.join(c + '.yml' for c in CRISIS_CATEGORIES)})"
        )
    return tuple((category, _load_file(directory / f"{category}.yml")) for category in CRISIS_CATEGORIES)


def _load_file(path: Path) -> tuple[str, ...]:
    try:
        text = path.read_text(encoding="utf-8")
        # compose (not load) keeps each entry's line and its resolved type
        root = yaml.compose(text, Loader=_Loader)
    except OSError as exc:
        raise LexiconError(f"{path}: cannot be read ({exc.strerror})") from exc
    except yaml.YAMLError as exc:
        raise LexiconError(f"{path}: not valid YAML: {exc}") from exc
    if not isinstance(root, yaml.SequenceNode):
        raise LexiconError(f"{path}: must be a list of patterns (one '- ' item per pattern)")
    lines = text.splitlines()
    return tuple(_checked(path, lines, number, node) for number, node in enumerate(root.value, start=1))


def _checked(path: Path, lines: list[str], number: int, node: yaml.Node) -> str:
    where = f"{path}, entry {number} (line {node.start_mark.line + 1})"
    if not isinstance(node, yaml.ScalarNode) or node.tag != _STR_TAG:
        raise LexiconError(f"{where}: a pattern must be text; put it in single quotes")
    source: str = node.value
    end = node.end_mark  # plain (unquoted) scalars have no style
    if not node.style and end.line < len(lines) and lines[end.line][end.column :].lstrip().startswith("#"):
        raise LexiconError(
            f"{where}: ' #' ends an unquoted pattern; put it in single quotes or the comment on its own line"
        )
    if not source.strip():
        raise LexiconError(f"{where}: the pattern is empty")
    if _REPEATED_GAP.search(source):
        raise LexiconError(f"{where}: a space followed by *, + or {{ repeats a word gap; use ' ?' or list the words")
    try:
        re.compile(expand(source))
    except (ValueError, re.error) as exc:  # re.error for a bad regex, ValueError for an unknown macro
        raise LexiconError(f"{where}: {exc}") from exc
    return source
