#!/usr/bin/env bash
# Check the built Linux app in dist/ against the source install, then print its size and start
# times. Exits non-zero at the first failure.
#
#   bash packaging/check-linux-build.sh [path/to/built/visitdesk]
#
# The source install is .venv/bin/visitdesk (set VISITDESK_SOURCE to use another). Everything
# happens in a temporary folder with HOME pointed there, so no real user data is touched.
# Needs python3 (to read JSON). With Xvfb and xdotool installed it also times the first window.
set -euo pipefail
cd "$(dirname "$0")/.."

app="$(realpath "${1:-dist/VisitDesk/visitdesk}")"
source_app="$(realpath "${VISITDESK_SOURCE:-.venv/bin/visitdesk}")"
archive="$(ls dist/VisitDesk-*-linux-*.tar.gz 2>/dev/null | head -n 1 || true)"

work="$(mktemp -d)"
xvfb_pid=""
cleanup() {
  if [ -n "$xvfb_pid" ]; then kill "$xvfb_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

export HOME="$work/home" XDG_DATA_HOME="$work/home/.local/share" XDG_CONFIG_HOME="$work/home/.config"
mkdir -p "$HOME"
unset VISITDESK_DATA_DIR
export VISITDESK_PASSPHRASE="packaging check passphrase"
export VISITDESK_PDF_PASSWORD="packaging check pdf password"
export QT_QPA_PLATFORM=offscreen

pass() { echo "ok    $*"; }
fail() { echo "FAIL  $*" >&2; exit 1; }
json() { python3 -c "import json, sys; data = json.load(sys.stdin); print($1)"; }
ms_since() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }

[ -x "$app" ] || fail "no built app at $app; build it with: bash packaging/build-linux.sh"
[ -x "$source_app" ] || fail "no source install at $source_app (set VISITDESK_SOURCE)"
echo "built app:      $app"
echo "source install: $source_app"

# 1. It runs and knows its version.
built_version="$("$app" --version)" || fail "the built app does not start"
source_version="$("$source_app" --version)"
[ "$built_version" = "$source_version" ] \
  || fail "--version says '$built_version', the source install says '$source_version'"
pass "--version: $built_version"

# 2. The policy profiles are shipped, and the standards engine gives the same answers.
diff <("$app" policies --json) <("$source_app" policies --json) >/dev/null \
  || fail "policies --json differs from the source install"
count="$("$app" policies --json | json 'len(data)')"
[ "$count" -ge 4 ] || fail "only $count policy profiles in the built app"
pass "policies: $count profiles, the same as the source install"
cat > "$work/case.json" <<'EOF'
{"child": {"date_of_birth": "2019-05-04", "plan": "CP", "plan_start": "2026-09-01",
           "allocated_on": "2026-09-01", "region": "england-and-wales"},
 "visits": [{"id": "v1", "visited_at": "2026-09-03T10:00", "location": "home", "seen": "yes",
             "seen_alone": "no", "not_seen_alone_reason": "", "completed": true,
             "recorded_at": "2026-09-10T09:00"}]}
EOF
for policy in $("$app" policies --json | json '" ".join(p["id"] for p in data)'); do
  diff <("$app" check --policy "$policy" --as-of 2026-11-20 "$work/case.json") \
       <("$source_app" check --policy "$policy" --as-of 2026-11-20 "$work/case.json") >/dev/null \
    || fail "check --policy $policy differs from the source install"
done
pass "check: every profile gives the same findings as the source install"

# 3. Bad input gets one calm line and exit 2, never a traceback.
set +e
err="$("$app" check --policy no-such-standard "$work/case.json" 2>&1 >/dev/null)"; code=$?
set -e
[ "$code" = 2 ] && [ "$(printf '%s\n' "$err" | wc -l)" = 1 ] && ! grep -q Traceback <<<"$err" \
  || fail "an unknown policy gave exit $code and: $err"
pass "bad input: exit 2, one line ($err)"

# 4. A database made by the built app: init, demo, children.
a="$work/made-by-bundle"
"$app" --data-dir "$a" init --name "Check Worker" --role worker \
  --policy getting-it-right-2018 --team "Team North" >/dev/null || fail "init failed in the built app"
"$app" --data-dir "$a" demo --children 6 --seed 3 >/dev/null || fail "demo failed in the built app"
count="$("$app" --data-dir "$a" children --json | json 'len(data)')"
[ "$count" = 6 ] || fail "the built app's own database lists $count children, not 6"
[ -s "$a/logs/visitdesk.log" ] || fail "no log written in $a/logs"
"$app" --data-dir "$a" audit verify >/dev/null || fail "audit verify failed on the built app's database"
diff <("$app" --data-dir "$a" children --json) <("$source_app" --data-dir "$a" children --json) >/dev/null \
  || fail "the source install reads the built app's database differently"
pass "init, demo, children, audit verify in the built app; log in $(basename "$a")/logs"

