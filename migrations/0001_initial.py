# The initial schema: a frozen copy of models.py (tools/regen_initial_migration.py).
from peewee import *


def up(migrator, db):
    class Staff(Model):
        tg_id = BigIntegerField(unique=True)
        name = CharField(max_length=128)
        username = CharField(index=True, null=True, max_length=64)
        role = CharField(max_length=16, default='host')
        status = CharField(max_length=16, default='pending')
        lang = CharField(null=True, max_length=4)
        private_chat = BooleanField(default=False)
        bot_blocked = BooleanField(default=False)
        official_start = DateField(null=True)
        created_at = DateTimeField()
        decided_by = ForeignKeyField('self', null=True, on_delete='SET NULL')
        class Meta:
            database = db
            table_name = 'staff'
    db.create_tables([Staff])

    class Audit(Model):
        at = DateTimeField(index=True)
        actor = ForeignKeyField(Staff, null=True)
        action = CharField(max_length=64)
        target = CharField(max_length=64, default='')
        detail = TextField(default='')
        class Meta:
            database = db
            table_name = 'audit'
    db.create_tables([Audit])

    class Broadcast(Model):
        staff = ForeignKeyField(Staff)
        room = CharField(max_length=32)
        day = DateField(index=True)
        started_at = DateTimeField(index=True)
        ended_at = DateTimeField(null=True)
        late_start = BooleanField(default=False)
        late_end = BooleanField(default=False)
        auto_closed = BooleanField(default=False)
        note = TextField(default='')
        end_note = TextField(default='')
        checklist_shown_at = DateTimeField(null=True)
        checklist_reminded_at = DateTimeField(null=True)
        checklist_settled_at = DateTimeField(null=True)
        created_at = DateTimeField()
        class Meta:
            database = db
            table_name = 'broadcast'
    db.create_tables([Broadcast])

    class Checkin(Model):
        staff = ForeignKeyField(Staff)
        at = DateTimeField()
        day = DateField(index=True)
        class Meta:
            database = db
            table_name = 'checkin'
            indexes = ((('staff', 'day'), True),)
    db.create_tables([Checkin])

    class ChecklistTick(Model):
        broadcast = ForeignKeyField(Broadcast, on_delete='CASCADE')
        item = CharField(max_length=32)
        ticked_at = DateTimeField(null=True)
        class Meta:
            database = db
            table_name = 'checklist_tick'
            indexes = ((('broadcast', 'item'), True),)
    db.create_tables([ChecklistTick])

    class Customer(Model):
        tg_id = BigIntegerField(unique=True)
        name = CharField(max_length=128)
        username = CharField(null=True, max_length=64)
        lang = CharField(null=True, max_length=4)
        blocked = BooleanField(default=False)
        blocked_told = BooleanField(default=False)
        throttled_told_at = DateTimeField(null=True)
        created_at = DateTimeField()
        class Meta:
            database = db
            table_name = 'customer'
    db.create_tables([Customer])

    class FineProposal(Model):
        staff = ForeignKeyField(Staff)
        code = CharField(max_length=32)
        count = IntegerField(default=1)
        why = TextField(default='')
        source = CharField(unique=True, max_length=128)
        created_at = DateTimeField()
        status = CharField(max_length=16, default='pending')
        decided_by = ForeignKeyField(Staff, null=True)
        decided_at = DateTimeField(null=True)
        cards = TextField(default='')
        class Meta:
            database = db
            table_name = 'fine_proposal'
    db.create_tables([FineProposal])

    class Fine(Model):
        staff = ForeignKeyField(Staff)
        code = CharField(null=True, max_length=32)
        count = IntegerField(default=1)
        amount_fen = IntegerField()
        reason = TextField(default='')
        created_at = DateTimeField(index=True)
        created_by = ForeignKeyField(Staff, null=True)
        proposal = ForeignKeyField(FineProposal, null=True)
        status = CharField(max_length=16, default='unpaid')
        paid_at = DateTimeField(null=True)
        paid_by = ForeignKeyField(Staff, null=True)
        waived_at = DateTimeField(null=True)
        waived_by = ForeignKeyField(Staff, null=True)
        waive_reason = TextField(default='')
        class Meta:
            database = db
            table_name = 'fine'
    db.create_tables([Fine])

    class Handover(Model):
        broadcast = ForeignKeyField(Broadcast, on_delete='CASCADE')
        previous = ForeignKeyField(Broadcast, null=True)
        status = CharField(max_length=16, default='pending')
        items = CharField(default='')
        answered_at = DateTimeField(null=True)
        class Meta:
            database = db
            table_name = 'handover'
    db.create_tables([Handover])

    class Inquiry(Model):
        customer = ForeignKeyField(Customer)
        status = CharField(index=True, max_length=16, default='open')
        opened_at = DateTimeField()
        waiting_since = DateTimeField(null=True)
        last_message_at = DateTimeField()
        card_chat_id = BigIntegerField(null=True)
        card_message_id = BigIntegerField(null=True)
        reminded_at = DateTimeField(null=True)
        escalated_at = DateTimeField(null=True)
        answered_by = ForeignKeyField(Staff, null=True)
        closed_by = ForeignKeyField(Staff, null=True)
        class Meta:
            database = db
            table_name = 'inquiry'
    db.create_tables([Inquiry])

    class InquiryMessage(Model):
        inquiry = ForeignKeyField(Inquiry)
        direction = CharField(max_length=4)
        at = DateTimeField()
        kind = CharField(max_length=16, default='text')
        text = TextField(default='')
        staff = ForeignKeyField(Staff, null=True)
        faq = BooleanField(default=False)
        response_seconds = IntegerField(null=True)
        customer_message_id = BigIntegerField(null=True)
        inbox_chat_id = BigIntegerField(null=True)
        inbox_message_id = BigIntegerField(index=True, null=True)
        class Meta:
            database = db
            table_name = 'inquiry_message'
    db.create_tables([InquiryMessage])

    class JobRun(Model):
        job = CharField(max_length=32)
        period = CharField(max_length=32)
        started_at = DateTimeField()
        finished_at = DateTimeField(null=True)
        status = CharField(max_length=16, default='running')
        sent = IntegerField(default=0)
        failed = IntegerField(default=0)
        manual = BooleanField(default=False)
        detail = TextField(default='')
        class Meta:
            database = db
            table_name = 'job_run'
            indexes = ((('job', 'period'), True),)
    db.create_tables([JobRun])

    class JobDelivery(Model):
        run = ForeignKeyField(JobRun, on_delete='CASCADE')
        key = CharField(max_length=64)
        status = CharField(max_length=16, default='pending')
        chat_id = BigIntegerField(null=True)
        message_id = BigIntegerField(null=True)
        at = DateTimeField()
        error = TextField(default='')
        class Meta:
            database = db
            table_name = 'job_delivery'
            indexes = ((('run', 'key'), True),)
    db.create_tables([JobDelivery])

    class Leave(Model):
        staff = ForeignKeyField(Staff)
        day = DateField()
        created_by = ForeignKeyField(Staff, null=True)
        created_at = DateTimeField()
        class Meta:
            database = db
            table_name = 'leave'
            indexes = ((('staff', 'day'), True),)
    db.create_tables([Leave])

    class MetricsEntry(Model):
        broadcast = ForeignKeyField(Broadcast)
        staff = ForeignKeyField(Staff)
        created_at = DateTimeField()
        current = BooleanField(default=True)
        fans = IntegerField(null=True)
        new_fans = IntegerField(null=True)
        viewers = IntegerField(null=True)
        peak = IntegerField(null=True)
        gmv_fen = BigIntegerField(null=True)
        orders = IntegerField(null=True)
        products = IntegerField(null=True)
        likes = IntegerField(null=True)
        comments = IntegerField(null=True)
        console = TextField(default='')
        alimama = TextField(default='')
        class Meta:
            database = db
            table_name = 'metrics_entry'
            indexes = ((('broadcast', 'current'), False),)
    db.create_tables([MetricsEntry])

    class Plan(Model):
        staff = ForeignKeyField(Staff)
        day = DateField(index=True)
        starts_at = DateTimeField()
        ends_at = DateTimeField()
        room = CharField(null=True, max_length=32)
        note = TextField(default='')
        created_at = DateTimeField()
        class Meta:
            database = db
            table_name = 'plan'
    db.create_tables([Plan])

    class ProcessedUpdate(Model):
        update_id = BigIntegerField(unique=True)
        at = DateTimeField(index=True)
        class Meta:
            database = db
            table_name = 'processed_update'
    db.create_tables([ProcessedUpdate])

    class Sample(Model):
        brand = CharField(max_length=128)
        brand_key = CharField(index=True, max_length=128)
        item = CharField()
        note = TextField(default='')
        photo_file_id = CharField(null=True)
        status = CharField(index=True, max_length=16, default='rack')
        arrived_at = DateTimeField()
        logged_by = ForeignKeyField(Staff, null=True)
        lineup_day = DateField(index=True, null=True)
        tag = IntegerField(null=True)
        keep = BooleanField(default=False)
        return_note = TextField(default='')
        tracking = CharField(max_length=128, default='')
        updated_at = DateTimeField()
        class Meta:
            database = db
            table_name = 'sample'
    db.create_tables([Sample])

    class SampleEvent(Model):
        sample = ForeignKeyField(Sample)
        at = DateTimeField()
        actor = ForeignKeyField(Staff, null=True)
        from_status = CharField(null=True, max_length=16)
        to_status = CharField(max_length=16)
        note = TextField(default='')
        class Meta:
            database = db
            table_name = 'sample_event'
    db.create_tables([SampleEvent])

    class Video(Model):
        staff = ForeignKeyField(Staff)
        at = DateTimeField()
        day = DateField(index=True)
        link = CharField(null=True, max_length=512)
        title = CharField(default='')
        class Meta:
            database = db
            table_name = 'video'
            indexes = ((('staff', 'day', 'link'), True),)
    db.create_tables([Video])


def down(migrator, db):
    migrator.migrate(migrator.drop_table('video'))
    migrator.migrate(migrator.drop_table('sample_event'))
    migrator.migrate(migrator.drop_table('sample'))
    migrator.migrate(migrator.drop_table('processed_update'))
    migrator.migrate(migrator.drop_table('plan'))
    migrator.migrate(migrator.drop_table('metrics_entry'))
    migrator.migrate(migrator.drop_table('leave'))
    migrator.migrate(migrator.drop_table('job_delivery'))
    migrator.migrate(migrator.drop_table('job_run'))
    migrator.migrate(migrator.drop_table('inquiry_message'))
    migrator.migrate(migrator.drop_table('inquiry'))
    migrator.migrate(migrator.drop_table('handover'))
    migrator.migrate(migrator.drop_table('fine'))
    migrator.migrate(migrator.drop_table('fine_proposal'))
    migrator.migrate(migrator.drop_table('customer'))
    migrator.migrate(migrator.drop_table('checklist_tick'))
    migrator.migrate(migrator.drop_table('checkin'))
    migrator.migrate(migrator.drop_table('broadcast'))
    migrator.migrate(migrator.drop_table('audit'))
    migrator.migrate(migrator.drop_table('staff'))
