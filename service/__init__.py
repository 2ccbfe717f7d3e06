"""The bot as a running service: how updates come in (``polling``: the project's own long
polling; ``webhook``: its webhook server), one instance or two (``standby``: the one way every
run starts, a second instance waiting on PostgreSQL or refusing on SQLite), and the SQLite
database's backup, restore and lock file (``backup``). Above the scheduler (``standby`` runs
the jobs), below ``app`` and ``bot``; ``jobs`` uses ``backup``."""
