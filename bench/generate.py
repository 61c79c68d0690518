"""Generate a realistic corpus of annual reports with known injected defects.

Deterministic from a seed. Each report is a fictional organ's 2021-format report with plausible
figures (most requests from natural persons, outcomes that add up, a township's handful of
requests or a city's thousands) and prose of the length real reports have. A known fraction
carries one injected defect; `truth.jsonl` beside the reports lists, per file, the codes the
defect must produce (and the clean files, which must produce none).

    python bench/generate.py OUT_DIR --reports 200 --seed 7 [--defect-rate 0.4]

Used by bench/run.py (speed) and tests/test_bench_accuracy.py (every injected defect is found,
and nothing else).
"""

from __future__ import annotations

import argparse
import json
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

COUNTIES = ["云溪", "青岚", "白河", "望川", "松阳", "柳塘", "石门", "临江", "安平", "长宁", "鹤山", "清源"]
PLACES = ["东", "西", "南", "北", "中", "上", "下", "新", "老", "大",
          "小", "长", "高", "平", "安", "永", "兴", "和", "宁", "丰"]
DOMAINS = ["yx", "ql", "bh", "wc", "sy", "lt", "sm", "lj", "ap", "cn", "hs", "qy"]
TOWNS = ["石桥", "枫林", "杏花", "黄土岭", "双溪", "龙泉", "新安", "桃源", "梅岭", "东坝", "西营", "南湖"]
BUREAUS = ["审计局", "统计局", "教育局", "民政局", "自然资源局", "交通运输局", "市场监督管理局", "卫生健康委员会"]
T3_COLUMNS = ["natural", "business", "research", "public_interest", "legal_services", "other", "total"]
OUTCOME_ROWS = [
    "granted", "partly_granted",
    "withheld_secret", "withheld_prohibited", "withheld_safety", "withheld_third_party",
    "withheld_internal", "withheld_process", "withheld_case_file", "withheld_query",
    "unavailable_not_held", "unavailable_needs_creation", "unavailable_unclear",
    "not_processed_complaint", "not_processed_repeat", "not_processed_publication",
    "not_processed_mass", "not_processed_confirmation",
    "other_no_correction", "other_unpaid_fee", "other_other",
]
# How likely each outcome is (real reports: mostly disclosed, then "not held").
OUTCOME_WEIGHTS = [40, 8, 1, 1, 1, 2, 3, 3, 1, 2, 20, 3, 2, 3, 3, 1, 1, 1, 2, 1, 1]
SECTION_TITLES = [
    "一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项",
]
FILLER = [
    "坚持以公开为常态、不公开为例外，健全信息发布审核机制，做到应公开尽公开。",
    "围绕群众关心关注的民生事项，及时发布惠民政策、财政资金、重大项目等信息。",
    "落实“先审查、后公开”和“一事一审”制度，严格执行保密审查，防止泄密和不当公开。",
    "加强政务新媒体日常监管，定期开展检查，及时更新栏目内容，提升公开实效。",
    "组织开展政务公开业务培训，提升工作人员依法公开意识和业务能力。",
    "畅通依申请公开受理渠道，规范登记、审核、办理、答复、归档各环节工作流程。",
    "结合政策文件发布同步开展解读，通过图文、问答等形式提高政策知晓度。",
    "将政务公开工作纳入年度考核，强化监督检查，推动各项任务落实到位。",
]


@dataclass
class Report:
    """The generated data, kept as Python values until written out."""

    organ: str
    kind: str
    level: str
    year: int
    website: str
    table2: dict[str, list[float | int]]
    table3: dict[str, list[int | str | None]]
    table4: list[int | str]
    intro: str = ""
    sections: list[tuple[str, str]] = field(default_factory=list)
    contact: dict[str, str] = field(default_factory=dict)
    title: str = ""
    published: str = ""


def _split(rng: random.Random, total: int, weights: list[int]) -> list[int]:
    counts = [0] * len(weights)
    for _ in range(total):
        counts[rng.choices(range(len(weights)), weights)[0]] += 1
    return counts


def _row(rng: random.Random, total: int) -> list[int | str | None]:
    """One table-3 row: mostly natural persons, the rest spread over the legal persons."""
    legal = sum(1 for _ in range(total) if rng.random() < 0.08)
    spread = _split(rng, legal, [5, 1, 1, 2, 2])
    return [total - legal, *spread, total]


def _sum_rows(rows: list[list[int | str | None]]) -> list[int | str | None]:
    return [sum(int(r[i]) for r in rows) for i in range(7)]  # type: ignore[arg-type]


