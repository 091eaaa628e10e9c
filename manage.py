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


def _print_preview(result, lang: str) -> None:
    """Counts and the as-of date before -> after, codes created, warnings, then the review items."""
    from config.i18n import t

    print(result.summary(lang))
    if result.created:
        print(t("import.created_codes", lang))
        for kind, year, code, name in result.created:
            print(f"  {kind} {code} ({year}, {name})")
    if result.warning_count:
        print(t("import.warnings", lang, count=f"{result.warning_count:,}"), file=sys.stderr)
        for line in _warnings_report(result).lines(lang, warnings=True):
            print(f"  {line}", file=sys.stderr)
    if result.reviews:
        key = "import.reviews" if result.load_log_id is None else "import.reviews_accepted"
        print(t(key, lang, count=f"{len(result.reviews):,}"))
        for line in result.review_lines(lang):
            print(f"  ! {line}")


@command("import")
def cmd_import(args: argparse.Namespace) -> int:
    """Preview (--dry-run) or import a file; review items need --accept-warnings (docs/IMPORT.md)."""
    from pathlib import Path

    from tqdm import tqdm

    from config.i18n import t
    from loading.importing import ImportCancelled, ImportNeedsConfirmation, ImportRefused, import_file

    lang = _lang(args)
    engine = _engine()
    name = Path(args.file).name
    bar = tqdm(desc=f"import {args.dataset}", unit=" rows", unit_scale=True, dynamic_ncols=True, file=sys.stderr,
               disable=None)

    def progress(done: int, total: int) -> None:
        bar.total = total
        bar.n = done
        bar.refresh()

    try:
        result = import_file(engine, args.dataset, args.file, name, user=args.user, lang=lang, progress=progress,
                             dry_run=args.dry_run, accept_warnings=args.accept_warnings)
    except ImportRefused as exc:
        bar.close()
        _print_refusal(exc.report, lang)
        return 2
    except ImportNeedsConfirmation as exc:
        bar.close()
        _print_preview(exc.result, lang)
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except ImportCancelled as exc:  # pragma: no cover - the CLI never cancels; Ctrl-C is KeyboardInterrupt
        bar.close()
        raise CommandError(str(exc)) from None
    bar.close()
    _print_preview(result, lang)
    if result.load_log_id is not None:
        print(t("import.load_id", lang, id=result.load_log_id))
    return 0


@command("revert")
def cmd_revert(args: argparse.Namespace) -> int:
    """Undo a load exactly (the latest still in force first); recorded as reverted by --user."""
    from loading.importing import RevertRefused, revert_load

    lang = _lang(args)
    try:
        result = revert_load(_engine(), args.load_id, user=args.user or _os_user(), lang=lang)
    except RevertRefused as exc:
        raise CommandError(str(exc)) from None
    print(result.summary(lang))
    return 0


@command("loads")
def cmd_loads(args: argparse.Namespace) -> int:
    """The load history, newest first (the ids `revert` takes)."""
    from data_access.load_log import load_history

    frame = load_history(engine=_engine(), limit=args.limit)
    if frame.empty:
        print("no loads")
        return 0
    frame["file_hash"] = frame["file_hash"].fillna("").str[:12]
    print(frame.drop(columns=["revertible"]).to_string(index=False))
    return 0


def _os_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no login name in some containers
        return "unknown"


def _ensure_folder(path: str) -> None:
    """Create the output file's folder if missing (a clear message if it cannot be)."""
    from pathlib import Path

    folder = Path(path).expanduser().parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise CommandError(f"cannot create the folder {folder}: {exc.strerror or exc}") from None


def _warnings_report(result):
    from loading.importing import ValidationReport

    return ValidationReport(dataset=result.dataset, filename=result.filename, rows=result.rows,
                            warnings=result.warnings, warning_count=result.warning_count)


@command("export")
def cmd_export(args: argparse.Namespace) -> int:
    from config.i18n import t
    from loading.importing import export_dataset

    lang = _lang(args)
    _ensure_folder(args.file)
    rows = export_dataset(_engine(), args.dataset, args.file, lang=lang)
    print(t("import.exported", lang, rows=f"{rows:,}", path=args.file))
    return 0


