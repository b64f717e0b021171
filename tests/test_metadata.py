"""Metadata: the plan's own title, issuer, date of issue, region (forms the corpus lacks included)."""

import pytest

from pipeline.metadata import find_metadata, find_region, parse_date
from pipeline.structure import paragraphs_of_lines

paragraphs = paragraphs_of_lines


# whole documents, each with (title, issuer, date, region) as SPEC section 2 reads them
DOCUMENTS = {
    "the stand-alone title wins over the notice's": (
        [
            "样本市示例区人民政府办公室关于印发《样本市示例区“十四五”节能减排综合工作方案》的通知",
            "各街道办事处，区政府各部门：",
            "现将《样本市示例区“十四五”节能减排综合工作方案》印发给你们，请认真贯彻执行。",
            "二〇二二年三月五日",
            "样本市示例区“十四五”节能减排综合工作方案",
            "为贯彻落实……制定本方案。",
        ],
        (
            "样本市示例区“十四五”节能减排综合工作方案",
            "样本市示例区人民政府办公室",
            "2022-03-05",
            "示例区",
        ),
    ),
    "the issued book title when no title line": (
        [
            "各乡镇人民政府，县直各单位：",
            "现将《示例县国土空间总体规划》印发给你们，请结合实际认真贯彻落实。",
            "示例县人民政府",
            "2021 年 12 月 1 日",
        ],
        ("示例县国土空间总体规划", "示例县人民政府", "2021-12-01", "示例县"),
    ),
    "nothing invented when the text states nothing": (
        ["一、总体要求", "坚持绿色发展。"],
        (None, None, None, None),
    ),
    "a notice keeps its printed title and signs above its attachments": (
        [
            "样本市科学技术局关于组织申报2022年度科技创新专项项目的通知",
            "各区科技局，各有关单位：",
            "现将有关事项通知如下。",
            "附件：",
            "1、项目指南",
            "2、申报书",
            "样本市科学技术局",
            "2022年5月18日",
            "附件1：",
            "项目指南",
            "一、重点领域",
            "研究氢能替代技术。",
        ],
        (
            "样本市科学技术局关于组织申报2022年度科技创新专项项目的通知",
            "样本市科学技术局",
            "2022-05-18",
            "样本市",
        ),
    ),
    "the issuer line above an opinion is part of its title": (
        ["样本省人民政府办公厅", "关于科学绿化的实施意见", "样政办发〔2022〕8号", "正文。"],
        ("样本省人民政府办公厅关于科学绿化的实施意见", "样本省人民政府办公厅", None, "样本省"),
    ),
    "a news page: headline, dateline, issuing bodies (a bank's branch names no region)": (
        [
            "样本省出台金融支持节能指导意见",
            "近日，人民银行样本中心支行联合样本省财政厅发布《关于金融支持节能的指导意见》。",
            "《指导意见》全文如下。",
            "（新华社样本2021年4月26日电）",
        ],
        ("关于金融支持节能的指导意见", "人民银行样本中心支行、样本省财政厅", "2021-04-26", None),
    ),
    "an undated signature at the end stands for X等部门": (
        ["国家发展改革委等部门关于推进绿色发展的意见", "正文。", "国家发展改革委", "外交部", "商务部"],
        ("国家发展改革委等部门关于推进绿色发展的意见", "国家发展改革委、外交部、商务部", None, None),
    ),
    # web pages of government sites (forms of round 6, made up here)
    "a publication note under the signature is no part of the title": (
        [
            "各区人民政府：",
            "现将《示例市数据中心建设行动方案》印发给你们。",
            "示例市人民政府办公室",
            "2023年8月7日",
            "（此件公开发布）",
            "示例市数据中心建设行动方案（2023—2025年）",
            "一、总体要求",
        ],
        ("示例市数据中心建设行动方案（2023—2025年）", "示例市人民政府办公室", "2023-08-07", "示例市"),
    ),
    "a document store's region tag and update note are no part of the title": (
        ["（样本省）示例市国民经济和社会发展十四五规划（2022年更新）", "本纲要主要阐明全市战略意图。"],
        ("示例市国民经济和社会发展十四五规划", None, None, "示例市"),
    ),
    "a party committee's proposal (建议) is a document of its own": (
        ["中共样本市示例区委关于制定示例区国民经济和社会发展第十四个五年规划的建议", "一、发展成就"],
        (
            "中共样本市示例区委关于制定示例区国民经济和社会发展第十四个五年规划的建议",
            "中共样本市示例区委",
            None,
            "示例区",
        ),
    ),
    "a law database's record line gives title, issuer and date": (
        [
            "示例市人民政府关于加快学前教育发展的若干意见（试行）文章属性•【制定机关】示例市人民政府•【公布日期】2005.02.01"
            "•【字号】示政函〔2005〕39号•【效力等级】地方规范性文件正文…",
            "一、明确目标任务",
        ],
        ("示例市人民政府关于加快学前教育发展的若干意见（试行）", "示例市人民政府", "2005-02-01", "示例市"),
    ),
    "the title the document prints wins over a document store's label; navigation words go": (
        [
            "（样本省）示例县国民经济和社会发展十四五规划（2022年更新）",
            "示例县国民经济和社会发展第十四个五年规划纲要",
            "示例县人民政府",
            "2021年5月",
            "根据《中共示例县委关于制定规划的建议》，编制本纲要。",
            "第一章 发展基础",
            "“十三五”时期，全县经济保持较快发展。",
        ],
        ("示例县国民经济和社会发展第十四个五年规划纲要", "示例县人民政府", None, "示例县"),
    ),
    "navigation words before a store's label are no part of the title": (
        ["导航菜单", "（样本省）示例市2023年重点工作目标任务责任分解方案", "84.完成改造2000户以上。"],
        ("示例市2023年重点工作目标任务责任分解方案", None, None, "示例市"),
    ),
    "a document cited as the basis is not the page's title; a breadcrumb goes": (
        [
            "Network",
            "当前位置：主页>新闻中心>产业规划>",
            "示例省电动汽车充电基础设施“十四五”发展规划",
            "为贯彻落实《国务院关于印发示例行动计划的通知》精神，制定本规划。",
        ],
        ("示例省电动汽车充电基础设施“十四五”发展规划", None, None, "示例省"),
    ),
    "a 解读 page names the plan only as a basis: no title": (
        [
            "一、起草背景",
            "按照《示例市人民政府办公室关于印发示例市行动方案的通知》要求，结合我区实际制定本方案。",
        ],
        (None, None, None, None),
    ),
    "bodies run together in the title are the bodies signed one by one": (
        [
            "样本部 国家发展改革委 生态环境部关于印发工业领域示例实施方案的通知",
            "现印发给你们，请认真贯彻落实。",
            "样本部",
            "国家发展改革委",
            "生态环境部",
            "2022年7月7日",
        ],
        ("工业领域示例实施方案", "样本部、国家发展改革委、生态环境部", "2022-07-07", None),
    ),
    "a signature and its date on one line, as a web page aligns them right": (
        [
            "示例市将全面推进节水型社会建设",
            "示例市全面推进节水型社会建设的主要目标是，到2015年末，用水总量控制在1.5亿立方米以内。",
            "示例市水务局                    2015年7月9日",
        ],
        (None, "示例市水务局", "2015-07-09", "示例市"),
    ),
    "a web page's index table gives date and issuer where the text signs none": (
        [
            "索 引 号 | H001/2020-1 | 成文日期 | 2020-12-24 |",
            "发布机构 | 区政府办 | 主题分类 | 综合政务 |",
            "区政府将努力为民办好十件实事：",
            "1.有效改善居住条件。",
        ],
        (None, "区政府办", "2020-12-24", None),
    ),
    "a page's category label is no title; a report's date line gives its date, the body under it": (
        [
            "发展规划",
            "索引号：/2021-0000",
            "示例区2020年国民经济和社会发展计划执行情况的报告",
            "2021年4月12日在示例区第十八届",
            "人民代表大会第五次会议上",
            "示例区发展和改革局",
            "各位代表：",
        ],
        ("示例区2020年国民经济和社会发展计划执行情况的报告", "示例区发展和改革局", "2021-04-12", "示例区"),
    ),
    "a notice that 下达 a plan carries it; the title's issuer over the page's publishing office": (
        [
            "发布机构：市政府办公室 公开日期：2025-02-18",
            "样本市人民政府关于下达2025年样本市国民经济和社会发展计划的通知",
            "各区、县（市）人民政府：",
        ],
        ("2025年样本市国民经济和社会发展计划", "样本市人民政府", None, "样本市"),
    ),
    "a title below more index fields than the head holds paragraphs": (
        [
            *["索引号：123", "组配分类：其他文件", "有效性：有效", "关键词：", "发布日期：2025-01-21"] * 3,
            "样本市人民政府办公室关于印发2025年政府工作报告主要目标任务分解的通知",
            "各县、区人民政府：",
        ],
        ("2025年政府工作报告主要目标任务分解", "样本市人民政府办公室", None, "样本市"),
    ),
    "a news page names the issuer before 近日印发 or 印发的": (
        ["样本省人民政府网站7日消息，样本省人民政府近日印发《样本省碳达峰实施方案》。"],
        ("样本省碳达峰实施方案", "样本省人民政府", None, "样本省"),
    ),
    "a site's document number and disclosure label are no part of the title; 的通知 left off": (
        [
            "样政办发〔2017〕55号 样本省人民政府办公厅关于印发样本省贯彻落实《示例规划》工作方案",
            "各市、县人民政府：",
        ],
        ("样本省贯彻落实《示例规划》工作方案", "样本省人民政府办公厅", None, "样本省"),
    ),
    "bodies before 印发 with no 关于, under a disclosure label; the plan's own title below": (
        [
            "“党政混合信息公开” 中共示例区委办公室 示例区人民政府办公室印发《示例区三年行动计划》的通知",
            "示例区三年行动计划",
            "为贯彻落实……特制定本行动计划。",
        ],
        ("示例区三年行动计划", "中共示例区委办公室、示例区人民政府办公室", None, "示例区"),
    ),
    "a law database's date and document number on one line": (
        [
            "样本部关于印发《示例经费管理暂行办法》的通知",
            "2006年10月26日 样建〔2006〕689号",
            "各省财政厅：",
        ],
        ("示例经费管理暂行办法", "样本部", "2006-10-26", None),
    ),
    "a body's working rules under a page's 返回顶部": (
        ["返回顶部", "示例县人民政府工作规则", "第一章总则", "一、根据《中华人民共和国宪法》，制定本规则。"],
        ("示例县人民政府工作规则", None, None, "示例县"),
    ),
    "a news report's headline where the page names no document": (
        [
            "发布日期：",
            "2025年07月28日",
            "示例县“跑”出高质量发展“加速度”",
            "本报讯（记者 王明）7月24日，示例县举行发布会。",
        ],
        ("示例县“跑”出高质量发展“加速度”", None, "2025-07-28", "示例县"),
    ),
    "a speech's title": (
        ["在示例区“十五五”规划工作推进会上的讲话", "同志们：", "今天，我们召开推进会议。"],
        ("在示例区“十五五”规划工作推进会上的讲话", None, None, "示例区"),
    ),
}


