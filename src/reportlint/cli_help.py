"""The command line's help in Chinese (the default language) or English (`--lang en`): the
Chinese of each English help text, and argparse's own headings. Data only; cli.py applies it."""

from __future__ import annotations

import argparse
import os
import sys

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

HEADINGS_ZH = {
    "usage: ": "用法：", "positional arguments": "位置参数", "options": "选项",
    "optional arguments": "选项", "show this help message and exit": "显示本帮助并退出",
    "show program's version number and exit": "显示版本号并退出",
}

HELP_ZH = {
    "Lint 政府信息公开工作年度报告 (annual government information disclosure reports).":
        "检查政府信息公开工作年度报告。",
    "lint report files and directories": "检查报告文件和文件夹",
    "write the current findings to a baseline": "把当前的问题写入基线文件",
    "show the resolved configuration": "显示生效的配置",
    "turn a published report (web text, PDF text, HTML, DOCX) into structured YAML":
        "把已发布的报告（网页文本、PDF、HTML、DOCX）转换为结构化 YAML",
    "write the publishable report (HTML, Word, Markdown) from its data, in the national format "
    "of its pack": "按规则包的国家格式，由数据生成可发布的报告（HTML、Word、Markdown）",
    "start next year's report: sections, intro, blank tables, and what carries over from last "
    "year's": "开始下一年度的报告：六个部分、开头语、空白表格，以及从上年结转的数据",
    "list the rules: code, severity, name": "列出规则：代码、级别、名称",
    "a rule's doc: what, why, fix, examples": "规则说明：作用、理由、修改方法、示例",
    "check a rule pack of your own": "检查自编的规则包",
    "a checking page and JSON API in the browser (extra: reportlint[serve])":
        "在浏览器中检查报告的网页和 JSON 接口（需安装 reportlint[serve]）",
    "only these codes or prefixes (comma-separated; ALL for every rule)":
        "只检查这些代码或前缀（逗号分隔；ALL 表示全部规则）",
    "these codes or prefixes in addition to the selected ones": "在已选规则之外再检查这些代码或前缀",
    "skip these codes or prefixes (comma-separated)": "跳过这些代码或前缀（逗号分隔）",
    "message language": "提示语言（zh 中文，en 英文）",
    "check against this rule pack, whatever the report says": "不论报告怎么写，都按这个规则包检查",
    "rule pack folder, or folder of packs, to use instead of the built-in":
        "使用这个规则包文件夹（或规则包所在的文件夹），代替内置规则包",
    "files larger than this are reported, not read (default 5 MiB)":
        "超过此大小（字节）的文件只报告、不读取（默认 5 MiB）",
    "read scanned PDF pages by OCR (needs the reportlint[ocr] extra and Tesseract with chi_sim); "
    "values so read are marked, and findings on them say so":
        "用 OCR 识别扫描版 PDF 页面（需安装 reportlint[ocr] 和带 chi_sim 的 Tesseract）；"
        "这样读出的数字会标明，相关问题也会注明",
    "lint in N processes (default: all cores; 1: in this process)":
        "用 N 个进程检查（默认：全部 CPU 核；1：在本进程中）",
    "neither read nor write the cache (.reportlint_cache, or $REPORTLINT_CACHE_DIR)":
        "不读也不写缓存（.reportlint_cache，或 $REPORTLINT_CACHE_DIR）",
    "last year's report of the same organ, for the cross-year rules (RL7xx); without it, "
    "reports of one organ in the run pair by metadata organ + year, else by file name "
    "NAME-YEAR.EXT (docs/history.md)":
        "同一机关的上一年度报告，用于跨年度规则（RL7xx）；不给时，按机关名称和年份配对本次检查中的"
        "报告，否则按文件名「名称-年份.扩展名」配对（docs/history.md）",
    "exclude these files and folders instead of the configs' `exclude` (gitignore-style globs, "
    "comma-separated; `!GLOB` takes one back)":
        "排除这些文件和文件夹，代替配置中的 exclude（gitignore 式通配符，逗号分隔；`!模式` 取消排除）",
    "exclude these files and folders in addition to the configs' `exclude`":
        "在配置的 exclude 之外再排除这些文件和文件夹",
    "apply include/exclude to files named on the command line too (for pre-commit)":
        "命令行直接给出的文件也按 include/exclude 筛选（供 pre-commit 使用）",
    "skip a file that is plainly not a report (RL040: a CI workflow, package.json, a README.txt) "
    "without a word, instead of reporting it (for pre-commit, which passes every file of a "
    "kind)": "明显不是报告的文件（RL040：CI 配置、package.json、README.txt）直接跳过，不报告"
             "（供 pre-commit 使用，它会传入同类型的所有文件）",
    "use this config for every file instead of searching upward": "所有文件都使用这个配置文件，不向上查找",
    "ignore all config files": "忽略所有配置文件",
    "text (default; github inside GitHub Actions), concise, json, jsonl, sarif, github, junit, "
    "gitlab or html; repeat with :FILE to write several at once":
        "输出格式：text（默认；在 GitHub Actions 中为 github）、concise、json、jsonl、sarif、github、"
        "junit、gitlab 或 html；可重复并加 :文件 同时写出多种格式",
    "also print info findings (notes on how a file was read) in the text and concise output; "
    "other formats always carry them":
        "在 text 和 concise 输出中也显示提示（文件如何读取的说明）；其他格式总是包含提示",
    "print the count of findings per rule instead of the findings": "不列出问题，只显示每条规则的问题数",
    "lowest severity that makes the exit code 1 (default: error); independent of what is shown":
        "使退出码为 1 的最低级别（默认：error）；与显示哪些问题无关",
    "report only findings not in this baseline (see `baseline`)": "只报告不在此基线中的问题（见 baseline 命令）",
    "write the output here instead of to standard output (the same as --format NAME:FILE)":
        "把输出写入此文件而不是标准输出（等同 --format 格式:文件）",
    "print the findings only: no summary line": "只显示问题，不显示汇总行",
    "exit 0 even when there are findings (errors of use still exit 2)":
        "即使发现问题也以 0 退出（用法错误仍为 2）",
    "colour the text output: auto (on a terminal, unless NO_COLOR is set; FORCE_COLOR forces "
    "it), always, never": "文本输出的颜色：auto（在终端中，除非设置了 NO_COLOR；设置 FORCE_COLOR "
                          "则总是）、always（总是）、never（从不）",
    "with the path `-` (read the report from standard input): the file name for its config, "
    "excludes, reader and messages":
        "路径为 `-`（从标准输入读取报告）时：它的文件名，用于查找配置、排除规则、选择读取方式和提示",
    "baseline file (default: the config's `baseline`, else .reportlint-baseline.json beside "
    "the config)": "基线文件（默认：配置中的 baseline，否则为配置旁的 .reportlint-baseline.json）",
    "settings that apply to FILE (default: the current folder), where each comes from, and the "
    "files that would be linted": "适用于该文件的设置（默认：当前文件夹）、每项设置的来源，以及将被检查的文件",
    "write here (atomically) instead of to stdout": "写入此文件（完整写入）而不是标准输出",
    "read against this rule pack's template": "按这个规则包的模板读取",
    "a larger source is reported, not read (default 5 MiB)": "更大的源文件只报告、不读取（默认 5 MiB）",
    "the form (default: from the extension of -o)": "生成的格式（默认：按 -o 的扩展名）",
    "lint first; write nothing when a finding is at or above --fail-on":
        "先检查；有达到 --fail-on 级别的问题时不写出",
    "with --check: lowest severity that stops the rendering (default: error)":
        "与 --check 同用：阻止生成的最低级别（默认：error）",
    "read against this rule pack, whatever the report says": "不论报告怎么写，都按这个规则包读取",
    "with --check: last year's report": "与 --check 同用：上一年度报告",
    "with --check: known findings": "与 --check 同用：已知问题的基线",
    "the organ's name (default: last year's)": "机关名称（默认：取上一年度报告的）",
    "the report year": "报告年度",
    "last year's report (any readable form)": "上一年度报告（任何可读取的形式）",
    "write here instead of to stdout": "写入此文件而不是标准输出",
    "replace an existing output file": "覆盖已有的输出文件",
    "this rule pack (default: by the year)": "使用这个规则包（默认：按年度选择）",
    "markdown: the rule reference (docs/rules.md)": "markdown：规则参考文档（docs/rules.md）",
    "address to listen on (default 127.0.0.1: this machine only)": "监听地址（默认 127.0.0.1：仅本机）",
    "require this token (Authorization: Bearer, or the login form) for everything but /healthz; "
    "or set REPORTLINT_SERVE_TOKEN": "除 /healthz 外，所有请求都需要此令牌（Authorization: Bearer，"
                                     "或登录表单）；也可设置 REPORTLINT_SERVE_TOKEN",
    "processes that check files (default: cores, at most 4)": "检查文件的进程数（默认：CPU 核数，最多 4）",
    "uploads that may wait for a worker; more get 429 (default 16)":
        "可排队等待的上传数；超出时回答 429（默认 16）",
    "checking time per file; past it the file gets RL098 (default 30)":
        "每个文件的检查时限（秒）；超时的文件得到 RL098（默认 30）",
    "bytes per request; more is refused with 413 (default 20M)": "每个请求的字节数上限；超出时回答 413（默认 20M）",
    "files per upload, zip members included (default 100)": "每次上传的文件数上限，含 zip 内文件（默认 100）",
    "bytes unpacked from the zips of one upload (default 100M)": "一次上传中 zip 解压后的总字节数上限（默认 100M）",
    "a larger file is reported (RL010), not read (default 5M)": "更大的文件只报告（RL010）、不读取（默认 5M）",
    "address space per worker process (default 2G)": "每个工作进程的地址空间上限（默认 2G）",
    "one line per request, as text or JSON": "每个请求一行日志，文本或 JSON 格式",
    "where uploads are unpacked while checked (default: the system's)":
        "检查时上传文件的解压位置（默认：系统临时文件夹）",
    "settings (select, ignore, severity, options) for every upload; uploads bring no config of "
    "their own": "适用于所有上传的设置（select、ignore、severity、options）；上传的文件不带自己的配置",
    # options that had no help of their own
    "report files or folders (default: the current folder; `-`: standard input)":
        "报告文件或文件夹（默认：当前文件夹；`-`：标准输入）",
    "the report (any readable form)": "报告（任何可读取的形式）",
    "the rule's code, such as RL301": "规则代码，如 RL301",
    "the rule pack folder": "规则包文件夹",
    "port to listen on (default 8000)": "监听端口（默认 8000）",
}


