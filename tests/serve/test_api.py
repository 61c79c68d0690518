"""The JSON API and the pages of `reportlint serve`, through Starlette's test client: the API
answers as `check --format json` does, limits give 413/400, nothing is left behind."""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path

import pytest

from reportlint.serve.app import Config, create_app
from reportlint.serve.uploads import Limits
from tests.helpers import CORPUS, EXAMPLE, FIXTURES, run_cli

from .serving import BROKEN_CELLS, broken_report, leftovers

PREVIOUS = FIXTURES / "shiqiao-2023.yaml"


def cli_json(capsys, tmp_path: Path, files: dict[str, bytes], *args: str) -> dict:
    """What `reportlint check NAMES --format json` prints for these files."""
    import os

    folder = tmp_path / "cli"
    folder.mkdir(exist_ok=True)
    for name, data in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
    here = os.getcwd()
    os.chdir(folder)
    try:
        _, out, _ = run_cli(capsys, "check", *files, "--format", "json", "--isolated",
                            "--no-cache", *args)
    finally:
        os.chdir(here)
    return json.loads(out)


def upload(client, files: dict[str, bytes], path: str = "/api/check", **params: str):
    return client.post(path, params=params,
                       files=[("file", (name, data)) for name, data in files.items()])


def test_the_api_answers_as_check_format_json_does(client, capsys, tmp_path: Path):
    files = {"broken.yaml": broken_report().encode(), "shiqiao-2024.yaml": EXAMPLE.read_bytes()}
    answer = upload(client, files)
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("application/json")
    document = answer.json()
    assert document == cli_json(capsys, tmp_path, files)
    codes = {f["code"] for f in document["findings"]}
    assert {"RL301", "RL303", "RL311", "RL403"} <= codes
    assert {f["path"] for f in document["findings"]} == {"broken.yaml"}


def test_last_years_report_in_the_same_upload_is_paired_as_check_pairs_it(client, capsys,
                                                                           tmp_path: Path):
    # last year carried 1 request forward; this year's carry-over says 0 (RL701)
    last = PREVIOUS.read_text(encoding="utf-8").replace(
        "carried_forward:              [0, 0, 0, 0, 0, 0, 0]",
        "carried_forward:              [1, 0, 0, 0, 0, 0, 1]", 1)
    files = {"shiqiao-2023.yaml": last.encode(), "shiqiao-2024.yaml": EXAMPLE.read_bytes()}
    document = upload(client, files).json()
    assert document == cli_json(capsys, tmp_path, files)
    assert {(f["path"], f["code"]) for f in document["findings"]} >= {
        ("shiqiao-2024.yaml", "RL701"), ("shiqiao-2023.yaml", "RL301")}
    alone = upload(client, {"shiqiao-2024.yaml": EXAMPLE.read_bytes()}).json()
    assert alone["findings"] == []


def test_report_data_as_a_json_body(client, capsys, tmp_path: Path):
    import yaml

    data = yaml.safe_load(broken_report())
    body = json.dumps(data, ensure_ascii=False, default=str).encode()
    answer = client.post("/api/check?lang=en", content=body,
                         headers={"content-type": "application/json"})
    assert answer.status_code == 200
    assert answer.json() == cli_json(capsys, tmp_path, {"report.json": body}, "--lang", "en")
    assert all(not re.search(r"[\u4e00-\u9fff]{6}", f["message"]) or "「" in f["message"]
               for f in answer.json()["findings"])


def test_english_messages_with_lang_en(client):
    zh = upload(client, {"r.yaml": broken_report().encode()}).json()
    en = upload(client, {"r.yaml": broken_report().encode()}, lang="en").json()
    assert [f["code"] for f in zh["findings"]] == [f["code"] for f in en["findings"]]
    rl303 = [f["message"] for f in en["findings"] if f["code"] == "RL303"]
    assert rl303 and "should be 2 (it is 3)" in rl303[0]


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_files_of_the_same_name_are_told_apart(client):
    document = upload(client, {"a/report.yaml": broken_report().encode()})
    assert {f["path"] for f in document.json()["findings"]} == {"report.yaml"}  # the base name
    body = [("file", ("report.yaml", broken_report().encode())),
            ("file", ("report.yaml", broken_report().encode()))]
    paths = {f["path"] for f in client.post("/api/check", files=body).json()["findings"]}
    assert paths == {"report.yaml", "report (2).yaml"}


