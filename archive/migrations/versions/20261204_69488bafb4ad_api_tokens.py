"""API tokens; audit actions for tokens and site pages

Revision ID: 69488bafb4ad
Revises: c4a1e7d29f60
Create Date: 2026-12-04 17:00:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "69488bafb4ad"
down_revision = "c4a1e7d29f60"
branch_labels = None
depends_on = None

OLD_ACTIONS = (
    "create",
    "edit",
    "transcript",
    "cues",
    "chapters",
    "poster",
    "highlight",
    "publish",
    "unpublish",
    "delete",
    "job_retry",
    "job_cancel",
    "role",
    "account",
)
NEW_ACTIONS = (*OLD_ACTIONS, "token", "page")


def _actions(actions: tuple[str, ...]) -> str:
    return "action IN (" + ", ".join(f"'{a}'" for a in actions) + ")"


def upgrade():
    op.create_table(
        "api_tokens",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("prefix", sa.String(length=16), nullable=False),
        sa.Column("created_by", sa.String(length=254), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_used_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_api_tokens_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_api_tokens")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_api_tokens_token_hash")),
    )
    with op.batch_alter_table("api_tokens", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_api_tokens_user_id"), ["user_id"], unique=False)
    with op.batch_alter_table("audit_entries", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_audit_entries_auditaction"), type_="check")
        batch_op.create_check_constraint("auditaction", _actions(NEW_ACTIONS))


def downgrade():
    op.execute("DELETE FROM audit_entries WHERE action IN ('token', 'page')")
    with op.batch_alter_table("audit_entries", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_audit_entries_auditaction"), type_="check")
        batch_op.create_check_constraint("auditaction", _actions(OLD_ACTIONS))
    with op.batch_alter_table("api_tokens", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_api_tokens_user_id"))
    op.drop_table("api_tokens")
