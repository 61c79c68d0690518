"""The pages of `reportlint serve`: the upload form, the login form, errors, and the frame
put around the page `check --format html` makes (navigation, the imported YAML to download,
each rule's doc). Chinese by default, English with `lang=en`.

Everything a user or a report supplies is escaped. Pages load their style and script from
/static (the Content-Security-Policy forbids any other inline code), and the forms work
without JavaScript.
"""

from __future__ import annotations

import base64
from html import escape

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any
    from reportlint.serve.checking import Checked
    from reportlint.serve.uploads import Limits

WORDS = {
    "zh": {
        "title": "政府信息公开工作年度报告检查",
        "lead": "上传报告（Word、网页、文本或结构化数据），即可看到每张表格中有问题的单元格、"
                "正文中与表格不符的句子，以及修改方法。",
        "pick": "选择报告文件（可多选，或上传一个 .zip 压缩包）",
        "drop": "也可以把文件拖到这里，或在页面上粘贴文件。",
        "chosen": "已选择：",
        "paste": "或者粘贴报告全文（网页或 PDF 中复制的文字）",
        "check": "检查",
        "checking": "正在检查……",
        "privacy_title": "文件不会被保存",
        "privacy": "上传的文件只在检查期间存放在服务器的临时文件夹中，结果页面发出后立即删除"
                   "（出错或中途断开时也一样）；服务器不保存、也不在日志中记录报告的任何内容。"
                   "因此结果页面无法再次打开：需要时请保存页面或下载导入的 YAML。",
        "limits": "限制：每次上传不超过 {upload}，最多 {files} 个文件；单个文件不超过 {file}；"
                  "压缩包解压后不超过 {unpacked}；每个文件的检查时间不超过 {timeout} 秒。",
        "api": "程序接口",
        "rules": "规则列表",
        "other_lang": "English",
        "again": "← 检查其他文件",
        "download": "下载导入的 YAML",
        "downloads": "导入的 YAML（从 Word、网页或文本读出的结构化数据）",
        "fix_title": "修改方法",
        "what": "作用", "why": "理由", "fix": "修改方法",
        "login_title": "请登录",
        "login_lead": "此服务需要访问口令，请向管理员索取。",
        "token": "访问口令",
        "login": "登录",
        "logout": "退出",
        "wrong_token": "口令不正确。",
        "error": "无法检查",
        "too_large": "上传内容超过限制：{detail}。",
        "busy": "服务器正忙，请在 {seconds} 秒后重试。",
        "bad": "无法读取上传的内容：{detail}。",
        "nothing": "没有收到文件或文字：请选择文件或粘贴报告全文。",
        "not_found": "没有这个页面。",
    },
    "en": {
        "title": "Annual government information disclosure report check",
        "lead": "Upload a report (Word, web page, text or structured data) to see the wrong cells "
                "of each table, the sentences that contradict the tables, and how to fix them.",
        "pick": "Choose report files (several at once, or one .zip)",
        "drop": "You can also drop files here, or paste files on the page.",
        "chosen": "Chosen: ",
        "paste": "Or paste the whole report (text copied from a web page or a PDF)",
        "check": "Check",
        "checking": "Checking…",
        "privacy_title": "Files are not kept",
        "privacy": "Uploaded files stay in a temporary folder on the server only while they are "
                   "checked and are deleted as soon as the result page is sent (also on an error "
                   "or a broken connection); nothing of a report is stored or logged. The result "
                   "page cannot be opened again: save it, or download the imported YAML.",
        "limits": "Limits: at most {upload} and {files} files per upload; {file} per file; "
                  "{unpacked} unpacked from zips; {timeout} s of checking per file.",
        "api": "API",
        "rules": "rules",
        "other_lang": "中文",
        "again": "← Check other files",
        "download": "Download the imported YAML",
        "downloads": "Imported YAML (the structured data read from Word, web pages or text)",
        "fix_title": "How to fix",
        "what": "What", "why": "Why", "fix": "How to fix",
        "login_title": "Sign in",
        "login_lead": "This service needs an access token; ask its administrator.",
        "token": "Access token",
        "login": "Sign in",
        "logout": "Sign out",
        "wrong_token": "Wrong token.",
        "error": "Cannot check",
        "too_large": "The upload is over a limit: {detail}.",
        "busy": "The server is busy; try again in {seconds} s.",
        "bad": "The upload cannot be read: {detail}.",
        "nothing": "No file or text received: choose a file or paste the report.",
        "not_found": "No such page.",
    },
}


BODY = '<body class="serve">'


def words(lang: str) -> dict[str, str]:
    return WORDS.get(lang, WORDS["zh"])


def _other(lang: str) -> str:
    return "en" if lang == "zh" else "zh"


def _size(number: int) -> str:
    return f"{number / 1024 / 1024:g} MiB" if number >= 1024 * 1024 else f"{number} B"


def _head(lang: str, title: str) -> str:
    return (f'<!doctype html><html lang="{"zh-CN" if lang == "zh" else "en"}"><head>'
            '<meta charset="utf-8"><meta name="viewport" content="width=device-width, '
            f'initial-scale=1"><title>{escape(title)}</title>'
            '<link rel="stylesheet" href="/static/serve.css"><link rel="icon" href="/static/icon.svg">'
            '<script src="/static/serve.js" defer></script></head>')


