"""Plain Chinese (and English) for what libraries and the system say in English.

A finding's message is the rule's template in the chosen language; its `{problem}` often comes
from PyYAML/libyaml, the operating system or a file format. These are given here as a `Label`
(both languages), each saying what is wrong and, where one can be given, the form expected. A
text this module does not know keeps the original words after a Chinese lead, so nothing is lost.
"""

from __future__ import annotations

import errno
import re

from reportlint.labels import Label

# --- YAML and JSON syntax (libyaml's and PyYAML's messages) ---------------------------------

_QUOTE_HINT = "一个值中含有「: 」「#」或以特殊字符开头时，请给整个值加引号"

# (pattern on the parser's problem, Chinese, English): first match wins.
_YAML_PROBLEMS: tuple[tuple[str, str, str], ...] = (
    (r"expected ',' or '\]'",
     "方括号列表 [ … ] 没有正确结束：各值之间应以英文逗号「,」分隔，最后以「]」结束",
     "a [ … ] list is not closed properly: separate its values with ',' and end it with ']'"),
    (r"expected ',' or '\}'",
     "花括号映射 { … } 没有正确结束：各项之间应以英文逗号「,」分隔，最后以「}」结束",
     "a { … } mapping is not closed properly: separate its entries with ',' and end it with '}'"),
    (r"did not find expected key|expected <block end>",
     "此处应为「键: 值」，并与同一层的键对齐：检查缩进，或是否在映射中混入了以「- 」开头的列表项",
     "a 'key: value' aligned with the keys of its level was expected here: check the indentation"),
    (r"expected '-' indicator",
     "此处应为以「- 」开头的列表项，并与上一项对齐",
     "a list item starting with '- ', aligned with the item above, was expected here"),
    (r"did not find expected node content|expected the node content",
     "此处缺少值：文件在「:」「,」或「[」之后提前结束，或多了一个逗号",
     "a value is missing here: the file ends after ':', ',' or '[', or there is a comma too many"),
    (r"mapping values are not allowed",
     "此处不能再出现「: 」：" + _QUOTE_HINT + "，如 title: \"一、总体情况: 概述\"",
     "a ': ' is not allowed here: quote a value that contains ': ', e.g. title: \"a: b\""),
    (r"block sequence entries are not allowed",
     "此处不能出现以「- 」开头的列表项：检查缩进",
     "a list item '- ' is not allowed here: check the indentation"),
    (r"could not find expected ':'",
     "缺少「:」：每个键后应有英文冒号和一个空格，如 year: 2024",
     "a ':' is missing: every key is followed by ': ', e.g. year: 2024"),
    (r"tab character",
     "制表符（Tab）不能用于缩进，请改用空格",
     "a tab cannot indent YAML; use spaces"),
    (r"unknown escape character",
     "双引号中的「\\」后跟了无法识别的字符：要写反斜杠本身请写「\\\\」，或改用单引号",
     "an unknown escape after '\\' in double quotes: write '\\\\' for a backslash, or use single quotes"),
    (r"control characters are not allowed|unacceptable character",
     "文件中含有不可见的控制字符，请删除",
     "the file holds an invisible control character; delete it"),
    (r"unexpected document (separator|indicator)",
     "此处出现了文档分隔符「---」或「...」：一个文件只能放一份报告",
     "a document marker '---' or '...' appears here: one file holds one report"),
    (r"(UTF-8|utf-8) octet|invalid Unicode",
     "文件中有无效的 UTF-8 字节",
     "the file holds invalid UTF-8 bytes"),
)

_YAML_CONTEXTS = {
    "while scanning a quoted scalar": ("引号没有闭合：值以引号开头，但直到文件末尾都没有对应的结束引号",
                                       "a quote is not closed: the value starts with a quote "
                                       "that is never closed"),
    "while scanning a double-quoted scalar": ("双引号没有闭合", "a double quote is not closed"),
}


def yaml_problem(problem: str, context: str | None = None, char: str | None = None) -> Label:
    """A YAML/JSON syntax error in plain words; `char` is the character at the error."""
    english = f"{problem} ({context})" if context else problem
    if "end of stream" in problem:
        zh, en = _YAML_CONTEXTS.get(context or "", ("文件提前结束：有未闭合的引号或括号",
                                                     "the file ends early: a quote or bracket is not closed"))
        return Label(zh, en)
    if "cannot start any token" in problem:
        return _bad_start(char, english)
    for pattern, zh, en in _YAML_PROBLEMS:
        if re.search(pattern, problem):
            return Label(zh, en)
    return Label(f"此处的 YAML/JSON 格式不正确（解析器原文：{english}）", english)


def _bad_start(char: str | None, english: str) -> Label:
    if char == "\t":
        return Label("制表符（Tab）不能用于缩进，请改用空格", "a tab cannot indent YAML; use spaces")
    if char:
        return Label(f"「{char}」不能作为值的开头：" + _QUOTE_HINT + f"，如 \"{char}…\"",
                     f"'{char}' cannot start a value; quote the value, e.g. \"{char}…\"")
    return Label("此处有不能作为值开头的字符：" + _QUOTE_HINT, english)


MORE_THAN_ONE_DOCUMENT = Label("文件中有多个 YAML 文档（以「---」分隔）：一个文件只能放一份报告",
                               "more than one YAML document: one file holds one report")
