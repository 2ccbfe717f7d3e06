"""Links as typed (a video's address)."""

from __future__ import annotations

import re

_URL = re.compile(r"https?://[^\s/$.?#][^\s]*", re.IGNORECASE)


def is_url(text: str) -> bool:
    return bool(_URL.fullmatch(text.strip()))
