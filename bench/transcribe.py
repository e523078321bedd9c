"""Speech-to-text speed and accuracy on synthetic English talks (issue 12, bar 4).

Speaks the texts of ``tests/data/speech/*.txt`` with espeak-ng, encodes them as AAC (as an
uploaded recording would be), decodes and transcribes each with ``media_jobs.transcription``
and compares the words heard with the words written. Last line:
``realtime_factor=… wer=…`` (transcription seconds per second of audio; word error rate).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from media_jobs.asr_models import resolve_model  # noqa: E402
from media_jobs.probe import probe  # noqa: E402
from media_jobs.transcription import decode_audio, load_model, transcribe  # noqa: E402
from media_jobs.word_error_rate import word_error_rate  # noqa: E402

TEXTS = ROOT / "tests" / "data" / "speech"


def speak(text: str, out: Path) -> Path:
    """espeak-ng English at 150 words a minute, encoded to AAC in an M4A file."""
    wav = out.with_suffix(".wav")
    text_file = out.with_suffix(".txt")
    text_file.write_text(text, encoding="utf-8")
    subprocess.run(  # noqa: S603
        ["espeak-ng", "-v", "en", "-s", "150", "-f", str(text_file), "-w", str(wav)], check=True
    )
    subprocess.run(  # noqa: S603
        ["ffmpeg", "-nostdin", "-loglevel", "error", "-y", "-i", str(wav), "-c:a", "aac", str(out)],
        check=True,
    )
    return out


def main() -> None:
    """Print one line per talk, then the totals."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default=os.environ.get("ARCHIVE_ASR_MODEL", "tiny.en"))
    args = parser.parse_args()
    model_dir = resolve_model(args.model)
    started = time.perf_counter()
    model = load_model(model_dir)
    print(f"model={args.model} folder={model_dir} load_s={time.perf_counter() - started:.2f}")
    said, heard, audio_s, busy_s = [], [], 0.0, 0.0
    with tempfile.TemporaryDirectory() as tmp:
        for text_path in sorted(TEXTS.glob("*.txt")):
            text = text_path.read_text(encoding="utf-8").strip()
            recording = speak(text, Path(tmp) / f"{text_path.stem}.m4a")
            started = time.perf_counter()
            audio = decode_audio(recording, probe(recording), timeout=120)
            result = transcribe(model, audio, language="en")
            elapsed = time.perf_counter() - started
            words = " ".join(cue.text for cue in result.cues)
            wer = word_error_rate(text, words)
            print(
                f"{text_path.stem}: audio_s={result.duration:.1f} rtf={elapsed / result.duration:.3f} wer={wer:.3f}"
            )
            said.append(text)
            heard.append(words)
            audio_s += result.duration
            busy_s += elapsed
    total_wer = word_error_rate(" ".join(said), " ".join(heard))
    print(f"load_average={os.getloadavg()[0]:.1f} cores={os.cpu_count()}")
    print(f"realtime_factor={busy_s / audio_s:.3f} wer={total_wer:.3f}")


if __name__ == "__main__":
    main()
