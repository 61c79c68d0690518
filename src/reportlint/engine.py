"""Select rules, read each file, run the checks of its pack, and turn hits into findings."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from reportlint import i18n
from reportlint.codes import FILE_TOO_LARGE, FILE_UNREADABLE, INTERNAL_ERROR, PATTERN_TOO_SLOW
from reportlint.errors import read_at_most
from reportlint.findings import FileResult, Finding, Hit, render
from reportlint.labels import Label
from reportlint.model import FILE_START, Report, Value
from reportlint.packs.pack import PackSet, Rule, RulePack
from reportlint.patterns import TIMEOUT, PatternTimeout
from reportlint.records import field, record, replace

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from reportlint.readers import ReadResult

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
# A finding resting on a number OCR recognised must never read as a confident one.
OCR_NOTE = {"zh": "（该数字由 OCR 识别，请核对原件）",
            "en": " (a number here was recognised by OCR: check it against the original)"}
PREVIOUS_UNREADABLE = "RL700"


def read_bounded(path: str, max_bytes: int) -> bytes | Hit:
    """A regular file's bytes, or the hit that says why it is not read: not a regular file
    (/dev/zero never ends, a FIFO never opens) or over `max_bytes` (checked before opening,
    and again while reading, for a file that grows). OSError is the caller's."""
    status = os.stat(path)
    if stat.S_ISDIR(status.st_mode):
        return Hit(FILE_START, code=FILE_UNREADABLE, args={"problem": _folder_problem(path)})
    if not stat.S_ISREG(status.st_mode):
        return Hit(FILE_START, code=FILE_UNREADABLE, args={"problem": i18n.NOT_REGULAR})
    if status.st_size > max_bytes:
        return Hit(FILE_START, code=FILE_TOO_LARGE, args={"size": status.st_size, "limit": max_bytes})
    with open(path, "rb") as handle:
        data = read_at_most(handle, max_bytes + 1, status.st_size)  # statted above
    if len(data) > max_bytes:
        return Hit(FILE_START, code=FILE_TOO_LARGE, args={"size": f"{max_bytes}+", "limit": max_bytes})
    return data


def _folder_problem(path: str) -> Label:
    """A folder among the files: the walk could not list it (say why), or it was named."""
    try:
        os.scandir(path).close()
    except OSError as error:
        return i18n.folder_unlisted(error)
    return i18n.NOT_REGULAR


def _too_slow(where: str, error: PatternTimeout) -> Hit:
    pattern = error.pattern if len(error.pattern) <= 80 else error.pattern[:79] + "…"
    return Hit(FILE_START, code=PATTERN_TOO_SLOW,
               args={"where": where, "limit": f"{TIMEOUT:g}", "pattern": repr(pattern)})


def matches(code: str, selectors: Iterable[str]) -> bool:
    """A code matches a selector that is the code, a prefix of it, or ALL."""
    return any(s == "ALL" or code.startswith(s) for s in selectors)


@record
class Selection:
    select: list[str] = field(default_factory=lambda: ["ALL"])
    ignore: list[str] = field(default_factory=list)

    def wants(self, code: str) -> bool:
        if code == INTERNAL_ERROR:
            return True
        return matches(code, self.select) and not matches(code, self.ignore)


@record(frozen=True)
class Loaded:
    """A file as read: its bytes and the reader's result, or the hits that stopped reading."""

    path: str
    data: bytes
    result: ReadResult | None
    hits: list[Hit]

    @property
    def report(self) -> Report | None:
        return self.result.report if self.result is not None else None


def lint_example(packs: PackSet, select: list[str], template: str, lang: str, name: str,
                 text: str, previous: str | None) -> list[Finding] | None:
    """A rule example's findings (reportlint.packs.examples.LintExample)."""
    linter = Linter(packs, Selection(select), lang, template)
    last_year = None
    if previous is not None:
        last_year = linter.read("previous.yaml", previous.encode("utf-8")).report
        if last_year is None:
            return None
    return linter.lint(linter.read(name, text.encode("utf-8")), last_year).findings


