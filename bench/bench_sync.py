"""Benchmark: a bundle of 10,000 visit records exported by a worker and imported by a manager.

Run: python bench/bench_sync.py   (targets: export under 5 s, import under 5 s)
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic import PASSPHRASE, build  # noqa: E402

from visitdesk.services import syncing  # noqa: E402
from visitdesk.services.workspace import initialise  # noqa: E402


def main() -> None:
    root = Path(tempfile.mkdtemp(prefix="visitdesk-bench-sync-"))
    worker = build(root / "worker", children=500, visits_per_child=20, decided=False)
    manager = initialise(
        root / "manager",
        PASSPHRASE,
        name="Bench Manager",
        role="manager",
        policy_id="visiting-policy-2019",
    )
    syncing.export_card(worker, root / "w.vdcard")
    syncing.export_card(manager, root / "m.vdcard")
    syncing.import_card(manager, root / "w.vdcard")
    syncing.import_card(worker, root / "m.vdcard")

    t = time.perf_counter()
    summary = syncing.export_bundle(worker, root / "w1.vdbundle", include_drafts=True)
    exported = time.perf_counter() - t
    size = (root / "w1.vdbundle").stat().st_size
    t = time.perf_counter()
    got = syncing.import_bundle(manager, root / "w1.vdbundle")
    imported = time.perf_counter() - t
    print(f"bundle of {summary.counts['visits']} visits ({size / 1e6:.1f} MB on disk)")
    print(f"export: {exported:.2f} s (target < 5 s)")
    print(f"import: {imported:.2f} s (target < 5 s); applied {got.counts['visits']} visits")
    worker.close()
    manager.close()


if __name__ == "__main__":
    main()
