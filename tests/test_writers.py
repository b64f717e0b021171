"""Outputs: JSONL, CSV for Excel, Parquet; streaming parts and atomic merges."""

import csv
import json

import openpyxl
import pandas as pd
import pytest

from pipeline import writers
from pipeline.batch import run_batch
from pipeline.document import build_document
from pipeline.read import read_raw
from pipeline.records import AgencyUnit, Document, RawDocument, ResponsibilityBlock, Section, Target
from pipeline.writers import COLUMNS, OutputWriter, to_frames


def raw_of(doc_id: str, text: str) -> RawDocument:
    return RawDocument(doc_id, f"{doc_id}.txt", "0" * 64, "utf-8", text)


def hand_made(doc_id: str = "hand") -> tuple[Document, RawDocument]:
    text = "一、目标\r\n到2025年，森林覆盖率达到60%。〔责任单位：县林业局、县发改委〕\r\n（一）保障\r\n〔责任单位：〕"
    doc = Document(
        doc_id,
        f"{doc_id}.txt",
        "0" * 64,
        "utf-8",
        "示例方案",
        "示例县人民政府",
        "2023-07-23",
        "示例县",
        text.replace("\r", ""),
        sections=[Section("一", 1, "目标", 2, 4), Section("一.(一)", 2, "保障", 50, 52)],
        targets=[
            Target(
                "森林覆盖率",
                60.0,
                None,
                "%",
                60.0,
                "percent",
                "=",
                "level",
                2025,
                None,
                "binding",
                "一",
                22,
                25,
                sentence="到2025年，森林覆盖率达到60%。",
            )
        ],
        responsibilities=[
            ResponsibilityBlock(
                "一",
                27,
                43,
                [
                    AgencyUnit("县林业局", "林业局", "responsible"),
                    AgencyUnit("县发改委", "发展和改革委员会", "responsible"),
                ],
            ),
            ResponsibilityBlock("一.(一)", 54, 61, []),
        ],
        warnings=["[W002] no date of issue found", "[W101] unknown agency kept as written: 某局"],
    )
    return doc, raw_of(doc_id, text)


@pytest.fixture(scope="module")
def plan_doc(plan_text, tmp_path_factory):
    path = tmp_path_factory.mktemp("w") / "plan.txt"
    path.write_text(plan_text, encoding="utf-8")
    raw = read_raw(path)
    return build_document(raw), raw


def test_frames_have_the_documented_columns_and_one_row_per_item(plan_doc):
    doc, _ = plan_doc
    hand, _ = hand_made()
    frames = to_frames([doc, hand])
    for name, frame in frames.items():
        assert list(frame.columns) == list(COLUMNS[name])
    assert len(frames["documents"]) == 2
    assert len(frames["sections"]) == len(doc.sections) + 2
    assert len(frames["targets"]) == len(doc.targets) + 1
    n_units = sum(max(len(b.units), 1) for b in doc.responsibilities + hand.responsibilities)
    assert len(frames["responsibilities"]) == n_units
    assert str(frames["targets"]["target_year"].dtype) == "Int64"


def test_frame_rows_carry_section_headings_and_empty_blocks():
    doc, _ = hand_made()
    frames = to_frames([doc])
    units = frames["responsibilities"]
    assert units["name"].tolist()[:2] == ["县林业局", "县发改委"]
    assert units["section_heading"].tolist() == ["目标", "目标", "保障"]
    assert units["block"].tolist() == [0, 0, 1]
    assert pd.isna(units["name"].iloc[2])  # a block without units keeps one row
    target = frames["targets"].iloc[0]
    assert (target["section_heading"], target["value"], target["unit"]) == ("目标", 60.0, "%")
    document = frames["documents"].iloc[0]
    assert document["warnings"] == " | ".join(doc.warnings)
    assert (document["n_blocks"], document["n_units"], document["n_targets"]) == (2, 2, 1)


def test_empty_input_gives_empty_frames_with_columns():
    frames = to_frames([])
    assert all(len(f) == 0 and list(f.columns) == list(COLUMNS[n]) for n, f in frames.items())


