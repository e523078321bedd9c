"""events end on a date (issue 14)

Revision ID: 8e4c0a3f5b72
Revises: 7d3b9e2f4a61
Create Date: 2026-12-11 11:00:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "8e4c0a3f5b72"
down_revision = "7d3b9e2f4a61"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.add_column(sa.Column("ends_on", sa.Date(), nullable=True))


def downgrade():
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.drop_column("ends_on")
