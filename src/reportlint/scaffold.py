"""`reportlint new`: next year's report, started from the pack and from last year's report.

The file has the title, the intro with the statistical period and the part count already
right, the sections with their standard titles (the text left blank, with a comment saying
what goes there), every table row of the template with blank cells (so `check` says what is
left to fill; a blank is never 0), and from last year's report: the organ's metadata and
contact, and the values the pack's `render.carry` names (表三「二、上年结转」 = last year's
「四、结转下年度继续办理」; 表二「现行有效件数」 with a note to update it).
"""

from __future__ import annotations

import datetime
import json

from reportlint.labels import NUMERALS
from reportlint.model import Report
from reportlint.packs.pack import RulePack
from reportlint.template import Template
from reportlint.writers.document import cell_text


def count_numeral(count: int) -> str:
    """六 for 6 (the intro's 「六部分」); up to 十九."""
    if 1 <= count <= 10:
        return NUMERALS[count - 1]
    return "十" + NUMERALS[count - 11] if count < 20 else str(count)


def _scalar(value: object) -> str:
    if value is None:
        return "~"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return json.dumps(str(value), ensure_ascii=False)


def _cell(raw: str) -> str:
    """A carried cell as YAML: a plain number stays a number, anything else is quoted."""
    if not raw:
        return "~"
    try:
        float(raw)
        return raw if raw.lstrip("-").replace(".", "", 1).isdigit() else _scalar(raw)
    except ValueError:
        return _scalar(raw)


def new_report(pack: RulePack, organ: str, year: int, previous: Report | None = None,
               previous_name: str = "") -> str:
    template = pack.template
    assert template is not None
    spec = template.render
    out = [f"# {organ}{year}年政府信息公开工作年度报告：由 `reportlint new` 生成"
           + (f"，上年数据取自 {previous_name}" if previous_name else "") + "。",
           "# 填写各节正文和各表空格（~），然后运行 `reportlint check`；"
           "空格不会当作 0。说明见 docs/render.md。",
           "format: 1", "meta:",
           f"  title: {_scalar(spec.title.format(organ=organ, year=year))}",
           f"  organ: {_scalar(organ)}"]
    for field in ("organ_kind", "level"):
        item = previous.meta.get(field) if previous is not None else None
        if item is not None and item.value:
            out.append(f"  {field}: {_scalar(item.value)}  # 取自上年报告")
    out += [f"  year: {year}",
            f"  # published: {year + 1}-01-20  # 发布后填写发布日期（YYYY-MM-DD）",
            f"  template: {pack.id}", ""]
    # the parts listed with 、 (a title's own 、 reads 和 there, or the list would count it twice)
    parts = "、".join(section.title.zh.replace("、", "和") for section in template.sections)
    intro = spec.intro.format(parts=parts, count=count_numeral(len(template.sections)),
                              year=year)
    out += [f"intro: {_scalar(intro)}", "", "sections:"]
    for section in template.sections:
        out.append(f"  - title: {section.numeral}、{section.title.zh}")
        note = spec.section_notes.get(section.id, "")
        out.append("    text: ~" + (f"  # 待填写：{note}" if note else ""))
    out += ["", "# 表的行和列见 docs/report-format.md；每行按列的顺序填写。", "tables:"]
    out += _tables(template, previous)
    contact = previous.contact if previous is not None else {}
    filled = {k: v for k, v in contact.items() if v.value is not None and str(v.value).strip()}
    out.append("")
    if filled:
        out.append("contact:  # 取自上年报告，请核对")
        out += [f"  {name}: {_scalar(str(item.value))}" for name, item in filled.items()]
    else:
        out += ["contact:  # 待填写：门户网站、地址、邮政编码、电话",
                "  website: ~"]
    return "\n".join(out) + "\n"


def _carried(template: Template, previous: Report | None) -> dict[tuple[str, str, str],
                                                                     tuple[str, str]]:
    """(table, row, column) -> (last year's published value, the note) by `render.carry`."""
    found: dict[tuple[str, str, str], tuple[str, str]] = {}
    if previous is None:
        return found
    for rule in template.render.carry:
        source = previous.tables.get(rule.source[0])
        definition = template.tables.get(rule.target[0])
        if source is None or definition is None:
            continue
        row = definition.row(rule.target[1])
        if row is None:
            continue
        columns = [rule.target[2]] if len(rule.target) > 2 else list(row.columns)
        for column in columns:
            from_column = rule.source[2] if len(rule.source) > 2 else column
            cell = source.cell(rule.source[1], from_column)
            if cell is not None and column in row.columns:
                found[(rule.target[0], row.id, column)] = (cell_text(cell), rule.note)
    return found


def _tables(template: Template, previous: Report | None) -> list[str]:
    carried = _carried(template, previous)
    out = []
    for table in template.tables.values():
        out.append(f"  {table.id}:  # {table.title.zh}")
        for row in table.rows:
            if row.optional:
                continue  # subtotal rows are not in the national template
            values, notes = [], []
            for column in row.columns:
                value, note = carried.get((table.id, row.id, column), ("", ""))
                values.append(_cell(value))
                if note and note not in notes:
                    notes.append(note)
            labels = " ".join(table.column(c).label.zh for c in row.columns) \
                if len(row.columns) < len(table.columns) or len(table.columns) <= 3 else ""
            comment = row.label.zh + (f"（{labels}）" if labels else "")
            comment += "".join(f"；{note}" for note in notes)
            out.append(f"    {row.id}: [{', '.join(values)}]  # {comment}")
    return out


def new_command(organ: str | None, year: int, previous: str | None, output: str | None,
                template: str | None, rules: list | None, force: bool, errors, out) -> int:
    """0 written; 2 usage: no organ, an unreadable previous report, an output that exists."""
    from pathlib import Path

    from reportlint.atomic import replace_file
    from reportlint.packs.load import load_packs

    packs = load_packs(rules)
    last: Report | None = None
    if previous:
        from reportlint.readers import read_report

        try:
            data = Path(previous).read_bytes()
        except OSError as error:
            print(f"reportlint: cannot read {previous}: {error.strerror or error}", file=errors)
            return 2
        result = read_report(previous, data, packs)
        if result.report is None:
            print(f"reportlint: {previous} cannot be read as a report", file=errors)
            return 2
        last = result.report
        if organ is None and "organ" in last.meta and last.meta["organ"].value:
            organ = str(last.meta["organ"].value)
    if not organ:
        print("reportlint: name the organ: --organ 云溪县石桥镇人民政府", file=errors)
        return 2
    if output and Path(output).exists() and not force:
        print(f"reportlint: {output} exists; not overwritten (--force to replace it)",
              file=errors)
        return 2
    pack = packs.choose(template, year)
    text = new_report(pack, organ, year, last, Path(previous).name if previous else "")
    if output:
        replace_file(output, lambda stream: stream.write(text), durable=True)
        print(f"reportlint: wrote {output}; fill it in, then `reportlint check {output}`",
              file=errors)
    else:
        out.write(text)
    return 0
