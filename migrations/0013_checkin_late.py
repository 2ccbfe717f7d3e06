# Checkin.late: a check-in registered afterwards with its time (到岗 9点半, #27) is marked so,
# as a late-registered broadcast is. Every earlier check-in was registered as it happened.
from peewee import BooleanField


def up(migrator, db):
    migrator.add_column("checkin", "late", BooleanField(default=False)).run()
