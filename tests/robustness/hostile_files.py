"""A directory of hostile and broken inputs, generated at test time (docs/hostile-input.md).

`make(folder)` writes every file and returns {file name: the codes that file must give}. The
codes are the "clear finding" of docs/hostile-input.md; an empty set means a readable report
that must give no finding at all. Reports are mutations of the bundled example; the truncated
web text is cut from a corpus report read at test time (never copied into the repository).
"""

from __future__ import annotations

import codecs
import io
import json
import os
import zipfile
from pathlib import Path

import yaml

from tests.helpers import CORPUS, EXAMPLE

# A limit small enough for the tests to pass as `--max-bytes` without writing megabytes.
MAX_BYTES = 200_000

PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00"
       b"\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N"
       b"\x00\x00\x00\x00IEND\xaeB`\x82")


def _example() -> str:
    return EXAMPLE.read_text(encoding="utf-8")


def _replace(old: str, new: str) -> str:
    text = _example()
    assert old in text, old
    return text.replace(old, new, 1)


def _docx(body: str) -> bytes:
    """A minimal Word package: content types, the main part and its relationship."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("[Content_Types].xml", (
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
            'package/2006/content-types"><Default Extension="rels" ContentType="application/'
            'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType='
            '"application/xml"/><Override PartName="/word/document.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'))
        package.writestr("_rels/.rels", (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
            'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://'
            'schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
            'Target="word/document.xml"/></Relationships>'))
        package.writestr("word/document.xml", (
            '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.'
            'openxmlformats.org/wordprocessingml/2006/main"><w:body>' + body
            + '</w:body></w:document>'))
    return buffer.getvalue()


def _paragraph(text: str) -> str:
    return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"


def _prose_without_tables() -> list[str]:
    """The example's title, intro and six sections as paragraphs: a report whose tables were
    published as pictures."""
    data = yaml.safe_load(_example())
    paragraphs = [data["meta"]["title"], data["intro"].strip()]
    for section in data["sections"]:
        paragraphs.append(section["title"])
        paragraphs.extend((section["text"] or "").strip().splitlines())
    paragraphs.append("联系电话：0000-1234567")
    return [p for p in paragraphs if p]


def _web_text_cut_in_table_three() -> str:
    """The corpus township page, cut after the first item row of table 三."""
    text = (CORPUS / "guanzhuang-2024.txt").read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line.startswith("(一)予以公开"))
    return "".join(lines[:start + 4])


def files() -> dict[str, tuple[bytes, set[str]]]:
    example = _example()
    yaml_cut = example[:example.index("    withheld_secret:")] + "    withheld_safety: [0, 0,"
    pack_like = ("id: my-pack\nname: {zh: 我的规则包, en: my pack}\nextends: [core]\n"
                 "template: template.yaml\n")
    deep_yaml = "meta:\n" + "".join(" " * (i + 1) + f"k{i}:\n" for i in range(300)) + " " * 301 + "x: 1\n"
    bomb = "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},"
        f"*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)}]\n"
        for i in range(8))
    as_json = json.dumps(yaml.safe_load(example), ensure_ascii=False, default=str)
    penalty = '"penalty": [75]'
    assert penalty in as_json
    return {
        # syntax and structure
        "invalid.yaml": (b"meta:\n  title: [unclosed\n  year: 2024\n", {"RL002"}),
        "invalid.json": (b'{"format": 1, "meta": {"year": 2024,\n', {"RL002"}),
        "duplicate-key.yaml": (_replace("    penalty: [75]", "    penalty: [75]\n    penalty: [76]")
                               .encode(), {"RL003"}),
        "duplicate-key.json": (as_json.replace('"format": 1,', '"format": 1, "format": 1,', 1)
                               .encode(), {"RL003"}),
        "wrong-type.yaml": (_replace("  year: 2024", "  year: [2024]").encode(), {"RL004"}),
        "wrong-type.json": (("[" + as_json + "]").encode(), {"RL004"}),
        "alias-bomb.yaml": (bomb.encode(), {"RL005"}),
        "python-object.yaml": (b"meta: !!python/object/apply:os.system ['touch pwned']\n",
                               {"RL005"}),
        "deep.yaml": (deep_yaml.encode(), {"RL005"}),
        "deep-flow.yaml": (b"[" * 100_000 + b"]" * 100_000, {"RL005"}),
        "deep.json": (b"[" * 100_000 + b"]" * 100_000, {"RL005"}),
        "rule-pack.yaml": (pack_like.encode(), {"RL040"}),
        # not reports at all
        "too-large.yaml": (b"", {"RL010"}),  # made sparse and over MAX_BYTES below
        "binary.json": (bytes(range(256)) * 4, {"RL001"}),
        "image.yaml": (PNG, {"RL001"}),
        "说明.txt": (("这是一个说明文件。本目录存放各乡镇的年度报告草稿，请勿直接发布。\n"
                       "如有疑问请联系办公室。\n").encode(), {"RL040"}),
        "empty.json": (b"", {"RL004"}),
        "empty.yaml": (b"", {"RL004"}),
        "comments-only.yaml": (b"# nothing here yet\n\n", {"RL004"}),
        "not-utf.txt": (b"\xc3\x28\xa0\xa1 not text \x81\x30", {"RL001"}),
        # encodings: the example itself, so the encoding note is the only finding
        "gbk.yaml": (example.encode("gbk"), {"RL008"}),
        "gb18030.yaml": (example.replace("石桥镇人民政府", "石桥镇人民政府\U00020000", 1)
                         .encode("gb18030"), {"RL008"}),
        "utf16-le.yaml": (codecs.BOM_UTF16_LE + example.encode("utf-16-le"), {"RL008"}),
        "utf16-be.yaml": (codecs.BOM_UTF16_BE + example.encode("utf-16-be"), {"RL008"}),
        "utf32-le.yaml": (codecs.BOM_UTF32_LE + example.encode("utf-32-le"), {"RL008"}),
        "utf8-bom.yaml": (codecs.BOM_UTF8 + example.encode(), set()),
        "crlf.yaml": (example.replace("\n", "\r\n").encode(), set()),
        # tables cut short
        "truncated.yaml": (yaml_cut.encode(), {"RL002"}),
        "truncated.txt": (_web_text_cut_in_table_three().encode(), {"RL012"}),
        # numbers written oddly
        "thousands.yaml": (_replace("penalty: [75]", 'penalty: ["1,075"]').encode(), set()),
        "full-width.yaml": (_replace("penalty: [75]", 'penalty: ["７５"]').encode(), set()),
        # digits of another script are no number of a Chinese report: text, said so (issue 12)
        "arabic-indic.yaml": (_replace("penalty: [75]", 'penalty: ["٧٥"]').encode(), {"RL310"}),
        "math-bold.yaml": (_replace("penalty: [75]", 'penalty: ["𝟕𝟓"]').encode(), {"RL310"}),
        "negative.yaml": (_replace("penalty: [75]", "penalty: [-75]").encode(), {"RL312"}),
        "absurd.yaml": (_replace("penalty: [75]", "penalty: [750000000000]").encode(), {"RL319"}),
        # an unquoted integer past int()'s 4300 digits: text, not an internal error (issue 12)
        "huge-int.yaml": (_replace("penalty: [75]", f"penalty: [{'7' * 5000}]").encode(), {"RL310"}),
        "huge-int.json": (as_json.replace(penalty, f'"penalty": [{"7" * 5000}]').encode(), {"RL310"}),
        # a year or a date no calendar holds: a finding about that value (issue 12)
        "year-typo.yaml": (_replace("  year: 2024", "  year: 20244").encode(), {"RL004"}),
        "impossible-date.yaml": (_replace("  published: 2025-01-20", "  published: 2025-02-30")
                                 .encode(), {"RL004"}),
        "nan.yaml": (_replace("penalty: [75]", "penalty: [.nan]").encode(), {"RL314"}),
        "infinity.yaml": (_replace("penalty: [75]", "penalty: [.inf]").encode(), {"RL314"}),
        "nan.json": (as_json.replace(penalty, '"penalty": [NaN]').encode(), {"RL314"}),
        "infinity.json": (as_json.replace(penalty, '"penalty": [-Infinity]').encode(), {"RL314"}),
        # published forms
        "script.html": (("<html><head><script>while(1){}</script><link rel=stylesheet "
                         "href='http://example.invalid/x.css'></head><body><p>说明<b><i>未闭合"
                         "<table><tr><td>1<td>2</table></div></span>").encode(), {"RL040"}),
        "renamed-zip.docx": (_zip_without_word(), {"RL030"}),
        "no-tables.docx": (_docx("".join(_paragraph(p) for p in _prose_without_tables())),
                           {"RL032", "RL106"}),
    }


def _zip_without_word() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("photos/readme.txt", "holiday photos")
    return buffer.getvalue()


def make(folder: Path) -> dict[str, set[str]]:
    """Write the files into `folder`; {name: expected codes}. Adds what the platform allows: a
    symbolic link loop, a FIFO, a link to /dev/zero, a file name that is not UTF-8."""
    expected = {}
    for name, (data, codes) in files().items():
        (folder / name).write_bytes(data)
        expected[name] = codes
    with open(folder / "too-large.yaml", "wb") as handle:  # sparse: nothing to read anyway
        handle.truncate(MAX_BYTES + 1)
    # a name that is not UTF-8 (bytes a file system allows): a report with one defect
    odd = os.fsdecode(b"odd-\xff-name.yaml")
    try:
        (folder / odd).write_bytes(files()["negative.yaml"][0])
    except (OSError, UnicodeEncodeError):
        pass
    else:
        expected[odd] = {"RL312"}
    if hasattr(os, "mkfifo"):  # opening a FIFO waits for a writer that never comes
        os.mkfifo(folder / "fifo.yaml")
        expected["fifo.yaml"] = {"RL001"}
    if os.path.exists("/dev/zero"):  # reading it never ends
        os.symlink("/dev/zero", folder / "zero.yaml")
        expected["zero.yaml"] = {"RL001"}
    try:
        os.symlink("loop-b.yaml", folder / "loop-a.yaml")
        os.symlink("loop-a.yaml", folder / "loop-b.yaml")
    except (OSError, NotImplementedError):
        pass
    else:
        expected["loop-a.yaml"] = expected["loop-b.yaml"] = {"RL001"}
    return expected


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file's bytes and mtime (links as links: a loop has no content; a FIFO as its
    mode: reading it would wait for ever)."""
    out = {}
    for path in sorted(folder.rglob("*")):
        if path.is_symlink():
            out[str(path)] = (os.readlink(path).encode(), os.lstat(path).st_mtime_ns)
        elif path.is_fifo():
            out[str(path)] = (b"fifo", os.lstat(path).st_mtime_ns)
        elif path.is_file():
            out[str(path)] = (path.read_bytes(), path.stat().st_mtime_ns)
    return out