def _header(lang: str, signed_in: bool, back: bool = False) -> str:
    w = words(lang)
    links = []
    if back:
        links.append(f'<a href="/?lang={lang}" id="again">{w["again"]}</a>')
    links.append(f'<a href="/?lang={_other(lang)}" id="other-lang">{w["other_lang"]}</a>')
    if signed_in:
        links.append(f'<form method="post" action="/logout" class="inline">'
                     f'<button type="submit">{w["logout"]}</button></form>')
    return (f'<header class="serve"><span class="brand">reportlint</span>'
            f'<nav>{" ".join(links)}</nav></header>')


def upload_page(lang: str, limits: Limits, timeout: float, signed_in: bool,
                suffixes: list[str]) -> str:
    w = words(lang)
    limit_text = w["limits"].format(upload=_size(limits.upload), files=limits.files,
                                    file=_size(limits.file_bytes), unpacked=_size(limits.unpacked),
                                    timeout=f"{timeout:g}")
    accept = ",".join([*suffixes, ".zip"])
    return (f"{_head(lang, w['title'])}{BODY}{_header(lang, signed_in)}<main>"
            f"<h1>{w['title']}</h1><p>{w['lead']}</p>"
            f'<form id="upload" method="post" action="/check?lang={lang}" '
            'enctype="multipart/form-data">'
            f'<div id="drop" class="drop"><label for="file">{w["pick"]}</label> '
            f'<input type="file" id="file" name="file" multiple accept="{escape(accept)}">'
            f'<p class="js-only hint">{w["drop"]}</p>'
            f'<p id="chosen" class="hint" data-label="{escape(w["chosen"])}"></p></div>'
            f'<label for="text">{w["paste"]}</label>'
            '<textarea id="text" name="text" rows="8" spellcheck="false"></textarea>'
            f'<p><button type="submit" id="submit" data-busy="{escape(w["checking"])}">'
            f'{w["check"]}</button></p></form>'
            f'<section class="privacy"><h2>{w["privacy_title"]}</h2><p>{w["privacy"]}</p>'
            f'<p class="hint">{escape(limit_text)}</p></section>'
            f'<p class="hint">{w["api"]}: <a href="/openapi.json">OpenAPI</a> · '
            f'<a href="/api/rules?lang={lang}">{w["rules"]}</a> · POST /api/check</p>'
            "</main></body></html>")


def login_page(lang: str, wrong: bool = False, next_path: str = "/") -> str:
    w = words(lang)
    error = f'<p class="error" role="alert">{w["wrong_token"]}</p>' if wrong else ""
    return (f"{_head(lang, w['login_title'])}{BODY}{_header(lang, False)}<main>"
            f"<h1>{w['login_title']}</h1><p>{w['login_lead']}</p>{error}"
            '<form method="post" action="/login">'
            f'<label for="token">{w["token"]}</label> '
            '<input type="password" id="token" name="token" autocomplete="current-password" '
            'required autofocus>'
            f'<input type="hidden" name="lang" value="{lang}">'
            f'<input type="hidden" name="next" value="{escape(next_path)}">'
            f'<button type="submit">{w["login"]}</button></form></main></body></html>')


def error_page(lang: str, message: str, signed_in: bool) -> str:
    w = words(lang)
    return (f"{_head(lang, w['error'])}{BODY}{_header(lang, signed_in, back=True)}<main>"
            f'<h1>{w["error"]}</h1><p class="error" role="alert">{escape(message)}</p>'
            "</main></body></html>")


def result_page(page: str, lang: str, results: list[Checked], rules: dict[str, Any],
                signed_in: bool) -> str:
    """The html format's page (which ends with the doc of every rule it names) with the
    server's frame: its header (back, language, the imported YAML)."""
    head = ('<meta name="viewport" content="width=device-width, initial-scale=1">'
            '<link rel="stylesheet" href="/static/serve.css"><link rel="icon" href="/static/icon.svg">'
            '<script src="/static/serve.js" defer></script></head>')
    top = _header(lang, signed_in, back=True) + _downloads(lang, results)
    return page.replace("</head>", head, 1).replace("<body>", "<body>" + top, 1)


def _downloads(lang: str, results: list[Checked]) -> str:
    w = words(lang)
    links = []
    for checked in results:
        if checked.imported is None:
            continue
        stem = checked.name.rsplit(".", 1)[0].rsplit("/", 1)[-1]
        data = base64.b64encode(checked.imported.encode("utf-8")).decode("ascii")
        label = w["download"] if len(results) == 1 else escape(checked.name)
        links.append(f'<a class="download" download="{escape(stem)}.yaml" '
                     f'href="data:application/x-yaml;charset=utf-8;base64,{data}">{label}</a>')
    if not links:
        return ""
    if len(results) == 1:
        return f'<p class="downloads">{links[0]}</p>'
    items = "".join(f"<li>{link}</li>" for link in links)
    return f'<details class="downloads"><summary>{w["downloads"]}</summary><ul>{items}</ul></details>'
