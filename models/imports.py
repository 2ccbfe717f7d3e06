"""Platform imports: each person's accounts on the platforms (to match an export's rows to
people), and the previews of imports waiting for a press (``studio.imports.drafts``)."""

from __future__ import annotations

from peewee import BigIntegerField, CharField, DateTimeField, ForeignKeyField, TextField

from models.base import BaseModel
from models.people import Staff


class PlatformAccount(BaseModel):
    """``/account 抖音 xxx``: the name or id a staff member broadcasts under on a platform."""

    staff = ForeignKeyField(Staff, backref="accounts")
    platform = CharField(max_length=16)  # douyin | tiktok | taobao | kuaishou
    account = CharField(max_length=64)  # folded and lower-cased, as rows are compared
    created_at = DateTimeField()

    class Meta:
        indexes = ((("platform", "account"), True),)


class MetricsImport(BaseModel):
    """A preview shown with 确认 / 取消: what a press would write (JSON), kept until decided."""

    staff = ForeignKeyField(Staff, backref="+")  # who sent the file; only they confirm
    chat_id = BigIntegerField()
    created_at = DateTimeField()
    source = CharField(max_length=16)  # douyin | tiktok | sheet | csv | screenshot
    digest = CharField(max_length=64)  # sha256 of the file: the same file again is told so
    payload = TextField()  # [{"broadcast": id, "values": {key: value}}]
    status = CharField(max_length=16, default="pending")  # pending | saved | cancelled
    decided_at = DateTimeField(null=True)
