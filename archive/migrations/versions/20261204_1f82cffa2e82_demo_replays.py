"""demo replays are marked

Revision ID: 1f82cffa2e82
Revises: 69488bafb4ad
Create Date: 2026-12-04 17:30:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "1f82cffa2e82"
down_revision = "69488bafb4ad"
branch_labels = None
depends_on = None


def upgrade():
    # Replays imported by an earlier `replay-archive demo` are marked when it runs again.
    with op.batch_alter_table("replays", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("is_demo", sa.Boolean(), nullable=False, server_default=sa.false())
        )


def downgrade():
    with op.batch_alter_table("replays", schema=None) as batch_op:
        batch_op.drop_column("is_demo")