def test_writer_outputs(tmp_path, plan_doc):
    doc, raw = plan_doc
    hand, hand_raw = hand_made()
    with OutputWriter(tmp_path, ("csv", "parquet")) as out:
        out.write(hand, hand_raw)
        out.write(doc, raw)
    lines = (tmp_path / "documents.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["doc_id"] for line in lines] == ["hand", "plan"]  # doc_id order
    assert "森林覆盖率" in lines[0]  # ensure_ascii=False
    assert Document.from_json(json.loads(lines[1])) == doc
    # raw text byte for byte, CRLF included: offsets index into it
    assert (tmp_path / "raw" / "hand.txt").read_bytes() == hand_raw.text.encode("utf-8")
    assert (tmp_path / "raw" / "plan.txt").read_text(encoding="utf-8") == raw.text
    expected = to_frames([hand, doc])
    for name in writers.TABLES:
        data = (tmp_path / f"{name}.csv").read_bytes()
        assert data.startswith(b"\xef\xbb\xbf")  # Excel needs the BOM to see UTF-8
        from_csv = pd.read_csv(
            tmp_path / f"{name}.csv", encoding="utf-8-sig", dtype=str, keep_default_na=False
        )
        assert list(from_csv.columns) == list(COLUMNS[name])
        assert len(from_csv) == len(expected[name])
        from_parquet = pd.read_parquet(tmp_path / f"{name}.parquet")
        pd.testing.assert_frame_equal(from_parquet, expected[name], check_dtype=False)
    assert not list(tmp_path.glob(".*.tmp"))


def test_targets_csv_has_a_header_when_there_are_no_targets(tmp_path):
    hand, raw = hand_made()
    hand.targets = []
    with OutputWriter(tmp_path) as out:
        out.write(hand, raw)
    text = (tmp_path / "targets.csv").read_text(encoding="utf-8-sig")
    assert text.splitlines() == [",".join(COLUMNS["targets"])]
    assert not (tmp_path / "targets.parquet").exists()


def test_parquet_only(tmp_path):
    hand, raw = hand_made()
    with OutputWriter(tmp_path, ("parquet",)) as out:
        out.write(hand, raw)
    assert (tmp_path / "targets.parquet").exists() and not (tmp_path / "targets.csv").exists()


def test_unknown_format_is_refused(tmp_path):
    with pytest.raises(ValueError, match="ods"):
        OutputWriter(tmp_path, ("ods",))


def test_records_reach_disk_before_close_and_an_interrupted_run_can_be_merged(tmp_path):
    first, first_raw = hand_made("first")
    second, second_raw = hand_made("second")
    out = OutputWriter(tmp_path)
    out.write(first, first_raw)
    out.write(second, second_raw)
    # the process dies here: no close, no tables yet, but both records are on disk
    assert not (tmp_path / "documents.jsonl").exists()
    assert out.has("first") and out.has("second")
    OutputWriter(tmp_path).close()  # what a resumed run does at its end
    assert len((tmp_path / "documents.jsonl").read_text(encoding="utf-8").splitlines()) == 2


def test_a_failed_merge_leaves_the_previous_tables_untouched(tmp_path, monkeypatch):
    first, first_raw = hand_made("first")
    with OutputWriter(tmp_path) as out:
        out.write(first, first_raw)
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.is_file()}
    second, second_raw = hand_made("second")
    real_rows = writers.table_rows

    def failing(doc):
        if doc.doc_id == "second":
            raise OSError("disk full")
        return real_rows(doc)

    monkeypatch.setattr(writers, "table_rows", failing)
    with pytest.raises(OSError, match="disk full"), OutputWriter(tmp_path) as out:
        out.write(second, second_raw)
    after = {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.is_file()}
    assert after == before
    assert not list(tmp_path.glob(".*.tmp"))


def test_reset_and_discard(tmp_path):
    first, first_raw = hand_made("first")
    out = OutputWriter(tmp_path)
    out.write(first, first_raw)
    out.discard("first")
    assert not out.has("first") and not (tmp_path / "raw" / "first.txt").exists()
    out.write(first, first_raw)
    out.reset()
    out.close()
    assert (tmp_path / "documents.jsonl").read_text(encoding="utf-8") == ""


# --------------------------------------------------------------------------------------------------
# Spreadsheets: formula-like text stays text (OWASP "CSV Injection"), numbers stay numbers

HOSTILE_PLAN = """示例县表格安全测试实施方案
一、主要目标
到2025年，=森林覆盖率达到60%。〔责任单位：@县发改委、-县林业局、+县住建局〕
到2025年，-PM2.5平均浓度下降5%。〔责任单位：=县生态环境局〕
到2025年，@湿地保护率达到50%。
到2025年，+光伏发电装机容量达到2.6万千瓦。
"""


def read_csv_rows(path):
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def sheet_rows(book, name):
    """(header, data rows as dicts of cells) of one sheet."""
    rows = list(book[name].iter_rows())
    header = [c.value for c in rows[0]]
    return header, [dict(zip(header, row, strict=False)) for row in rows[1:]]


