"""One parser for each kind of argument people type, shared by every command and keyword.

``numbers`` whole numbers within what the database holds · ``amounts`` money and counts ·
``quantities`` ``x2 ×2 2个 两个`` · ``lists`` words split on spaces and Chinese punctuation ·
``keyvalues`` ``观看1.5w 成交：3500元`` · ``times`` times of day, dates, business days ·
``periods`` ``本周 上月 11-23..11-26 近7天`` · ``people`` "@who" (``Mei Li`` too) · ``plans`` a
plan's number and its change (``12 19:00-22:00``, ``12 取消``) · ``ids`` record numbers, sample
codes · ``links`` a video's address · ``words`` keywords as staff say them (``我开播了``,
``／live``), what is almost one (``开播吗``), fine codes by their Chinese names.

Each raises ``BadInput`` with a catalogue key and never lets ``ValueError``/``OverflowError``
escape; each has a table test (``tests/test_parse.py``).
"""
