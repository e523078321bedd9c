"""replay audience counted per day; event cover pictures (issue 14)

Revision ID: c2e85a1d4f06
Revises: b7d41f0c2e93
Create Date: 2026-12-12 18:45:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "c2e85a1d4f06"
down_revision = "b7d41f0c2e93"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "replay_view_days",
        sa.Column("replay_id", sa.String(length=32), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("plays", sa.Integer(), nullable=False),
        sa.Column("watched_seconds", sa.Integer(), nullable=False),
        sa.CheckConstraint("plays >= 0", name=op.f("ck_replay_view_days_plays_not_negative")),
        sa.CheckConstraint(
            "watched_seconds >= 0", name=op.f("ck_replay_view_days_watched_not_negative")
        ),
        sa.ForeignKeyConstraint(
            ["replay_id"],
            ["replays.id"],
            name=op.f("fk_replay_view_days_replay_id_replays"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("replay_id", "day", name=op.f("pk_replay_view_days")),
    )
    op.create_table(
        "replay_view_buckets",
        sa.Column("replay_id", sa.String(length=32), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("bucket", sa.Integer(), nullable=False),
        sa.Column("reached", sa.Integer(), nullable=False),
        sa.Column("replayed", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "bucket >= 0 AND bucket < 100", name=op.f("ck_replay_view_buckets_bucket_in_range")
        ),
        sa.CheckConstraint(
            "reached >= 0 AND replayed >= 0",
            name=op.f("ck_replay_view_buckets_counts_not_negative"),
        ),
        sa.ForeignKeyConstraint(
            ["replay_id"],
            ["replays.id"],
            name=op.f("fk_replay_view_buckets_replay_id_replays"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("replay_id", "day", "bucket", name=op.f("pk_replay_view_buckets")),
    )
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.add_column(sa.Column("cover_key", sa.String(length=300), nullable=True))


def downgrade():
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.drop_column("cover_key")
    op.drop_table("replay_view_buckets")
    op.drop_table("replay_view_days")
