"""The one way out: what handlers and jobs both use to send, below them both.

- ``messaging.retry``: ``RetryPolicy``, the rate limiter every Bot API call goes through
  (pacing, 429s waited out, 5xx and timeouts retried with back-off);
- ``messaging.send``: long texts split safely, a reply under a message, a staff member reached
  privately or else in the group;
- ``messaging.outbox``: ``Outbox`` (a handler's) and ``Ledger`` (a job run's, once per key),
  with ``to_managers``, the one way to tell the managers;
- ``messaging.proposals``: a fine proposed, and its cards to the managers.
"""
