"""The held-out set stays held out: no held-out message may be a training
example (compared in the review queue's normalised form: lower case, words
only, annotations removed).

KNOWN_OVERLAPS lists, by the first 16 hex digits of the SHA-256 of the
normalised text (so no held-out wording is written here), the 65 messages that
already were training examples when this check was added on 2026-12-03. None
is a leak: `git log -S` finds every one in data/ before the held-out set was
written (the latest on 2026-11-27, the set on 2026-12-02); the blind writer
chose the same common wordings ("yes", "thanks", "whats iop"). The model has
seen them all the same, so scripts/heldout_eval.py also reports its figures
without them ("not in training"). Each one removed from data/nlu/ must also
leave this list (the second test fails on a stale entry); a new overlap fails
the first test.

tests/heldout2/ (the second blind set, written 2026-12-03) has its own list,
KNOWN_OVERLAPS_2: the 33 of its messages that were already training examples
when it was written, the same kind of common wording ("thanks", "bye").
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from bot.review.group import normalised
from bot.review.training_data import load_blocks, plain
from scripts.heldout_eval import load_heldout

KNOWN_OVERLAPS = frozenset(
    {
        "0c4dd8a6c28a1de9",
        "0cf0982941822d21",
        "10e5ede4715c8088",
        "11585098e33f08e4",
        "12998c017066eb0d",
        "1b2393b1cd37a2e9",
        "1df9ce6e6dbad0ac",
        "1f2ced1befda6465",
        "25717b58bcc1ed42",
        "2c881a8a35b4b30b",
        "2d153b4ca20d9d24",
        "2d370b60770ace79",
        "38012c26a53b255b",
        "3ace60b0a0c1b6c9",
        "3d170f63dfc7dee5",
        "411a3c10a7fff97e",
        "4446da97a9bc3e95",
        "44549b8173c5c962",
        "52d5ef5c71a1ad53",
        "56a6591030157b65",
        "5bc0542c96111d7d",
        "5c26b3a0fc9d6c14",
        "608f8e276d498b8c",
        "651b521b708ef6bd",
        "6c45cb72a36e63d5",
        "6c50ba772bfa4419",
        "7568d29c54d06084",
        "77c98c172b6fbc99",
        "7b6d95f27a29e4bc",
        "7f8b6c0e95543c97",
        "8952742bff50c312",
        "8a798890fe938171",
        "8f434346648f6b96",
        "909291bab180eeb8",
        "9390298f3fb0c5b1",
        "9561ec7060925885",
        "97dbf4b537bc08af",
        "983fa890174868c1",
        "9bb9be21b342644d",
        "9e87a9d7714fc649",
        "9ecc8209e48c6bf3",
        "a6a2729cbf6bcadc",
        "b2cd20a1325a7936",
        "b3e97a9626413e34",
        "b49f425a7e1f9cff",
        "b955e6cd0808744c",
        "c06fc555902938b4",
        "c22d26d33c5783cf",
        "c8045af329ae534a",
        "c8a65f4fe39cea2d",
        "c8e68213532dd31c",
        "c9a12df634167a97",
        "ca84376990132213",
        "d1f3b82ef7c8232b",
        "d728a7851f27281a",
        "d97356107fa95d47",
        "ddf93ec794a64fde",
        "e7ed65d6d512124b",
        "ec6e5408d60670af",
        "ed8f9f77aa6a20e0",
        "f1642f441edef926",
        "f184a4b71a49c744",
        "f35b24cbbbe7dc93",
        "f91fb8aa20e5349c",
        "fa690b82061edfd2",
    }
)

KNOWN_OVERLAPS_2 = frozenset(
    {
        "0d4a67f1fcf75dac",
        "18fd1bbc0207603d",
        "1b2393b1cd37a2e9",
        "2374d91794b79f4f",
        "25717b58bcc1ed42",
        "279de61d7f556db2",
        "4398bb42d90418ea",
        "4d983b441ca75c4a",
        "50a1fb70cb54ef40",
        "52d5ef5c71a1ad53",
        "5368a0789e748950",
        "600e6e238664da59",
        "63606ceb09845f45",
        "68971303bd28d267",
        "6dc4bf565547cc0e",
        "7f8b6c0e95543c97",
        "81dc0cbf8b27873b",
        "8655021195212927",
        "8777b673b640c4b6",
        "909291bab180eeb8",
        "9561ec7060925885",
        "9f82f7b375f4aa1b",
        "a76e7a824b2986a8",
        "a793ab8fcc2afce5",
        "b2cd20a1325a7936",
        "c63a27bbdb4503b4",
        "c8045af329ae534a",
        "d064dd18687d539d",
        "d1f3b82ef7c8232b",
        "d5b9424086ccce1c",
        "e9058ab198f6908f",
        "f019396500280d41",
        "fa690b82061edfd2",
    }
)

HELDOUT_2 = Path(__file__).resolve().parents[1] / "heldout2"
SETS = [pytest.param(None, KNOWN_OVERLAPS, id="heldout"), pytest.param(HELDOUT_2, KNOWN_OVERLAPS_2, id="heldout2")]


def _key(text: str) -> str:
    return hashlib.sha256(normalised(text).encode()).hexdigest()[:16]


def _overlaps(directory: Path | None) -> dict[str, str]:
    """Held-out messages that are training examples: key -> where in data/nlu."""
    examples = {normalised(plain(e.text)): f"{e.path.name}:{e.line}" for b in load_blocks() for e in b.examples}
    items = load_heldout() if directory is None else load_heldout(directory)
    return {_key(i.text): examples[normalised(i.text)] for i in items if normalised(i.text) in examples}


@pytest.mark.parametrize(("directory", "known"), SETS)
def test_no_new_held_out_message_is_a_training_example(directory: Path | None, known: frozenset[str]):
    new = {key: where for key, where in _overlaps(directory).items() if key not in known}
    assert not new, f"held-out messages copied into the training data, remove them there: {sorted(new.values())}"


@pytest.mark.parametrize(("directory", "known"), SETS)
def test_the_list_of_known_overlaps_holds_only_real_ones(directory: Path | None, known: frozenset[str]):
    stale = known - set(_overlaps(directory))
    assert not stale, f"no longer in the training data, remove from KNOWN_OVERLAPS: {sorted(stale)}"
