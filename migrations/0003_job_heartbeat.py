# JobRun.started_at held the run's heartbeat (its start, then each delivery): named for it.
from peewee import *


def up(migrator, db):
    migrator.migrate(migrator.rename_column('job_run', 'started_at', 'heartbeat_at'))


def down(migrator, db):
    migrator.migrate(migrator.rename_column('job_run', 'heartbeat_at', 'started_at'))