def help_language(argv: list[str]) -> str:
    """The language of --help: English with `--lang en` (or `--lang=en`), else Chinese."""
    for index, arg in enumerate(argv):
        if arg == "--lang=en" or (arg == "--lang" and argv[index + 1:index + 2] == ["en"]):
            return "en"
    return "zh"


def describe(parser: argparse.ArgumentParser) -> None:
    """Each subcommand's --help opens with what the command does (its line in the list)."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for choice in action._choices_actions:
                sub = action.choices[choice.dest]
                sub.description = sub.description or choice.help


def translate(parser: argparse.ArgumentParser) -> None:
    """Every help text of `parser` and its subcommands in Chinese, where it has a translation."""
    if parser.description:
        parser.description = HELP_ZH.get(parser.description, parser.description)
    parser.formatter_class = _ChineseHeadings
    for action in parser._actions:
        if action.help:
            action.help = HEADINGS_ZH.get(action.help, HELP_ZH.get(action.help, action.help))
        if isinstance(action, argparse._SubParsersAction):
            for choice in action._choices_actions:
                choice.help = HELP_ZH.get(choice.help or "", choice.help)
            for sub in action.choices.values():
                translate(sub)


def terminal_columns() -> int:
    """`shutil.get_terminal_size().columns`: $COLUMNS, else the width of the terminal on
    standard output, else 80."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns or 80


class Formatter(argparse.HelpFormatter):
    """argparse's formatter, told the width that it would ask shutil for. argparse makes one
    for every option it adds, and importing shutil for it costs ~2 ms of every run's start-up."""

    def __init__(self, prog: str, indent_increment: int = 2, max_help_position: int = 24,
                 width: int | None = None) -> None:
        super().__init__(prog, indent_increment, max_help_position,
                         terminal_columns() - 2 if width is None else width)


class Parser(argparse.ArgumentParser):
    """An ArgumentParser whose subcommands' parsers are too, each with `Formatter`."""

    def __init__(self, *args: Any, formatter_class: Any = Formatter, **kwargs: Any) -> None:
        super().__init__(*args, formatter_class=formatter_class, **kwargs)


class _ChineseHeadings(Formatter):
    """argparse's own words (usage, options) in Chinese."""

    def add_usage(self, usage, actions, groups, prefix=None):  # type: ignore[no-untyped-def]
        super().add_usage(usage, actions, groups, HEADINGS_ZH["usage: "] if prefix is None else prefix)

    def start_section(self, heading):  # type: ignore[no-untyped-def]
        super().start_section(HEADINGS_ZH.get(heading, heading))
