"""Platform imports (#29): staff's platform accounts and the previews waiting for a press."""
from peewee import *


def up(migrator, db):
    class Staff(Model):
        class Meta:
            database = db
            table_name = 'staff'

    class PlatformAccount(Model):
        staff = ForeignKeyField(Staff, backref='+')
        platform = CharField(max_length=16)
        account = CharField(max_length=64)
        created_at = DateTimeField()
        class Meta:
            database = db
            table_name = 'platform_account'
            indexes = ((('platform', 'account'), True),)

    class MetricsImport(Model):
        staff = ForeignKeyField(Staff, backref='+')
        chat_id = BigIntegerField()
        created_at = DateTimeField()
        source = CharField(max_length=16)
        digest = CharField(max_length=64)
        payload = TextField()
        status = CharField(max_length=16, default='pending')
        decided_at = DateTimeField(null=True)
        class Meta:
            database = db
            table_name = 'metrics_import'

    db.create_tables([PlatformAccount, MetricsImport])


def down(migrator, db):
    db.execute_sql('DROP TABLE IF EXISTS metrics_import')
    db.execute_sql('DROP TABLE IF EXISTS platform_account')
