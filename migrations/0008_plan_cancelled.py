# Plan.cancelled_at: a plan cancelled by its number (/plan 12 取消) stays, for the audit trail,
# but is no longer shown or counted. Every plan before this one is live: nothing to move.
from peewee import DateTimeField


def up(migrator, db):
    migrator.add_column("plan", "cancelled_at", DateTimeField(null=True)).run()
