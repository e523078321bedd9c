"""The media tests use the session's shared corpus (tests/fixtures/corpus.py)."""
