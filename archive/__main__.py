"""``python -m archive`` runs the ``replay-archive`` command line."""

from archive.cli import main

main()
