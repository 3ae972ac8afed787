"""Normalised text that remembers, for every character, where in the visitor's
message it came from, so a match in the matching form can be reported as a span
of what the visitor typed (`MappedText.source_span`).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from re import Match, Pattern

__all__ = ["MappedText"]


def _segments_from_index(index: Sequence[int]) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Compress a per-character origin list into runs of consecutive origins."""
    starts: list[int] = []
    origins: list[int] = []
    expected = -2
    for position, origin in enumerate(index):
        if origin != expected:
            starts.append(position)
            origins.append(origin)
        expected = origin + 1
    return tuple(starts), tuple(origins)


@dataclass(frozen=True)
class MappedText:
    """Normalised text plus where each of its characters came from.

    The origin of character i of `text` is `source_index(i)`, an index into
    `source` (the message as the visitor typed it). Origins are stored as runs:
    `segment_starts[k]` is the first position of run k in `text` and
    `segment_origins[k]` the origin of that character; the following
    characters of the run come from the following source characters.
    """

    text: str
    source: str
    segment_starts: tuple[int, ...] = (0,)
    segment_origins: tuple[int, ...] = (0,)

    @classmethod
    def from_index(cls, text: str, source: str, index: Sequence[int]) -> MappedText:
        starts, origins = _segments_from_index(index)
        return cls(text, source, starts or (0,), origins or (0,))

    def source_index(self, position: int) -> int:
        """Index in `source` of the character that produced text[position]."""
        if not self.text:
            return len(self.source)
        position = max(0, min(position, len(self.text) - 1))
        run = bisect_right(self.segment_starts, position) - 1
        return self.segment_origins[run] + position - self.segment_starts[run]

    def source_indexes(self) -> list[int]:
        """The origin of every character of `text`."""
        indexes: list[int] = []
        starts = self.segment_starts
        last = len(starts) - 1
        for run, start in enumerate(starts):
            end = starts[run + 1] if run < last else len(self.text)
            origin = self.segment_origins[run]
            indexes.extend(range(origin, origin + max(0, end - start)))
        return indexes

    def slice(self, start: int, end: int) -> MappedText:
        """text[start:end] with its origins (the source stays the whole message)."""
        start = max(0, min(start, len(self.text)))
        end = max(start, min(end, len(self.text)))
        first = bisect_right(self.segment_starts, start) - 1
        starts = [0]
        origins = [self.segment_origins[first] + start - self.segment_starts[first]]
        for run in range(first + 1, len(self.segment_starts)):
            run_start = self.segment_starts[run]
            if run_start >= end:
                break
            starts.append(run_start - start)
            origins.append(self.segment_origins[run])
        return MappedText(self.text[start:end], self.source, tuple(starts), tuple(origins))

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """The span of `source` that produced text[start:end]."""
        if not self.text or end <= start:
            position = self.source_index(start) if self.text and 0 <= start < len(self.text) else len(self.source)
            return position, position
        return self.source_index(start), self.source_index(end - 1) + 1

    def source_text(self, start: int, end: int) -> str:
        """What the visitor typed for text[start:end]."""
        source_start, source_end = self.source_span(start, end)
        return self.source[source_start:source_end]

    def sub(self, pattern: Pattern[str], replace: Callable[[Match[str]], str]) -> MappedText:
        """Apply a regex substitution, keeping every character's origin.

        Characters of a replacement map proportionally onto the characters of
        the match they replace. Returns `self` when nothing changes.
        """
        matches = [(m.span(), replace(m)) for m in pattern.finditer(self.text)]
        matches = [(span, new) for span, new in matches if new != self.text[span[0] : span[1]]]
        if not matches:
            return self
        index = self.source_indexes()
        pieces: list[str] = []
        origin: list[int] = []
        position = 0
        for (start, end), replacement in matches:
            pieces.append(self.text[position:start])
            origin.extend(index[position:start])
            pieces.append(replacement)
            length = end - start
            if replacement:
                if len(replacement) == length:
                    origin.extend(index[start:end])
                else:
                    last = max(len(replacement) - 1, 1)
                    origin.extend(index[start + (k * (length - 1)) // last] for k in range(len(replacement)))
            position = end
        pieces.append(self.text[position:])
        origin.extend(index[position:])
        return MappedText.from_index("".join(pieces), self.source, origin)
