# ChatMigration: a studio chat Telegram moved to a new id (a group upgraded to a supergroup).
from peewee import *


def up(migrator, db):
    class ChatMigration(Model):
        old_id = BigIntegerField(unique=True)
        new_id = BigIntegerField()
        at = DateTimeField()
        class Meta:
            database = db
            table_name = 'chat_migration'
    db.create_tables([ChatMigration])


def down(migrator, db):
    db.execute_sql('DROP TABLE chat_migration')
