"""Backups of the catalogue: ``replay-archive export FILE`` and ``replay-archive import-archive FILE``.

The file is gzip-compressed JSON lines: a header, then one line per row of every catalogue
table (events, speakers, themes, replays and their links, chapters, recordings, renditions,
transcripts with their cues, jobs, grants, audit entries, users), in an order where every row
comes after the rows it refers to. Media are not in the file: they stay in the bucket (or
the media folder), under the keys the rows name. The search index is not in the file either:
it is rebuilt from the restored rows.
"""
