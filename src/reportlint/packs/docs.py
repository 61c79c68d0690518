"""Rule documentation from the one place a rule is defined, its YAML: `reportlint explain`,
`reportlint rules --format markdown` (docs/rules.md) and the help of SARIF rules.

Pure formatting: the examples' outcomes (packs.examples) are passed in, never computed here.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence

from reportlint.findings import severity_name

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any
    from reportlint.packs.examples import Outcome
    from reportlint.packs.pack import Rule, RulePack

HEADINGS = {
    "zh": {"what": "作用", "why": "理由", "basis": "依据", "fix": "修改方法",
           "fail": "不合格示例", "pass": "合格示例", "severity": "级别", "message": "提示信息",
           "pack": "规则包", "reports": "报告为", "none": "（无示例）"},
    "en": {"what": "What it does", "why": "Why", "basis": "Legal basis", "fix": "How to fix",
           "fail": "Failing example", "pass": "Passing example", "severity": "Severity",
           "message": "Message", "pack": "Pack", "reports": "reports", "none": "(no example)"},
}
# How an example edits the pack's example report, in each language.
EDITS = {
    "zh": {"set": "设置 {path} = {value}", "replace": "在 {path} 中把 {old} 替换为 {new}",
           "delete": "删除 {path}", "param": "规则参数 {name} = {value}",
           "previous": "上年报告：", "as_is": "（示例报告原样）"},
    "en": {"set": "set {path} = {value}", "replace": "replace in {path}: {old} → {new}",
           "delete": "delete {path}", "param": "with param {name} = {value}",
           "previous": "last year's report:", "as_is": "(the example report as it is)"},
}


def _headings(lang: str) -> dict[str, str]:
    return HEADINGS.get(lang, HEADINGS["zh"])


def doc_text(rule: Rule, key: str, lang: str) -> str:
    """A doc field in `lang`: the `doc.<lang>` translation where there is one, else the
    field as written."""
    translation = rule.doc.get(lang)
    if isinstance(translation, dict) and translation.get(key):
        return str(translation[key])
    return str(rule.doc.get(key) or "")


def edits(example: dict[str, Any], lang: str = "en") -> list[str]:
    """An example's edits, one line each: `set path = value`, `delete path`,
    `replace in path: old → new`, `with param name = value` (or their Chinese)."""
    words = EDITS.get(lang, EDITS["zh"])
    lines = []
    for path, value in (example.get("set") or {}).items():
        lines.append(words["set"].format(path=path, value=json.dumps(value, ensure_ascii=False)))
    for path, pair in (example.get("replace") or {}).items():
        old, new = (json.dumps(x, ensure_ascii=False) for x in pair)
        lines.append(words["replace"].format(path=path, old=old, new=new))
    for path in example.get("delete") or ():
        lines.append(words["delete"].format(path=path))
    for name, value in (example.get("params") or {}).items():
        lines.append(words["param"].format(name=name, value=json.dumps(value, ensure_ascii=False)))
    if "previous" in example:  # last year's report, for the cross-year rules
        lines += [words["previous"], *(f"  {line}" for line in edits(example["previous"], lang))]
    return lines or [words["as_is"]]


def note(example: dict[str, Any], lang: str) -> str:
    """The example's note in `lang` (a note may be one string, or {zh, en})."""
    value = example.get("note") or ""
    if isinstance(value, dict):
        return str(value.get(lang) or value.get("zh") or value.get("en") or "")
    return str(value)


def rules_list(rules: Iterable[Rule], lang: str) -> str:
    """`reportlint rules`: code, severity and name of each rule, then what it checks."""
    out = []
    for rule in rules:
        severity = severity_name(rule.severity, lang)
        slug = f"（{rule.name}）" if lang == "zh" else f" ({rule.name})"
        out.append(f"{rule.code}  {severity:<{4 if lang == 'zh' else 7}}  {rule.display_name(lang)}{slug}")
        what = doc_text(rule, "what", lang)
        if what:
            out.append(f"       {what}")
    return "\n".join(out) + "\n"


def plain_text(rule: Rule, lang: str) -> str:
    """What, why, basis and fix as plain text (SARIF help.text)."""
    names = _headings(lang)
    parts = [f"{names[key]}: {doc_text(rule, key, lang)}" for key in ("what", "why")
             if doc_text(rule, key, lang)]
    if rule.doc.get("basis"):
        parts.append(f"{names['basis']}: {'; '.join(rule.doc['basis'])}")
    parts.append(f"{names['fix']}: {doc_text(rule, 'fix', lang)}")
    return "\n\n".join(parts)