@command("template")
def cmd_template(args: argparse.Namespace) -> int:
    from config.i18n import t
    from loading.importing import write_template

    lang = _lang(args)
    _ensure_folder(args.file)
    try:
        write_template(args.dataset, args.file, lang=lang, engine=_engine())
    except (OperationalError, DBAPIError) as exc:  # the headers and the example need no database
        detail = str(getattr(exc, "orig", exc)).strip().splitlines()[0]
        print(f"warning: database unavailable, the template lists no codes: {detail}", file=sys.stderr)
        write_template(args.dataset, args.file, lang=lang)
    print(t("import.template_written", lang, path=args.file))
    return 0


# --- the briefing by mail (briefing.mail, briefing.subscriptions; README "The briefing by mail") -----

MAIL_UNAVAILABLE = 4  # exit status when the SMTP server is down or refuses the session


class MailFailed(Exception):
    """The SMTP server is unavailable: printed as one line, exit status MAIL_UNAVAILABLE."""


def _scope(division: str | None):
    from data_access.scope import Scope

    return Scope(division) if division else Scope.office()


def _report_outcomes(outcomes) -> int:
    """One line per recipient that did not get the mail; 1 when any, else 0."""
    failed = [o for o in outcomes if not o.sent]
    for o in failed:
        print(f"error: {o.address}: not sent ({o.status}): {o.detail}", file=sys.stderr)
    return 1 if failed else 0


@command("send-briefing")
def cmd_send_briefing(args: argparse.Namespace) -> int:
    from briefing.mail import Mailer, MailUnavailable, SmtpConfig, briefing_document, compose

    config = SmtpConfig.from_settings()
    engine = _engine()
    if args.division:
        from briefing.subscriptions import _division

        _division(engine, args.division)  # a clear message for an unknown division
    b, pdf = briefing_document(engine=engine, scope=_scope(args.division), lang=args.lang)
    outcomes = []
    try:
        with Mailer(config) as mailer:
            for address in args.to:
                outcomes.append(mailer.send(address, compose(b, pdf, sender=config.sender, to=address)))
    except MailUnavailable as exc:
        for o in outcomes:
            if o.sent:
                print(f"sent to {o.address}")
        sent = sum(o.sent for o in outcomes)
        raise MailFailed(f"{exc}; " + (f"sent to {sent}, not to the others" if sent else "nothing sent")) from None
    for o in outcomes:
        if o.sent:
            print(f"sent {b.title} ({b.as_of.isoformat()}, {len(pdf):,} bytes PDF) to {o.address}")
    return _report_outcomes(outcomes)


@command("subscribe")
def cmd_subscribe(args: argparse.Namespace) -> int:
    from briefing.subscriptions import subscribe

    new_id = subscribe(_engine(), address=args.address, scope=args.scope, schedule=args.schedule, lang=args.lang,
                       created_by=args.user or _os_user())
    print(f"subscription {new_id}: {args.address} gets the {args.scope} briefing {args.schedule} (Asia/Seoul)")
    return 0


def _os_user() -> str:
    import getpass as _getpass

    try:
        return _getpass.getuser()
    except (KeyError, OSError):  # pragma: no cover - no passwd entry
        return "cli"


@command("unsubscribe")
def cmd_unsubscribe(args: argparse.Namespace) -> int:
    from briefing.subscriptions import unsubscribe

    count = unsubscribe(_engine(), address=args.address, scope=args.scope)
    if not count:
        raise CommandError(f"{args.address} has no active subscription" + (f" to {args.scope}" if args.scope else ""))
    print(f"{count} subscription(s) of {args.address} cancelled")
    return 0


@command("list-subscriptions")
def cmd_list_subscriptions(args: argparse.Namespace) -> int:
    from briefing.subscriptions import list_subscriptions

    frame = list_subscriptions(_engine())
    print(frame.to_string(index=False) if len(frame) else "no subscriptions")
    return 0


