"""Bringing recordings in: the import operation (CLI) and, later, browser uploads."""

from flask import Flask


def init_app(app: Flask) -> None:
    """Nothing to register yet beyond the CLI's import command."""
