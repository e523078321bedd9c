"""chunked processing: chunk and assemble jobs, each pointing at its processing job (issue 15)

Revision ID: d9f3b6a2c817
Revises: c2e85a1d4f06
Create Date: 2026-12-12 19:00:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "d9f3b6a2c817"
down_revision = "c2e85a1d4f06"
branch_labels = None
depends_on = None

OLD_KINDS = ("process", "highlight", "transcribe")
NEW_KINDS = (*OLD_KINDS, "chunk", "assemble")


def _kinds(kinds: tuple[str, ...]) -> str:
    return "kind IN (" + ", ".join(f"'{k}'" for k in kinds) + ")"


def upgrade():
    with op.batch_alter_table("jobs", schema=None) as batch_op:
        batch_op.add_column(sa.Column("parent_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_jobs_parent_id"), ["parent_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_jobs_parent_id_jobs"), "jobs", ["parent_id"], ["id"], ondelete="CASCADE"
        )
        batch_op.drop_constraint(op.f("ck_jobs_jobkind"), type_="check")
        batch_op.create_check_constraint("jobkind", _kinds(NEW_KINDS))


def downgrade():
    op.execute("DELETE FROM jobs WHERE kind IN ('chunk', 'assemble')")
    with op.batch_alter_table("jobs", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_jobs_jobkind"), type_="check")
        batch_op.create_check_constraint("jobkind", _kinds(OLD_KINDS))
        batch_op.drop_constraint(batch_op.f("fk_jobs_parent_id_jobs"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_jobs_parent_id"))
        batch_op.drop_column("parent_id")
