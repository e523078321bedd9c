"""Structured logs: one JSON object a line, the job id on every line a job writes."""

from __future__ import annotations

import io
import json
import logging
from pathlib import Path

from flask import Flask

from archive.ops.logs import json_handler
from archive.processing.log_context import job_context


def _capture() -> tuple[logging.Logger, io.StringIO]:
    stream = io.StringIO()
    logger = logging.getLogger("tests.ops.capture")
    logger.handlers = [json_handler(stream)]
    logger.setLevel(logging.INFO)
    logger.propagate = False
    return logger, stream


def test_lines_are_json_and_carry_the_job_id_inside_a_job() -> None:
    logger, stream = _capture()
    logger.info("outside")
    with job_context(42):
        logger.warning("inside %s", "the job")
    try:
        raise ValueError("boom")
    except ValueError:
        logger.exception("failed")
    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    assert [line["message"] for line in lines] == ["outside", "inside the job", "failed"]
    assert "job_id" not in lines[0]
    assert lines[1]["job_id"] == 42 and lines[1]["level"] == "warning"
    assert "ValueError: boom" in lines[2]["exception"]
    assert all({"time", "logger", "process"} <= set(line) for line in lines)


def test_every_pipeline_line_of_a_job_has_its_id(app: Flask, talk_mp4: Path) -> None:
    stream = io.StringIO()
    handler = json_handler(stream)
    loggers = [logging.getLogger(name) for name in ("archive.processing", "media_jobs")]
    previous = [logger.level for logger in loggers]
    for logger in loggers:
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
    try:
        result = app.test_cli_runner().invoke(args=["import", str(talk_mp4), "--wait", "--json"])
    finally:
        for logger, level in zip(loggers, previous, strict=True):
            logger.removeHandler(handler)
            logger.setLevel(level)
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    pipeline_lines = [line for line in lines if line["logger"] == "archive.processing.pipeline"]
    assert pipeline_lines, "the pipeline logged its job"
    job_ids = {line.get("job_id") for line in pipeline_lines}
    assert len(job_ids) == 1 and None not in job_ids