# 5. A database made by the source install opens in the built app.
b="$work/made-by-source"
"$source_app" --data-dir "$b" init --name "Source Worker" --role worker \
  --policy visiting-policy-2019 --team "Team South" >/dev/null
"$source_app" --data-dir "$b" demo --children 8 --seed 7 >/dev/null
diff <("$app" --data-dir "$b" children --json) <("$source_app" --data-dir "$b" children --json) >/dev/null \
  || fail "children --json from the built app differs from the source install"
diff <("$app" --data-dir "$b" visits --json) <("$source_app" --data-dir "$b" visits --json) >/dev/null \
  || fail "visits --json from the built app differs from the source install"
count="$("$app" --data-dir "$b" children --json | json 'len(data)')"
pass "a database made by the source install opens in the built app ($count children, same JSON)"
set +e
err="$(VISITDESK_PASSPHRASE="not the passphrase" "$app" --data-dir "$b" children 2>&1 >/dev/null)"; code=$?
set -e
[ "$code" = 2 ] && ! grep -q Traceback <<<"$err" || fail "a wrong passphrase gave exit $code and: $err"
pass "wrong passphrase: exit 2 ($err)"

# 6. A database at the oldest schema is upgraded by the built app's own migration scripts,
#    after an encrypted backup copy beside it.
c="$work/old-schema"
mkdir -p "$c"
"$(dirname "$source_app")/python" - "$c/visitdesk.db" <<'PY'
import sys
from pathlib import Path

from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlalchemy.orm import sessionmaker

from visitdesk.storage import migrate
from visitdesk.storage.database import Database, _make_engine
from visitdesk.sync.identity import DeviceIdentity

path = Path(sys.argv[1])
engine = _make_engine(path, "packaging check passphrase", create=True)
db = Database(path, engine, sessionmaker(engine))
migrate.upgrade_to(db, ScriptDirectory.from_config(migrate.alembic_config()).get_base())
device = DeviceIdentity.generate()
with db.engine.begin() as conn:
    conn.execute(text(
        "INSERT INTO installation (id, device_id, worker_name, team, role, policy_id, region,"
        " device_secret, created_at) VALUES (1, :device, 'Old Worker', 'Team West', 'worker',"
        " 'getting-it-right-2018', 'england-and-wales', :secret, '2026-01-01 09:00:00')"),
        {"device": device.device_id, "secret": device.to_secret_bytes()})
    conn.execute(text(
        "INSERT INTO children (id, given_name, family_name, case_reference, address,"
        " household_notes, region, revision, created_at, updated_at) VALUES"
        " ('c1', 'Ada', 'Lovelace', 'R1', '', '', 'england-and-wales', 1,"
        " '2026-01-01 09:00:00', '2026-01-01 09:00:00')"))
db.close()
PY
names="$("$app" --data-dir "$c" children --json | json '",".join(c["name"] for c in data)')" \
  || fail "the built app could not open a database at the oldest schema"
[ "$names" = "Ada Lovelace" ] || fail "after the upgrade the children are '$names'"
ls "$c"/visitdesk.db.before-upgrade-* >/dev/null 2>&1 || fail "no backup copy was made before the upgrade"
diff <("$app" --data-dir "$c" children --json) <("$source_app" --data-dir "$c" children --json) >/dev/null \
  || fail "the source install reads the upgraded database differently"
pass "an old-schema database is upgraded by the built app, with a backup copy beside it"

# 7. PDF export from the built app: the embedded font is found.
child="$("$app" --data-dir "$b" children --json | json 'next(c["id"] for c in data if c["visits"])')"
visit="$("$app" --data-dir "$b" visits --json | json 'data[-1]["id"]')"
"$app" --data-dir "$b" export-pdf --child "$child" --out "$work/child.pdf" >/dev/null \
  || fail "export-pdf --child failed"
"$app" --data-dir "$b" export-pdf --visit "$visit" --out "$work/visit.pdf" >/dev/null \
  || fail "export-pdf --visit failed"
"$app" --data-dir "$b" export-pdf --visit "$visit" --password --out "$work/locked.pdf" >/dev/null \
  || fail "export-pdf --password failed"
for pdf in child visit locked; do
  [ "$(head -c 5 "$work/$pdf.pdf")" = "%PDF-" ] || fail "$pdf.pdf is not a PDF"
done
grep -aq "FontFile2" "$work/child.pdf" && grep -aq "DejaVuSans" "$work/child.pdf" \
  || fail "child.pdf has no embedded DejaVu Sans font"
grep -aq "/Encrypt" "$work/locked.pdf" || fail "the --password PDF is not encrypted"
pass "export-pdf: child ($(stat -c %s "$work/child.pdf") bytes) and visit records, font embedded; --password encrypts"

