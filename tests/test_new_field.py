"""A new visit field is a catalogue entry, plus a profile line where a rule needs it.

In a copy of the package, one field ("interpreter used") is added to the field catalogue and
one rule line to a profile, and nothing else. The copy then asks it, stores it (with no
migration), refuses to complete a record without it where the profile says so, prints it,
reads it from a case file, and carries it from the worker to the manager in a bundle.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

FIELD = """    VisitField(
        "interpreter_used",
        "flag",
        "Interpreter used",
        "Was an interpreter used?",
        "visit",
        "Say whether the child or family needed an interpreter, and whether one was used.",
        choices=_YES_NO_FLAG,
        asked="rules",
        only_if=(("outcome", ATTENDED),),
        phrase="whether an interpreter was used",
    ),
"""

RULE = """
[[rules]]
id = "interpreter"
kind = "record_sections"
fields = ["interpreter_used"]
source = "I.14 v)"
"""

SCRIPT = r"""
import json, subprocess, sys
from datetime import date, datetime, timedelta
from pathlib import Path

from visitdesk.services import export, records, syncing, workspace
from visitdesk.services.checks import FormChecker
from visitdesk.services.facts import installation_authority
from visitdesk.services.records import PlanInput
from visitdesk.standards import ChildFacts
from visitdesk.standards import fields as catalogue
from visitdesk.storage import answers
from visitdesk.storage.models import Visit

root = Path(sys.argv[1])
PW = "correct horse battery staple"
AUTHORITY = "childrens-social-care-2019"
out = {}


def make(role, name):
    return workspace.initialise(
        root / role, PW, name=name, role=role, team="North", authority_id=AUTHORITY
    )


worker, manager = make("worker", "Sam Worker"), make("manager", "Morgan Manager")
syncing.export_card(worker, root / "sam.card")
syncing.export_card(manager, root / "morgan.card")
syncing.import_card(manager, root / "sam.card")
syncing.import_card(worker, root / "morgan.card")

born = date(2016, 3, 1)
child = records.add_child(
    worker, given_name="Ana", family_name="Lopes", date_of_birth=born,
    plan=PlanInput("CIN", worker.today() - timedelta(days=30)),
)
out["asked"] = "interpreter_used" in catalogue.asked_fields(
    installation_authority(worker), ChildFacts(plan="CIN", date_of_birth=born), worker.today()
)
when = datetime.combine(worker.today() - timedelta(days=1), datetime.min.time()).replace(hour=10)
full = dict(
    location="home", seen="yes", seen_alone="yes", bedroom_seen=True, purpose="Review",
    findings="Well", analysis="Settled", conclusion="On track", recommendations="Continue",
)
vid = records.start_visit(worker, child, when, **full)
checker = FormChecker.for_visit(worker, vid)
typed = {"visited_at": when, **full}
out["missing"] = [
    [f.code, f.field, f.source, f.message] for f in checker.check(typed) if f.severity == "error"
]
try:
    records.complete_visit(worker, vid)
    out["refused"] = None
except Exception as exc:
    out["refused"] = str(exc)

# The worker's form asks it, and typing an answer stores it.
from PySide6.QtWidgets import QApplication
from visitdesk.ui.hub import Hub
from visitdesk.ui.visit_form import VisitForm

app = QApplication.instance() or QApplication([])
form = VisitForm(worker, Hub(), vid)
field = form.fields.get("interpreter_used")
out["in_form"] = field is not None and not field.isHidden()
out["form_label"] = None if field is None else field.editor.accessibleName()
form.close()
records.save_draft(worker, vid, {"interpreter_used": True})
out["answered"] = [f.code for f in checker.check({**typed, "interpreter_used": True})
                   if f.severity == "error"]
records.complete_visit(worker, vid)
with worker.db.sessions() as session:
    out["stored"] = answers.values_of(session.get(Visit, vid))["interpreter_used"]
(root / "record.pdf").write_bytes(export.visit_pdf(worker, vid))
text = subprocess.run(
    ["pdftotext", str(root / "record.pdf"), "-"], capture_output=True, text=True
).stdout if subprocess.run(["which", "pdftotext"], capture_output=True).returncode == 0 else None
out["printed"] = None if text is None else "Was an interpreter used?" in text

