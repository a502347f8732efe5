"""A profile written only from docs/policy-profiles.md loads and behaves as the page says."""

from __future__ import annotations

import re
from pathlib import Path

from visitdesk.standards import evaluate, load_policy_file

from .helpers import child, d, visit

DOC = Path(__file__).resolve().parents[2] / "docs" / "policy-profiles.md"


def example_profile() -> str:
    text = DOC.read_text(encoding="utf-8")
    section = text.split("## A complete example", 1)[1]
    match = re.search(r"```toml\n(.*?)```", section, re.S)
    assert match, "the example profile block is missing from the page"
    return match.group(1)


def test_the_documented_example_loads_and_works(tmp_path):
    path = tmp_path / "riverside-2026.toml"
    path.write_text(example_profile(), encoding="utf-8")
    policy = load_policy_file(path)
    assert policy.id == "riverside-2026"
    assert {r.kind for r in policy.rules} >= {
        "statutory_visit",
        "visit_frequency",
        "first_visit",
        "reattempt",
        "recording_deadline",
        "record_sections",
        "seen_alone_reason",
        "seen_alone_frequency",
    }

    kid = child("CP", allocated_on=d("2026-12-21"), plan_start=d("2026-12-21"))
    seen = evaluate(
        policy, kid, [visit("v1", "2026-12-24", completed=False, recorded_at=None)], d("2026-12-24")
    )
    # As the page says: next visit in ten days, write-up in two working days.
    assert seen.next_visit_due == d("2027-01-03")
    assert seen.visits[0].record_due == d("2026-12-30")
    assert not [f for f in seen.findings if f.code == "first_visit.overdue"]

    failed = evaluate(
        policy, kid, [visit("v1", "2026-12-24", seen="no", seen_alone=None)], d("2026-12-24")
    )
    assert failed.visits[0].reattempt_due == d("2026-12-29")

    # Seen alone every other visit from age 3; a reason is needed when not seen alone.
    twice = evaluate(
        policy,
        kid,
        [
            visit("v1", "2026-12-24", seen_alone="no", not_seen_alone_reason="Asleep"),
            visit("v2", "2026-12-30", seen_alone="no", not_seen_alone_reason=""),
        ],
        d("2026-12-30"),
    )
    found = {(f.code, f.visit) for f in twice.findings}
    assert ("seen_alone.overdue", "v2") in found
    assert ("seen_alone.reason_required", "v2") in found


def test_the_documented_file_header_example_loads(tmp_path):
    text = DOC.read_text(encoding="utf-8")
    section = text.split("## The file", 1)[1]
    block = re.search(r"```toml\n(.*?)```", section, re.S).group(1)
    path = tmp_path / "our-standard.toml"
    path.write_text(block, encoding="utf-8")
    policy = load_policy_file(path)
    assert policy.id == "our-standard"
    assert "interaction" not in {r.id for r in policy.rules}
    cin = next(r for r in policy.rules if r.id == "cin-frequency")
    assert (cin.interval.every, cin.interval.unit, cin.source) == (15, "working_days", "OURS 2.1")


def test_every_finding_code_is_documented():
    from .test_engine import ALL_CODES

    text = DOC.read_text(encoding="utf-8")
    missing = [code for code in ALL_CODES if f"`{code}`" not in text]
    assert not missing