@command("send-due")
def cmd_send_due(args: argparse.Namespace) -> int:
    """Send every due subscription's briefing once per period (README: claim, send, mark sent)."""
    from briefing import subscriptions as subs
    from briefing.mail import Mailer, MailUnavailable, SmtpConfig, briefing_document, compose

    engine = _engine()
    pending = subs.due(engine)
    if not pending:
        print("nothing due")
        return 0
    config = SmtpConfig.from_settings()
    documents: dict[tuple[str | None, str], tuple] = {}
    outcomes, skipped = [], 0
    try:
        with Mailer(config) as mailer:
            for sub, period in pending:
                if not subs.claim(engine, subscription_id=sub.id, period_start=period):
                    skipped += 1  # another run has it
                    continue
                try:
                    key = (sub.division_code, sub.lang)
                    if key not in documents:
                        documents[key] = briefing_document(engine=engine, scope=_scope(sub.division_code), lang=sub.lang)
                    b, pdf = documents[key]
                    outcome = mailer.send(sub.address, compose(b, pdf, sender=config.sender, to=sub.address))
                except BaseException:
                    subs.release(engine, subscription_id=sub.id, period_start=period)
                    raise
                if outcome.status == "retry":
                    subs.release(engine, subscription_id=sub.id, period_start=period)
                else:
                    subs.finish(engine, subscription_id=sub.id, period_start=period, status=outcome.status,
                                as_of=b.as_of, detail=outcome.detail)
                outcomes.append(outcome)
    except MailUnavailable as exc:
        sent = sum(o.sent for o in outcomes)
        raise MailFailed(f"{exc}; sent {sent}, the rest stay due for the next run") from None
    sent = [o for o in outcomes if o.sent]
    print(f"sent {len(sent)}" + (f", skipped {skipped} (another run is sending them)" if skipped else "")
          + "".join(f"\nsent to {o.address}" for o in sent))
    return _report_outcomes(outcomes)


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
    p.add_argument("--dry-run", action="store_true",
                   help="preview: check the file and show what it would change (counts, as-of date, codes); write nothing")
    p.add_argument("--accept-warnings", action="store_true",
                   help="import even with review items (a date far beyond the others, new codes, ten-fold amounts)")
    p.add_argument("--lang", choices=["ko", "en"], help="message language (default: Korean; English if LANG=en*)")
    p = sub.add_parser("revert", help="undo a load exactly (latest first; ids from `loads`)")
    p.add_argument("load_id", type=int)
    p.add_argument("--user", help="recorded as who reverted it (default: the OS user)")
    p.add_argument("--lang", choices=["ko", "en"])
    p = sub.add_parser("loads", help="list the load history, newest first")
    p.add_argument("--limit", type=int, default=50)
    p = sub.add_parser("export", help="export a dataset in the import format (.csv or .xlsx)")
    p.add_argument("dataset", choices=datasets)
    p.add_argument("file")
    p.add_argument("--lang", choices=["ko", "en"])
    p = sub.add_parser("template", help="write an empty import file with headers and an example row")
    p.add_argument("dataset", choices=datasets)
    p.add_argument("file")
    p.add_argument("--lang", choices=["ko", "en"])

    schedule_help = "weekly:DAY:HH (weekly:MON:08) or monthly:D:HH (monthly:1:08, day 1-28), Asia/Seoul"
    p = sub.add_parser("send-briefing", help="mail the briefing PDF now (DASHBOARD_SMTP_* settings)")
    p.add_argument("--to", nargs="+", required=True, metavar="ADDRESS", help="one message per address")
    p.add_argument("--division", choices=divisions, help="a division's briefing (default: the whole office)")
    p.add_argument("--lang", choices=["ko", "en"], default="ko")
    p = sub.add_parser("subscribe", help="mail ADDRESS the briefing on a schedule (sent by send-due)")
    p.add_argument("address")
    p.add_argument("--scope", required=True, metavar="office|DIVISION", help="office or a division code")
    p.add_argument("--schedule", required=True, help=schedule_help)
    p.add_argument("--lang", choices=["ko", "en"], default="ko")
    p.add_argument("--user", help="recorded as who subscribed (default: the OS user)")
    p = sub.add_parser("unsubscribe", help="cancel ADDRESS's subscriptions (of one scope, or all)")
    p.add_argument("address")
    p.add_argument("--scope", metavar="office|DIVISION")
    sub.add_parser("list-subscriptions", help="subscriptions, their current period and last delivery")
    sub.add_parser("send-due", help="send every subscription whose current period has no delivery yet (timer)")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except CommandError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except MailFailed as exc:
        print(f"error: {exc}", file=sys.stderr)
        return MAIL_UNAVAILABLE
    except FileNotFoundError as exc:  # e.g. briefing.pdf.FontMissingError: the text says what to install
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
