"""The editor's pages, one module per area."""
