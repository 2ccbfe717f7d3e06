"""The monthly assessment and pay (#30): a manager's notes and adjustments to a host's month,
and the months released to the hosts. New tables: nothing to move."""
from peewee import *


def up(migrator, db):
    class Staff(Model):
        class Meta:
            database = db
            table_name = 'staff'

    class PayAdjustment(Model):
        staff = ForeignKeyField(Staff, backref='+')
        month = DateField(index=True)
        amount_fen = IntegerField(default=0)
        reason = TextField()
        by = ForeignKeyField(Staff, backref='+')
        at = DateTimeField()
        class Meta:
            database = db
            table_name = 'pay_adjustment'

    class PayRelease(Model):
        month = DateField(unique=True)
        by = ForeignKeyField(Staff, backref='+')
        at = DateTimeField()
        kind = CharField(max_length=16, default='payslips')
        class Meta:
            database = db
            table_name = 'pay_release'

    db.create_tables([PayAdjustment, PayRelease])
