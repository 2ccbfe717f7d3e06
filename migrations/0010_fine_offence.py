# Issue 26: the time of the event decides the period.
# - fine.offence_at: when the offence happened (the broadcast's start or end, the message's
#   date); a fine belongs to that business day whenever it was confirmed. A fine confirmed
#   before this migration took its confirmation time as ``created_at``; its proposal's time is
#   the nearest to the offence we have, so it is copied from there (a fine recorded by hand:
#   its own ``created_at``, the message's date).
# - payroll_close: a month a manager closed (/payroll 2026-12 结账); it never changes after.
# - metrics_entry.views: 观看次数 (views), kept beside ``viewers`` (观看人数, people).
# - broadcast.closed_by_bot_at: when the bot closed a broadcast left open. ``auto_closed`` says
#   the broadcast is credited no time and /fixlive clears it; the registration problem stays
#   (登记 counts this). Filled from the audit's ``broadcast.autoclose`` rows.
from peewee import *


def up(migrator, db):
    class Staff(Model):
        class Meta:
            database = db
            table_name = 'staff'

    class PayrollClose(Model):
        month = CharField(max_length=7, unique=True)
        closed_at = DateTimeField()
        closed_by = ForeignKeyField(Staff, null=True, backref='+')
        class Meta:
            database = db
            table_name = 'payroll_close'

    db.create_tables([PayrollClose])
    migrator.migrate(
        migrator.add_column('fine', 'offence_at', DateTimeField(null=True)),
        migrator.add_index('fine', ('offence_at',), False),
        migrator.add_column('metrics_entry', 'views', IntegerField(null=True)),
        migrator.add_column('broadcast', 'closed_by_bot_at', DateTimeField(null=True)),
    )
    db.execute_sql(
        "UPDATE broadcast SET closed_by_bot_at = (SELECT MIN(a.at) FROM audit a "
        "WHERE a.action = 'broadcast.autoclose' AND a.target = 'broadcast:' || broadcast.id)")
    db.execute_sql(
        'UPDATE fine SET offence_at = COALESCE((SELECT fp.created_at FROM fine_proposal fp '
        'WHERE fp.id = fine.proposal_id), created_at)')
