"""Lists out of comma-joined columns into child tables, the data moved:
``fine_proposal.cards`` ("chat_id:message_id,...") → ``proposal_card`` rows, and
``handover.items`` ("lights,rubbish") → ``handover_item`` rows, each in its old order."""
from peewee import *


def _parts(text):
    return [part.strip() for part in (text or "").split(",") if part.strip()]


def _card(part):
    """``"-100123:45"`` → (-100123, 45); None for anything else (never written, but a bad card
    must not stop the migration of every other one)."""
    chat, sep, message = part.rpartition(":")
    try:
        return (int(chat), int(message)) if sep else None
    except ValueError:
        return None


def up(migrator, db):
    class FineProposal(Model):
        cards = TextField(default='')
        class Meta:
            database = db
            table_name = 'fine_proposal'

    class Handover(Model):
        items = CharField(default='')
        class Meta:
            database = db
            table_name = 'handover'

    class ProposalCard(Model):
        proposal = ForeignKeyField(FineProposal, on_delete='CASCADE')
        chat_id = BigIntegerField()
        message_id = BigIntegerField()
        class Meta:
            database = db
            table_name = 'proposal_card'

    class HandoverItem(Model):
        handover = ForeignKeyField(Handover, on_delete='CASCADE')
        code = CharField(max_length=32)
        class Meta:
            database = db
            table_name = 'handover_item'
            indexes = ((('handover', 'code'), True),)

    db.create_tables([ProposalCard, HandoverItem])

    cards = []
    for proposal_id, text in (FineProposal.select(FineProposal.id, FineProposal.cards)
                              .where(FineProposal.cards != '').tuples()):
        for card in filter(None, map(_card, _parts(text))):
            cards.append({'proposal': proposal_id, 'chat_id': card[0], 'message_id': card[1]})
    items = []
    for handover_id, text in (Handover.select(Handover.id, Handover.items)
                              .where(Handover.items != '').tuples()):
        for code in dict.fromkeys(_parts(text)):  # once each, in the old order
            items.append({'handover': handover_id, 'code': code[:32]})
    # In batches: SQLite allows a limited number of variables in one statement.
    for start in range(0, len(cards), 200):
        ProposalCard.insert_many(cards[start:start + 200]).execute()
    for start in range(0, len(items), 300):
        HandoverItem.insert_many(items[start:start + 300]).execute()

    migrator.migrate(
        migrator.drop_column('fine_proposal', 'cards'),
        migrator.drop_column('handover', 'items'),
    )
