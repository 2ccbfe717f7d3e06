"""An independent model of the studio's figures, for the tests (issue #26).

``events`` are the studio's history as plain records (studio time, naive); ``reference`` is a
deliberately simple model that computes every figure from that list by the definitions of
docs/reports.md, importing none of the product's figure code; ``history`` generates histories
with Hypothesis; ``driver`` plays a history to the real Application and reads back what
``/report``, ``/me``, ``/payroll`` and the workbook show."""
