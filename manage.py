#!/usr/bin/env python3
"""Admin CLI of the dashboard: `python manage.py --help`.

Errors print one clear line and exit non-zero, never a traceback. The database comes from
DATABASE_URL (unset: the embedded demo at data/demo.sqlite3).
"""
from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Callable

from sqlalchemy.exc import DBAPIError, OperationalError

COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {}


class CommandError(Exception):
    """A user-facing error: printed as one line, exit status 2."""


def command(name: str):
    def register(fn):
        COMMANDS[name] = fn
        return fn

    return register


def _engine():
    from data_access.db import get_engine

    return get_engine()


def _progress_bar(desc: str, total: int):
    from tqdm import tqdm

    return tqdm(total=total, desc=desc, unit=" datasets", dynamic_ncols=True, file=sys.stderr)


@command("init-db")
def cmd_init_db(args: argparse.Namespace) -> int:
    from data_access import migrate

    engine = _engine()
    if args.demo_if_empty:
        from config.settings import get_settings
        from loading.bootstrap import is_empty, prepare_demo

        migrate.upgrade(engine)
        if get_settings().demo_mode and is_empty(engine):
            return cmd_load_demo(args)
        if get_settings().demo_mode:
            prepare_demo(engine)
    else:
        migrate.upgrade(engine)
    print(f"database at revision {migrate.current_revision(engine)}")
    return 0


@command("downgrade")
def cmd_downgrade(args: argparse.Namespace) -> int:
    from data_access import migrate

    engine = _engine()
    migrate.downgrade(engine, args.revision)
    print(f"database at revision {migrate.current_revision(engine)}")
    return 0


@command("load-demo")
def cmd_load_demo(args: argparse.Namespace) -> int:
    from data_access import migrate
    from loading.bootstrap import prepare_demo
    from loading.demo import DATASETS, load_demo

    engine = _engine()
    migrate.upgrade(engine)
    with _progress_bar("load-demo", len(DATASETS)) as bar:
        def progress(dataset: str, index: int, total: int) -> None:
            bar.total = total
            bar.n = index
            bar.set_postfix_str(dataset)
            bar.refresh()

        written = load_demo(engine, progress=progress)
    prepare_demo(engine)  # demo accounts (demo mode only)
    print("loaded demo data: " + ", ".join(f"{name} {rows:,}" for name, rows in written.items()))
    return 0


@command("gen-scale")
def cmd_gen_scale(args: argparse.Namespace) -> int:
    """Add city-scale synthetic history (PostgreSQL) that leaves the current period's figures unchanged."""
    import time

    from tqdm import tqdm

    from data_access import migrate
    from loading.scale import generate_scale

    engine = _engine()
    if engine.dialect.name != "postgresql":
        raise CommandError("gen-scale needs PostgreSQL (it streams with COPY); set DATABASE_URL to a "
                           "postgresql:// database loaded with `manage.py load-demo`")
    migrate.upgrade(engine)
    started = time.monotonic()
    with tqdm(total=args.complaints, desc="gen-scale", unit=" complaints", unit_scale=True, dynamic_ncols=True,
              file=sys.stderr) as bar:
        def phase(message: str) -> None:
            bar.write(f"[{time.monotonic() - started:6.1f}s] {message}", file=sys.stderr)

        written = generate_scale(engine, complaints=args.complaints, years=args.years, seed=args.seed,
                                 phase=phase, advance=bar.update)
    print(f"gen-scale done in {written.pop('seconds')} s: " + ", ".join(f"{k} {v:,}" for k, v in written.items()))
    return 0


def _read_password(args: argparse.Namespace) -> str:
    """A password from standard input (`--password-stdin`) or an interactive prompt; never argv."""
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = getpass.getpass("비밀번호 / password: ")
        if getpass.getpass("다시 입력 / again: ") != password:
            raise CommandError("passwords do not match")
    if len(password) < 10:
        raise CommandError("password must be at least 10 characters")
    return password


