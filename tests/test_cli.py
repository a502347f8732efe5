"""The command line as scripts and support staff use it: real processes, real files."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys

import pytest

PASS = "correct horse battery"


def run(*args, passphrase=PASS, stdin=None, env_extra=None):
    env = {k: v for k, v in os.environ.items() if not k.startswith("VISITDESK_")}
    env["QT_QPA_PLATFORM"] = "offscreen"
    if passphrase is not None:
        env["VISITDESK_PASSPHRASE"] = passphrase
    env.update(env_extra or {})
    return subprocess.run(
        [sys.executable, "-m", "visitdesk", *args],
        capture_output=True,
        text=True,
        env=env,
        input=stdin,
        timeout=120,
    )


@pytest.fixture
def demo_dir(tmp_path_factory):
    folder = tmp_path_factory.mktemp("cli") / "data"
    r = run(
        "--data-dir",
        str(folder),
        "init",
        "--name",
        "Sam Worker",
        "--role",
        "worker",
        "--policy",
        "visiting-policy-2019",
    )
    assert r.returncode == 0, r.stderr
    r = run("--data-dir", str(folder), "demo", "--children", "12", "--seed", "7")
    assert r.returncode == 0, r.stderr
    return folder


def test_version():
    r = run("--version")
    assert r.returncode == 0 and r.stdout.startswith("VisitDesk ")


def test_init_and_demo_leave_only_ciphertext_on_disk(demo_dir):
    raw = (demo_dir / "visitdesk.db").read_bytes()
    assert not raw.startswith(b"SQLite format 3")
    children = json.loads(run("--data-dir", str(demo_dir), "children", "--json").stdout)
    assert len(children) == 12
    for child in children:
        # Whole names and references: a two-byte fragment could turn up in ciphertext by chance.
        assert child["name"].encode("utf-8") not in raw
        assert child["case_reference"].encode("utf-8") not in raw
        assert child["case_reference"].startswith("DEMO-")
    log_text = (demo_dir / "logs" / "visitdesk.log").read_text(encoding="utf-8")
    assert all(c["name"] not in log_text for c in children)


def test_demo_is_the_same_for_the_same_seed(tmp_path):
    names = []
    for n in (1, 2):
        folder = tmp_path / f"d{n}"
        run(
            "--data-dir",
            str(folder),
            "init",
            "--name",
            "S",
            "--role",
            "worker",
            "--policy",
            "visiting-policy-2019",
        )
        run("--data-dir", str(folder), "demo", "--children", "5", "--seed", "3")
        out = json.loads(run("--data-dir", str(folder), "children", "--json").stdout)
        names.append(sorted((c["name"], c["case_reference"], c["visits"]) for c in out))
    assert names[0] == names[1]


def test_visits_lists_ids_states_and_filters_by_child(demo_dir):
    children = json.loads(run("--data-dir", str(demo_dir), "children", "--json").stdout)
    child = max(children, key=lambda c: c["visits"])
    out = json.loads(
        run("--data-dir", str(demo_dir), "visits", "--child", child["id"], "--json").stdout
    )
    assert len(out) == child["visits"] > 0
    assert {v["child_id"] for v in out} == {child["id"]}
    assert {v["state"] for v in out} <= {"draft", "completed", "authorised", "returned"}


def test_a_wrong_passphrase_exits_2_in_one_line_and_changes_nothing(demo_dir):
    path = demo_dir / "visitdesk.db"
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    r = run("--data-dir", str(demo_dir), "children", passphrase="wrong wrong wrong")
    assert r.returncode == 2
    assert r.stderr.count("\n") == 1 and "passphrase" in r.stderr
    assert "Traceback" not in r.stderr
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


def test_no_passphrase_and_no_terminal_exits_2(demo_dir):
    r = run("--data-dir", str(demo_dir), "children", passphrase=None, stdin="")
    assert r.returncode == 2
    assert "passphrase required" in r.stderr


def test_the_data_dir_can_come_from_the_environment(demo_dir):
    r = run("children", "--json", env_extra={"VISITDESK_DATA_DIR": str(demo_dir)})
    assert r.returncode == 0 and len(json.loads(r.stdout)) == 12


def test_audit_verify_reports_an_intact_chain(demo_dir):
    r = run("--data-dir", str(demo_dir), "audit", "verify")
    assert r.returncode == 0 and r.stdout.startswith("OK")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["init", "--name", "S", "--role", "boss", "--policy", "visiting-policy-2019"],
            "invalid choice",
        ),
        (
            ["init", "--name", "S", "--role", "worker", "--policy", "no-such-standard"],
            "no-such-standard",
        ),
        (["init", "--name", "S", "--role", "worker"], "visitdesk authorities"),
        (
            [
                "init",
                "--name",
                "S",
                "--role",
                "worker",
                "--authority",
                "leicestershire",
                "--policy",
                "leicestershire-cin-2024",
            ],
            "not both",
        ),
        (
            ["init", "--name", "S", "--role", "worker", "--authority", "atlantis"],
            "unknown authority 'atlantis'",
        ),
        (["caseload"], "visitdesk init"),
        (["children"], "visitdesk init"),
        (["demo", "--children", "lots"], "invalid int"),
        (["frobnicate"], "invalid choice"),
    ],
)
def test_bad_input_gets_one_line_and_exit_2(tmp_path, args, message):
    r = run("--data-dir", str(tmp_path / "empty"), *args)
    assert r.returncode == 2, r.stderr
    assert message in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1
    assert "Traceback" not in r.stderr
    assert not (tmp_path / "empty" / "visitdesk.db").exists()


def test_init_by_authority_takes_its_standards_and_region(tmp_path, monkeypatch, capsys):
    from visitdesk.services.workspace import open_workspace

    folder = tmp_path / "data"
    code, out, err = _main(
        monkeypatch,
        capsys,
        "--data-dir",
        str(folder),
        "init",
        "--name",
        "Sam Worker",
        "--role",
        "worker",
        "--authority",
        "leicestershire",
    )
    assert code == 0 and "set up" in out, err
    ws = open_workspace(folder, PASS)
    try:
        who = ws.identity
        assert (who.authority_id, who.policy_id, who.region) == (
            "leicestershire",
            "leicestershire-cin-2024",
            "england-and-wales",
        )
    finally:
        ws.close()


def test_init_refuses_to_overwrite(demo_dir):
    before = hashlib.sha256((demo_dir / "visitdesk.db").read_bytes()).hexdigest()
    r = run(
        "--data-dir",
        str(demo_dir),
        "init",
        "--name",
        "X",
        "--role",
        "worker",
        "--policy",
        "visiting-policy-2019",
    )
    assert r.returncode == 2 and "already exists" in r.stderr
    assert hashlib.sha256((demo_dir / "visitdesk.db").read_bytes()).hexdigest() == before


def test_audit_verify_names_a_tampered_entry_and_exits_1(demo_dir):
    from visitdesk.storage.database import open_database

    db = open_database(demo_dir / "visitdesk.db", PASS)
    with db.engine.begin() as conn:
        conn.exec_driver_sql("DROP TRIGGER audit_events_no_update")
        conn.exec_driver_sql("UPDATE audit_events SET actor = 'Someone Else' WHERE seq = 2")
    db.close()
    r = run("--data-dir", str(demo_dir), "audit", "verify")
    assert r.returncode == 1, r.stderr
    assert r.stdout.startswith("BROKEN: audit entry 2 (") and "has been altered" in r.stdout
    assert "Traceback" not in r.stderr


# --- backups and the passphrase, in-process (each command is what a script would run) -----


def _main(monkeypatch, capsys, *args, passphrase=PASS, new=None):
    from visitdesk import cli
    from visitdesk.logsetup import stop_logging

    monkeypatch.setattr("sys.stdin.isatty", lambda: False, raising=False)
    for name, value in (("VISITDESK_PASSPHRASE", passphrase), ("VISITDESK_NEW_PASSPHRASE", new)):
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)
    try:
        code = cli.main(list(args))
    finally:
        stop_logging()
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def small_dir(tmp_path, monkeypatch, capsys):
    folder = tmp_path / "data"
    code, _, err = _main(
        monkeypatch,
        capsys,
        "--data-dir",
        str(folder),
        "init",
        "--name",
        "Sam Worker",
        "--role",
        "worker",
        "--policy",
        "visiting-policy-2019",
    )
    assert code == 0, err
    code, _, err = _main(
        monkeypatch, capsys, "--data-dir", str(folder), "demo", "--children", "3", "--seed", "2"
    )
    assert code == 0, err
    return folder


def _children(monkeypatch, capsys, folder, passphrase=PASS):
    code, out, err = _main(
        monkeypatch, capsys, "--data-dir", str(folder), "children", "--json", passphrase=passphrase
    )
    assert code == 0, err
    return sorted(c["name"] for c in json.loads(out))


def test_backup_then_restore_with_force_after_more_work(small_dir, tmp_path, monkeypatch, capsys):
    d = ["--data-dir", str(small_dir)]
    out_file = tmp_path / "saved.vdbackup"
    code, out, err = _main(monkeypatch, capsys, *d, "backup", "--out", str(out_file))
    assert code == 0 and "Saved an encrypted backup" in out, err
    before = _children(monkeypatch, capsys, small_dir)
    code, _, err = _main(monkeypatch, capsys, *d, "demo", "--children", "2", "--seed", "9")
    assert code == 0, err
    code, out, err = _main(monkeypatch, capsys, *d, "restore", str(out_file))
    assert code == 2 and "newer than this backup" in err and "--force" in err
    assert err.count("\n") == 1
    assert len(_children(monkeypatch, capsys, small_dir)) == len(before) + 2
    code, out, err = _main(monkeypatch, capsys, *d, "restore", str(out_file), "--force")
    assert code == 0 and "Restored the backup" in out and "kept in" in out, err
    assert _children(monkeypatch, capsys, small_dir) == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["backup", "--out", "{tmp}/nowhere/x.vdbackup"], "does not exist"),
        (["backup", "--out", "{tmp}/exists.vdbackup"], "already exists"),
        (["backup"], "--out"),
        (["restore", "{tmp}/missing.vdbackup"], "could not be found"),
        (["restore", "{tmp}/exists.vdbackup"], "damaged or is not a VisitDesk backup"),
        (["passphrase", "change"], "new passphrase required"),
        (["passphrase"], "required"),
    ],
)
def test_bad_backup_and_passphrase_input_gets_one_line_and_changes_nothing(
    small_dir, tmp_path, monkeypatch, capsys, args, message
):
    (tmp_path / "exists.vdbackup").write_bytes(b"this is not a backup" * 400)
    db = small_dir / "visitdesk.db"
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    code, _, err = _main(
        monkeypatch,
        capsys,
        "--data-dir",
        str(small_dir),
        *[a.replace("{tmp}", str(tmp_path)) for a in args],
    )
    assert code == 2, err
    assert message in err and err.count("\n") == 1 and "Traceback" not in err
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("wrong wrong wrong", "a new passphrase", "passphrase"),
        (PASS, "short", "at least 8"),
        (PASS, "        ", "too easy to guess (it repeats one character)"),
        (PASS, "Worker Sam VisitDesk", "made of your name, your team or the word VisitDesk"),
        (PASS, PASS, "same as the old"),
    ],
)
def test_passphrase_change_refuses_bad_passphrases(
    small_dir, monkeypatch, capsys, old, new, message
):
    db = small_dir / "visitdesk.db"
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    code, _, err = _main(
        monkeypatch,
        capsys,
        "--data-dir",
        str(small_dir),
        "passphrase",
        "change",
        passphrase=old,
        new=new,
    )
    assert code == 2 and message in err and err.count("\n") == 1, err
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before


def test_passphrase_change_from_the_environment(small_dir, monkeypatch, capsys):
    before = _children(monkeypatch, capsys, small_dir)
    code, out, err = _main(
        monkeypatch,
        capsys,
        "--data-dir",
        str(small_dir),
        "passphrase",
        "change",
        new="a new passphrase",
    )
    assert code == 0 and "passphrase is changed" in out, err
    code, _, err = _main(monkeypatch, capsys, "--data-dir", str(small_dir), "children")
    assert code == 2 and "try again" in err
    assert _children(monkeypatch, capsys, small_dir, "a new passphrase") == before


def test_settings_can_be_shown_and_changed_within_their_limits(small_dir, monkeypatch, capsys):
    d = ["--data-dir", str(small_dir)]
    code, out, _ = _main(monkeypatch, capsys, *d, "setting", "idle_lock_minutes")
    assert code == 0 and out.startswith("idle_lock_minutes = 15")
    code, out, _ = _main(monkeypatch, capsys, *d, "setting", "idle_lock_minutes", "5")
    assert code == 0 and out.startswith("idle_lock_minutes = 5")
    for args, message in (
        (["colour", "blue"], "no setting called"),
        (["backups_kept", "0"], "from 1 to 100"),
        (["idle_lock_minutes", "soon"], "from 1 to 240"),
    ):
        code, _, err = _main(monkeypatch, capsys, *d, "setting", *args)
        assert code == 2 and message in err and err.count("\n") == 1
    code, out, _ = _main(monkeypatch, capsys, *d, "setting", "idle_lock_minutes")
    assert out.startswith("idle_lock_minutes = 5")


# --- names, and passwords for PDFs ----------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("Sam\nWorker", "your name must be on one line"),
        ("S" * 101, "your name is longer than 100 characters"),
        ("   ", "please give your name"),
    ],
)
def test_init_refuses_a_name_no_card_could_carry(tmp_path, monkeypatch, capsys, name, message):
    folder = tmp_path / "data"
    code, _, err = _main(
        monkeypatch,
        capsys,
        "--data-dir",
        str(folder),
        "init",
        "--name",
        name,
        "--role",
        "worker",
        "--policy",
        "visiting-policy-2019",
    )
    assert code == 2 and message in err and err.count("\n") == 1, err
    assert not (folder / "visitdesk.db").exists()


@pytest.mark.parametrize(
    ("secret", "message"),
    [
        (
            "        ",
            "that passphrase is too easy to guess (it repeats one character); "
            "try three or four unrelated words",
        ),
        ("password1", "too easy to guess (it is a common password)"),
        ("sam worker", "made of your name"),
    ],
)
def test_init_refuses_a_guessable_passphrase(tmp_path, monkeypatch, capsys, secret, message):
    folder = tmp_path / "data"
    code, _, err = _main(
        monkeypatch,
        capsys,
        "--data-dir",
        str(folder),
        "init",
        "--name",
        "Sam Worker",
        "--role",
        "worker",
        "--policy",
        "visiting-policy-2019",
        passphrase=secret,
    )
    assert code == 2 and message in err and err.count("\n") == 1, err
    assert not (folder / "visitdesk.db").exists()


def test_name_and_team_can_be_shown_and_changed(small_dir, tmp_path, monkeypatch, capsys):
    from visitdesk.sync.cards import Card

    d = ["--data-dir", str(small_dir)]
    code, out, _ = _main(monkeypatch, capsys, *d, "setting", "name")
    assert code == 0 and out.startswith("name = Sam Worker  (")
    code, out, _ = _main(monkeypatch, capsys, *d, "setting", "team")
    assert code == 0 and out.startswith("team = (none)")
    code, out, err = _main(monkeypatch, capsys, *d, "setting", "name", "  Samira Worker ")
    assert code == 0, err
    assert out.startswith("name = Samira Worker  (") and "visitdesk card export" in out
    code, out, _ = _main(monkeypatch, capsys, *d, "setting", "team", "Team South")
    assert code == 0 and out.startswith("team = Team South") and "new card" in out
    code, out, _ = _main(monkeypatch, capsys, *d, "setting", "team", "Team South")
    assert code == 0 and "new card" not in out  # nothing changed, nothing to send
    for key, value, message in (
        ("name", "Sam\nWorker", "on one line"),
        ("name", "", "please give your name"),
        ("team", "T" * 101, "longer than 100"),
    ):
        code, _, err = _main(monkeypatch, capsys, *d, "setting", key, value)
        assert code == 2 and message in err and err.count("\n") == 1, err
    code, _, err = _main(
        monkeypatch, capsys, *d, "card", "export", "--out", str(tmp_path / "me.vdcard")
    )
    assert code == 0, err
    card = Card.from_bytes((tmp_path / "me.vdcard").read_bytes())
    assert (card.name, card.team) == ("Samira Worker", "Team South")
    code, out, _ = _main(monkeypatch, capsys, *d, "audit", "verify")
    assert code == 0 and out.startswith("OK")
    logs = "".join(p.read_text(encoding="utf-8") for p in (small_dir / "logs").glob("*.log*"))
    assert "Samira" not in logs and "South" not in logs


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("kettle", "the PDF password must be at least 8 characters long"),
        ("          ", "the password is only spaces"),
        ("password", "that PDF password is too easy to guess"),
    ],
)
def test_export_pdf_refuses_a_weak_password_and_writes_nothing(
    small_dir, tmp_path, monkeypatch, capsys, password, message
):
    code, out, _ = _main(monkeypatch, capsys, "--data-dir", str(small_dir), "visits", "--json")
    visit = json.loads(out)[0]["id"]
    monkeypatch.setenv("VISITDESK_PDF_PASSWORD", password)
    target = tmp_path / "record.pdf"
    code, _, err = _main(
        monkeypatch,
        capsys,
        "--data-dir",
        str(small_dir),
        "export-pdf",
        "--visit",
        visit,
        "--out",
        str(target),
        "--password",
    )
    assert code == 2 and message in err and err.count("\n") == 1, err
    assert not target.exists()
    monkeypatch.setenv("VISITDESK_PDF_PASSWORD", "kettle-43-lantern")
    code, out, err = _main(
        monkeypatch,
        capsys,
        "--data-dir",
        str(small_dir),
        "export-pdf",
        "--visit",
        visit,
        "--out",
        str(target),
        "--password",
    )
    assert code == 0 and "(encrypted)" in out, err
