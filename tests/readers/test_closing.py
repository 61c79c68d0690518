"""Reader changes that publishing needs, proved on hand-written published forms: the closing
after the last section (contact lines, the 落款) is no section text, and its contact details
and date are read; Markdown heading marks are layout; a grid table's start is known, so the
sentence before it stays in the section even without a full stop."""

from __future__ import annotations

from reportlint.readers import read_report

HEAD = """<html><body>
<h1>云溪县示范局2024年政府信息公开工作年度报告</h1>
<p>本报告统计期限自2024年1月1日起至2024年12月31日止。</p>
<h2>一、总体情况</h2><p>全年工作平稳。</p>
<h2>六、其他需要报告的事项</h2><p>本年度未收取信息处理费。</p>
"""


def read(packs, name: str, text: str):
    result = read_report(name, text.encode("utf-8"), packs)
    assert result.report is not None, result.problems
    return result.report


def test_contact_lines_and_the_signature_close_the_report_not_its_last_section(packs):
    page = HEAD + """<p>地址：云溪县人民路1号</p><p>邮政编码：617300</p><p>联系电话：0813-5550000</p>
<p>云溪县示范局</p><p>2025年1月18日</p></body></html>"""
    report = read(packs, "r.html", page)
    assert report.section("other").body.value == "本年度未收取信息处理费。"
    assert {k: v.value for k, v in report.contact.items()} == {
        "phone": "0813-5550000", "postcode": "617300", "address": "云溪县人民路1号"}
    published = report.meta["published"]
    assert (published.value, published.raw, published.path) == (
        "2025-01-18", "2025年1月18日", "meta.published")
    assert (published.span.line, published.span.column) == (7, 17)


def test_a_stated_publication_date_wins_over_the_signature(packs):
    page = HEAD.replace("<h2>一", "<p>发布日期：2025-01-25</p><h2>一") + \
        "<p>云溪县示范局</p><p>2025年1月18日</p></body></html>"
    assert read(packs, "r.html", page).meta["published"].value == "2025-01-25"


def test_a_date_inside_the_text_or_an_impossible_date_is_no_signature(packs):
    inside = read(packs, "r.html", HEAD + "<p>2025年1月18日，我局召开会议。</p></body></html>")
    assert "published" not in inside.meta
    assert inside.section("other").body.value.endswith("2025年1月18日，我局召开会议。")
    impossible = read(packs, "r.html", HEAD + "<p>云溪县示范局</p><p>2025年2月30日</p>"
                                              "</body></html>")
    assert "published" not in impossible.meta
    assert impossible.section("other").body.value.endswith("2025年2月30日")


def test_a_sentence_above_the_date_is_not_taken_for_the_organ(packs):
    report = read(packs, "r.html", HEAD + "<p>特此报告。</p><p>2025年1月18日</p></body></html>")
    assert report.meta["published"].value == "2025-01-18"
    assert report.section("other").body.value == "本年度未收取信息处理费。\n特此报告。"


def test_markdown_heading_marks_are_layout(packs):
    text = """# 云溪县示范局2024年政府信息公开工作年度报告

本报告统计期限自2024年1月1日起至2024年12月31日止。

## 一、总体情况 ##

全年工作平稳。
"""
    report = read(packs, "r.md", text)
    assert report.meta["title"].value == "云溪县示范局2024年政府信息公开工作年度报告"
    assert report.meta["title"].span.column == 3
    assert [s.title.value for s in report.sections] == ["一、总体情况"]
    # in a .txt file a leading # is text, as it always was
    assert "title" not in read(packs, "r.txt", text).meta


def test_the_sentence_before_a_grid_table_stays_in_its_section(packs):
    table = ("<table><tr><td>（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</td>"
             "<td>自然人</td></tr><tr><td>一、本年新收政府信息公开申请数量</td><td>1</td></tr></table>")
    page = HEAD.replace("<h2>六", f"<h2>三、收到和处理政府信息公开申请情况</h2><p>全年申请情况如下：</p>"
                                  f"{table}<h2>六")
    report = read(packs, "r.html", page)
    assert report.section("requests").body.value == "全年申请情况如下："
    markdown = ("# 云溪县示范局2024年政府信息公开工作年度报告\n\n## 三、收到和处理政府信息公开申请情况\n\n"
                "全年申请情况如下\n\n| 项目 | 自然人 |\n| --- | --- |\n"
                "| 一、本年新收政府信息公开申请数量 | 1 |\n")
    assert read(packs, "r.md", markdown).section("requests").body.value == "全年申请情况如下"


def test_a_date_stated_above_the_title_is_found_in_the_head_of_the_page(packs):
    # a web page's 发布日期 line stands in its chrome, before the title: no section's text
    page = "<p>发布日期：2025-01-25</p>\n" + HEAD + "<p>云溪县示范局</p><p>2025年1月18日</p></body></html>"
    published = read(packs, "r.html", page).meta["published"]
    assert (published.value, published.raw) == ("2025-01-25", "发布日期：2025-01-25")
    assert (published.span.line, published.span.column) == (1, 4)
    # without it, the head is searched and the 落款 dates the report
    assert read(packs, "r.html", HEAD + "<p>云溪县示范局</p><p>2025年1月18日</p></body></html>"
                ).meta["published"].value == "2025-01-18"
