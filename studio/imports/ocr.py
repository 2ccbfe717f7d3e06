"""A screenshot of a console's data page → the metrics it shows, by OCR.

The OCR package is optional for a deployment (``requirements/ocr.txt``): ``available()`` says
whether it is installed; without it a photo gets one line saying how to enable it. RapidOCR's
1.x wheels carry their ONNX models, so nothing is downloaded at run time (docs/pitfalls.md
§39). What OCR reads is a proposal: the handler shows it and writes only on a press.

Pairing: a text that is a known label (成交金额, 观看人数 …) takes the number written in the
same box after it (``成交金额：3,500``), else the nearest number beside it on its right, else
the nearest below it, overlapping its column.
"""

from __future__ import annotations

import importlib.util
import re
import threading
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from studio.errors import BadInput
from studio.imports import columns
from studio.imports.values import read_count, read_money_fen

PACKAGE = "rapidocr_onnxruntime"
MIN_SCORE = 0.5  # below this the OCR is guessing: the text is not used
_lock = threading.Lock()  # one reading at a time: the engine is not thread-safe
_INLINE = re.compile(r"^(?P<label>[^\d¥￥$]+?)[\s:：]*(?P<value>[¥￥$]?\s*\d[\d,.]*\s*[万wk千]?)$")


@dataclass
class Box:
    text: str
    left: float
    top: float
    right: float
    bottom: float

    @property
    def height(self) -> float:
        return max(self.bottom - self.top, 1.0)

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2


def available() -> bool:
    return importlib.util.find_spec(PACKAGE) is not None


@lru_cache(maxsize=1)
def engine():
    from rapidocr_onnxruntime import RapidOCR

    return RapidOCR()


def boxes_of(image: bytes) -> list[Box]:
    """The texts OCR finds in ``image`` with their boxes (heavy: run it in a thread)."""
    if not available():
        raise BadInput("ocr_missing")
    with _lock:
        try:
            result, _ = engine()(image)
        except Exception:  # a damaged or unreadable image: the engine raises many kinds
            raise BadInput("ocr_unreadable") from None
    out = []
    for points, text, score in result or []:
        if float(score) < MIN_SCORE:
            continue
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        out.append(Box(str(text).strip(), min(xs), min(ys), max(xs), max(ys)))
    return out


def value_of(key: str, text: str, rates: dict[str, Decimal]) -> int | None:
    try:
        return read_money_fen(text, rates) if key == "gmv" else read_count(text)
    except BadInput:
        return None


def pair(boxes: list[Box], metric_keys: set[str], rates: dict[str, Decimal]) -> dict[str, int]:
    """Labels and the values beside or below them → {metric key: value}."""
    values: dict[str, int] = {}
    used: set[int] = set()
    labels = []
    for index, box in enumerate(boxes):
        key = columns.field_of(box.text)
        if key in metric_keys:
            labels.append((key, box))
            used.add(index)
            continue
        inline = _INLINE.match(box.text)
        if inline:
            key = columns.field_of(inline["label"])
            value = value_of(key, inline["value"], rates) if key in metric_keys else None
            if value is not None and key not in values:
                values[key] = value
                used.add(index)
    for key, label in labels:
        if key in values:
            continue
        best = None
        for index, box in enumerate(boxes):
            if index in used:
                continue
            value = value_of(key, box.text, rates)
            if value is None:
                continue
            beside = abs(box.middle - label.middle) < label.height and box.left >= label.right - 2
            below = (box.top >= label.bottom - 2 and box.left < label.right
                     and box.right > label.left and box.top - label.bottom < 3 * label.height)
            if not (beside or below):
                continue
            distance = (box.left - label.right) if beside else (box.top - label.bottom)
            if best is None or distance < best[0]:
                best = (distance, index, value)
        if best is not None:
            values[key] = best[2]
            used.add(best[1])
    return values


def read_screenshot(image: bytes, metric_keys: set[str], rates: dict[str, Decimal]) -> dict[str, int]:
    values = pair(boxes_of(image), metric_keys, rates)
    if not values:
        raise BadInput("ocr_nothing")
    return values
