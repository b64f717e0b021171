"""Batch runs: inputs, doc ids, bad inputs, manifest, resume (also after a hard kill), engines."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
from conftest import write_docx, write_encrypted_pdf, write_image_pdf, write_pdf

import pipeline.document
from pipeline import batch
from pipeline.batch import expand_inputs, process_path, run_batch

ROOT = Path(__file__).resolve().parent.parent


def manifest(out: Path) -> pd.DataFrame:
    return pd.read_csv(out / "manifest.csv", encoding="utf-8-sig", dtype=str, keep_default_na=False)


def outputs(out: Path) -> dict[str, bytes]:
    names = ["documents.jsonl", "documents.csv", "sections.csv", "responsibilities.csv", "targets.csv"]
    return {name: (out / name).read_bytes() for name in names}


@pytest.fixture
def limits(monkeypatch):
    """Generous limits that still keep the run short; workers inherit the environment."""
    monkeypatch.setenv("PLAN_EXTRACT_TIMEOUT", "300")


@pytest.fixture
def good_dir(tmp_path, plan_paragraphs, plan_text):
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "plan.txt").write_text(plan_text, encoding="utf-8")
    (folder / "sub" / "plan.txt").write_bytes(plan_text.encode("gbk"))
    write_docx(plan_paragraphs, folder / "sub" / "Plan.docx")
    write_pdf(plan_paragraphs, folder / "other.pdf")
    (folder / "short.txt").write_text("\n".join(plan_paragraphs[:4]), encoding="utf-8")
    return folder


# --------------------------------------------------------------------------------------------------
# Bad inputs


def make_bad_inputs(folder: Path, plan_text: str) -> dict[str, tuple[str, str]]:
    """Write every kind of bad input; return name → (expected status, words of the error)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 100)
    (folder / "truncated.txt").write_bytes(plan_text.encode("utf-8")[:-2])
    (folder / "oneline.txt").write_bytes(b"8" * (50 * 2**20 + 1))  # a 50 MB single-line file
    write_image_pdf(folder / "scan.pdf")
    write_encrypted_pdf(folder / "locked.pdf")
    (folder / "corrupt.docx").write_bytes(b"PK\x03\x04" + b"\x00garbage" * 300)
    import zipfile

    with zipfile.ZipFile(folder / "bomb.docx", "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"\0" * (30 * 2**20))
    (folder / "unclosed.txt").write_text(
        "一、任务\n1.推进节能改造。〔责任单位：县发改委、县工信局\n2.到2025年，新建充电桩700根。\n" * 50,
        encoding="utf-8",
    )
    (folder / "deep.txt").write_text(
        "一、目标\n" + "（" * 5000 + "责任单位：县发改委" + "）" * 5000, encoding="utf-8"
    )
    (folder / "digits.txt").write_text("1" * 2**20, encoding="utf-8")
    return {
        "empty.txt": ("failed", "empty file"),
        "binary.txt": ("failed", "not a text file"),
        "truncated.txt": ("ok", ""),
        "oneline.txt": ("failed", "file too large"),
        "scan.pdf": ("failed", "no text layer: needs OCR"),
        "locked.pdf": ("failed", "encrypted PDF"),
        "corrupt.docx": ("failed", "corrupt .docx"),
        "bomb.docx": ("failed", "zip bomb refused"),
        "unclosed.txt": ("ok", ""),
        "deep.txt": ("ok", ""),
        "digits.txt": ("ok", ""),
    }


def test_bad_inputs_fail_alone_with_one_line_errors(tmp_path, plan_text, limits):
    expected = make_bad_inputs(tmp_path / "bad", plan_text)
    (tmp_path / "bad" / "good.txt").write_text(plan_text, encoding="utf-8")
    expected["good.txt"] = ("ok", "")
    report = run_batch([str(tmp_path / "bad")], tmp_path / "out", jobs=2, progress=False)
    rows = manifest(tmp_path / "out").set_index("doc_id")
    assert sorted(rows.index) == sorted(Path(name).stem for name in expected)
    for name, (status, words) in expected.items():
        row = rows.loc[Path(name).stem]
        assert (name, row["status"]) == (name, status), row["error"]
        assert words in row["error"]
        assert "\n" not in row["error"]
        assert len(row["sha256"]) == 64
        if status == "failed":
            assert row["error"].startswith(str(tmp_path / "bad" / name))
    assert (report.ok, report.failed, report.skipped) == (5, 7, 0)
    assert report.exit_code == 1
    docs = pd.read_json(tmp_path / "out" / "documents.jsonl", lines=True)
    assert sorted(docs["doc_id"]) == sorted(Path(n).stem for n, (s, _) in expected.items() if s == "ok")
    truncated = docs.set_index("doc_id").loc["truncated"]
    assert any("[W003]" in w for w in truncated["warnings"])


# --------------------------------------------------------------------------------------------------
# Inputs and ids


def test_same_stems_get_distinct_ids_and_raw_files(good_dir, tmp_path, limits):
    report = run_batch([str(good_dir)], tmp_path / "out", jobs=1, progress=False)
    assert report.exit_code == 0 and report.ok == 5
    rows = manifest(tmp_path / "out")
    ids = dict(zip(rows["path"], rows["doc_id"], strict=True))
    assert ids == {
        str(good_dir / "other.pdf"): "other",
        str(good_dir / "plan.txt"): "plan",
        str(good_dir / "short.txt"): "short",
        str(good_dir / "sub" / "Plan.docx"): "Plan-2",  # case-insensitive file systems
        str(good_dir / "sub" / "plan.txt"): "plan-3",
    }
    raw_files = sorted(p.name for p in (tmp_path / "out" / "raw").iterdir())
    assert raw_files == ["Plan-2.txt", "other.txt", "plan-3.txt", "plan.txt", "short.txt"]
    assert rows["pipeline_version"].nunique() == 1
    assert rows["pipeline_version"].iloc[0] == batch.pipeline_version()


def test_input_forms(tmp_path, good_dir):
    (good_dir / ".hidden.txt").write_text("x", encoding="utf-8")
    (good_dir / "~$Plan.docx").write_bytes(b"lock")
    (good_dir / "notes.xlsx").write_bytes(b"PK")
    listing = tmp_path / "list.txt"
    listing.write_text("# plans to run\nin/plan.txt\n\nin/sub/plan.txt\n", encoding="utf-8")
    items = expand_inputs(
        [
            f"@{listing}",
            str(good_dir / "*.txt"),
            str(good_dir / "plan.txt"),
            str(tmp_path / "missing.txt"),
            str(tmp_path / "none-*.pdf"),
            str(good_dir / "sub"),
        ]
    )
    assert [(Path(i.path).relative_to(tmp_path).as_posix() if not i.error else i.error) for i in items] == [
        "in/plan.txt",
        "in/sub/plan.txt",
        "in/short.txt",
        f"{tmp_path / 'missing.txt'}: no such file",
        f"{tmp_path / 'none-*.pdf'}: no files match the pattern",
        "in/sub/Plan.docx",
    ]


def test_every_input_is_accounted_for(tmp_path, good_dir, limits):
    report = run_batch(
        [str(good_dir / "plan.txt"), str(tmp_path / "missing.txt"), f"@{tmp_path / 'nolist.txt'}"],
        tmp_path / "out",
        jobs=1,
        progress=False,
    )
    rows = manifest(tmp_path / "out")
    assert rows["status"].tolist() == ["ok", "failed", "failed"]
    assert "no such file" in rows["error"].iloc[1] and "cannot read the input list" in rows["error"].iloc[2]
    assert report.exit_code == 1


def test_jobs_do_not_change_the_outputs(tmp_path, good_dir, limits):
    run_batch([str(good_dir)], tmp_path / "one", jobs=1, progress=False)
    run_batch([str(good_dir)], tmp_path / "many", jobs=3, progress=False)
    assert outputs(tmp_path / "one") == outputs(tmp_path / "many")


def test_progress_lines_without_a_tty(tmp_path, good_dir, capsys, limits):
    run_batch(
        [str(good_dir / "plan.txt"), str(good_dir / "nope.txt")], tmp_path / "out", jobs=1, progress=True
    )
    err = sorted(capsys.readouterr().err.splitlines())
    assert err[0] == f"1 ok, 1 failed, 0 skipped in {err[0].split(' in ')[1]}"
    assert err[1].startswith("[") and f"] failed {good_dir / 'nope.txt'}: no such file" in err[1]
    assert err[2].startswith("[") and f"] ok {good_dir / 'plan.txt'} (" in err[2] and " targets, " in err[2]
    assert {err[1][:5], err[2][:5]} == {"[1/2]", "[2/2]"}


# --------------------------------------------------------------------------------------------------
# Resume


def test_resume_skips_what_is_done_and_redoes_what_changed(tmp_path, good_dir, plan_text, limits):
    out = tmp_path / "out"
    run_batch([str(good_dir)], out, jobs=2, progress=False)
    fresh = outputs(out)
    again = run_batch([str(good_dir)], out, jobs=2, resume=True, progress=False)
    assert (again.ok, again.skipped, again.failed, again.exit_code) == (0, 5, 0, 0)
    assert outputs(out) == fresh
    (good_dir / "short.txt").write_text(plan_text, encoding="utf-8")  # changed since
    changed = run_batch([str(good_dir)], out, jobs=2, resume=True, progress=False)
    assert (changed.ok, changed.skipped) == (1, 4)
    rows = manifest(out).set_index("doc_id")
    assert rows.loc["short", "status"] == "ok" and rows.loc["plan", "status"] == "skipped"
    assert outputs(out) != fresh


def test_without_resume_a_run_starts_afresh(tmp_path, good_dir, limits):
    out = tmp_path / "out"
    run_batch([str(good_dir)], out, jobs=1, progress=False)
    run_batch([str(good_dir / "plan.txt")], out, jobs=1, progress=False)
    assert len((out / "documents.jsonl").read_text(encoding="utf-8").splitlines()) == 1
    assert len(manifest(out)) == 1


KILLER = """
import os, sys
import pipeline.batch as batch
real, seen = batch.process_path, []
def dying(path, doc_id):
    seen.append(path)
    if len(seen) == 3:
        os._exit(9)   # a hard kill: no finally, no flush
    return real(path, doc_id)
batch.process_path = dying
batch.pipeline_version = lambda: sys.argv[3]  # the parent's: the code may be edited meanwhile
batch.run_batch([sys.argv[1]], sys.argv[2], jobs=1, progress=False)
"""


def test_a_killed_run_leaves_valid_files_and_resume_completes_it(tmp_path, good_dir, limits):
    out = tmp_path / "out"
    done = subprocess.run(
        [sys.executable, "-c", KILLER, str(good_dir), str(out), batch.pipeline_version()],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 9, done.stderr
    assert not (out / "documents.jsonl").exists() and not (out / "manifest.csv").exists()
    assert not list(out.glob(".*.tmp"))
    partial = pd.read_csv(out / "manifest.partial.csv", encoding="utf-8-sig", dtype=str)
    assert partial["status"].tolist() == ["ok", "ok"]
    report = run_batch([str(good_dir)], out, jobs=2, resume=True, progress=False)
    assert (report.ok, report.skipped, report.failed) == (3, 2, 0)
    assert not (out / "manifest.partial.csv").exists()
    run_batch([str(good_dir)], tmp_path / "fresh", jobs=1, progress=False)
    assert outputs(out) == outputs(tmp_path / "fresh")


# --------------------------------------------------------------------------------------------------
# One document, and process failures


def test_process_path_never_raises(tmp_path, monkeypatch):
    path = tmp_path / "plan.txt"
    path.write_text("一、目标\n到2025年，森林覆盖率达到60%。", encoding="utf-8")

    def broken(raw):
        raise ValueError("stage blew\nup")

    monkeypatch.setattr(pipeline.document, "build_document", broken)
    result = process_path(str(path), "plan")
    assert result.status == "failed" and result.document is None
    assert result.error == f"{path}: internal error: ValueError: stage blew up"
    assert len(result.sha256) == 64
    missing = process_path(str(tmp_path / "gone.txt"), "gone")
    assert (missing.status, missing.sha256) == ("failed", "")


def test_document_timeout(tmp_path, monkeypatch):
    path = tmp_path / "slow.txt"
    path.write_text("一、目标", encoding="utf-8")
    monkeypatch.setattr(pipeline.document, "build_document", lambda raw: time.sleep(30))
    monkeypatch.setenv("PLAN_EXTRACT_TIMEOUT", "0.5")
    result = process_path(str(path), "slow")
    assert result.status == "failed" and "timed out after 0.5 s" in result.error
    assert result.seconds < 29


@pytest.mark.skipif(sys.platform == "win32" or os.name != "posix", reason="fork start method")
def test_a_crashing_worker_fails_only_its_document(tmp_path, good_dir, monkeypatch, limits):
    real = pipeline.document.build_document

    def crash_on_short(raw):
        if raw.doc_id == "short":
            os._exit(1)
        return real(raw)

    monkeypatch.setattr(pipeline.document, "build_document", crash_on_short)
    report = run_batch([str(good_dir)], tmp_path / "out", jobs=2, progress=False)
    rows = manifest(tmp_path / "out").set_index("doc_id")
    assert rows.loc["short", "status"] == "failed"
    assert "worker process died" in rows.loc["short", "error"]
    assert (report.ok, report.failed) == (4, 1)


# --------------------------------------------------------------------------------------------------
# Dask


def test_dask_engine_gives_the_same_outputs(tmp_path, good_dir, limits):
    distributed = pytest.importorskip("dask.distributed")
    run_batch([str(good_dir)], tmp_path / "local", jobs=1, progress=False)
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        report = run_batch(
            [str(good_dir)],
            tmp_path / "dask",
            engine="dask",
            scheduler=cluster.scheduler_address,
            progress=False,
        )
    assert report.ok == 5 and report.exit_code == 0
    assert outputs(tmp_path / "dask") == outputs(tmp_path / "local")
