"""Readers: encodings, PDF, Word and HTML inputs, and every way an input can be bad.

Format twins: the same plan text (whole paragraphs of a corpus plan, see conftest) is written
as text in several encodings, as .docx, as a PDF with running headers and page numbers, and
as a government web page; each must give the same records as the UTF-8 text.
"""

import io
import zipfile

import pytest
from conftest import (
    PDF_HEADER,
    add_footnotes,
    html_page,
    records_key,
    write_docx,
    write_encrypted_pdf,
    write_html,
    write_image_pdf,
    write_pdf,
)

from pipeline.document import build_document
from pipeline.errors import InputError, InputWarning
from pipeline.read import PDF_INDENT, decode_bytes, html_to_text, read_raw


def squash(text: str) -> str:
    return "".join(text.split())


@pytest.fixture(scope="module")
def txt_doc(plan_text, tmp_path_factory):
    path = tmp_path_factory.mktemp("twin") / "plan.txt"
    path.write_text(plan_text, encoding="utf-8")
    raw = read_raw(path)
    return raw, build_document(raw)


def assert_spans_agree(raw, doc, twin_raw, twin_doc):
    """Same records, and every span covers the same characters (white space aside)."""
    assert records_key(doc) == records_key(twin_doc)
    for mine, theirs in zip(doc.targets + doc.sections, twin_doc.targets + twin_doc.sections, strict=True):
        assert squash(raw.text[mine.start : mine.end]) == squash(twin_raw.text[theirs.start : theirs.end])
    for mine, theirs in zip(doc.responsibilities, twin_doc.responsibilities, strict=True):
        assert squash(raw.text[mine.start : mine.end]) == squash(twin_raw.text[theirs.start : theirs.end])


# --------------------------------------------------------------------------------------------------
# Text files and encodings

# fmt: off
ENCODINGS = [
    # codec used to write, name reported
    ("utf-8", "utf-8"),
    ("utf-8-sig", "utf-8-sig"),
    ("gbk", "gb18030"),
    ("gb18030", "gb18030"),
    ("utf-16", "utf-16"),       # with BOM
    ("utf-16-le", "utf-16-le"), # without BOM, as some Windows tools write it
    ("utf-16-be", "utf-16-be"),
]
# fmt: on


@pytest.mark.parametrize(("codec", "name"), ENCODINGS)
def test_encodings_decode_to_the_same_text(plan_text, codec, name):
    text, encoding = decode_bytes(plan_text.encode(codec))
    assert (text, encoding) == (plan_text, name)


@pytest.mark.parametrize(("codec", "name"), ENCODINGS[1:])
def test_encoding_twins_give_identical_records(plan_text, txt_doc, tmp_path, codec, name):
    path = tmp_path / "plan.txt"
    path.write_bytes(plan_text.encode(codec))
    raw = read_raw(path)
    doc = build_document(raw)
    assert raw.encoding == name
    assert raw.text == txt_doc[0].text
    ignore = {"sha256": "", "encoding": "", "source": ""}
    assert doc.to_json() | ignore == txt_doc[1].to_json() | ignore


# fmt: off
SHORT_GBK = ["碳达峰", "一、总体要求", "（责任单位：县发改委）", "森林覆盖率达到60%。", "到2025年"]
# fmt: on


@pytest.mark.parametrize("text", SHORT_GBK)
def test_short_gbk_texts(text):
    assert decode_bytes(text.encode("gbk")) == (text, "gb18030")


def test_line_endings_are_untouched():
    text = "一、总体要求\r\n到2025年，森林覆盖率达到60%。\r\n（一）目标\r二、任务\n"
    assert decode_bytes(text.encode("utf-8"))[0] == text
    assert decode_bytes(text.encode("gbk"))[0] == text


def test_raw_document_fields(tmp_path):
    path = tmp_path / "示例方案.txt"
    path.write_bytes("一、总体要求".encode("utf-8-sig"))
    raw = read_raw(path)
    assert (raw.doc_id, raw.source, raw.format, raw.encoding) == ("示例方案", str(path), "txt", "utf-8-sig")
    assert raw.sha256 == __import__("hashlib").sha256(path.read_bytes()).hexdigest()
    assert read_raw(path, doc_id="other").doc_id == "other"


