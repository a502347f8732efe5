"""A storage failure nobody caught reaches the command line as one plain line, never a
traceback; anything else is the calm general message."""

from __future__ import annotations

import sqlcipher3
from sqlalchemy.exc import OperationalError

from visitdesk import cli, commands
from visitdesk.cli_support import storage_problem
from visitdesk.errors import UserError


def _full_disk() -> OperationalError:
    return OperationalError(
        "INSERT", {}, sqlcipher3.dbapi2.OperationalError("database or disk is full")
    )


def test_a_storage_failure_is_named_and_anything_else_is_not():
    problem = storage_problem(_full_disk())
    assert isinstance(problem, UserError) and str(problem).startswith("the disk is full")
    # The same words from something that is not a database error mean nothing here.
    assert storage_problem(RuntimeError("database or disk is full")) is None
    assert storage_problem(KeyError("Ada Brook")) is None


def test_a_command_that_meets_a_full_disk_says_so_in_one_line(monkeypatch, capsys):
    def fails(_args):
        raise _full_disk()

    monkeypatch.setattr(commands, "cmd_children", fails)
    code = cli.main(["children"])
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith("visitdesk: the disk is full") and err.count("\n") == 1
