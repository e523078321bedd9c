"""job public ids and kinds

Revision ID: bb03dd395a12
Revises: 2ea986653ae4
Create Date: 2026-12-04 16:05:00.000000

"""

import secrets

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "bb03dd395a12"
down_revision = "2ea986653ae4"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("jobs", schema=None) as batch_op:
        batch_op.add_column(sa.Column("public_id", sa.String(length=32), nullable=True))
        batch_op.add_column(
            sa.Column(
                "kind",
                sa.Enum(
                    "process",
                    "highlight",
                    name="jobkind",
                    native_enum=False,
                    create_constraint=True,
                    length=16,
                ),
                nullable=False,
                server_default="process",
            )
        )
        batch_op.add_column(sa.Column("parameters", sa.JSON(), nullable=True))

    # Existing jobs get random public ids too: their sequential ids must stop being usable.
    jobs = sa.table("jobs", sa.column("id", sa.Integer()), sa.column("public_id", sa.String()))
    connection = op.get_bind()
    for (job_id,) in connection.execute(sa.select(jobs.c.id)).all():
        connection.execute(
            jobs.update().where(jobs.c.id == job_id).values(public_id=secrets.token_urlsafe(12))
        )

    with op.batch_alter_table("jobs", schema=None) as batch_op:
        batch_op.alter_column("public_id", existing_type=sa.String(length=32), nullable=False)
        batch_op.alter_column("kind", existing_type=sa.String(length=16), server_default=None)
        batch_op.create_unique_constraint(batch_op.f("uq_jobs_public_id"), ["public_id"])


def downgrade():
    with op.batch_alter_table("jobs", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_jobs_public_id"), type_="unique")
        batch_op.drop_constraint(batch_op.f("ck_jobs_jobkind"), type_="check")
        batch_op.drop_column("parameters")
        batch_op.drop_column("kind")
        batch_op.drop_column("public_id")