syncing.export_bundle(worker, root / "w1.vdb")
syncing.import_bundle(manager, root / "w1.vdb")
with manager.db.sessions() as session:
    out["synced"] = answers.values_of(session.get(Visit, vid))["interpreter_used"]
worker.close()
manager.close()
print(json.dumps(out))
"""


def _copy_with_new_field(dest: Path) -> Path:
    """The package, migrations and resources, with the field and the rule added."""
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for part in ("visitdesk", "migrations", "resources"):
        shutil.copytree(REPO / part, dest / part, ignore=ignore)
    catalogue = dest / "visitdesk" / "standards" / "fields.py"
    text = catalogue.read_text(encoding="utf-8")
    anchor = "    # -- the child -----"
    assert text.count(anchor) == 1
    catalogue.write_text(text.replace(anchor, FIELD + anchor), encoding="utf-8")
    profile = dest / "visitdesk" / "standards" / "policies" / "visiting-policy-2019.toml"
    profile.write_text(profile.read_text(encoding="utf-8") + RULE, encoding="utf-8")
    return dest


def _run(copy: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(copy), "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run(
        [sys.executable, *args],
        cwd=copy,
        env=env,
        capture_output=True,
        text=True,
        input=stdin,
        timeout=300,
    )


def test_a_field_added_to_the_catalogue_and_a_profile_works_end_to_end(tmp_path):
    copy = _copy_with_new_field(tmp_path / "copy")
    work = tmp_path / "work"
    work.mkdir()
    done = _run(copy, "-c", SCRIPT, str(work))
    assert done.returncode == 0, done.stderr[-3000:]
    out = json.loads(done.stdout.strip().splitlines()[-1])
    assert out["asked"] is True
    assert out["in_form"] is True and out["form_label"] == "Was an interpreter used?"
    assert out["missing"] == [
        [
            "record.sections_missing",
            "interpreter_used",
            "Visiting policy 2019, I.14 v)",
            "Add whether an interpreter was used before completing the record.",
        ]
    ]
    assert out["refused"] and "interpreter" in out["refused"]
    assert out["answered"] == []
    assert out["stored"] is True and out["synced"] is True
    assert out["printed"] in (True, None)  # None only where poppler is not installed


def test_a_case_file_may_carry_the_new_field_and_it_is_checked_by_its_kind(tmp_path):
    copy = _copy_with_new_field(tmp_path / "copy")
    visit = {
        "id": "v1",
        "visited_at": "2026-11-20T10:00",
        "location": "home",
        "seen": "yes",
        "seen_alone": "yes",
        "bedroom_seen": True,
        "purpose": "p",
        "findings": "f",
        "analysis": "a",
        "conclusion": "c",
        "recommendations": "r",
        "completed": True,
        "recorded_at": "2026-11-20T15:00",
    }
    case = {"child": {"plan": "CIN", "date_of_birth": "2016-03-01", "plan_start": "2026-11-01"}}
    args = (
        "-m",
        "visitdesk",
        "check",
        "--policy",
        "visiting-policy-2019",
        "--as-of",
        "2026-11-25",
        "-",
    )

    def check(**extra):
        return _run(copy, *args, stdin=json.dumps({**case, "visits": [{**visit, **extra}]}))

    missing = check()
    assert missing.returncode == 0, missing.stderr
    codes = [(f["code"], f["field"]) for f in json.loads(missing.stdout)["findings"]]
    assert ("record.sections_missing", "interpreter_used") in codes
    answered = check(interpreter_used=False)
    codes = [f["code"] for f in json.loads(answered.stdout)["findings"]]
    assert "record.sections_missing" not in codes
    wrong = check(interpreter_used="maybe")
    assert wrong.returncode == 2
    assert wrong.stderr.strip() == (
        "visitdesk: case file: visits[0].interpreter_used must be true or false, not 'maybe'"
    )
    assert "Traceback" not in wrong.stderr
