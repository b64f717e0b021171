"""The HTML report, read as HTML (the browser test, ``test_browser.py``, looks at it rendered).

Every target and block of ``documents.jsonl`` has exactly one element of its class with its
raw start; the text shown is the clean text; misses and false alarms against gold get their
own classes; targets without a span are listed beside the text; pages fetch nothing.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from review_runs import CORPUS_GOLD, TEST_DATA, astral_run, data_run, predictions

from pipeline.cli import main
from pipeline.report import write_report
from pipeline.report.model import Mark, clean_offsets, render_marks


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_every_target_and_block_is_marked_once_at_its_raw_start(corpus_dir, report_dir):
    for doc_id, record in predictions(corpus_dir).items():
        page = soup(report_dir / f"{doc_id}.html")
        targets, blocks = page.select(".target"), page.select(".block")
        assert Counter(int(t["data-start"]) for t in targets) == Counter(
            t["start"] for t in record["targets"]
        )
        assert Counter(int(b["data-start"]) for b in blocks) == Counter(
            b["start"] for b in record["responsibilities"]
        )
        assert page.select_one("#n-targets").text == str(len(record["targets"]))


def test_regression_plans_are_marked_completely_too(tmp_path_factory):
    """The made-up plans and real PDFs of tests/data: page numbers inside blocks, chapters, notices."""
    run = data_run(tmp_path_factory.getbasetemp())
    out = tmp_path_factory.mktemp("data-report")
    write_report(run, out, TEST_DATA / "real")
    for doc_id, record in predictions(run).items():
        page = soup(out / f"{doc_id}.html")
        assert Counter(int(t["data-start"]) for t in page.select(".target")) == Counter(
            t["start"] for t in record["targets"]
        ), doc_id
        assert len(page.select(".block")) == len(record["responsibilities"]), doc_id
        assert len(page.select("nav.outline a[href^='#']")) == len(record["sections"]), doc_id


def test_the_text_shown_is_the_clean_text_and_each_mark_shows_its_raw_span(corpus_dir, report_dir):
    for doc_id, record in predictions(corpus_dir).items():
        page = soup(report_dir / f"{doc_id}.html")
        article = page.select_one("article.text")
        assert article.get_text() == record["text"]
        raw = (corpus_dir / "raw" / f"{doc_id}.txt").read_text(encoding="utf-8")
        for mark in page.select(".target, .block"):
            shown = "".join(mark.get_text().split())
            assert shown == "".join(raw[int(mark["data-start"]) : int(mark["data-end"])].split())


def test_hover_fields_are_in_the_page(corpus_dir, report_dir):
    record = predictions(corpus_dir)["xingguo"]
    page = soup(report_dir / "xingguo.html")
    tips = json.loads(page.select_one("#tooltips").string)
    first = page.select_one(".target")
    rows = dict(map(tuple, tips[first["data-key"]]["rows"]))
    assert rows["indicator"] == record["targets"][0]["indicator"]
    block_rows = [row[1] for row in tips[page.select_one(".block")["data-key"]]["rows"]]
    assert any(record["responsibilities"][0]["units"][0]["name"] in row for row in block_rows)


def test_the_outline_is_a_tree_whose_links_reach_the_headings(corpus_dir, report_dir):
    record = predictions(corpus_dir)["xingguo"]
    page = soup(report_dir / "xingguo.html")
    links = page.select("nav.outline a[href^='#']")
    assert len(links) == len(record["sections"])
    for link in links:
        assert page.find(id=link["href"][1:]) is not None
    nested = page.select("nav.outline > ul > li > details > ul > li")
    assert nested, "sections nest under their parents"


def test_index_lists_documents_with_counts_and_scores(corpus_dir, report_dir):
    page = soup(report_dir / "index.html")
    rows = page.select("tr.document")
    assert [r["data-doc"] for r in rows] == sorted(predictions(corpus_dir))
    for row in rows:
        record = predictions(corpus_dir)[row["data-doc"]]
        assert row.select_one(".n-targets").text == str(len(record["targets"]))
        assert (report_dir / row.a["href"]).is_file()
    assert "1.000" in page.select_one("tfoot").text


def test_misses_and_false_alarms_against_gold_have_their_own_classes(altered_report):
    page = soup(altered_report / "xingguo.html")
    assert len(page.select(".target.fp")) == 1 and len(page.select(".block.fp")) == 1
    assert len(page.select(".fn.gold-target")) == 1 and len(page.select(".fn.gold-block")) == 1
    assert not soup(altered_report / "rongjiang.html").select(".fp, .fn")


def test_charts_are_matplotlib_svg_inline(report_dir):
    page = (report_dir / "xingguo.html").read_text(encoding="utf-8")
    charts = BeautifulSoup(page, "html.parser").select("figure > svg.chart")
    assert len(charts) == 3
    assert all("Matplotlib v" in c.find("metadata").get_text() for c in charts)
    assert all(c.find("text") is not None for c in charts), "text stays text (svg.fonttype none)"


@pytest.mark.parametrize("name", ["index.html", "xingguo.html", "rongjiang.html"])
def test_pages_fetch_nothing(report_dir, name):
    page = soup(report_dir / name)
    assert not page.select("script[src], link, img, iframe, object, embed")
    for tag in page.find_all(href=True):
        assert not re.match(r"[a-z]+:", tag["href"]) or tag["href"].startswith("#"), tag["href"]
    for style in page.find_all("style"):
        assert "@import" not in style.text and "url(" not in style.text


def test_reports_are_deterministic(corpus_dir, report_dir, tmp_path):
    write_report(corpus_dir, tmp_path, CORPUS_GOLD)
    for name in ("index.html", "xingguo.html"):
        assert (tmp_path / name).read_bytes() == (report_dir / name).read_bytes()


def test_a_target_without_a_span_is_listed_beside_its_section(corpus_dir, tmp_path):
    """Table targets (``source: "table"``) may have null start/end: listed, not highlighted."""
    run = tmp_path / "run"
    (run / "raw").mkdir(parents=True)
    record = predictions(corpus_dir)["xingguo"]
    table_target = {
        **record["targets"][0],
        "start": None,
        "end": None,
        "source": "table",
        "indicator": "表中指标",
    }
    record["targets"].append(table_target)
    (run / "documents.jsonl").write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    (run / "raw" / "xingguo.txt").write_bytes((corpus_dir / "raw" / "xingguo.txt").read_bytes())
    write_report(run, tmp_path / "report")
    page = soup(tmp_path / "report" / "xingguo.html")
    assert len(page.select(".target")) == len(record["targets"])
    listed = page.select("aside.side .target")
    assert [t.text for t in listed] == ["表中指标"] and listed[0]["data-start"] == ""
    assert listed[0].find_parent("aside")["data-section"] == table_target["section"]


def test_raw_with_astral_characters_and_crlf(tmp_path_factory):
    run = astral_run(tmp_path_factory.getbasetemp())
    out = tmp_path_factory.mktemp("astral-report")
    write_report(run, out)
    record = predictions(run)["astral"]
    page = soup(out / "astral.html")
    assert page.select_one("article.text").get_text() == record["text"]
    assert [t.get_text() for t in page.select(".target")] == ["62%", "13.5%", "700根", "2.6万千瓦"]


def test_marks_that_cross_are_split_and_counted_once():
    marks = [Mark(0, 4, "g0", "fn"), Mark(2, 6, "t0", "target", attrs={"start": "2"})]
    html = BeautifulSoup(str(render_marks("甲乙丙丁戊己", marks)), "html.parser")
    assert len(html.select(".target")) == 1 and len(html.select(".target-cont")) == 1
    assert html.get_text() == "甲乙丙丁戊己"


def test_clean_offsets_fall_back_to_an_alignment():
    raw = "一、目标\n到 2025 年，森林覆盖率达到 60%。\n— 2 —\n"
    offsets, how = clean_offsets(raw, "一、目标\n到2025年，森林覆盖率达到60%。")
    assert how in ("cleaner", "alignment")
    clean = "一、目标\n到2025年，森林覆盖率达到60%。"
    start = clean.index("60%")
    assert raw[offsets[start] : offsets[start + 2] + 1] == "60%"
    offsets, how = clean_offsets(raw, clean + "（补）")
    assert how == "alignment" and raw[offsets[start] : offsets[start + 2] + 1] == "60%"


def test_command_line(corpus_dir, tmp_path, capsys):
    assert main(["report", str(corpus_dir), "--gold", str(CORPUS_GOLD), "--out", str(tmp_path)]) == 0
    assert (tmp_path / "index.html").is_file() and (tmp_path / "xingguo.html").is_file()
    assert main(["report", str(tmp_path / "nowhere"), "--out", str(tmp_path)]) == 2


def test_templates_are_package_data():
    from importlib import resources

    names = {p.name for p in resources.files("pipeline.report").joinpath("templates").iterdir()}
    assert {"base.html.j2", "index.html.j2", "document.html.j2", "report.css", "report.js"} <= names