# 8. The app itself starts offscreen and waits in the first-run and unlock dialogs.
for case in "first-run:$work/fresh" "unlock:$b"; do
  what="${case%%:*}"; folder="${case#*:}"
  set +e
  timeout 6 "$app" --data-dir "$folder" >"$work/gui.out" 2>&1; code=$?
  set -e
  [ "$code" = 124 ] || fail "the $what dialog did not stay open offscreen (exit $code): $(cat "$work/gui.out")"
  ! grep -q "uncaught error" "$folder/logs/visitdesk.log" || fail "the $what start logged an uncaught error"
  grep -q "starting" "$folder/logs/visitdesk.log" || fail "the $what start wrote no log"
done
pass "the app starts offscreen and waits in the first-run and unlock dialogs"

leftover="$(find "$(dirname "$app")" -name __pycache__ | head -n 1)"
[ -z "$leftover" ] || fail "the app wrote $leftover into its own folder (installs are read-only)"
pass "nothing written into the app's own folder"

# 9. The Linux archive installs, runs from PATH and uninstalls, keeping users' data.
if [ -n "$archive" ]; then
  mkdir -p "$work/unpacked"
  tar -xzf "$archive" -C "$work/unpacked"
  top="$(ls "$work/unpacked")"
  VISITDESK_INSTALL_DIR="$work/opt/visitdesk" PREFIX="$work/usr" \
    bash "$work/unpacked/$top/install.sh" >/dev/null
  [ "$("$work/usr/bin/visitdesk" --version)" = "$built_version" ] || fail "the installed command does not run"
  desktop="$work/usr/share/applications/uk.org.visitdesk.VisitDesk.desktop"
  grep -q "^Exec=$work/opt/visitdesk/visitdesk$" "$desktop" || fail "the installed desktop entry does not start the app"
  [ -f "$work/usr/share/icons/hicolor/256x256/apps/uk.org.visitdesk.VisitDesk.png" ] || fail "no icon installed"
  if command -v desktop-file-validate >/dev/null; then
    desktop-file-validate "$desktop" || fail "the installed desktop entry does not validate"
  fi
  "$work/usr/bin/visitdesk" --data-dir "$b" children --json >/dev/null || fail "the installed app cannot open the database"
  VISITDESK_INSTALL_DIR="$work/opt/visitdesk" PREFIX="$work/usr" \
    bash "$work/unpacked/$top/install.sh" >/dev/null  # installing again is an upgrade in place
  VISITDESK_INSTALL_DIR="$work/opt/visitdesk" PREFIX="$work/usr" \
    bash "$work/unpacked/$top/uninstall.sh" >/dev/null
  [ ! -e "$work/opt/visitdesk" ] && [ ! -e "$work/usr/bin/visitdesk" ] && [ ! -e "$desktop" ] \
    || fail "uninstall left the app behind"
  [ -s "$b/visitdesk.db" ] || fail "uninstall touched the user's data"
  pass "$(basename "$archive"): install, upgrade in place, uninstall; user data kept"
else
  echo "skip  no dist/VisitDesk-*-linux-*.tar.gz to try install.sh with"
fi

# 10. Size and start times.
echo
echo "size:           $(du -sh "$(dirname "$app")" | cut -f1) unpacked${archive:+, $(du -h "$archive" | cut -f1) as $(basename "$archive")}"
best=""
for _ in 1 2 3 4 5; do
  start=$(date +%s%N); "$app" --version >/dev/null; took=$(ms_since "$start")
  if [ -z "$best" ] || [ "$took" -lt "$best" ]; then best=$took; fi
done
echo "--version:      ${best} ms (best of 5)"
start=$(date +%s%N); "$app" --data-dir "$b" children --json >/dev/null
echo "children:       $(ms_since "$start") ms (unlock and list $count children)"

if command -v Xvfb >/dev/null && command -v xdotool >/dev/null; then
  display=":$(( 90 + RANDOM % 100 ))"
  Xvfb "$display" -screen 0 1366x768x24 -nolisten tcp >/dev/null 2>&1 &
  xvfb_pid=$!
  sleep 1
  for case in "Welcome to VisitDesk:$work/fresh2" "Unlock VisitDesk:$b"; do
    title="${case%%:*}"; folder="${case#*:}"
    start=$(date +%s%N)
    DISPLAY="$display" QT_QPA_PLATFORM=xcb "$app" --data-dir "$folder" >/dev/null 2>&1 &
    gui=$!
    shown=""
    for _ in $(seq 1 200); do
      if DISPLAY="$display" xdotool search --onlyvisible --name "^$title\$" >/dev/null 2>&1; then
        shown=$(ms_since "$start"); break
      fi
      kill -0 "$gui" 2>/dev/null || break
      sleep 0.05
    done
    kill "$gui" 2>/dev/null || true
    wait "$gui" 2>/dev/null || true
    [ -n "$shown" ] || fail "the '$title' window did not appear under Xvfb"
    echo "first window:   '$title' shown after $shown ms (X11, Xvfb)"
  done
else
  echo "first window:   not timed (install Xvfb and xdotool to time it)"
fi
echo
echo "All checks passed."
