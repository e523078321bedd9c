"""site pages: legal notice, privacy, accessibility

Revision ID: 91c5addacc2d
Revises: 1f82cffa2e82
Create Date: 2026-12-04 18:00:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "91c5addacc2d"
down_revision = "1f82cffa2e82"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "site_pages",
        sa.Column("slug", sa.String(length=40), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(length=254), nullable=False),
        sa.PrimaryKeyConstraint("slug", name=op.f("pk_site_pages")),
    )


def downgrade():
    op.drop_table("site_pages")
