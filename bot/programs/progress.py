"""Progress bars (tqdm, on stderr) for the long steps of an import; None when off."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tqdm import tqdm


def progress_bar(enabled: bool, **kwargs: Any) -> tqdm[Any] | None:
    if not enabled:
        return None
    from tqdm import tqdm  # only when a bar is shown

    return tqdm(file=sys.stderr, leave=False, **kwargs)