@command("add-user")
def cmd_add_user(args: argparse.Namespace) -> int:
    from auth import accounts

    accounts.add_user(_engine(), username=args.username, name=args.name or args.username, role=args.role,
                      division_code=args.division, password=_read_password(args), email=args.email or "")
    print(f"user {args.username} added ({args.role})")
    return 0


@command("disable-user")
def cmd_disable_user(args: argparse.Namespace) -> int:
    from auth import accounts

    accounts.disable_user(_engine(), username=args.username)
    print(f"user {args.username} disabled; their sessions are revoked")
    return 0


@command("reset-password")
def cmd_reset_password(args: argparse.Namespace) -> int:
    from auth import accounts

    accounts.reset_password(_engine(), username=args.username, password=_read_password(args))
    print(f"password of {args.username} reset; their sessions are revoked")
    return 0


@command("revoke-sessions")
def cmd_revoke_sessions(args: argparse.Namespace) -> int:
    from auth import accounts

    revoked = accounts.revoke_user_sessions(_engine(), username=args.username)
    print(f"{revoked} open session(s) of {args.username} revoked")
    return 0


@command("list-users")
def cmd_list_users(args: argparse.Namespace) -> int:
    from auth import accounts

    frame = accounts.list_users(_engine())
    print(frame.to_string(index=False) if len(frame) else "no users")
    return 0


# --- data import / export (loading.importing; formats in docs/IMPORT.md) -------------------


def _lang(args: argparse.Namespace) -> str:
    """--lang, else English when LANG starts with 'en', else Korean."""
    import os

    if getattr(args, "lang", None):
        return args.lang
    return "en" if os.environ.get("LANG", "").lower().startswith("en") else "ko"


def _print_refusal(report, lang: str) -> None:
    """One line for a single problem; else a summary line and one line per problem (capped)."""
    if report.error_count == 1 and report.errors:
        print(f"error: {report.filename}: {report.errors[0].line(lang)}", file=sys.stderr)
        return
    print(f"error: {report.summary(lang)}", file=sys.stderr)
    for line in report.lines(lang):
        print(f"  {line}", file=sys.stderr)


@command("import")
def cmd_import(args: argparse.Namespace) -> int:
    from pathlib import Path

    from tqdm import tqdm

    from config.i18n import t
    from loading.importing import ImportCancelled, ImportRefused, import_file, validate_file

    lang = _lang(args)
    engine = _engine()
    name = Path(args.file).name
    if args.dry_run:
        report = validate_file(args.dataset, args.file, name, lang, engine=engine)
        if not report.ok:
            _print_refusal(report, lang)
            return 2
        print(report.summary(lang))
        for line in report.lines(lang, warnings=True):
            print(f"  {line}", file=sys.stderr)
        return 0
    bar = tqdm(desc=f"import {args.dataset}", unit=" rows", unit_scale=True, dynamic_ncols=True, file=sys.stderr,
               disable=None)

    def progress(done: int, total: int) -> None:
        bar.total = total
        bar.n = done
        bar.refresh()

    try:
        result = import_file(engine, args.dataset, args.file, name, user=args.user, lang=lang, progress=progress)
    except ImportRefused as exc:
        bar.close()
        _print_refusal(exc.report, lang)
        return 2
    except ImportCancelled as exc:  # pragma: no cover - the CLI never cancels; Ctrl-C is KeyboardInterrupt
        bar.close()
        raise CommandError(str(exc)) from None
    bar.close()
    print(result.summary(lang))
    if result.warning_count:
        print(t("import.warnings", lang, count=f"{result.warning_count:,}"), file=sys.stderr)
        for line in _warnings_report(result).lines(lang, warnings=True):
            print(f"  {line}", file=sys.stderr)
    return 0


def _warnings_report(result):
    from loading.importing import ValidationReport

    return ValidationReport(dataset=result.dataset, filename=result.filename, rows=result.rows,
                            warnings=result.warnings, warning_count=result.warning_count)


