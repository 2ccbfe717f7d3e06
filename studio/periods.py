"""The periods ``/report``, ``/export``, ``/fines``, ``/me`` and ``/payroll`` accept: one
parser, ``studio.parse.periods``, named here for the modules that import it from here."""

from studio.parse.periods import Period, find_period, looks_like_period, parse_period

__all__ = ["Period", "find_period", "looks_like_period", "parse_period"]