def assert_text_cell(cell, text):
    assert cell.value == text and cell.data_type == "s", (cell.coordinate, cell.value, cell.data_type)
    assert cell.quotePrefix, cell.coordinate  # Excel keeps it text when the cell is edited


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("hostile")
    (tmp / "hostile.txt").write_text(HOSTILE_PLAN, encoding="utf-8")
    report = run_batch(
        [str(tmp / "hostile.txt")], tmp / "out", jobs=1, formats=("csv", "xlsx"), progress=False
    )
    assert report.ok == 1
    return tmp / "out"


def test_formula_like_text_from_a_plan_is_text_in_csv_and_xlsx(hostile_run):
    doc = Document.from_json(json.loads((hostile_run / "documents.jsonl").read_text(encoding="utf-8")))
    indicators = [t.indicator for t in doc.targets]
    names = [u.name for b in doc.responsibilities for u in b.units]
    # the plan's cells do begin like formulas (else this test would prove nothing)
    assert [i[0] for i in indicators] == ["=", "-", "@", "+"]
    assert {n[0] for n in names} == {"@", "-", "+", "="}

    csv_targets = read_csv_rows(hostile_run / "targets.csv")
    csv_units = read_csv_rows(hostile_run / "responsibilities.csv")
    for row, target in zip(csv_targets, doc.targets, strict=True):
        assert row["indicator"] == "'" + target.indicator
        assert row["comparator"] == target.comparator  # a code of the pipeline, written as it is
        assert float(row["value"]) == target.value
    assert [r["name"] for r in csv_units] == ["'" + n for n in names]
    canonicals = [u.canonical for b in doc.responsibilities for u in b.units]
    assert [r["canonical"] for r in csv_units] == [("'" + c) if c[0] in "=+-@" else c for c in canonicals]

    book = openpyxl.load_workbook(hostile_run / "tables.xlsx")
    assert book.sheetnames == list(writers.TABLES)
    _, xlsx_units = sheet_rows(book, "responsibilities")
    for row, name in zip(xlsx_units, names, strict=True):
        assert_text_cell(row["name"], name)  # the name as written: no quote in a typed cell
    _, xlsx_targets = sheet_rows(book, "targets")
    for row, target in zip(xlsx_targets, doc.targets, strict=True):
        assert_text_cell(row["indicator"], target.indicator)
        assert row["value"].data_type == "n" and row["value"].value == target.value


def test_every_formula_start_and_negative_numbers(tmp_path):
    doc, raw = hand_made("hostile")
    starts = ["=1+1", "+86 797", "-PM2.5", "@SUM(A1)", "\t县发改委", "\r县林业局"]
    doc.targets = [
        Target(
            start_text, -5.0, None, "%", -5.0, "percent", "=", "level", 2025, None, "binding", "一", 22, 25
        )
        for start_text in starts
    ]
    doc.responsibilities = [ResponsibilityBlock("一", 27, 43, [AgencyUnit(s, s, "lead") for s in starts])]
    with OutputWriter(tmp_path, ("csv", "xlsx")) as out:
        out.write(doc, raw)
    targets = read_csv_rows(tmp_path / "targets.csv")
    assert [r["indicator"] for r in targets] == ["'" + s for s in starts]
    assert {r["value"] for r in targets} == {"-5.0"}  # a number, not text from the document
    assert {r["comparator"] for r in targets} == {"="}
    units = read_csv_rows(tmp_path / "responsibilities.csv")
    assert [r["name"] for r in units] == ["'" + s for s in starts]
    assert [r["role"] for r in units] == ["lead"] * len(starts)

    book = openpyxl.load_workbook(tmp_path / "tables.xlsx")
    _, rows = sheet_rows(book, "targets")
    for row, text in zip(rows, starts, strict=True):
        assert_text_cell(row["indicator"], text)
        assert row["value"].value == -5.0 and row["value"].data_type == "n"
        assert row["target_year"].value == 2025 and row["target_year"].data_type == "n"
        assert row["baseline_year"].value is None
    _, rows = sheet_rows(book, "responsibilities")
    for row, text in zip(rows, starts, strict=True):
        assert_text_cell(row["name"], text)


