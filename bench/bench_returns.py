"""Benchmark: the returns for the synthetic caseload of 5,000 children and 100,000 visits.

Run: python bench/bench_returns.py [--runs N]   (targets: Annex A under 3 s, the SSD under 3 s)

For each return, times building the tables from the encrypted database (``returns.annex_a``,
``returns.ssd``) and writing the CSV files (``returns.write_return``, each file whole, with its
audit entry), and prints the median of the runs for each, and building plus writing against
the 3 s target. Everything is made in a temporary folder and removed afterwards.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from synthetic import build  # noqa: E402

from visitdesk.services import returns  # noqa: E402

TARGET_S = 3.0


def _median_times(runs: int, make, save) -> tuple[float, float, dict]:  # noqa: ANN001
    built, written, tables = [], [], {}
    for _ in range(runs):
        t = time.perf_counter()
        tables = make()
        built.append(time.perf_counter() - t)
        t = time.perf_counter()
        save(tables)
        written.append(time.perf_counter() - t)
    return statistics.median(built), statistics.median(written), tables


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs of each return (default 3)")
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="visitdesk-bench-returns-"))
    try:
        t = time.perf_counter()
        ws = build(root / "data")
        print(f"synthetic caseload built in {time.perf_counter() - t:.1f} s")
        out = root / "out"
        as_of = ws.today()
        ok = True
        print(f"{'return':<16}{'build':>10}{'write':>10}{'total':>10}   rows")
        for what, make in (
            ("annex_a", lambda: returns.annex_a(ws, as_of)),
            ("ssd", lambda: returns.ssd(ws)),
        ):

            def save(tables, what=what) -> None:  # noqa: ANN001
                returns.write_return(ws, out / what, tables, overwrite=True, what=what)

            built, written, tables = _median_times(args.runs, make, save)
            total = built + written
            ok = ok and total < TARGET_S
            rows = ", ".join(f"{Path(n).stem} {len(r)}" for n, (_h, r) in tables.items())
            print(
                f"{what:<16}{built:>8.2f} s{written:>8.2f} s{total:>8.2f} s   {rows}  "
                f"(target < {TARGET_S:.0f} s: {'met' if total < TARGET_S else 'MISSED'})"
            )
        print("result:", "all targets met" if ok else "TARGET MISSED")
        ws.close()
        return 0 if ok else 1
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
