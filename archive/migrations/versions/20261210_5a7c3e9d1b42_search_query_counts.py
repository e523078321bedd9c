"""search query counts per week (issue 13)

Revision ID: 5a7c3e9d1b42
Revises: 91c5addacc2d
Create Date: 2026-12-10 12:00:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "5a7c3e9d1b42"
down_revision = "91c5addacc2d"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "search_query_counts",
        sa.Column("week", sa.Date(), nullable=False),
        sa.Column("query", sa.String(length=200), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("zero_results", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("week", "query", name=op.f("pk_search_query_counts")),
    )


def downgrade():
    op.drop_table("search_query_counts")
