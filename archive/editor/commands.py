"""``replay-archive create-token`` and ``revoke-token``."""

from __future__ import annotations

import click
from flask.cli import with_appcontext


@click.command("create-token")
@click.argument("email")
@click.option("--name", required=True, help="What the token is for, e.g. 'website'.")
@with_appcontext
def create_token_command(email: str, name: str) -> None:
    """Create an API token acting as the user EMAIL; the token is the last line printed."""
    from archive.accounts.operations import AccountError
    from archive.accounts.tokens import user_by_email
    from archive.editor.audit import COMMAND_LINE
    from archive.editor.tokens import issue_token

    try:
        token, secret = issue_token(user_by_email(email), name, COMMAND_LINE)
    except AccountError as err:
        raise click.ClickException(str(err)) from None
    click.echo(
        f"created the API token {token.name!r} for {token.user.email} ({token.user.role}); "
        "it is shown this once:",
        err=True,
    )
    click.echo(secret)


@click.command("revoke-token")
@click.argument("email")
@click.option("--name", required=True, help="The name the token was created with.")
@with_appcontext
def revoke_token_command(email: str, name: str) -> None:
    """Revoke the user EMAIL's API token named NAME."""
    from archive.accounts.operations import AccountError
    from archive.accounts.tokens import active_token, user_by_email
    from archive.editor.tokens import withdraw_token

    try:
        user = user_by_email(email)
    except AccountError as err:
        raise click.ClickException(str(err)) from None
    token = active_token(user, name)
    if token is None:
        raise click.ClickException(f"{user.email} has no active token named {name!r}.")
    withdraw_token(token)
    click.echo(f"revoked the API token {token.name!r} of {user.email}")
