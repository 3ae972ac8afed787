"""Progress bars (tqdm, on stderr) for the long steps of an import; None when off."""
from __future__ import annotations

import sys


def progress_bar(enabled: bool, **kwargs):
    if not enabled:
        return None
    from tqdm import tqdm  # only when a bar is shown

    return tqdm(file=sys.stderr, leave=False, **kwargs)
