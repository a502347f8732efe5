"""The throwaway PostgreSQL server: private, loopback only, password protected, and gone without
a trace when it stops, however its owner ends."""

from __future__ import annotations

import os
import pwd
import signal
import socket
import stat
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import psycopg
import pytest
import sqlalchemy

from visitdesk.errors import UserError
from visitdesk.hub.pgtemp import NOT_INSTALLED, ThrowawayPostgres, find_bin_dir

ROOT = Path(__file__).resolve().parents[2]


def _answers(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.settimeout(2)
        return probe.connect_ex(("127.0.0.1", port)) == 0


def _wait_until(check, seconds: float = 20) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.1)
    return check()


def _fake_tools(folder: Path) -> Path:
    folder.mkdir(parents=True)
    for tool in ("initdb", "pg_ctl"):
        (folder / tool).write_text("#!/bin/sh\nexit 0\n")
        (folder / tool).chmod(0o755)
    return folder


def test_the_owner_logs_in_with_its_password_over_tcp_on_loopback(postgres):
    with psycopg.connect(postgres.dsn) as connection:
        user, address, database, encryption, listening = connection.execute(
            "SELECT current_user, inet_server_addr(), current_database(),"
            " current_setting('password_encryption'), current_setting('listen_addresses')"
        ).fetchone()
    assert (user, str(address), database) == ("visitdesk", "127.0.0.1", "visitdesk_hub")
    assert encryption == "scram-sha-256"
    assert listening == "127.0.0.1"


def test_the_sqlalchemy_url_opens_the_hub_database(postgres):
    assert postgres.url.startswith("postgresql+psycopg://visitdesk:")
    engine = sqlalchemy.create_engine(postgres.url)
    try:
        with engine.connect() as connection:
            assert connection.scalar(sqlalchemy.text("SELECT current_database()")) == (
                "visitdesk_hub"
            )
    finally:
        engine.dispose()


def test_a_wrong_password_is_refused(postgres):
    wrong = postgres.dsn.replace(postgres.password, "not-the-password")
    with pytest.raises(psycopg.OperationalError, match="password authentication failed"):
        psycopg.connect(wrong).close()


def test_the_folder_is_private_and_owned_by_whoever_runs_the_server(postgres):
    for folder in (postgres.folder, postgres.folder / "data"):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    owner = pwd.getpwnam("postgres").pw_uid if os.geteuid() == 0 else os.geteuid()
    assert postgres.folder.stat().st_uid == owner
    assert not (postgres.folder / "password").exists()


def test_each_test_gets_an_empty_database_of_its_own(postgres, hub_database_url):
    assert hub_database_url.startswith("postgresql+psycopg://")
    name = hub_database_url.rsplit("/", 1)[1]
    assert name.startswith("hub_") and name != "visitdesk_hub"
    engine = sqlalchemy.create_engine(hub_database_url)
    try:
        with engine.begin() as connection:
            assert sqlalchemy.inspect(connection).get_table_names() == []
            connection.execute(sqlalchemy.text("CREATE TABLE mine (id integer)"))
    finally:
        engine.dispose()


def test_dropping_a_database_ends_the_connections_still_open_to_it(postgres):
    postgres.create_database("hub_left_open")
    left_open = psycopg.connect(postgres.dsn_for("hub_left_open"))
    try:
        postgres.drop_database("hub_left_open")
        with psycopg.connect(postgres.dsn_for("postgres")) as connection:
            found = connection.execute(
                "SELECT count(*) FROM pg_database WHERE datname = 'hub_left_open'"
            ).fetchone()
        assert found == (0,)
        with pytest.raises(psycopg.OperationalError):
            left_open.execute("SELECT 1")
    finally:
        left_open.close()
    postgres.drop_database("hub_left_open")  # dropping what is gone is no error


def test_stopping_deletes_the_folder_and_closes_the_port_and_may_be_repeated():
    with ThrowawayPostgres() as server:
        folder, port = server.folder, server.port
        assert _answers(port)
    assert not folder.exists()
    assert not _answers(port)
    assert not server.running
    server.stop()


def test_a_taken_port_is_given_up_for_another():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as squatter:
        squatter.bind(("127.0.0.1", 0))
        squatter.listen()
        taken = squatter.getsockname()[1]
        with ThrowawayPostgres(port=taken) as server:
            assert server.port != taken
            with psycopg.connect(server.dsn) as connection:
                assert connection.execute("SELECT 1").fetchone() == (1,)


def test_the_module_prints_a_working_url_and_stops_cleanly_on_sigterm():
    process = subprocess.Popen(
        [sys.executable, "-m", "visitdesk.hub.pgtemp"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        url = process.stdout.readline().strip()
        assert url.startswith("postgresql+psycopg://visitdesk:"), process.stderr.read()
        engine = sqlalchemy.create_engine(url)
        try:
            with engine.connect() as connection:
                folder = Path(connection.scalar(sqlalchemy.text("SHOW data_directory"))).parent
        finally:
            engine.dispose()
        port = sqlalchemy.make_url(url).port
        assert folder.is_dir()
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=60) == 0
    finally:
        process.kill()
        process.wait()
    assert not folder.exists()
    assert not _answers(port)


def test_an_owner_killed_outright_leaves_no_server_or_folder_behind():
    owner = textwrap.dedent(
        """
        import time
        from visitdesk.hub.pgtemp import ThrowawayPostgres
        server = ThrowawayPostgres().start()
        print(server.port, server.folder, flush=True)
        time.sleep(600)
        """
    )
    process = subprocess.Popen(
        [sys.executable, "-c", owner], cwd=ROOT, stdout=subprocess.PIPE, text=True
    )
    try:
        port, folder = process.stdout.readline().split(maxsplit=1)
        port, folder = int(port), Path(folder.strip())
        assert _answers(port) and folder.is_dir()
    finally:
        process.kill()  # SIGKILL: no atexit, no finally
        process.wait()
    assert _wait_until(lambda: not _answers(port) and not folder.exists())


def test_no_postgresql_anywhere_is_a_user_error_saying_what_to_install(tmp_path):
    with pytest.raises(UserError) as raised:
        find_bin_dir(search_path=str(tmp_path), debian_root=tmp_path / "none", environ={})
    assert str(raised.value) == NOT_INSTALLED


def test_the_newest_debian_version_is_chosen_by_number_not_by_spelling(tmp_path):
    for version in ("9.6", "10", "15"):
        _fake_tools(tmp_path / version / "bin")
    (tmp_path / "17" / "bin").mkdir(parents=True)  # client programs only: no initdb
    found = find_bin_dir(search_path=str(tmp_path / "empty"), debian_root=tmp_path, environ={})
    assert found == tmp_path / "15" / "bin"


def test_the_path_comes_before_the_debian_folders_and_the_variable_before_both(tmp_path):
    on_path = _fake_tools(tmp_path / "on-path")
    chosen = _fake_tools(tmp_path / "chosen")
    _fake_tools(tmp_path / "debian" / "15" / "bin")
    look = {"search_path": str(on_path), "debian_root": tmp_path / "debian"}
    assert find_bin_dir(**look, environ={}) == on_path
    assert find_bin_dir(**look, environ={"VISITDESK_PG_BIN": str(chosen)}) == chosen


def test_a_variable_naming_a_folder_without_postgresql_is_refused(tmp_path):
    with pytest.raises(UserError, match="VISITDESK_PG_BIN names a folder without initdb"):
        find_bin_dir(environ={"VISITDESK_PG_BIN": str(tmp_path)})