@record
class Linter:
    """Lints one file at a time under a set of packs, a selection and a language: `load` (or
    `read` bytes in hand), then `lint`, which may attach last year's report. A run of many
    files is reportlint.run (through reportlint.batch)."""

    packs: PackSet
    selection: Selection = field(default_factory=Selection)
    lang: str = "zh"
    template: str | None = None
    max_bytes: int = DEFAULT_MAX_BYTES
    organ_kind: str | None = None  # the config's organ-kind, for reports that do not state it
    ocr: bool = False  # read scanned PDF pages by OCR (the reportlint[ocr] extra)

    def __post_init__(self) -> None:
        self._rules = {rule.code: rule for rule in self.packs.all_rules()}
        # whether the selection wants each code, asked for every rule of every report
        self._wanted = {code: self.selection.wants(code) for code in self._rules}
        # a finding's message and severity are those of the pack that checked the report, not
        # of the newest pack defining the code (a user's pack redefining RL302 as info)
        self._by_pack = {pack.id: {**self._rules, **{rule.code: rule for rule in pack.rules}}
                         for pack in self.packs.packs}

    def _wants(self, code: str) -> bool:
        """Whether the selection wants a code: kept for the packs' codes, asked for others."""
        wanted = self._wanted.get(code)
        return self.selection.wants(code) if wanted is None else wanted

    def rule(self, code: str) -> Rule | None:
        return self._rules.get(code)

    def load(self, path: str | Path) -> Loaded:
        """Read a file once (bounded by `max_bytes`); linting it later may attach last year's
        report."""
        name = str(path)
        try:
            data = read_bounded(name, self.max_bytes)
        except OSError as error:
            data = Hit(FILE_START, code=FILE_UNREADABLE, args={"problem": i18n.os_problem(error)})
        if isinstance(data, Hit):
            return Loaded(name, b"", None, [data])
        return self.read(name, data)

    def read(self, path: str, data: bytes) -> Loaded:
        """Bytes in hand read as the file `path` would be (a rule example, a test)."""
        # The readers and the checks are imported by the first file read: a run whose files
        # all come from the cache never needs them.
        from reportlint.readers import read_report

        try:
            result = read_report(path, data, self.packs, self.template, self.ocr)
        except PatternTimeout as error:
            return Loaded(path, data, None, [_too_slow("recognition", error)])
        except Exception:
            return Loaded(path, data, None, [self._internal_error("reading")])
        return Loaded(path, data, result, list(result.problems))

    def lint(self, loaded: Loaded, previous: Report | None = None,
             extra: Sequence[Hit] = ()) -> FileResult:
        """The findings of a file as read, with last year's report attached for the RL7xx
        rules; `extra` are hits found outside it (RL700: last year's report is unreadable)."""
        path, result = loaded.path, loaded.result
        hits = [*loaded.hits, *extra]
        report = result.report if result is not None else None
        if report is not None:
            if previous is not None:
                report = replace(report, previous=previous)
            if self.organ_kind:
                report = self._configured_kind(report)
            hits = [*one_per_problem(loaded.hits, list(self._check(report)),
                                     self._rules_for(report)), *extra]
        findings = self._finalise(path, hits, report)
        if result is not None and b"reportlint" in loaded.data:
            findings = self._suppress(path, loaded.data, findings, result.suppressions,
                                      report is not None)
        return FileResult(path, findings, report)

    def _configured_kind(self, report: Report) -> Report:
        """The config's organ kind for a report whose data does not state it: it replaces the
        kind read from the organ's name."""
        from reportlint.readers import organ

        if "organ_kind" in report.meta and not organ.inferred(report.meta):
            return report  # the data says it
        stated = Value(self.organ_kind, FILE_START, organ.STATED, "organ-kind")
        return replace(report, meta={**report.meta, "organ_kind": stated})

    def _pack_of(self, report: Report) -> RulePack | None:
        return next((p for p in self.packs.packs if p.template is report.template), None)

    def _rules_for(self, report: Report | None) -> dict[str, Rule]:
        pack = self._pack_of(report) if report is not None else None
        return self._by_pack[pack.id] if pack is not None else self._rules

    def _suppress(self, path: str, data: bytes, findings: list[Finding],
                  in_data: list[Any], checked: bool) -> list[Finding]:
        """Apply `# reportlint:` comments and the in-data `reportlint.ignore` key."""
        from reportlint import suppressions
        from reportlint.readers.encoding import decode

        text = decode(data)[0] or ""
        directives, problems = suppressions.from_comments(text)
        # When the report could not be read no check ran: no suppression can be called unused.
        selected = [code for code in self._rules if checked and self._wanted[code]]
        kept, more = suppressions.apply(findings, [*directives, *in_data],
                                        lambda code, sel: matches(code, [sel]),
                                        selected, self._rules)
        return sorted(kept + self._finalise(path, problems + more, None),
                      key=lambda f: f.sort_key)

    def _check(self, report: Report) -> Iterator[Hit]:
        from reportlint.checks import CHECKS

        pack = self._pack_of(report)
        rules = pack.rules if pack else ()
        for rule in rules:
            if rule.check == "input" or not self._wanted[rule.code]:
                continue
            try:
                for hit in CHECKS[rule.check].function(report, rule.params):
                    yield replace(hit, code=rule.code)
            except PatternTimeout as error:
                yield _too_slow(rule.code, error)
            except Exception:
                yield self._internal_error(f"rule {rule.code}")

    def _internal_error(self, where: str) -> Hit:
        import traceback  # only for a check that failed

        detail = traceback.format_exc(limit=-1).strip().splitlines()[-1]
        return Hit(FILE_START, code=INTERNAL_ERROR, args={"where": where, "detail": detail})

    def findings(self, path: str, hits: list[Hit]) -> list[Finding]:
        """Findings of hits found outside a check (e.g. a worker that died on the file)."""
        return self._finalise(path, hits, None)

    def _finalise(self, path: str, hits: list[Hit], report: Report | None) -> list[Finding]:
        findings = []
        rules = self._rules_for(report)
        for hit in hits:
            if not self._wants(hit.code):
                continue
            rule = rules.get(hit.code)
            if rule is None:
                message, severity, name = f"{hit.code} {dict(hit.args)}", "error", ""
            else:
                message = render(rule.render_message(self.lang), hit.args, self.lang)
                severity, name = rule.severity, rule.name
            if report is not None and report.rests_on_ocr(hit.span, (hit.data_path, *hit.related)):
                message += OCR_NOTE[self.lang]
            findings.append(Finding(path, hit.span, hit.code, severity, message, name,
                                    hit.data_path, hit.expected, hit.actual, hit.related))
        findings.sort(key=lambda f: f.sort_key)
        return findings