def build(rng: random.Random, index: int, year: int) -> Report:
    # One organ per report (a province's reports of one year): the place name is made from
    # the index, so organs do not repeat and no two reports pair as consecutive years.
    base = index % len(COUNTIES)
    county = PLACES[(index // 12) % len(PLACES)] + PLACES[(index // 240) % len(PLACES)] + COUNTIES[base]
    kind = rng.choice(["township", "township", "department", "government"])
    if kind == "township":
        organ, level = f"{county}县{rng.choice(TOWNS)}镇人民政府", "township"
        scale = rng.choice([0, 1, 2, 3, 5, 8])
    elif kind == "department":
        organ, level = f"{county}县{rng.choice(BUREAUS)}", "county"
        scale = rng.choice([0, 2, 5, 12, 30])
    else:
        organ, level = f"{county}市人民政府", "prefecture"
        scale = rng.choice([40, 120, 400, 1500])
    website = f"www.{DOMAINS[base]}{index}.gov.cn"
    new_total = max(0, int(rng.gauss(scale, scale / 4 + 0.5)))
    carried_total = rng.randint(0, max(0, new_total // 10))
    handled_total = new_total + carried_total - rng.randint(0, carried_total + new_total // 12)
    outcomes = _split(rng, handled_total, OUTCOME_WEIGHTS)
    table3: dict[str, list[int | str | None]] = {"new": _row(rng, new_total), "carried_over": _row(rng, carried_total)}
    outcome_rows = {name: _row(rng, count) for name, count in zip(OUTCOME_ROWS, outcomes, strict=True)}
    table3.update(outcome_rows)
    table3["outcome_total"] = _sum_rows(list(outcome_rows.values()))
    # 四 = 一 + 二 − (七), per column, so T3-1 holds column by column; where a column would go
    # negative, more applications were new that year.
    new, carried, handled = table3["new"], table3["carried_over"], table3["outcome_total"]
    forward = [int(new[i]) + int(carried[i]) - int(handled[i]) for i in range(6)]  # type: ignore[arg-type]
    for i, value in enumerate(forward):
        if value < 0:
            new[i] = int(new[i]) - value  # type: ignore[arg-type]
            forward[i] = 0
    new[6] = sum(int(v) for v in new[:6])  # type: ignore[arg-type]
    table3["carried_forward"] = [*forward, sum(forward)]
    reviews = _split(rng, rng.randint(0, scale // 20 + 1), [3, 1, 1, 1])
    direct = _split(rng, rng.randint(0, scale // 40 + 1), [3, 1, 1, 1])
    after = _split(rng, rng.randint(0, scale // 60), [3, 1, 1, 1])
    table4: list[int | str] = [*reviews, sum(reviews), *direct, sum(direct), *after, sum(after)]
    issued = rng.randint(0, 12 if kind != "township" else 2)
    in_force = issued + rng.randint(0, 40 if kind != "township" else 3)
    table2 = {
        "regulations": [0, 0, 0] if level in ("township", "county") else [rng.randint(0, 3), 0, rng.randint(3, 20)],
        "normative_documents": [issued, rng.randint(0, 3), in_force],
        "licensing": [rng.randint(0, 20 * scale + 5)],
        "penalty": [rng.randint(0, 10 * scale + 5)],
        "enforcement": [rng.randint(0, scale + 1)],
        "fees": [round(rng.random() * 3, 2) if kind == "government" else 0],
    }
    report = Report(organ, kind, level, year, website, table2, table3, table4)
    report.title = f"{organ.removesuffix('人民政府')}{year}年政府信息公开工作年度报告"
    # Published by the deadline (条例第四十九条, RL601/RL602): governments by 3月31日, departments
    # and townships in January. The draw is kept so that the rest of a seed's report is unchanged.
    drawn = rng.randint(1, 3)
    month = drawn if kind == "government" else 1
    report.published = f"{year + 1}-0{month}-{rng.randint(10, 28)}"
    report.contact = {"website": website, "address": f"{county}县人民路{rng.randint(1, 200)}号",
                      "postcode": f"{rng.randint(100000, 999999)}",
                      "phone": f"0{rng.randint(100, 999)}-{rng.randint(1000000, 9999999)}"}
    report.intro = (
        f"本报告依据《中华人民共和国政府信息公开条例》和国办公开办函〔2021〕30号编制，全文包括总体情况、"
        f"主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议和行政诉讼情况、"
        f"存在的主要问题及改进情况、其他需要报告的事项等六部分。本报告所列数据的统计期限自{year}年1月1日起"
        f"至{year}年12月31日止。本报告电子版可在“{county}县人民政府”门户网站（{website}）下载。"
    )
    new_count = table3["new"][6]
    body_one = "\n".join([
        f"{year}年，{organ.removesuffix('人民政府')}认真贯彻落实《条例》，" + rng.choice(FILLER),
        "（一）主动公开情况。" + "".join(rng.sample(FILLER, 3)),
        f"（二）依申请公开情况。全年新收政府信息公开申请{new_count}件。" + "".join(rng.sample(FILLER, 2)),
        "（三）政府信息管理情况。" + "".join(rng.sample(FILLER, 3)),
        "（四）政府信息公开平台建设情况。" + "".join(rng.sample(FILLER, 2)),
        "（五）监督保障情况。" + "".join(rng.sample(FILLER, 2)),
    ])
    report.sections = [
        (SECTION_TITLES[0], body_one),
        (SECTION_TITLES[1], ""),
        (SECTION_TITLES[2], ""),
        (SECTION_TITLES[3], ""),
        (SECTION_TITLES[4], "一是" + rng.choice(FILLER) + "二是" + rng.choice(FILLER) + "\n下一步，"
         + "".join(rng.sample(FILLER, 3))),
        (SECTION_TITLES[5], "依据《政府信息公开信息处理费管理办法》，本年度未收取信息处理费。"),
    ]
    return report


# --- defects: (name, codes it must produce, mutation) -------------------------------------


def _bump_new(r: Report, rng: random.Random) -> None:
    r.table3["new"][0] = int(r.table3["new"][0]) + 1  # type: ignore[arg-type]
    r.table3["new"][6] = int(r.table3["new"][6]) + 1  # type: ignore[arg-type]
    r.sections[0] = (r.sections[0][0], r.sections[0][1].replace(
        f"新收政府信息公开申请{int(r.table3['new'][6]) - 1}件", f"新收政府信息公开申请{r.table3['new'][6]}件"))  # type: ignore[arg-type]


def _bump_outcome(r: Report, rng: random.Random) -> None:
    row = rng.choice(OUTCOME_ROWS)
    r.table3[row][0] = int(r.table3[row][0]) + 1  # type: ignore[arg-type]
    r.table3[row][6] = int(r.table3[row][6]) + 1  # type: ignore[arg-type]


def _row_total(r: Report, rng: random.Random) -> None:
    r.table3["granted"][6] = int(r.table3["granted"][6]) + 2  # type: ignore[arg-type]


def _table4(index: int) -> Callable[[Report, random.Random], None]:
    def mutate(r: Report, rng: random.Random) -> None:
        r.table4[index * 5] = int(r.table4[index * 5]) + 1
    return mutate


def _cell_text(r: Report, rng: random.Random) -> None:
    r.table3["granted"][0] = f"{r.table3['granted'][0]}件"


def _cell_placeholder(r: Report, rng: random.Random) -> None:
    r.table3["withheld_secret"][1] = "/"


def _negative(r: Report, rng: random.Random) -> None:
    r.table2["enforcement"][0] = -1


def _drop_section(r: Report, rng: random.Random) -> None:
    del r.sections[4]


def _swap_sections(r: Report, rng: random.Random) -> None:
    r.sections[4], r.sections[5] = r.sections[5], r.sections[4]


def _reword_title(r: Report, rng: random.Random) -> None:
    r.sections[4] = ("五、工作中的不足和下一步打算", r.sections[4][1])


def _drop_fee(r: Report, rng: random.Random) -> None:
    r.sections[5] = (r.sections[5][0], "如需了解更多政府信息，请登录门户网站查询。")


def _title_form(r: Report, rng: random.Random) -> None:
    r.title = r.title.replace("工作年度报告", "工作报告")


def _drop_period(r: Report, rng: random.Random) -> None:
    r.intro = r.intro.replace(f"本报告所列数据的统计期限自{r.year}年1月1日起至{r.year}年12月31日止。", "")


def _garble_period(r: Report, rng: random.Random) -> None:
    r.intro = r.intro.replace(f"自{r.year}年1月1日起至{r.year}年12月31日止", f"自{r.year}11日起至{r.year}1231日止")


def _wrong_period(r: Report, rng: random.Random) -> None:
    r.intro = r.intro.replace(f"{r.year}年12月31日止", f"{r.year}年12月30日止")


def _title_year(r: Report, rng: random.Random) -> None:
    r.title = r.title.replace(f"{r.year}年", f"{r.year - 1}年")


def _drop_website(r: Report, rng: random.Random) -> None:
    del r.contact["website"]


def _bad_postcode(r: Report, rng: random.Random) -> None:
    r.contact["postcode"] = r.contact["postcode"][:5]


def _placeholder(r: Report, rng: random.Random) -> None:
    r.sections[5] = (r.sections[5][0], r.sections[5][1] + "本报告电子版可在网站下载()。")


DEFECTS: list[tuple[str, list[str], Callable[[Report, random.Random], None]]] = [
    ("t3-balance", ["RL301"], _bump_new),
    ("t3-outcome-total", ["RL302"], _bump_outcome),
    ("t3-row-total", ["RL302", "RL303"], _row_total),
    ("t4-review", ["RL304"], _table4(0)),
    ("t4-direct", ["RL305"], _table4(1)),
    ("t4-after-review", ["RL306"], _table4(2)),
    ("cell-text", ["RL310"], _cell_text),
    ("cell-placeholder", ["RL311"], _cell_placeholder),
    ("cell-negative", ["RL312"], _negative),
    ("section-missing", ["RL101"], _drop_section),  # one cause: RL104 leaves it to RL101
    ("section-order", ["RL102"], _swap_sections),
    ("section-title", ["RL103"], _reword_title),
    ("fee-statement", ["RL105"], _drop_fee),
    ("title-form", ["RL107"], _title_form),
    ("period-missing", ["RL201"], _drop_period),
    ("period-unreadable", ["RL202"], _garble_period),
    ("period-wrong", ["RL203"], _wrong_period),
    ("title-year", ["RL204"], _title_year),
    ("website-missing", ["RL401"], _drop_website),
    ("postcode-malformed", ["RL402"], _bad_postcode),
    ("contact-placeholder", ["RL403"], _placeholder),
]


# --- writing -----------------------------------------------------------------------------


def _scalar(value: object) -> str:
    if value is None:
        return "~"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _block(text: str, indent: str) -> str:
    if not text:
        return " ~"
    return " |\n" + "\n".join(indent + line for line in text.split("\n"))


def to_yaml(r: Report, block_rows: bool) -> str:
    out = ["format: 1", "meta:", f"  title: {r.title}", f"  organ: {r.organ}", f"  organ_kind: {r.kind}",
           f"  level: {r.level}", f"  year: {r.year}", f"  published: {r.published}",
           "  template: annual-2021", "", "intro:" + _block(r.intro, "  "), "", "sections:"]
    for title, body in r.sections:
        out.append(f"  - title: {title}")
        out.append("    text:" + _block(body, "      "))
    out += ["", "tables:", "  table2:"]
    out += [f"    {row}: [{', '.join(_scalar(v) for v in values)}]" for row, values in r.table2.items()]
    out.append("  table3:")
    for row, values in r.table3.items():
        if block_rows:
            out.append(f"    {row}:")
            out += [f"      {column}: {_scalar(v)}" for column, v in zip(T3_COLUMNS, values, strict=True)]
        else:
            out.append(f"    {row}: [{', '.join(_scalar(v) for v in values)}]")
    out += ["  table4:", f"    cases: [{', '.join(_scalar(v) for v in r.table4)}]", "", "contact:"]
    out += [f"  {key}: {_scalar(value)}" for key, value in r.contact.items()]
    return "\n".join(out) + "\n"


def generate(out: Path, reports: int, seed: int, defect_rate: float = 0.4,
             forms: tuple[str, ...] = ("yaml",)) -> list[dict[str, object]]:
    """Write `reports` YAML reports and truth.jsonl into `out` (and with "html" in `forms`, the
    same reports as published web pages under out/html/); return the truth records."""
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    truth = []
    for index in range(reports):
        year = rng.choice([2021, 2022, 2023, 2024])
        report = build(rng, index, year)
        defect, codes = None, []
        if rng.random() < defect_rate:
            defect, codes, mutate = DEFECTS[index % len(DEFECTS)]
            mutate(report, rng)
        name = f"report-{index:05d}-{year}.yaml"
        (out / name).write_text(to_yaml(report, block_rows=rng.random() < 0.7), encoding="utf-8")
        truth.append({"file": name, "defect": defect, "codes": sorted(codes)})
    with open(out / "truth.jsonl", "w", encoding="utf-8") as handle:
        for record in truth:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    if "html" in forms:
        _write_html(out, [record["file"] for record in truth])
    return truth


def _write_html(out: Path, names: list[object]) -> None:
    """The reports as web pages, laid out as published (the tests' page writer): for timing
    the HTML reader, so no ground truth (a page carries no organ kind or publication date)."""
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    try:
        from tests import published_fixtures
    finally:
        sys.path.pop(0)
    from reportlint.packs.load import load_packs

    packs = load_packs()
    pages = out / "html"
    pages.mkdir(exist_ok=True)
    for name in names:
        source = out / str(name)
        try:
            report = published_fixtures.structured_report(source, packs)
        except AssertionError:
            continue  # a defect that makes the data unreadable has no page
        page, _ = published_fixtures.to_html(published_fixtures.document(report))
        (pages / source.with_suffix(".html").name).write_bytes(page)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path)
    parser.add_argument("--reports", type=int, default=200)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--defect-rate", type=float, default=0.4)
    parser.add_argument("--html", action="store_true", help="also write the reports as web pages")
    args = parser.parse_args()
    generate(args.out, args.reports, args.seed, args.defect_rate, ("yaml", "html") if args.html else ("yaml",))


if __name__ == "__main__":
    main()
