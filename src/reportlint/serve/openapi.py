"""The OpenAPI 3.1 description of the JSON API, served at /openapi.json. The findings
document is the shipped JSON Schema (schemas/findings.schema.json), not a copy of it."""

from __future__ import annotations

import json
from importlib import resources

from reportlint import __version__

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any
    from reportlint.serve.app import Config


def _findings_schemas() -> dict[str, Any]:
    """The findings schema's definitions as OpenAPI components (their refs moved along)."""
    text = resources.files("reportlint.schemas").joinpath("findings.schema.json").read_text("utf-8")
    text = text.replace('"#/$defs/', '"#/components/schemas/')
    return dict(json.loads(text)["$defs"])


def _error(description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {
        "schema": {"$ref": "#/components/schemas/error"}}}}


def document(config: Config) -> dict[str, Any]:
    limits = config.limits
    lang = {"name": "lang", "in": "query", "required": False,
            "schema": {"enum": ["zh", "en"], "default": "zh"},
            "description": "language of the messages"}
    check = {
        "summary": "Check report files, as `reportlint check --format json` does",
        "description": (
            "Send one or more files (multipart field `file`; a .zip is unpacked) or the report "
            "data itself as a JSON body. The answer is the document `check --format json` "
            "prints, findings and all, whatever they are (200). Nothing is stored. Limits: "
            f"{limits.upload} bytes per request, {limits.files} files, {limits.unpacked} bytes "
            f"unpacked from zips, {config.timeout:g} s of checking per file (past it the file "
            "gets RL098)."),
        "parameters": [lang],
        "requestBody": {"required": True, "content": {
            "multipart/form-data": {"schema": {"type": "object", "properties": {
                "file": {"type": "array", "items": {"type": "string", "format": "binary"}},
                "text": {"type": "string", "description": "a report pasted as text"}}}},
            "application/json": {"schema": {"type": "object",
                                            "description": "report data (docs/report-format.md)"}},
        }},
        "responses": {
            "200": {"description": "the findings", "content": {"application/json": {
                "schema": {"$ref": "#/components/schemas/run"}}}},
            "400": _error("not an upload: no file, not multipart or JSON, a zip that cannot be read"),
            "401": _error("the token is missing or wrong"),
            "413": _error("over a limit: request size, files, unpacked size"),
            "429": {**_error("every worker is busy and the queue is full"),
                    "headers": {"Retry-After": {"schema": {"type": "integer"},
                                                "description": "seconds to wait"}}},
        },
    }
    rule = {"type": "object", "required": ["code", "name", "severity", "pack", "message", "doc"],
            "properties": {"code": {"type": "string"}, "name": {"type": "string"},
                           "severity": {"enum": ["error", "warning", "info"]},
                           "pack": {"type": "string"}, "message": {"type": "string"},
                           "doc": {"type": "object", "properties": {
                               "what": {"type": "string"}, "why": {"type": "string"},
                               "fix": {"type": "string"}}}}}
    return {
        "openapi": "3.1.0",
        "info": {"title": "reportlint serve", "version": __version__,
                 "description": "Check 政府信息公开工作年度报告 files. See docs/serve.md."},
        "paths": {
            "/api/check": {"post": check},
            "/api/rules": {"get": {"summary": "Every rule: code, name, severity, message, doc",
                                   "parameters": [lang],
                                   "responses": {"200": {"description": "the rules", "content": {
                                       "application/json": {"schema": {
                                           "type": "object", "properties": {"rules": {
                                               "type": "array", "items": rule}}}}}},
                                                 "401": _error("the token is missing or wrong")}}},
            "/healthz": {"get": {"summary": "Whether the server can check (no token needed)",
                                 "security": [],
                                 "responses": {"200": {"description": "ready"},
                                               "503": {"description": "no worker is running"}}}},
        },
        "components": {
            "schemas": {**_findings_schemas(), "error": {
                "type": "object", "required": ["error"],
                "properties": {"error": {"type": "string"}}}},
            "securitySchemes": {"token": {"type": "http", "scheme": "bearer"}},
        },
        "security": [{"token": []}] if config.token else [],
    }
