"""The search engine: Whoosh, the analysers, query syntax, matching, ranking and snippets.

It knows nothing of Flask, the database, the queue or the rest of the archive: replay
documents (:class:`~archive.search.engine.documents.ReplayDoc`) and search requests come in,
results go out. The app side (``archive.search``: the page, the index accessor, the
documents built from the catalogue) is the only part that knows both. Whoosh's non-public
API is reached from :mod:`archive.search.engine.whoosh_internals` only.
"""