def test_the_servers_config_applies_to_every_upload(tmp_path: Path):
    from starlette.testclient import TestClient

    from reportlint.serve.checking import Options

    (tmp_path / "office.yaml").write_text("ignore: [RL311]\nseverity: {RL403: error}\n",
                                          encoding="utf-8")
    config = Config(Options(config=str(tmp_path / "office.yaml")), temp_dir=str(tmp_path),
                    workers=1)
    with TestClient(create_app(config)) as configured:
        found = upload(configured, {"r.yaml": broken_report().encode()}).json()["findings"]
    codes = {f["code"]: f["severity"] for f in found}
    assert "RL311" not in codes and codes["RL403"] == "error" and "RL303" in codes


def test_a_zip_is_checked_member_by_member(client, temp_root: Path):
    archive = _zip({"乡镇/broken.yaml": broken_report().encode(),
                    "乡镇/clean.yaml": EXAMPLE.read_bytes(), "乡镇/": b""})
    document = upload(client, {"reports.zip": archive}).json()
    assert document["files"] == 2
    assert {f["path"] for f in document["findings"]} == {"reports/乡镇/broken.yaml"}
    assert leftovers(temp_root) == []


def test_a_member_over_the_file_limit_is_rl010_without_being_unpacked(client):
    # 6 MiB of zeros: a few kilobytes zipped, over the 5 MiB per file
    archive = _zip({"huge.yaml": bytes(6 * 1024 * 1024), "ok.yaml": EXAMPLE.read_bytes()})
    assert len(archive) < 100_000
    document = upload(client, {"bomb.zip": archive}).json()
    assert [(f["path"], f["code"]) for f in document["findings"]] == [("bomb/huge.yaml", "RL010")]


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    """A server with small limits."""
    from starlette.testclient import TestClient

    root = tmp_path_factory.mktemp("small")
    limits = Limits(upload=200_000, files=3, unpacked=150_000, file_bytes=100_000)
    with TestClient(create_app(Config(limits=limits, temp_dir=str(root), workers=1))) as client:
        yield client, root


def test_limits_give_413(small):
    client, root = small
    too_big = upload(client, {"a.yaml": b"#" * 200_001})
    assert too_big.status_code == 413 and "200000" in too_big.json()["error"]
    many = upload(client, {f"{n}.yaml": EXAMPLE.read_bytes() for n in range(4)})
    assert many.status_code == 413 and "3 files" in many.json()["error"]
    members = upload(client, {"m.zip": _zip({f"{n}.yaml": b"a: 1\n" for n in range(4)})})
    assert members.status_code == 413
    # members each under the per-file limit, together over the unpacked limit
    bomb = _zip({f"{n}.txt": bytes(90_000) for n in range(2)})
    unpacked = upload(client, {"bomb.zip": bomb})
    assert unpacked.status_code == 413 and "150000" in unpacked.json()["error"]
    page = upload(client, {"a.yaml": b"#" * 200_001}, path="/check")
    assert page.status_code == 413 and "超过限制" in page.text
    assert leftovers(root) == []


def test_what_is_not_an_upload_gives_400(small):
    client, root = small
    assert client.post("/api/check", content=b"meta: 1", headers={
        "content-type": "text/plain"}).status_code == 400
    assert client.post("/api/check", files=[("other", ("a.yaml", b"x"))]).status_code == 400
    empty = client.post("/check", data={"text": "  \n"}, files=[("file", ("", b""))])
    assert empty.status_code == 400 and "没有收到文件" in empty.text
    broken_zip = upload(client, {"a.zip": b"PK\x03\x04 not really"})
    assert broken_zip.status_code == 400 and "zip" in broken_zip.json()["error"]
    assert leftovers(root) == []


def test_rules_health_and_openapi(client):
    rules = {r["code"]: r for r in client.get("/api/rules").json()["rules"]}
    assert rules["RL301"]["severity"] == "error" and rules["RL301"]["doc"]["fix"]
    assert "RL098" in rules  # the server's own finding: timed out
    english = {r["code"]: r for r in client.get("/api/rules?lang=en").json()["rules"]}
    assert english["RL098"]["message"].startswith("checking timed out")
    assert client.get("/healthz").json()["status"] == "ok"
    spec = client.get("/openapi.json").json()
    assert spec["openapi"].startswith("3.1")
    served = {route.path for route in client.app.routes if route.path.startswith("/api/")}
    assert served | {"/healthz"} == set(spec["paths"])


def test_the_api_answer_follows_the_schema_in_the_openapi_document(client):
    import jsonschema

    spec = client.get("/openapi.json").json()
    document = upload(client, {"r.yaml": broken_report().encode()}).json()
    schema = {**spec["components"]["schemas"]["run"], "$defs": spec["components"]["schemas"]}
    text = json.dumps(schema).replace("#/components/schemas/", "#/$defs/")
    jsonschema.validate(document, json.loads(text))


# --- pages ------------------------------------------------------------------------------------

