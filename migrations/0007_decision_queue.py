"""The manager's queue (#17): leave requests, the cards of join and leave requests, proposals
decided together (``fine_proposal.batch``: a closing checklist's items on one card), and one
number for a proposal and its fine: every proposal still pending gets its fine row now, in the
state ``proposed`` (its amount is set when a manager confirms it, from the catalogue then)."""
from peewee import *


def up(migrator, db):
    class Staff(Model):
        class Meta:
            database = db
            table_name = 'staff'

    class LeaveRequest(Model):
        staff = ForeignKeyField(Staff)
        first_day = DateField()
        last_day = DateField()
        reason = TextField(default='')
        created_at = DateTimeField()
        status = CharField(max_length=16, default='pending')
        decided_by = ForeignKeyField(Staff, null=True, backref='+')
        decided_at = DateTimeField(null=True)
        class Meta:
            database = db
            table_name = 'leave_request'

    class DecisionCard(Model):
        kind = CharField(max_length=16)
        ref = BigIntegerField()
        chat_id = BigIntegerField()
        message_id = BigIntegerField()
        class Meta:
            database = db
            table_name = 'decision_card'
            indexes = ((('kind', 'ref'), False),)

    db.create_tables([LeaveRequest, DecisionCard])
    migrator.migrate(
        migrator.add_column('fine_proposal', 'batch', CharField(max_length=128, null=True)),
        migrator.add_index('fine_proposal', ('batch',), False),
    )

    class FineProposal(Model):
        staff_id = IntegerField()
        code = CharField()
        count = IntegerField()
        why = TextField()
        created_at = DateTimeField()
        status = CharField()
        class Meta:
            database = db
            table_name = 'fine_proposal'

    class Fine(Model):
        staff_id = IntegerField()
        code = CharField(null=True)
        count = IntegerField()
        amount_fen = IntegerField()
        reason = TextField()
        created_at = DateTimeField()
        proposal_id = IntegerField(null=True)
        status = CharField()
        waive_reason = TextField()
        class Meta:
            database = db
            table_name = 'fine'

    made = set(Fine.select(Fine.proposal_id).where(Fine.proposal_id.is_null(False)).tuples())
    rows = [{'staff_id': staff, 'code': code, 'count': count, 'amount_fen': 0, 'reason': why,
             'created_at': at, 'proposal_id': pid, 'status': 'proposed', 'waive_reason': ''}
            for pid, staff, code, count, why, at in
            FineProposal.select(FineProposal.id, FineProposal.staff_id, FineProposal.code,
                                FineProposal.count, FineProposal.why, FineProposal.created_at)
            .where(FineProposal.status == 'pending').order_by(FineProposal.id).tuples()
            if (pid,) not in made]
    for start in range(0, len(rows), 100):
        Fine.insert_many(rows[start:start + 100]).execute()


def down(migrator, db):
    db.execute_sql("DELETE FROM fine WHERE status = 'proposed'")
    migrator.migrate(migrator.drop_column('fine_proposal', 'batch'))
    db.execute_sql('DROP TABLE decision_card')
    db.execute_sql('DROP TABLE leave_request')
