# Inquiry.acked_at: when the customer was last told "received" (issue 20: a follow-up in an open
# inquiry gets a receipt, at most one per few minutes). No data to move: an inquiry left waiting
# has none, and its next follow-up is acknowledged.
from peewee import DateTimeField


def up(migrator, db):
    migrator.add_column("inquiry", "acked_at", DateTimeField(null=True)).run()
