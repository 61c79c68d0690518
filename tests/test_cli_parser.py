"""The command line built for one command is the whole command line's for that command: the
same options, --help and usage; the whole one lists every command."""

from __future__ import annotations

import argparse

import pytest

from reportlint.cli import COMMANDS, _command, _parser


def _subparsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


@pytest.mark.parametrize("command", COMMANDS)
def test_a_command_built_alone_is_the_command_of_the_whole_line(command):
    whole, alone = _parser(), _parser(command)
    assert set(_subparsers(whole)) == set(COMMANDS) and set(_subparsers(alone)) == {command}
    assert whole.format_usage() == alone.format_usage()
    assert _subparsers(whole)[command].format_help() == _subparsers(alone)[command].format_help()


def test_a_mistake_after_the_command_reads_as_before(capsys):
    for args in (["check", "--no-such-option"], ["check", "--fail-on", "sometimes"]):
        errors = []
        for parser in (_parser(), _parser("check")):
            with pytest.raises(SystemExit):
                parser.parse_args(args)
            errors.append(capsys.readouterr().err)
        assert errors[0] == errors[1] and "error" in errors[0]


def test_only_a_leading_command_word_narrows_the_line():
    assert _command(["check", "--no-cache", "a.yaml"]) == "check"
    assert _command(["--version"]) is None
    assert _command(["-h", "check"]) is None
    assert _command(["chek"]) is None
    assert _command([]) is None


@pytest.mark.parametrize("columns", [None, "50", "200", "0", "-3", "wide"])
def test_the_help_is_as_wide_as_shutil_would_make_it(monkeypatch, columns):
    """argparse asks shutil for the terminal's width; reportlint's formatter works it out the
    same way without importing shutil."""
    import shutil

    from reportlint.cli_help import Formatter, terminal_columns

    if columns is None:
        monkeypatch.delenv("COLUMNS", raising=False)
    else:
        monkeypatch.setenv("COLUMNS", columns)
    assert terminal_columns() == shutil.get_terminal_size().columns
    assert Formatter("reportlint")._width == argparse.HelpFormatter("reportlint")._width
