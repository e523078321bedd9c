"""The pipeline tests use the session's shared corpus and instance (tests/fixtures/corpus.py)."""
