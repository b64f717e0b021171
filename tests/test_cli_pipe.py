"""`plan-extract eval … | head`: a reader that stops early ends the command quietly."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_a_closed_pipe_ends_eval_without_a_traceback(tmp_path: Path) -> None:
    out = tmp_path / "out"
    subprocess.run(
        [sys.executable, "-m", "pipeline", "run", str(ROOT / "corpus" / "raw"), "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        check=True,
    )
    command = [sys.executable, "-m", "pipeline", "eval", "--gold", str(ROOT / "corpus" / "gold")]
    command += ["--pred", str(out / "documents.jsonl"), "--max-errors", "100000"]
    writer = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert writer.stdout is not None
    writer.stdout.close()  # the reader is gone before the report is written: a broken pipe
    _, stderr = writer.communicate(timeout=120)
    assert b"Traceback" not in stderr, stderr.decode()
    assert writer.returncode == 0
