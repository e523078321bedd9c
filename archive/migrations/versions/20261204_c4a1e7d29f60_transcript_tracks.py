"""transcript tracks: origin, machine translation, model, uncertain words; transcribe jobs

Revision ID: c4a1e7d29f60
Revises: bb03dd395a12
Create Date: 2026-12-04 16:30:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "c4a1e7d29f60"
down_revision = "bb03dd395a12"
branch_labels = None
depends_on = None

OLD_KINDS = ("process", "highlight")
NEW_KINDS = (*OLD_KINDS, "transcribe")


def _kinds(kinds: tuple[str, ...]) -> str:
    return "kind IN (" + ", ".join(f"'{k}'" for k in kinds) + ")"


def upgrade():
    with op.batch_alter_table("transcripts", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "origin",
                sa.Enum(
                    "uploaded",
                    "automatic",
                    "edited",
                    name="transcriptorigin",
                    native_enum=False,
                    create_constraint=True,
                    length=16,
                ),
                nullable=False,
                server_default="uploaded",
            )
        )
        batch_op.add_column(
            sa.Column(
                "machine_translation", sa.Boolean(), nullable=False, server_default=sa.false()
            )
        )
        batch_op.add_column(sa.Column("model_name", sa.String(length=200), nullable=True))
    with op.batch_alter_table("cues", schema=None) as batch_op:
        batch_op.add_column(sa.Column("uncertain", sa.JSON(), nullable=True))
    with op.batch_alter_table("jobs", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_jobs_jobkind"), type_="check")
        batch_op.create_check_constraint("jobkind", _kinds(NEW_KINDS))


def downgrade():
    op.execute("DELETE FROM jobs WHERE kind = 'transcribe'")
    with op.batch_alter_table("jobs", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_jobs_jobkind"), type_="check")
        batch_op.create_check_constraint("jobkind", _kinds(OLD_KINDS))
    with op.batch_alter_table("cues", schema=None) as batch_op:
        batch_op.drop_column("uncertain")
    with op.batch_alter_table("transcripts", schema=None) as batch_op:
        batch_op.drop_column("model_name")
        batch_op.drop_column("machine_translation")
        batch_op.drop_column("origin")