@pytest.mark.parametrize(("lines", "expected"), DOCUMENTS.values(), ids=DOCUMENTS.keys())
def test_metadata_of_a_document(lines, expected):
    meta = find_metadata(paragraphs(*lines))
    assert (meta.title, meta.issuer, meta.date, meta.region) == expected


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("2023年7月23日", "2023-07-23"),
        ("2023 年 6 月 30 日", "2023-06-30"),
        ("二〇二三年十二月三十一日", "2023-12-31"),
        ("二○二一年一月五日", "2021-01-05"),
        ("2023年13月1日", None),
        ("已经2023年7月9日县政府第34次常务会议研究同意", None),
    ],
)
def test_parse_date(text, iso):
    assert parse_date(text) == iso


@pytest.mark.parametrize(
    ("name", "region"),
    [
        ("示例自治县乡村振兴规划", "示例自治县"),
        # a lower division written after its province or city is the area governed (SPEC: the
        # county/district/city); a zone named after its city keeps the city's name
        ("样本省示例市碳达峰实施方案", "示例市"),
        ("样本市宝山区2022年实事项目", "宝山区"),
        ("中共样本市示例区委关于制定“十四五”规划的建议", "示例区"),
        ("关于加强管理的意见", None),
        # a division word right after 州 belongs to the name (样本州|市 is not the region)
        ("样本州市节能降碳攻坚行动方案（2023—2025年）", "样本州市"),
        ("样本州市发展和改革委员会", "样本州市"),
        # the region does not run on into words that end like a division (健康乡|村, 园区)
        ("示例县推进健康乡村建设实施方案", "示例县"),
        ("示例市工业园区循环化改造方案", "示例市"),
        ("样本市示例新区碳达峰实施方案", "样本市示例新区"),
    ],
)
def test_find_region(name, region):
    assert find_region(name) == region


@pytest.mark.parametrize(
    "title",
    [
        "样本州市节能降碳攻坚行动方案（2023—2025年）",
        "示例县健康乡村建设三年行动计划(2024-2026年)",
        "示例区生活垃圾分类管理办法（试行）",
    ],
)
def test_title_may_end_with_a_period_or_a_status(title):
    meta = find_metadata(
        paragraphs(
            "样本州市发展和改革委员会关于印发《" + title + "》的通知",
            "各有关单位：",
            "样本州市发展和改革委员会",
            "2023年3月15日",
            "附件",
            title,
            "为深入推进……制定本方案。",
        )
    )
    assert meta.title == title
    assert meta.issuer == "样本州市发展和改革委员会"


def test_a_doc_number_field_ends_its_line_before_the_title_line():
    # a web page's index fields, one per line with blank lines between, then the title line: the
    # field line ends with a document number, so the title is not run into it
    from pipeline.document import extract

    text = "主题分类：综合，其他 发文字号：样政发〔2025〕3号\n\n样本市人民政府关于下达2025年样本市计划的通知\n\n各区：\n"
    doc = extract(text)
    assert (doc.title, doc.issuer) == ("2025年样本市计划", "样本市人民政府")
