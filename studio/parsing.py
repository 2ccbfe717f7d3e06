"""Formatting money and sample codes for people; the parsers themselves live in
``studio.parse`` (one per kind of argument), and are named here for the modules that import
them from their old home."""

from __future__ import annotations

import re

from studio.parse.amounts import parse_amount_fen, parse_count
from studio.parse.ids import is_sample_id, parse_sample_ids
from studio.parse.numbers import fold
from studio.parse.numbers import record_id as parse_id
from studio.parse.quantities import parse_quantity as parse_times
from studio.parse.quantities import split_quantity as split_times

__all__ = ["fold", "parse_amount_fen", "parse_count", "parse_times", "split_times",
           "is_sample_id", "parse_sample_ids", "parse_id", "sample_code", "format_fen",
           "is_url"]


def sample_code(sample_id: int) -> str:
    return f"S{sample_id}"


def format_fen(fen: int) -> str:
    """Integer fen as yuan for people: ``350000`` → ``3,500``, ``350050`` → ``3,500.50``."""
    sign = "-" if fen < 0 else ""
    yuan, cents = divmod(abs(fen), 100)
    return f"{sign}{yuan:,}" if not cents else f"{sign}{yuan:,}.{cents:02d}"


def is_url(text: str) -> bool:
    return bool(re.fullmatch(r"https?://[^\s/$.?#][^\s]*", text.strip(), re.IGNORECASE))
