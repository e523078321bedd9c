"""The archive's processing: job rows, the Huey queue and tasks, and the pipeline that drives
the ``media_jobs`` library (probe → plan → transcode → thumbnails → store → publish → index).

``media_jobs`` is the ffmpeg library and knows nothing of this package; everything that
touches the database, the media store, the search index or the queue lives here.
"""
