"""`reportlint render`: the publishable report (HTML, DOCX, Markdown) from its data.

Rendering refuses nothing: a report with findings still renders, as a draft. With `--check`
the report is linted first, with the settings `check` would use for it (config, pack,
selection, baseline, `--fail-on`), and nothing is written when a finding is at or above the
failing severity: for CI jobs that publish. The input is never written to; the output is
written atomically, only where the user named it (or to standard output).
"""

from __future__ import annotations

from pathlib import Path

from reportlint.settings import Overrides, Resolver
from reportlint.writers import FORMS, SUFFIXES

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import BinaryIO, TextIO

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


def form_for(form: str | None, output: str | None) -> str | None:
    """The form asked for, else the one the output's extension names."""
    if form:
        return form
    suffix = Path(output).suffix.lower() if output else ""
    return next((name for name, known in SUFFIXES.items() if known == suffix), None)


def render_command(source: str, form: str | None, output: str | None, check: bool,
                   overrides: Overrides, errors: TextIO, out: BinaryIO,
                   out_is_terminal: bool = False) -> int:
    """0 written; 1 not written because of findings (--check); 2 usage or unreadable input."""
    from reportlint.atomic import same_file

    chosen = form_for(form, output)
    if chosen is None:
        print(f"reportlint: say which form to render: --to {'|'.join(FORMS)} "
              "(or an output file ending in .html, .docx or .md)", file=errors)
        return EXIT_USAGE
    if output and same_file(source, output):
        print(f"reportlint: refusing to write the rendered report over its source {source}",
              file=errors)
        return EXIT_USAGE
    if not output and chosen == "docx" and out_is_terminal:
        print("reportlint: a Word document is not printed to a terminal; name a file with -o",
              file=errors)
        return EXIT_USAGE
    if not Path(source).is_file():
        print(f"reportlint: no such report file: {source}", file=errors)
        return EXIT_USAGE
    resolver = Resolver(overrides)
    settings = resolver.for_path(source)
    linter = settings.linter_for(source)
    loaded = linter.load(source)
    if loaded.report is None:
        for finding in linter.lint(loaded).findings:
            print(finding, file=errors)
        print(f"reportlint: {source} cannot be read as a report; nothing rendered", file=errors)
        return EXIT_USAGE
    if check:
        from reportlint.run import run

        linted = run([(source, settings)], resolver, output=settings)
        for finding in linted.findings:
            print(finding, file=errors)
        if linted.failed:
            print(f"reportlint: not rendered: {source} has findings at or above "
                  f"'{settings['fail-on']}' (--fail-on)", file=errors)
            return EXIT_FINDINGS
    from reportlint.writers import render

    data = render(loaded.report, chosen)
    if output:
        from reportlint.atomic import replace_bytes

        replace_bytes(output, data, durable=True)
        print(f"reportlint: wrote {output} ({chosen})", file=errors)
    else:
        out.write(data)
        out.flush()
    return EXIT_OK
