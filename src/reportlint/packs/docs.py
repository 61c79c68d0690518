"""Rule documentation from the one place a rule is defined, its YAML: `reportlint explain`,
`reportlint rules --format markdown` (docs/rules.md) and the help of SARIF rules.

Pure formatting: the examples' outcomes (packs.examples) are passed in, never computed here.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
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


def _headings(lang: str) -> dict[str, str]:
    return HEADINGS.get(lang, HEADINGS["zh"])


def doc_text(rule: Rule, key: str, lang: str) -> str:
    """A doc field in `lang`: the `doc.<lang>` translation where there is one, else the
    field as written."""
    translation = rule.doc.get(lang)
    if isinstance(translation, dict) and translation.get(key):
        return str(translation[key])
    return str(rule.doc.get(key) or "")


def edits(example: dict[str, Any]) -> list[str]:
    """An example's edits, one line each: `set path = value`, `delete path`,
    `replace in path: old → new`, `with param name = value`."""
    lines = []
    for path, value in (example.get("set") or {}).items():
        lines.append(f"set {path} = {json.dumps(value, ensure_ascii=False)}")
    for path, pair in (example.get("replace") or {}).items():
        old, new = (json.dumps(x, ensure_ascii=False) for x in pair)
        lines.append(f"replace in {path}: {old} → {new}")
    for path in example.get("delete") or ():
        lines.append(f"delete {path}")
    for name, value in (example.get("params") or {}).items():
        lines.append(f"with param {name} = {json.dumps(value, ensure_ascii=False)}")
    if "previous" in example:  # last year's report, for the cross-year rules
        lines += ["last year's report:", *(f"  {line}" for line in edits(example["previous"]))]
    return lines or ["(the example report as it is)"]


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
                out += [example["note"], ""]
            out += ["```text", *edits(example), "```", ""]
            found = [o for o in outcomes if o.kind == kind and o.index == index]
            for finding in (found[0].findings if found else ())[:3]:
                out += [f"→ {finding.code} {finding.message}", ""]
    return "\n".join(out).rstrip() + "\n"


def explain(rule: Rule, lang: str, outcomes: Sequence[Outcome] = ()) -> str:
    """`reportlint explain CODE`: the whole doc for a terminal."""
    names = _headings(lang)
    out = [f"{rule.code} {rule.name}", "",
           f"{names['severity']}: {rule.severity}    {names['pack']}: {rule.pack}",
           f"{names['message']}: {rule.render_message(lang)}", ""]
    for key in ("what", "why"):
        out += [f"{names[key]}:", _indent(doc_text(rule, key, lang)), ""]
    if rule.doc.get("basis"):
        out += [f"{names['basis']}:", *(f"  - {item}" for item in rule.doc["basis"]), ""]
    out += [f"{names['fix']}:", _indent(doc_text(rule, "fix", lang)), ""]
    for kind in ("fail", "pass"):
        examples = rule.examples.get(kind, ())
        out.append(f"{names[kind]}:")
        if not examples:
            out += [f"  {names['none']}", ""]
        for index, example in enumerate(examples):
            if example.get("note"):
                out.append(_indent(example["note"]))
            out += [f"    {line}" for line in edits(example)]
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
    out += ["", "| Code | Name | Severity | Pack |", "|---|---|---|---|"]
    for rule in rules:
        out.append(f"| [{rule.code}](#{rule.code.lower()}) | {rule.name} | {rule.severity} | "
                   f"{rule.pack} |")
    out.append("")
    for rule in rules:
        own = [o for o in outcomes if o.rule.code == rule.code]
        out += [f"## {rule.code}", "", f"`{rule.name}` · {names['severity']}: {rule.severity}"
                f" · {names['message']}: {rule.render_message(lang)}", ""]
        out.append(doc_markdown(rule, lang, own, level=3))
    return "\n".join(out).rstrip() + "\n"
