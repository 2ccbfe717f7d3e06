# ProcessedUpdate.handling: true while an update is being handled (standby takeover, issue 21).
from peewee import BooleanField


def up(migrator, db):
    migrator.add_column("processed_update", "handling", BooleanField(default=False)).run()
