"""A conference's programme imported in one go: sessions as draft replays, by external key.

``rows`` reads and validates a CSV or JSON file (every row, before anything is applied);
``apply`` plans what would change (the admin page's preview) and applies it (the CLI and the
admin page), importing a row's recording exactly like ``replay-archive import --replay ID``.
"""