@command("export")
def cmd_export(args: argparse.Namespace) -> int:
    from config.i18n import t
    from loading.importing import export_dataset

    lang = _lang(args)
    rows = export_dataset(_engine(), args.dataset, args.file, lang=lang)
    print(t("import.exported", lang, rows=f"{rows:,}", path=args.file))
    return 0


@command("template")
def cmd_template(args: argparse.Namespace) -> int:
    from config.i18n import t
    from loading.importing import write_template

    lang = _lang(args)
    write_template(args.dataset, args.file, lang=lang)
    print(t("import.template_written", lang, path=args.file))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="manage.py", description="시민소통기획관 대시보드 관리 도구 / admin CLI")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("init-db", help="migrate the database to the latest schema")
    p.add_argument("--demo-if-empty", action="store_true", help="in demo mode, also load the demo data if empty")
    p = sub.add_parser("downgrade", help="migrate the database down (default: to an empty schema)")
    p.add_argument("revision", nargs="?", default="base")
    sub.add_parser("load-demo", help="replace the reporting data with the demo dataset (2016 report)")
    p = sub.add_parser("gen-scale", help="add city-scale synthetic history (PostgreSQL) for load tests")
    p.add_argument("--complaints", type=int, default=10_000_000, help="complaints to add (default 10,000,000)")
    p.add_argument("--years", type=int, default=10, help="years of history up to the as-of date (default 10)")
    p.add_argument("--seed", type=int, default=20_160_810, help="random seed (same seed, same data)")

    roles = ["admin", "executive", "division_head", "display"]
    divisions = ["civic", "brand", "service", "newmedia", "rapid"]
    p = sub.add_parser("add-user", help="add a user; the password is read from a prompt or stdin")
    p.add_argument("username")
    p.add_argument("--role", required=True, choices=roles)
    p.add_argument("--division", choices=divisions, help="required for division_head")
    p.add_argument("--name", help="display name")
    p.add_argument("--email")
    p.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    p = sub.add_parser("disable-user", help="disable a user and revoke their sessions")
    p.add_argument("username")
    p = sub.add_parser("reset-password", help="set a new password and revoke the user's sessions")
    p.add_argument("username")
    p.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    p = sub.add_parser("revoke-sessions", help="sign a user out everywhere (open pages end within a minute)")
    p.add_argument("username")
    sub.add_parser("list-users", help="list users, roles and status")

    datasets = ["budget", "complaints", "hall_visits", "brand_reach", "sns_followers", "targets"]
    p = sub.add_parser("import", help="validate and import a data file (.csv or .xlsx; docs/IMPORT.md)")
    p.add_argument("dataset", choices=datasets)
    p.add_argument("file")
    p.add_argument("--user", help="recorded in the load log (default: the OS user)")
    p.add_argument("--dry-run", action="store_true", help="only check the file; write nothing")
    p.add_argument("--lang", choices=["ko", "en"], help="message language (default: Korean; English if LANG=en*)")
    p = sub.add_parser("export", help="export a dataset in the import format (.csv or .xlsx)")
    p.add_argument("dataset", choices=datasets)
    p.add_argument("file")
    p.add_argument("--lang", choices=["ko", "en"])
    p = sub.add_parser("template", help="write an empty import file with headers and an example row")
    p.add_argument("dataset", choices=datasets)
    p.add_argument("file")
    p.add_argument("--lang", choices=["ko", "en"])
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except CommandError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except ValueError as exc:  # validation errors from data_access raise ValueError with a clear text
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except (OperationalError, DBAPIError) as exc:
        detail = str(getattr(exc, "orig", exc)).strip().splitlines()[0]
        print(f"error: database unavailable or refused the command: {detail}", file=sys.stderr)
        return 3
    except KeyboardInterrupt:
        print("interrupted; nothing half-written (each command runs in one transaction)", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
