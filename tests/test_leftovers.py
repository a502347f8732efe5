"""Copies left by a re-key or restore that was killed midway are cleared at the next open."""

from __future__ import annotations

from visitdesk.cli import main


def test_a_writing_command_clears_what_an_interrupted_rekey_or_restore_left(tmp_path, monkeypatch):
    monkeypatch.setenv("VISITDESK_PASSPHRASE", "a quiet harbour at dusk 1987")
    data = tmp_path / "data"
    assert (
        main(
            [
                "--data-dir",
                str(data),
                "init",
                "--name",
                "Sam Worker",
                "--role",
                "worker",
                "--policy",
                "getting-it-right-2018",
            ]
        )
        == 0
    )
    left = [
        data / ".visitdesk.db.k2x9q1.rekey",
        data / ".visitdesk.db.k2x9q1.rekey-journal",
        data / ".restore-3fa9.db",
        data / ".restore-3fa9.db-wal",
    ]
    for path in left:
        path.write_bytes(b"\x00" * 4096)
    keep = data / "notes.txt"
    keep.write_text("not ours")
    assert main(["--data-dir", str(data), "setting", "idle_lock_minutes", "10"]) == 0
    assert [p for p in left if p.exists()] == []
    assert keep.exists() and (data / "visitdesk.db").exists()