def test_the_upload_page_is_chinese_with_an_english_switch(client):
    page = client.get("/")
    assert page.status_code == 200 and '<html lang="zh-CN">' in page.text
    assert "不会被保存" in page.text and 'href="/?lang=en"' in page.text
    assert 'enctype="multipart/form-data"' in page.text and 'name="text"' in page.text
    accept = re.search(r'accept="([^"]+)"', page.text).group(1).split(",")
    assert {".docx", ".html", ".txt", ".yaml", ".json", ".zip"} <= set(accept)  # what is read
    english = client.get("/?lang=en").text
    assert '<html lang="en">' in english and "Files are not kept" in english


def test_the_result_page_is_the_html_formats_page_with_the_rule_docs(client):
    page = upload(client, {"broken.yaml": broken_report().encode()}, path="/check").text
    marked = set(re.findall(r'<td class="num cell-bad" data-path="([^"]+)"', page))
    assert marked == BROKEN_CELLS
    assert "总计应为 2（现为 3）" in page  # the equation beside the cell
    assert "<mark>" in page  # the sentence a finding points into
    fixes = page[page.index('<section id="fixes">'):]
    assert 'id="doc-RL303"' in fixes and "修改方法" in fixes
    assert 'href="/?lang=en"' in page


def test_a_published_form_offers_its_imported_yaml(client):
    import base64

    docx = _published_docx()
    page = upload(client, {"report.docx": docx}, path="/check").text
    payload = re.search(r'download="report.yaml" href="data:application/x-yaml;charset=utf-8;'
                        r'base64,([^"]+)"', page)
    imported = base64.b64decode(payload.group(1)).decode("utf-8")
    assert imported.startswith("# Imported by `reportlint import` from report.docx")
    assert "outcome_total:" in imported
    assert 'data-path="tables.table3.new.total"' in page


def test_pasted_text_is_checked_as_a_file_would_be(client):
    """Pasted web text as the text reader reads it; pasted report data as YAML. A form sent
    with no file chosen carries an empty file field, which is not a file."""
    no_file = ("file", ("", b"", "application/octet-stream"))
    web = (CORPUS / "guanzhuang-2024.txt").read_text(encoding="utf-8")
    page = client.post("/check", data={"text": web}, files=[no_file])
    assert page.status_code == 200
    assert 'download="pasted.yaml"' in page.text and "pasted.txt" in page.text
    data = client.post("/api/check", data={"text": broken_report()}, files=[no_file]).json()
    assert data["files"] == 1 and {f["path"] for f in data["findings"]} == {"pasted.yaml"}


def _published_docx() -> bytes:
    from reportlint.packs.load import load_packs
    from tests.published_fixtures import document, structured_report, to_docx

    report = structured_report(EXAMPLE, load_packs())
    return to_docx(document(report, {("table3", "new", "total"): "3"}))[0]


def test_content_and_names_from_reports_are_escaped(client):
    hostile = broken_report().replace("云溪县石桥镇2024年", "<script>alert(1)</script>2024年", 1)
    name = '<img src=x onerror="alert(2)">.yaml'
    page = client.post("/check", files=[("file", (name, hostile.encode()))]).text
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)" in page
    assert "<img src=x" not in page and "&lt;img src=x" in page


def test_every_page_has_a_strict_policy_and_no_inline_handlers(client):
    answers = [client.get("/"), client.get("/?lang=en"),
               upload(client, {"broken.yaml": broken_report().encode()}, path="/check"),
               upload(client, {"a.yaml": broken_report().encode(),
                               "b.yaml": EXAMPLE.read_bytes()}, path="/check")]
    for answer in answers:
        policy = answer.headers["content-security-policy"]
        assert "default-src 'none'" in policy and "'unsafe-inline'" not in policy
        assert "script-src 'self' 'sha256-" in policy
        assert answer.headers["x-content-type-options"] == "nosniff"
        assert not re.search(r"<[^>]+\son[a-z]+\s*=", answer.text)  # no onclick= and such
        assert not re.search(r"""(?:src|href|action)\s*=\s*["']?(?:https?:)?//""", answer.text)
        assert answer.headers["cache-control"] == "no-store"


def test_the_static_files_ship_in_the_package(client):
    for name in ("serve.css", "serve.js", "icon.svg"):
        answer = client.get(f"/static/{name}")
        assert answer.status_code == 200 and "http" not in answer.text.replace(
            "http://www.w3.org/2000/svg", "")


def test_nothing_is_left_in_the_temporary_folder(client, temp_root: Path):
    upload(client, {"a.yaml": broken_report().encode()})
    upload(client, {"a.yaml": b"\x00\xff" * 100}, path="/check")
    assert leftovers(temp_root) == []


# --- the token ------------------------------------------------------------------------------

