"""The database: one unbound proxy, the models, and ``init_db(url)``.

Conventions every model keeps:
- every ``DateTimeField`` holds a *naive UTC* datetime (``studio.clock.to_db`` makes one);
- money is an ``IntegerField`` of fen (分), never a float;
- a state is a ``StrEnum`` of ``models.status`` (it equals its stored string);
- a list is a child table, never a comma-joined column;
- nothing that the studio's ledger holds (fines, samples' history, audit) is ever deleted.

The models live by area (``people``, ``jobs``, ``broadcasts``, ``fines``, ``samples``,
``inquiries``); every name is importable from ``models``. The schema is created and migrated
by the numbered files in ``migrations/`` (peewee's ``playhouse.migrations``), at start and by
``python bot.py migrate``: a change to a model is a new numbered file, never an edit of an
applied one.
"""

from __future__ import annotations

from playhouse.db_url import connect
from playhouse.migrations import Runner

from models.base import (
    MIGRATIONS,
    SQLITE_PRAGMAS,
    BaseModel,
    as_date,
    as_datetime,
    close_workers,
    db,
    in_worker,
    own_connection_possible,
    reused_execute,
    reused_models,
    reused_rows,
    rows_of,
    utcnow,
    wall_now,
)
from models.broadcasts import (
    Broadcast,
    Checkin,
    ChecklistTick,
    Handover,
    HandoverItem,
    MetricsEntry,
    Plan,
    Video,
)
from models.chats import ChatMigration
from models.fines import Fine, FineProposal, PayrollClose, ProposalCard
from models.imports import MetricsImport, PlatformAccount
from models.inquiries import Inquiry, InquiryMessage
from models.jobs import JobDelivery, JobRun, ProcessedUpdate
from models.pay import PayAdjustment, PayRelease
from models.people import (
    Audit,
    Customer,
    DecisionCard,
    Leave,
    LeaveRequest,
    Staff,
    audit,
)
from models.samples import Sample, SampleEvent
from models.status import RECORDED as RECORDED_FINES
from models.status import (
    Direction,
    FineStatus,
    HandoverStatus,
    InquiryStatus,
    ProposalStatus,
    RequestStatus,
    SampleStatus,
    StaffRole,
    StaffStatus,
)

ALL_MODELS = [
    Staff, Leave, Customer, Audit, ProcessedUpdate, JobRun, JobDelivery,
    Checkin, Plan, Broadcast, ChecklistTick, Handover, HandoverItem, Video, MetricsEntry,
    FineProposal, ProposalCard, Fine, Sample, SampleEvent, Inquiry, InquiryMessage,
    ChatMigration, LeaveRequest, DecisionCard, PlatformAccount, MetricsImport, PayrollClose,
    PayAdjustment, PayRelease,
]


def open_db(url: str):
    """Connect the proxy to the database at ``url`` (SQLite with WAL, or PostgreSQL)."""
    if url.startswith("sqlite"):
        database = connect(url, pragmas=SQLITE_PRAGMAS)
    else:
        database = connect(url.replace("postgres://", "postgresql://", 1))
    db.initialize(database)
    return database


def migrate() -> list[str]:
    """Apply the pending numbered migrations; returns their names."""
    return Runner(db.obj, directory=str(MIGRATIONS)).up()


def init_db(url: str):
    """Open the database at ``url`` and bring its schema up to date."""
    database = open_db(url)
    migrate()
    return database


__all__ = [
    "MIGRATIONS", "SQLITE_PRAGMAS", "BaseModel", "db", "utcnow", "wall_now", "in_worker", "close_workers",
    "own_connection_possible", "rows_of", "reused_rows", "reused_models", "reused_execute", "as_date", "as_datetime",
    "ALL_MODELS", "open_db", "migrate", "init_db", "audit",
    "Staff", "Leave", "Customer", "Audit", "ProcessedUpdate", "JobRun", "JobDelivery",
    "Checkin", "Plan", "Broadcast", "ChecklistTick", "Handover", "HandoverItem", "Video",
    "MetricsEntry", "FineProposal", "ProposalCard", "Fine", "PayrollClose", "Sample",
    "SampleEvent", "Inquiry", "InquiryMessage", "ChatMigration", "LeaveRequest", "DecisionCard",
    "PlatformAccount", "MetricsImport", "PayAdjustment", "PayRelease", "RECORDED_FINES",
    "Direction", "FineStatus", "HandoverStatus", "InquiryStatus", "ProposalStatus",
    "RequestStatus", "SampleStatus", "StaffRole", "StaffStatus",
]