# fmt: off
BAD_TEXT = [
    # label, bytes, words the error must contain
    ("empty", b"", "empty file"),
    ("blank", b" \r\n\t\n", "empty file"),
    ("png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" * 20, "not a text file"),
    ("elf", b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)) * 4, "not a text file"),
    ("control bytes", bytes([1, 2, 3, 4, 5, 6, 14, 15, 16, 17]) * 50, "not a text file"),
    ("utf-16 BOM, odd length", b"\xff\xfe\x00N\x01", "not a text file"),
]
# fmt: on


@pytest.mark.parametrize(("label", "data", "message"), BAD_TEXT, ids=[b[0] for b in BAD_TEXT])
def test_bad_text_inputs_raise_a_one_line_error_naming_the_file(tmp_path, label, data, message):
    path = tmp_path / "bad.txt"
    path.write_bytes(data)
    with pytest.raises(InputError) as info:
        read_raw(path)
    assert str(info.value).startswith(f"{path}: ")
    assert message in str(info.value)
    assert "\n" not in str(info.value)


def test_truncated_utf8_keeps_the_text_and_warns(tmp_path):
    data = "一、总体要求\n到2025年达到60%。".encode()
    path = tmp_path / "cut.txt"
    path.write_bytes(data[:-2])  # cut inside the final 。
    with pytest.warns(InputWarning, match="W003"):
        raw = read_raw(path)
    assert raw.text == "一、总体要求\n到2025年达到60%\ufffd"
    assert raw.encoding == "utf-8"


def test_invalid_utf8_in_the_middle_is_not_mistaken_for_truncation():
    data = "一、总体要求".encode() + b"\xff\xfe\xfd" + "二、任务".encode()
    with pytest.raises(InputError):
        decode_bytes(data)


def test_size_limit(tmp_path, monkeypatch):
    path = tmp_path / "big.txt"
    path.write_bytes(b"1" * 5000)
    monkeypatch.setenv("PLAN_EXTRACT_MAX_BYTES", "4096")
    with pytest.raises(InputError, match=r"big\.txt: file too large .*PLAN_EXTRACT_MAX_BYTES"):
        read_raw(path)
    monkeypatch.setenv("PLAN_EXTRACT_MAX_BYTES", "5000")
    assert len(read_raw(path).text) == 5000


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(InputError, match=r"nope\.txt: no such file"):
        read_raw(tmp_path / "nope.txt")
    with pytest.raises(InputError, match="is a folder"):
        read_raw(tmp_path)


# --------------------------------------------------------------------------------------------------
# PDF


@pytest.fixture(scope="module")
def pdf_raw(plan_paragraphs, tmp_path_factory):
    path = write_pdf(plan_paragraphs, tmp_path_factory.mktemp("pdf") / "plan.pdf")
    return read_raw(path)


def test_pdf_pages_and_layout_noise_are_in_the_raw_text(pdf_raw):
    assert pdf_raw.format == "pdf"
    assert len(pdf_raw.page_starts) >= 3
    assert pdf_raw.page_starts[0] == 0
    for number, start in enumerate(pdf_raw.page_starts, start=1):
        page = pdf_raw.text[start:].removeprefix(PDF_INDENT)  # a centred header is set in
        assert page.startswith(PDF_HEADER)  # the reader keeps layout; the cleaner drops it
        assert f"— {number} —" in page.split(PDF_HEADER)[1] if number > 1 else True
    assert pdf_raw.text[pdf_raw.page_starts[1] - 1] == "\n"


def test_pdf_lines_set_in_from_the_margin_are_marked(pdf_raw):
    lines = pdf_raw.text.split("\n")
    indented = [line for line in lines if line.startswith(PDF_INDENT)]
    flush = [line for line in lines if line.strip() and not line.startswith(" ")]
    # paragraphs' first lines (and centred lines) are set in; their wrapped lines are not
    assert indented and flush
    assert any(line.strip().startswith("为深入贯彻") for line in indented)
    assert not any(line.startswith(PDF_INDENT) for line in flush)


def test_pdf_twin_gives_the_same_records(pdf_raw, txt_doc):
    doc = build_document(pdf_raw)
    assert "— 2 —" not in doc.text and "— 1 —" not in doc.text
    assert_spans_agree(pdf_raw, doc, *txt_doc)