def doc_markdown(rule: Rule, lang: str, outcomes: Sequence[Outcome] = (), level: int = 3) -> str:
    """The doc in Markdown (SARIF help.markdown, and each rule of docs/rules.md)."""
    names = _headings(lang)
    hashes = "#" * level
    out = []
    for key in ("what", "why"):
        out += [f"{hashes} {names[key]}", "", doc_text(rule, key, lang), ""]
    if rule.doc.get("basis"):
        out += [f"{hashes} {names['basis']}", ""]
        out += [f"- {item}" for item in rule.doc["basis"]] + [""]
    out += [f"{hashes} {names['fix']}", "", doc_text(rule, "fix", lang), ""]
    for kind in ("fail", "pass"):
        examples = rule.examples.get(kind, ())
        if not examples:
            continue
        out += [f"{hashes} {names[kind]}", ""]
        for index, example in enumerate(examples):
            if example.get("note"):
                out += [note(example, lang), ""]
            out += ["```text", *edits(example, lang), "```", ""]
            found = [o for o in outcomes if o.kind == kind and o.index == index]
            for finding in (found[0].findings if found else ())[:3]:
                out += [f"→ {finding.code} {finding.message}", ""]
    return "\n".join(out).rstrip() + "\n"


def explain(rule: Rule, lang: str, outcomes: Sequence[Outcome] = ()) -> str:
    """`reportlint explain CODE`: the whole doc for a terminal, in `lang` throughout."""
    names = _headings(lang)
    colon = "：" if lang == "zh" else ": "

    def head(key: str) -> str:
        return names[key] + colon.strip()

    title = rule.display_name(lang)
    slug = (f"（{rule.name}）" if lang == "zh" else f" ({rule.name})") if title != rule.name else ""
    out = [f"{rule.code} {title}{slug}", "",
           f"{names['severity']}{colon}{severity_name(rule.severity, lang)}    "
           f"{names['pack']}{colon}{rule.pack}",
           f"{names['message']}{colon}{rule.render_message(lang)}", ""]
    for key in ("what", "why"):
        out += [head(key), _indent(doc_text(rule, key, lang)), ""]
    if rule.doc.get("basis"):
        out += [head("basis"), *(f"  - {item}" for item in rule.doc["basis"]), ""]
    out += [head("fix"), _indent(doc_text(rule, "fix", lang)), ""]
    for kind in ("fail", "pass"):
        examples = rule.examples.get(kind, ())
        out.append(head(kind))
        if not examples:
            out += [f"  {names['none']}", ""]
        for index, example in enumerate(examples):
            if example.get("note"):
                out.append(_indent(note(example, lang)))
            out += [f"    {line}" for line in edits(example, lang)]
            found = [o for o in outcomes if o.kind == kind and o.index == index]
            for finding in (found[0].findings if found else ())[:3]:
                out.append(f"  → {finding.code} {finding.message}")
            out.append("")
    return "\n".join(out).rstrip() + "\n"


def _indent(text: str) -> str:
    return "\n".join(f"  {line}" for line in text.splitlines())


def rules_markdown(packs: Iterable[RulePack], rules: Sequence[Rule], lang: str,
                   outcomes: Sequence[Outcome] = ()) -> str:
    """docs/rules.md: a table of every rule, then each rule's doc."""
    names = _headings(lang)
    title = "规则" if lang == "zh" else "Rules"
    out = [f"# {title}", "",
           "<!-- Generated by `reportlint rules --format markdown --lang "
           f"{lang}`; do not edit: edit the rule's YAML. -->", ""]
    for pack in packs:
        out.append(f"- `{pack.id}`: {pack.name.text(lang)}")
    out += ["", "| Code | Name | Title | Severity | Pack |", "|---|---|---|---|---|"]
    for rule in rules:
        out.append(f"| [{rule.code}](#{rule.code.lower()}) | {rule.name} | "
                   f"{rule.display_name(lang)} | {rule.severity} | {rule.pack} |")
    out.append("")
    for rule in rules:
        own = [o for o in outcomes if o.rule.code == rule.code]
        out += [f"## {rule.code}", "", f"`{rule.name}` · {names['severity']}: {rule.severity}"
                f" · {names['message']}: {rule.render_message(lang)}", ""]
        out.append(doc_markdown(rule, lang, own, level=3))
    return "\n".join(out).rstrip() + "\n"
