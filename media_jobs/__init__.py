"""The processing side of the archive: probe, plan a ladder, transcode, thumbnails, store.

The ffmpeg-facing modules here (errors, ffmpeg, probe, ladder, transcode, hls, thumbnails,
loudness, audio_cover) know nothing of Flask, the database or the queue: explicit arguments
in, typed results out, and a progress callback on the slow steps.
"""