ALIASES = Label("不允许使用 YAML 别名（*名称）：请把值完整写出",
                "YAML aliases (*name) are not allowed; write the values out")
KEY_NOT_PLAIN = Label("键必须是普通文字，不能是列表或映射", "a mapping key must be a plain value")


def tag_not_allowed(tag: str) -> Label:
    return Label(f"不允许使用 YAML 标签 {tag}：报告数据只含普通的值",
                 f"YAML tag {tag} is not allowed; report data holds plain values only")


def too_deep(levels: int) -> Label:
    return Label(f"嵌套超过 {levels} 层", f"nesting deeper than {levels} levels")


def anchor_twice(first_line: int | None) -> Label:
    where_zh = f"（第一次在第 {first_line} 行）" if first_line else ""
    where_en = f" (first on line {first_line})" if first_line else ""
    return Label(f"同一个 YAML 锚点（&名称）定义了两次{where_zh}：报告数据不需要锚点，请删除",
                 f"the same YAML anchor (&name) is defined twice{where_en}; report data needs no anchors")


# --- the operating system ------------------------------------------------------------------

_ERRNO = {
    errno.ENOENT: ("文件不存在：检查路径和文件名", "no such file"),
    errno.EACCES: ("没有读取该文件的权限", "permission denied"),
    errno.EPERM: ("没有读取该文件的权限", "operation not permitted"),
    errno.EISDIR: ("这是一个文件夹，不是文件", "is a folder, not a file"),
    errno.ENOTDIR: ("路径中的某一级不是文件夹", "a part of the path is not a folder"),
    errno.ENAMETOOLONG: ("文件名或路径过长", "file name too long"),
    errno.ELOOP: ("符号链接形成了循环", "too many levels of symbolic links"),
    errno.EIO: ("读取时出现输入/输出错误（磁盘或网络盘故障）", "input/output error"),
    errno.EMFILE: ("同时打开的文件过多", "too many open files"),
    errno.ENXIO: ("设备不存在", "no such device"),
}

NOT_REGULAR = Label("不是普通文件（是设备、管道、套接字或文件夹）",
                    "not a regular file (a device, FIFO, socket or folder)")


def folder_unlisted(error: OSError) -> Label:
    """A folder of the walk that cannot be listed: its files were not checked."""
    reason = os_problem(error)
    return Label(f"无法列出文件夹中的文件（{reason.zh}），其中的报告均未检查",
                 f"a folder that cannot be listed ({reason.en}); none of its files was checked")


def os_problem(error: OSError) -> Label:
    english = error.strerror or str(error)
    if error.errno in _ERRNO:
        zh, en = _ERRNO[error.errno]
        return Label(zh, english or en)
    number = f"（错误号 {error.errno}）" if error.errno else ""
    return Label(f"操作系统无法读取该文件{number}：{english}", english)


# --- encodings and file forms --------------------------------------------------------------

BINARY = Label("二进制文件（含 NUL 字节），不是文本报告", "binary file (NUL bytes), not a text report")
UNKNOWN_ENCODING = Label("既不是 UTF-8 也不是 GB18030 编码的文本：请另存为 UTF-8",
                         "not UTF-8 and not GB18030 text")


def invalid_encoding(encoding: str, reason: str, at: int) -> Label:
    return Label(f"不是有效的 {encoding.upper()} 文本：第 {at} 字节处无法解码",
                 f"invalid {encoding}: {reason} at byte {at}")


def no_reader(suffix: str) -> Label:
    return Label(f"没有读取「{suffix}」文件的读取器", f"no reader for {suffix!r} files")


def unreadable_html(detail: str) -> Label:
    return Label(f"HTML 无法解析（{detail}）", f"HTML that cannot be parsed ({detail})")


DOC_NOT_DOCX = Label("这是旧版二进制 Word（.doc）文件，不是 DOCX：请另存为 .docx",
                     "this is an old binary Word (.doc) file, not DOCX; save it as .docx")
NOT_A_ZIP = Label("不是 DOCX 文件（不是 zip 压缩包）", "not a DOCX file (not a zip archive)")
NO_DOCUMENT_XML = Label("压缩包中没有 word/document.xml，不是 Word 文档",
                        "a zip archive without word/document.xml, not a Word document")


def docx_too_big(unpacked: int, limit: int) -> Label:
    return Label(f"解压后有 {unpacked} 字节（上限 {limit}）",
                 f"the package unpacks to {unpacked} bytes (limit {limit})")


# What RL034 counts, in each form (its message: "the file holds more than {limit} {what}").
LINES = Label("文字行", "lines")
HTML_TAGS = Label("HTML 标签", "HTML tags")
CELL_MARKS = Label("单元格分隔符“|”", "cell marks (|)")
WORDS = Label("词", "words")
NUMBERS = Label("数字", "numbers")
DATA_VALUES = Label("数据项", "values")


def docx_too_many_elements(limit: int) -> Label:
    return Label(f"正文的 XML 元素超过 {limit} 个，远超一份年度报告",
                 f"its text holds more than {limit} XML elements, far more than an annual "
                 "report")


def docx_unopenable(detail: str) -> Label:
    return Label(f"Word 文档包无法打开（{detail}）", f"the Word package cannot be opened ({detail})")


UNREADABLE = Label("无法读取", "unreadable")
