"""programme external keys and scheduled publication (issue 14)

Revision ID: 7d3b9e2f4a61
Revises: 5a7c3e9d1b42
Create Date: 2026-12-11 10:00:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "7d3b9e2f4a61"
down_revision = "5a7c3e9d1b42"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("replays", schema=None) as batch_op:
        batch_op.add_column(sa.Column("publish_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("external_key", sa.String(length=200), nullable=True))
        batch_op.create_unique_constraint(batch_op.f("uq_replays_external_key"), ["external_key"])


def downgrade():
    with op.batch_alter_table("replays", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_replays_external_key"), type_="unique")
        batch_op.drop_column("external_key")
        batch_op.drop_column("publish_at")