def test_pdf_running_header_is_dropped_on_every_page(pdf_raw):
    assert PDF_HEADER not in build_document(pdf_raw).text


def test_pdf_without_text_layer(tmp_path):
    with pytest.raises(InputError, match=r"scan\.pdf: no text layer: needs OCR"):
        read_raw(write_image_pdf(tmp_path / "scan.pdf"))


def test_encrypted_pdf(tmp_path):
    with pytest.raises(InputError, match=r"locked\.pdf: encrypted PDF: needs a password"):
        read_raw(write_encrypted_pdf(tmp_path / "locked.pdf"))


@pytest.mark.parametrize("data", [b"%PDF-1.4\n1 0 obj garbage", b"not a pdf at all", b""])
def test_corrupt_pdf(tmp_path, data):
    path = tmp_path / "broken.pdf"
    path.write_bytes(data)
    with pytest.raises(InputError, match=r"broken\.pdf: corrupt or unreadable PDF"):
        read_raw(path)


def test_truncated_pdf(plan_paragraphs, tmp_path):
    whole = write_pdf(plan_paragraphs, tmp_path / "whole.pdf").read_bytes()
    path = tmp_path / "cut.pdf"
    path.write_bytes(whole[: len(whole) // 3])
    with pytest.raises(InputError, match=r"cut\.pdf: "):
        read_raw(path)


def test_a_pdf_under_another_name_is_read_as_pdf(plan_paragraphs, tmp_path):
    path = tmp_path / "plan.dat"
    path.write_bytes(write_pdf(plan_paragraphs[:3], tmp_path / "x.pdf").read_bytes())
    assert read_raw(path).format == "pdf"


# --------------------------------------------------------------------------------------------------
# Word


def test_docx_paragraphs_tables_footnotes(tmp_path):
    paragraphs = ["示例县节能方案", "一、主要目标", "到2025年，森林覆盖率达到60%。"]
    table = [["指标", "2020年", "2025年"], ["森林覆盖率", "58%", "60%"]]
    path = add_footnotes(write_docx(paragraphs, tmp_path / "plan.docx", table=table), ["注释一的内容。"])
    raw = read_raw(path)
    assert raw.format == "docx"
    assert raw.text.split("\n") == [
        "示例县节能方案",
        "一、主要目标",
        "指标\t2020年\t2025年",
        "森林覆盖率\t58%\t60%",
        "到2025年，森林覆盖率达到60%。",
        "注释一的内容。",
    ]
    assert PDF_HEADER not in raw.text  # page headers are not body text


def test_docx_twin_gives_the_same_records(plan_paragraphs, txt_doc, tmp_path):
    raw = read_raw(write_docx(plan_paragraphs, tmp_path / "plan.docx"))
    assert_spans_agree(raw, build_document(raw), *txt_doc)


def test_docx_merged_cells_appear_once_and_keep_the_grid(tmp_path):
    import docx

    document = docx.Document()
    table = document.add_table(rows=2, cols=3)
    table.cell(0, 0).merge(table.cell(0, 2)).text = "重点任务分工表"
    for c, text in enumerate(["任务", "牵头单位", "配合单位"]):
        table.cell(1, c).text = text
    document.save(str(tmp_path / "t.docx"))
    raw = read_raw(tmp_path / "t.docx")
    # a merged cell's text once; the positions it spans are empty cells, so every row has 3
    assert raw.text.split("\n") == ["重点任务分工表\t\t", "任务\t牵头单位\t配合单位"]
    assert [c.merge for c in raw.tables[0].rows[0]] == ["", "left", "left"]


@pytest.mark.parametrize(
    ("label", "make", "message"),
    [
        (
            "random bytes",
            lambda p: p.write_bytes(b"\x01\x02garbage" * 100),
            "corrupt .docx (not a zip archive",
        ),
        ("a zip without Word parts", lambda p: _zip(p, {"hello.txt": b"hi"}), "no word/document.xml"),
        (
            "broken XML",
            lambda p: _zip(p, {"[Content_Types].xml": b"<oops", "word/document.xml": b"<w:document"}),
            "corrupt .docx",
        ),
    ],
)
def test_corrupt_docx(tmp_path, label, make, message):
    path = tmp_path / "broken.docx"
    make(path)
    with pytest.raises(InputError) as info:
        read_raw(path)
    assert str(info.value).startswith(f"{path}: ") and message in str(info.value)


def test_truncated_docx(plan_paragraphs, tmp_path):
    whole = write_docx(plan_paragraphs, tmp_path / "whole.docx").read_bytes()
    path = tmp_path / "cut.docx"
    path.write_bytes(whole[: len(whole) // 2])
    with pytest.raises(InputError, match=r"cut\.docx: corrupt \.docx"):
        read_raw(path)


def _zip(path, members):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    path.write_bytes(buffer.getvalue())


def test_zip_bomb_is_refused_before_parsing(tmp_path):
    path = tmp_path / "bomb.docx"
    _zip(path, {"[Content_Types].xml": b"<Types/>", "word/document.xml": b"\0" * (20 * 2**20)})
    assert path.stat().st_size < 100_000
    with pytest.raises(InputError, match=r"bomb\.docx: zip bomb refused"):
        read_raw(path)


def test_zip_total_size_limit(tmp_path, monkeypatch):
    path = tmp_path / "big.docx"
    members = {"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<a/>"}
    members |= {f"word/media/image{i}.bin": bytes(range(256)) * 400 for i in range(10)}
    _zip(path, members)
    monkeypatch.setenv("PLAN_EXTRACT_MAX_BYTES", str(50_000))  # archives may inflate to 10x the limit
    with pytest.raises(InputError, match="zip bomb refused: members inflate"):
        read_raw(path)


def test_legacy_doc_without_libreoffice(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))  # no soffice here
    path = tmp_path / "old.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    with pytest.raises(InputError, match=r"old\.doc: .*LibreOffice.*convert it to \.docx or PDF"):
        read_raw(path)


# --------------------------------------------------------------------------------------------------
# HTML

NOISE = [
    "首页",
    "政务公开",
    "当前位置",
    "分享到微信",
    "相关文件",
    "版权所有",
    "统计代码",
    "新建充电桩700根",
    "发布时间",
]


@pytest.mark.parametrize("charset", ["utf-8", "gb2312", "gbk"])
def test_html_twin_gives_the_same_records(plan_paragraphs, txt_doc, tmp_path, charset):
    raw = read_raw(write_html(plan_paragraphs, tmp_path / "plan.html", charset=charset))
    assert raw.format == "html"
    assert raw.encoding == ("utf-8" if charset == "utf-8" else "gb18030")
    assert raw.text.split("\n") == plan_paragraphs
    for word in NOISE:
        assert word not in raw.text
    assert_spans_agree(raw, build_document(raw), *txt_doc)


def test_html_without_a_known_container_falls_back_to_text_density(plan_paragraphs):
    text = html_to_text(html_page(plan_paragraphs, container='<div class="wz-box-17">'))
    assert text.split("\n") == plan_paragraphs


def test_html_charset_declaration_that_lies_falls_back_to_detection(plan_paragraphs, tmp_path):
    path = tmp_path / "page.htm"
    path.write_bytes(html_page(plan_paragraphs, charset="utf-8").encode("gbk"))
    raw = read_raw(path)
    assert raw.encoding == "gb18030" and raw.text.split("\n") == plan_paragraphs


def test_html_tables_become_tab_separated_rows():
    markup = (
        '<div id="zoom"><p>主要指标如下：</p><table><tr><td>指标</td><td>2025年</td></tr>'
        "<tr><td>森林覆盖率</td><td> 60% </td></tr></table><p>以上指标为约束性指标。</p></div>"
    )
    assert html_to_text(markup).split("\n") == [
        "主要指标如下：",
        "指标\t2025年",
        "森林覆盖率\t60%",
        "以上指标为约束性指标。",
    ]


def test_html_line_breaks_and_inline_markup():
    markup = '<div class="pages_content">一、总体要求<br>到<span>2025</span>年，<b>森林</b>覆盖率达到60%。<br/><br/>二、任务</div>'
    assert html_to_text(markup) == "一、总体要求\n到2025年，森林覆盖率达到60%。\n二、任务"


def test_html_page_without_text(tmp_path):
    path = tmp_path / "empty.html"
    path.write_text(
        "<html><head><script>var a=1;</script></head><body><nav>首页</nav></body></html>", encoding="utf-8"
    )
    with pytest.raises(InputError, match=r"empty\.html: no article text"):
        read_raw(path)