def test_xlsx_sheets_have_frozen_filtered_headers_and_fitting_widths(tmp_path, plan_doc):
    doc, raw = plan_doc
    hand, hand_raw = hand_made()
    with OutputWriter(tmp_path, ("xlsx",)) as out:
        out.write(doc, raw)
        out.write(hand, hand_raw)
    assert not (tmp_path / "targets.csv").exists() and not list(tmp_path.glob(".*.tmp"))
    book = openpyxl.load_workbook(tmp_path / "tables.xlsx")
    expected = to_frames([hand, doc])
    for name in writers.TABLES:
        sheet = book[name]
        header, rows = sheet_rows(book, name)
        assert header == list(COLUMNS[name])
        assert all(c.font.bold for c in next(sheet.iter_rows()))
        assert len(rows) == len(expected[name])
        assert sheet.freeze_panes == "A2"
        assert sheet.auto_filter.ref == f"A1:{openpyxl.utils.get_column_letter(len(header))}{len(rows) + 1}"
    sheet = book["targets"]
    widths = {
        c: sheet.column_dimensions[openpyxl.utils.get_column_letter(i)].width
        for i, c in enumerate(COLUMNS["targets"], 1)
    }
    assert widths["sentence"] == writers._Workbook.MAX_WIDTH  # long sentences: capped
    assert len("value") + 2 <= widths["value"] < widths["indicator"] < widths["sentence"]
    _, rows = sheet_rows(book, "documents")
    assert [r["date"].value for r in rows] == ["2023-07-23", doc.date]  # text stays text
    assert rows[0]["date"].data_type == "s" and rows[0]["n_targets"].value == 1


def test_xlsx_cells_drop_control_characters_xml_cannot_hold(tmp_path):
    doc, raw = hand_made()
    doc.sections = [Section("一", 1, "目标\x0c续", 2, 4)]  # a form feed from a PDF page break
    with OutputWriter(tmp_path, ("xlsx",)) as out:
        out.write(doc, raw)
    _, rows = sheet_rows(openpyxl.load_workbook(tmp_path / "tables.xlsx"), "sections")
    assert rows[0]["heading"].value == "目标 续"


def test_cli_writes_the_workbook(tmp_path):
    from pipeline.cli import main

    (tmp_path / "plan.txt").write_text(HOSTILE_PLAN, encoding="utf-8")
    code = main(
        [
            "run",
            str(tmp_path / "plan.txt"),
            "--out",
            str(tmp_path / "out"),
            "--format",
            "xlsx",
            "--no-progress",
        ]
    )
    assert code == 0
    assert openpyxl.load_workbook(tmp_path / "out" / "tables.xlsx").sheetnames == list(writers.TABLES)
    assert not (tmp_path / "out" / "targets.csv").exists()


def test_xlsx_streams_rows_after_its_width_sample(tmp_path):
    path = tmp_path / "t.xlsx"
    book = writers._Workbook(path, sample_rows=2)
    rows = [writers.table_rows(hand_made(f"d{i}")[0])["sections"] for i in range(5)]
    for table in rows:
        book.add("sections", table)
    assert book.pending["sections"] is None  # measured after the second document, streamed since
    book.save()
    _, got = sheet_rows(openpyxl.load_workbook(path), "sections")
    assert [(r["doc_id"].value, r["id"].value) for r in got] == [
        (r["doc_id"], r["id"]) for t in rows for r in t
    ]


def test_to_json_is_dataclasses_asdict():
    """``Document.to_json`` builds the record itself (asdict deep-copies every leaf: slow); same record."""
    import dataclasses
    from pathlib import Path

    for path in sorted((Path(__file__).resolve().parent.parent / "corpus" / "raw").glob("*.txt")):
        doc = build_document(read_raw(path))
        assert doc.to_json() == dataclasses.asdict(doc)


def test_tables_csv_one_row_per_body_cell_and_table_targets_in_targets_csv(tmp_path):
    from pipeline.read_tables import Grid, GridCell, write_blocks

    rows = [["指标", "2020年", "2025年", "属性"], ["森林覆盖率（%）", "58", "≥62.5", "约束性"]]
    grid = Grid(tuple(tuple(GridCell(c) for c in row) for row in rows), 3)
    text, found = write_blocks(["示例市“十四五”林业发展规划", "表1 主要指标", grid])
    raw = RawDocument("tab", "tab.pdf", "0" * 64, "utf-8", text, "pdf", (0,), tuple(found))
    doc = build_document(raw)
    with OutputWriter(tmp_path) as out:
        out.write(doc, raw)
    cells = pd.read_csv(tmp_path / "tables.csv", encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert list(cells.columns) == list(COLUMNS["tables"])
    assert cells[["row", "column", "header", "cell", "caption", "page"]].values.tolist() == [
        ["1", "0", "指标", "森林覆盖率（%）", "表1主要指标", "3"],
        ["1", "1", "2020年", "58", "表1主要指标", "3"],
        ["1", "2", "2025年", "≥62.5", "表1主要指标", "3"],
        ["1", "3", "属性", "约束性", "表1主要指标", "3"],
    ]
    start, end = int(cells["start"][2]), int(cells["end"][2])
    assert text[start:end] == "≥62.5"
    targets = pd.read_csv(tmp_path / "targets.csv", encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert targets[
        ["indicator", "value", "source", "page", "baseline_value", "comparator"]
    ].values.tolist() == [["森林覆盖率", "62.5", "table", "3", "58.0", ">="]]
