"""The states a row can be in, as ``StrEnum``s: a member equals its stored string, so a query
or a comparison may use either, and a typo in a member name fails at import, not in a query
that silently matches nothing."""

from __future__ import annotations

from enum import StrEnum


class StaffRole(StrEnum):
    HOST = "host"
    OPS = "ops"
    MANAGER = "manager"


class StaffStatus(StrEnum):
    PENDING = "pending"  # asked to join (/join), no manager decided yet
    ACTIVE = "active"
    INACTIVE = "inactive"  # gone: keeps their history, loses every right
    REJECTED = "rejected"


class HandoverStatus(StrEnum):
    PENDING = "pending"
    OK = "ok"  # the room was in order
    REPORTED = "reported"  # the incoming host reported what was left


class ProposalStatus(StrEnum):
    PENDING = "pending"
    CONFIRMED = "confirmed"
    DISMISSED = "dismissed"


class FineStatus(StrEnum):
    """A fine the bot proposes is a row from the start (its number is the one the managers'
    card shows): ``proposed`` until a manager decides, then ``unpaid`` or ``dismissed``. Only
    the recorded states (``RECORDED``) are fines: counted, listed, paid, waived."""

    PROPOSED = "proposed"  # the bot proposed it; no fine until a manager confirms
    UNPAID = "unpaid"
    PAID = "paid"
    WAIVED = "waived"
    DISMISSED = "dismissed"  # a manager dismissed the proposal: never counted


RECORDED = (FineStatus.UNPAID, FineStatus.PAID, FineStatus.WAIVED)


class RequestStatus(StrEnum):
    """A leave request's decision."""

    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"


class SampleStatus(StrEnum):
    """A sample's life, in order (``studio.samples.MOVES`` says what may become what)."""

    RACK = "rack"  # unpacked onto the transit rack
    LINEUP = "lineup"  # in a day's order book
    WAREHOUSE = "warehouse"  # hung back by brand
    TO_RETURN = "to_return"
    NO_RETURN = "no_return"
    RETURNED = "returned"  # sent back, or cleared


class InquiryStatus(StrEnum):
    OPEN = "open"  # the customer waits
    ANSWERED = "answered"
    CLOSED = "closed"


class Direction(StrEnum):
    """Of an inquiry's message: in from the customer, out from staff (or the FAQ)."""

    IN = "in"
    OUT = "out"
