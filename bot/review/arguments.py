"""Command-line argument types shared by `python -m bot review` (cli) and
`python -m bot check-data` (checks): one-line errors and the number checks."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import NoReturn

__all__ = ["OneLineErrorParser", "fraction", "positive_int"]


class OneLineErrorParser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # one line, not the usage block
        self.exit(2, f"error: {message}\n")


def _subject(name: str) -> str:
    return f"{name} " if name else ""


def fraction(name: str = "") -> Callable[[str], float]:
    """An argument type for a number in (0, 1]; `name` opens its error messages."""

    def parse(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{_subject(name)}must be a number, got {text!r}") from None
        if not 0 < value <= 1:
            raise argparse.ArgumentTypeError(f"{_subject(name)}must be in (0, 1], got {value:g}")
        return value

    return parse


def positive_int(name: str = "") -> Callable[[str], int]:
    """An argument type for a whole number of at least 1; `name` opens its error messages."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{_subject(name)}must be a whole number, got {text!r}") from None
        if value < 1:
            raise argparse.ArgumentTypeError(f"{_subject(name)}must be at least 1, got {value}")
        return value

    return parse
