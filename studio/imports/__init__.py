"""Numbers without typing (handbook duty 7): a platform's own export — Douyin 罗盘 直播明细,
TikTok Shop LIVE, a CSV of ``/metrics`` keys — or a screenshot of the console's data page,
read into the day's metrics.

``columns`` names the columns (one alias table), ``values`` reads the numbers, ``sheets`` the
files (and refuses hostile ones), ``matching`` pairs each row with a logged broadcast,
``drafts`` keeps the preview until a person confirms it, ``ocr`` reads a screenshot when the
optional OCR package is installed. Nothing is written before a press of 确认, and then through
``studio.metrics.save_metrics``, as ``/metrics`` writes.
"""