TOKEN = "s3cret-token-for-the-tests-0123456789"


@pytest.fixture(scope="module")
def guarded(tmp_path_factory):
    from starlette.testclient import TestClient

    root = tmp_path_factory.mktemp("guarded")
    with TestClient(create_app(Config(token=TOKEN, temp_dir=str(root), workers=1))) as client:
        yield client


def test_with_a_token_everything_but_healthz_needs_it(guarded):
    assert guarded.get("/healthz").status_code == 200
    assert guarded.get("/static/serve.css").status_code == 200
    refused = upload(guarded, {"r.yaml": EXAMPLE.read_bytes()})
    assert refused.status_code == 401 and refused.headers["www-authenticate"].startswith("Bearer")
    assert guarded.get("/api/rules").status_code == 401
    assert guarded.get("/openapi.json").status_code == 401
    page = guarded.get("/", follow_redirects=False)
    assert page.status_code == 303 and page.headers["location"].startswith("/login")
    wrong = {"Authorization": "Bearer not-the-token-at-all-000000"}
    assert guarded.get("/api/rules", headers=wrong).status_code == 401
    right = {"Authorization": f"Bearer {TOKEN}"}
    assert guarded.get("/api/rules", headers=right).status_code == 200
    answer = guarded.post("/api/check", headers=right,
                          files=[("file", ("r.yaml", EXAMPLE.read_bytes()))])
    assert answer.status_code == 200 and answer.json()["files"] == 1


def test_the_login_form_sets_a_cookie_and_logout_clears_it(guarded):
    guarded.cookies.clear()
    form = guarded.get("/login?next=/%3Flang%3Den")
    assert 'type="password"' in form.text
    wrong = guarded.post("/login", data={"token": "wrong", "next": "/"})
    assert wrong.status_code == 401 and "口令不正确" in wrong.text
    signed = guarded.post("/login", data={"token": TOKEN, "next": "https://evil.example/"},
                          follow_redirects=False)
    assert signed.status_code == 303 and signed.headers["location"] == "/"  # never elsewhere
    cookie = signed.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie and TOKEN not in cookie
    assert guarded.get("/", follow_redirects=False).status_code == 200
    assert "退出" in guarded.get("/").text
    guarded.post("/logout", follow_redirects=False)
    guarded.cookies.clear()
    assert guarded.get("/", follow_redirects=False).status_code == 303


def test_a_short_token_is_refused(tmp_path: Path, capsys):
    (tmp_path / "token").write_text("short\n", encoding="utf-8")
    code, _, err = run_cli(capsys, "serve", "--token-file", str(tmp_path / "token"))
    assert code == 2 and "at least 16 characters" in err


# --- the log ------------------------------------------------------------------------------

def test_one_log_line_per_request_without_report_content(client, caplog):
    marker = "秘密机关名称XYZZY"
    text = broken_report().replace("云溪县石桥镇人民政府", marker, 1)
    with caplog.at_level("INFO", logger="reportlint.serve"):
        upload(client, {f"{marker}.yaml": text.encode()})
        client.get("/?lang=en")
    lines = [r.getMessage() for r in caplog.records if r.name == "reportlint.serve"]
    assert len(lines) == 2
    assert re.search(r'"POST /api/check" 200 \d+ [\d.]+ms$', lines[0])
    assert re.search(r'"GET /" 200 \d+ [\d.]+ms$', lines[1])  # no query string
    assert all(marker not in line and "XYZZY" not in line for line in lines)


def test_json_log_lines(tmp_path: Path, caplog):
    from starlette.testclient import TestClient

    config = Config(log_format="json", temp_dir=str(tmp_path), workers=1)
    with caplog.at_level("INFO", logger="reportlint.serve"), TestClient(create_app(config)) as c:
        c.get("/healthz")
    records = [json.loads(r.getMessage()) for r in caplog.records if r.name == "reportlint.serve"]
    assert [(r["method"], r["path"], r["status"]) for r in records] == [("GET", "/healthz", 200)]
    assert set(records[0]) == {"time", "client", "method", "path", "status", "bytes", "ms"}


def test_without_the_extra_serve_says_how_to_get_it(monkeypatch, capsys):
    import sys

    import reportlint.serve

    for name in [n for n in sys.modules if n.split(".")[0] == "starlette"]:
        monkeypatch.setitem(sys.modules, name, None)  # as if not installed
    monkeypatch.delitem(sys.modules, "reportlint.serve.app")
    monkeypatch.setattr(reportlint.serve, "serve", lambda *args: pytest.fail("it started"))
    code, _, err = run_cli(capsys, "serve")
    assert code == 2 and "pip install 'reportlint[serve]'" in err and "starlette" in err
