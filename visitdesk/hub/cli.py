"""``visitdesk-hub``: set up, enrol devices at and serve the team hub.

Exit 0 on success; 2 with one line on stderr for bad input or a database that cannot be
reached (never a traceback).
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path
from urllib.parse import urlsplit

from visitdesk import __version__
from visitdesk.errors import UserError

DEFAULT_PORT = 8443


def _init(args: argparse.Namespace) -> int:
    from visitdesk.hub import config, database, tls
    from visitdesk.names import name_problem
    from visitdesk.sync import DeviceIdentity

    folder = Path(args.dir)
    if (folder / config.SETTINGS).exists() or (folder / config.KEY_FILE).exists():
        raise UserError(f"{folder} already holds a hub; give an empty folder")
    problem = name_problem(args.team, "team", required=True)
    if problem:
        raise UserError(problem)
    hosts = args.host or ["localhost"]
    address = f"https://{hosts[0]}:{args.port}"
    engine = database.engine_for(args.database)
    revision = database.migrate(engine)
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    pin = tls.write_certificate(folder, hosts)
    identity = DeviceIdentity.generate()
    if args.authority:
        from visitdesk.standards.authority import load_authority

        load_authority(args.authority)  # an unknown authority stops here, before anything
    settings = config.HubConfig(
        folder,
        args.database,
        args.team,
        args.name or f"{args.team} hub",
        address,
        pin,
        authority=args.authority or "",
    )
    card = settings.card(identity)  # checks the address and names before anything is written
    config.save(settings, identity)
    print(f"Hub set up for {args.team} (schema {revision}) at {address}")
    print(f"Certificate pin: {pin}")
    print(f"Fingerprint: {card.fingerprint}")
    return 0


def _card(args: argparse.Namespace) -> int:
    from visitdesk.fileio import write_atomically
    from visitdesk.hub import config

    card = config.load(Path(args.dir)).card()
    write_atomically(Path(args.out), card.to_bytes(), what="card", overwrite=args.force)
    print(f"Hub card written; fingerprint {card.fingerprint}")
    return 0


def _enrol(args: argparse.Namespace) -> int:
    from visitdesk.hub import config, database, store
    from visitdesk.sync.cards import read_card_file

    settings = config.load(Path(args.dir))
    cards = [read_card_file(Path(path)) for path in args.cards]  # all read before any enrols
    engine = database.engine_for(settings.database, pool_size=1)
    for card in cards:
        done = store.enrol(engine, card, settings.team)
        verb = "Enrolled" if done.new else "Already enrolled"
        print(f"{verb} {done.name} ({done.role}), fingerprint {done.fingerprint}")
    return 0


def _revoke(args: argparse.Namespace) -> int:
    from visitdesk.hub import config, database, store

    settings = config.load(Path(args.dir))
    name = store.revoke(database.engine_for(settings.database, pool_size=1), args.device)
    print(f"Revoked {name}'s device: the hub refuses it from now on")
    return 0


def _devices(args: argparse.Namespace) -> int:
    from visitdesk.hub import config, database, store

    settings = config.load(Path(args.dir))
    rows = store.devices(database.engine_for(settings.database, pool_size=1))
    if args.json:
        print(json.dumps(rows, indent=2))
        return 0
    for row in rows:
        state = "revoked" if row["revoked"] else f"{row['waiting']} waiting"
        print(f"{row['device_id'][:12]}  {row['role']:<8} {row['name']}  ({state})")
    return 0


def _check_audit(args: argparse.Namespace) -> int:
    from sqlalchemy.orm import Session

    from visitdesk.hub import config, database, store

    settings = config.load(Path(args.dir))
    with Session(database.engine_for(settings.database, pool_size=1)) as session:
        problem = store.check_audit(session)
        seq, head = store.audit_head(session)
    if problem:
        raise UserError(f"the hub's audit trail is not whole: {problem}")
    if args.since:
        noted_seq, _, noted_hash = args.since.partition(":")
        with Session(database.engine_for(settings.database, pool_size=1)) as session:
            kept = store.audit_hash(session, int(noted_seq)) if noted_seq.isdigit() else None
        if kept is None or kept != noted_hash:
            raise UserError(
                f"the hub's audit trail is not whole: entry {noted_seq}, noted earlier, "
                "is missing or changed"
            )
    # The chain shows an entry changed or taken out; entries cut off the end show only against
    # a head noted earlier, so say where it ends now.
    print(f"The hub's audit trail is whole: {seq} entries, the last with hash {head}")
    return 0


def _team_copy(args: argparse.Namespace):
    from visitdesk.hub import config, database, views

    settings = config.load(Path(args.dir))
    engine = database.engine_for(settings.database, pool_size=1)
    return settings, views.team_copy(engine, settings, args.authority or settings.authority)


def _caseload(args: argparse.Namespace) -> int:
    from visitdesk.commands_caseload import caseload_table
    from visitdesk.services.caseload import work_out
    from visitdesk.standards.case import parse_date

    as_of = None if args.as_of is None else parse_date(args.as_of, "--as-of")
    _settings, copy = _team_copy(args)
    with copy as (ws, replayed):
        rows = work_out(ws, as_of or ws.today(), remember=False)
    if args.json:
        print(json.dumps([row.to_json() for row in rows], ensure_ascii=False, indent=2))
    else:
        print(caseload_table(rows))
    if replayed.refused:
        print(f"{replayed.refused} bundles were refused by the rules", file=sys.stderr)
    return 0


def _export(args: argparse.Namespace) -> int:
    from visitdesk.commands_returns import saved_line
    from visitdesk.services import returns
    from visitdesk.standards.case import parse_date

    what = "annex_a" if args.what == "annex-a" else "ssd"
    as_of = None if args.as_of is None else parse_date(args.as_of, "--as-of")
    out = Path(args.out).expanduser()
    settings, copy = _team_copy(args)
    hub_folder = settings.folder.resolve()
    if out.resolve() == hub_folder or hub_folder in out.resolve().parents:
        raise UserError("save the return outside the hub's folder")
    names = returns.ANNEX_A_FILES if what == "annex_a" else returns.SSD_FILES
    with copy as (ws, _replayed):
        returns.check_return_folder(
            ws, out, names, overwrite=args.force, what=returns.RETURNS[what]
        )
        tables = returns.annex_a(ws, as_of or ws.today()) if what == "annex_a" else returns.ssd(ws)
        returns.write_return(ws, out, tables, overwrite=args.force, what=what)
    print(saved_line(returns.RETURNS[what], out, tables))
    return 0


def _listen(text: str) -> tuple[str, int]:
    host, _, port = text.rpartition(":")
    if not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise UserError("--listen must be HOST:PORT, for example 0.0.0.0:8443")
    return host.strip("[]"), int(port)


def _serve(args: argparse.Namespace) -> int:
    import uvicorn

    from visitdesk.hub import config, database
    from visitdesk.hub.app import make_app

    settings = config.load(Path(args.dir))
    # By default, the port the devices were told in the hub's card (init --port).
    listen = args.listen or f"127.0.0.1:{urlsplit(settings.address).port or 443}"
    host, port = _listen(listen)
    engine = database.engine_for(settings.database)
    database.migrate(engine)
    app = make_app(engine, settings.identity())
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(levelname)s %(message)s")
    print(f"Hub serving {settings.team} on https://{host}:{port}", flush=True)
    uvicorn.run(
        app,
        host=host,
        port=port,
        ssl_certfile=str(settings.cert_file),
        ssl_keyfile=str(settings.tls_key_file),
        log_level="warning",
        access_log=False,
        timeout_keep_alive=10,
        limit_concurrency=1000,
    )
    return 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="visitdesk-hub", description="The VisitDesk team hub.")
    p.add_argument("--version", action="version", version=f"visitdesk-hub {__version__}")
    sub = p.add_subparsers(dest="command", required=True)
    init = sub.add_parser("init", help="create the schema, the hub's keys and TLS certificate")
    init.add_argument("--database", required=True, help="postgresql://user:password@host/db")
    init.add_argument("--dir", required=True)
    init.add_argument("--team", required=True)
    init.add_argument("--name", help="the hub's name on its card (default: TEAM hub)")
    init.add_argument(
        "--host", action="append", help="a name or address devices reach the hub by (repeat)"
    )
    init.add_argument("--port", type=int, default=DEFAULT_PORT)
    init.add_argument(
        "--authority", help="whose standards judge the team, for the hub's caseload and returns"
    )
    init.set_defaults(run=_init)
    caseload = sub.add_parser("caseload", help="the whole team's caseload status, from the hub")
    caseload.add_argument("--dir", required=True)
    caseload.add_argument("--authority", help="default: the one given at init")
    caseload.add_argument("--as-of", metavar="YYYY-MM-DD")
    caseload.add_argument("--json", action="store_true")
    caseload.set_defaults(run=_caseload)
    export = sub.add_parser("export", help="the team's Annex A or SSD files, from the hub")
    export.add_argument("what", choices=("annex-a", "ssd"))
    export.add_argument("--dir", required=True)
    export.add_argument("--out", required=True, metavar="FOLDER")
    export.add_argument("--authority", help="default: the one given at init")
    export.add_argument("--as-of", metavar="YYYY-MM-DD")
    export.add_argument("--force", action="store_true")
    export.set_defaults(run=_export)
    card = sub.add_parser("card", help="write the hub's card, for devices to import")
    card.add_argument("--dir", required=True)
    card.add_argument("--out", required=True)
    card.add_argument("--force", action="store_true")
    card.set_defaults(run=_card)
    enrol = sub.add_parser("enrol", help="enrol devices' cards")
    enrol.add_argument("--dir", required=True)
    enrol.add_argument("cards", nargs="+", metavar="CARD")
    enrol.set_defaults(run=_enrol)
    revoke = sub.add_parser("revoke", help="refuse a device from now on")
    revoke.add_argument("--dir", required=True)
    revoke.add_argument("device", metavar="DEVICE_ID")
    revoke.set_defaults(run=_revoke)
    devices = sub.add_parser("devices", help="the devices enrolled, and what waits for each")
    devices.add_argument("--dir", required=True)
    devices.add_argument("--json", action="store_true")
    devices.set_defaults(run=_devices)
    check = sub.add_parser("check-audit", help="check the hub's audit trail is whole")
    check.add_argument("--dir", required=True)
    check.add_argument(
        "--since",
        metavar="SEQ:HASH",
        help="an entry noted from an earlier check: it must still be there, unchanged",
    )
    check.set_defaults(run=_check_audit)
    serve = sub.add_parser("serve", help="serve devices over HTTPS")
    serve.add_argument("--dir", required=True)
    serve.add_argument(
        "--listen",
        metavar="HOST:PORT",
        help="where to answer (default: 127.0.0.1 and the port in the hub's address)",
    )
    serve.set_defaults(run=_serve)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.run(args)
    except UserError as exc:
        print(f"visitdesk-hub: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
