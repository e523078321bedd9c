"""Webhooks: signed POSTs telling other sites that a replay was published, updated or withdrawn.

The operations that change a replay call ``outbox.announce`` before they commit, so each
delivery row is written in the same transaction as the change it announces (a rollback sends
nothing); the worker sends due deliveries (``deliveries.deliver_due``), retrying with backoff.
"""
