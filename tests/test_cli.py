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
    return subprocess.run([sys.executable, "-m", "visitdesk", *args], capture_output=True,
                          text=True, env=env, input=stdin, timeout=120)


@pytest.fixture
def demo_dir(tmp_path_factory):
    folder = tmp_path_factory.mktemp("cli") / "data"
    r = run("--data-dir", str(folder), "init", "--name", "Sam Worker", "--role", "worker",
            "--policy", "visiting-policy-2019")
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
        run("--data-dir", str(folder), "init", "--name", "S", "--role", "worker", "--policy",
            "visiting-policy-2019")
        run("--data-dir", str(folder), "demo", "--children", "5", "--seed", "3")
        out = json.loads(run("--data-dir", str(folder), "children", "--json").stdout)
        names.append(sorted((c["name"], c["case_reference"], c["visits"]) for c in out))
    assert names[0] == names[1]


def test_visits_lists_ids_states_and_filters_by_child(demo_dir):
    children = json.loads(run("--data-dir", str(demo_dir), "children", "--json").stdout)
    child = max(children, key=lambda c: c["visits"])
    out = json.loads(run("--data-dir", str(demo_dir), "visits", "--child", child["id"],
                         "--json").stdout)
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
        (["init", "--name", "S", "--role", "boss", "--policy", "visiting-policy-2019"],
         "invalid choice"),
        (["init", "--name", "S", "--role", "worker", "--policy", "no-such-standard"],
         "no-such-standard"),
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


def test_init_refuses_to_overwrite(demo_dir):
    before = hashlib.sha256((demo_dir / "visitdesk.db").read_bytes()).hexdigest()
    r = run("--data-dir", str(demo_dir), "init", "--name", "X", "--role", "worker", "--policy",
            "visiting-policy-2019")
    assert r.returncode == 2 and "already exists" in r.stderr
    assert hashlib.sha256((demo_dir / "visitdesk.db").read_bytes()).hexdigest() == before