def one_per_problem(read: Sequence[Hit], checked: Sequence[Hit], rules: dict[str, Rule]
                    ) -> list[Hit]:
    """The reader's and the checks' hits of one report, each problem reported once.

    - A reader's finding that a place was not read (its rule declares `unread`: a table, row
      or the headings not found or unreadable) hides every check's finding at or inside that
      place: "table 三 not found" says more than "table 三 missing".
    - A finding that names what it explains (`Hit.explains`: a trial-format row explains the
      2021 rows published in its place) hides every other finding at or inside those places.

    Info findings hide nothing. The kept hits are the reader's, then the checks', in order.
    """
    def hides(hit: Hit) -> bool:
        rule = rules.get(hit.code)
        return rule is not None and rule.severity != "info"

    unread = [h.data_path for h in read if h.data_path and hides(h)
              and rules[h.code].params.get("unread")]
    explained = [path for h in (*read, *checked) if hides(h) for path in h.explains]

    def explained_away(hit: Hit) -> bool:
        # by the others: a hit that explains places of its own (a run of missing rows) goes
        # only when they are all explained, else rows nothing else reports would go unsaid
        if not hit.explains:
            return _inside(hit.data_path, explained)
        others = [p for h in (*read, *checked) if h is not hit and hides(h) for p in h.explains]
        return all(_inside(path, others) for path in (hit.data_path, *hit.explains))

    return [*(h for h in read if not explained_away(h)),
            *(h for h in checked if not _inside(h.data_path, [*unread, *explained]))]


def _inside(path: str, places: Sequence[str]) -> bool:
    """Whether a data path is one of the places or inside one (`tables.table3.new` is inside
    `tables.table3`; `sections[0]` inside `sections`)."""
    return bool(path) and any(path == place or path.startswith((f"{place}.", f"{place}["))
                              for place in places)
