"""The briefing by mail, against a real SMTP server (aiosmtpd on a free loopback port) started here.

manage.py runs as a user (or the systemd timer) runs it: a subprocess with DATABASE_URL and the
DASHBOARD_SMTP_* settings. The message that arrives is parsed back with the standard library: the
subject decodes to Korean, the PDF attachment (Korean file name) opens and pdftotext finds Korean
text in it; send-due twice (and two at once on PostgreSQL) sends each subscription once; an SMTP
server that is down or refuses the session gets nothing sent and nothing recorded.
"""
from __future__ import annotations

import email
import os
import shutil
import socket
import subprocess
import sys
import threading
from email import policy
from pathlib import Path

import pytest
from sqlalchemy import delete, func, select

from data_access.models import MailDelivery, MailSubscription
from tests.conftest import ROOT

POPPLER = shutil.which("pdftotext") is not None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Inbox:
    """aiosmtpd handler: keeps every message; refuses recipients whose local part starts with 'nobody'."""

    def __init__(self):
        self.messages: list[tuple[list[str], bytes]] = []
        self.lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802 - aiosmtpd hook
        if address.startswith("nobody"):
            return "550 5.1.1 no such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd hook
        with self.lock:
            self.messages.append((list(envelope.rcpt_tos), envelope.original_content or envelope.content))
        return "250 Message accepted for delivery"

    def parsed(self) -> list[tuple[list[str], email.message.EmailMessage]]:
        with self.lock:
            return [(to, email.message_from_bytes(raw, policy=policy.default)) for to, raw in self.messages]

    def clear(self) -> None:
        with self.lock:
            self.messages.clear()


@pytest.fixture(scope="module")
def smtp():
    from aiosmtpd.controller import Controller

    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield controller, inbox
    controller.stop()


@pytest.fixture
def mail_db(demo_engine, smtp):
    """The demo database with no subscriptions or deliveries, and an empty inbox."""
    def clean():
        with demo_engine.begin() as conn:
            conn.execute(delete(MailDelivery))
            conn.execute(delete(MailSubscription))
    clean()
    smtp[1].clear()
    yield demo_engine
    clean()


def manage(engine, *args: str, port: int, timeout: float = 240) -> subprocess.CompletedProcess:
    env = {**os.environ, "DATABASE_URL": engine.url.render_as_string(hide_password=False), "PYTHONPATH": str(ROOT),
           "DASHBOARD_SMTP_HOST": "127.0.0.1", "DASHBOARD_SMTP_PORT": str(port), "DASHBOARD_SMTP_STARTTLS": "0",
           "DASHBOARD_SMTP_FROM": "dashboard@seoul.example.kr"}
    for key in ("DASHBOARD_DEMO", "DASHBOARD_SMTP_USER", "DASHBOARD_SMTP_PASSWORD"):
        env.pop(key, None)
    return subprocess.run([sys.executable, str(ROOT / "manage.py"), *args], capture_output=True, text=True,
                          env=env, timeout=timeout, cwd=ROOT)


def deliveries(engine) -> list[tuple[int, str]]:
    with engine.connect() as conn:
        return sorted(conn.execute(select(MailDelivery.subscription_id, MailDelivery.status)).all())


def pdf_text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "attached.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True).stdout


@pytest.mark.skipif(not POPPLER, reason="poppler-utils (pdftotext) not installed")
def test_send_briefing_delivers_korean_subject_body_and_pdf(mail_db, smtp, tmp_path):
    """The message arrives: Korean subject decoded, summary in the body, the PDF attached under a Korean name."""
    from briefing.model import build_briefing
    from data_access.scope import Scope
    import datetime as dt

    controller, inbox = smtp
    result = manage(mail_db, "send-briefing", "--to", "exec@seoul.example.kr", port=controller.port)
    assert result.returncode == 0, result.stderr
    [(rcpt, msg)] = inbox.parsed()
    assert rcpt == ["exec@seoul.example.kr"]
    assert msg["Subject"] == "[시민소통기획관] 시민소통기획관 주요업무 브리핑 (2016. 8. 10. 기준)"
    raw = inbox.messages[0][1].decode("ascii")  # the wire form is 7-bit: encoded words and RFC 2231
    assert "Subject: =?utf-8?" in raw and "filename*0*=utf-8''" in raw
    b = build_briefing(engine=mail_db, scope=Scope.office(), as_of=dt.date(2016, 8, 10), lang="ko")
    text = msg.get_body(preferencelist=("plain",)).get_content()
    for sentence in b.summary:
        assert f"- {sentence}" in text
    [attachment] = list(msg.iter_attachments())
    assert attachment.get_content_type() == "application/pdf"
    assert attachment.get_filename() == "시민소통기획관_브리핑_2016-08-10.pdf"
    pdf = attachment.get_content()
    assert pdf.startswith(b"%PDF-")
    extracted = pdf_text(pdf, tmp_path)
    assert "시민소통기획관 주요업무 브리핑" in extracted
    assert "2016. 8. 10." in extracted


def test_send_briefing_division_in_english(mail_db, smtp):
    """--division and --lang en: the division's briefing, English subject and file name."""
    controller, inbox = smtp
    result = manage(mail_db, "send-briefing", "--to", "civic@seoul.example.kr", "--division", "civic", "--lang", "en",
                    port=controller.port)
    assert result.returncode == 0, result.stderr
    [(_, msg)] = inbox.parsed()
    assert msg["Subject"].startswith("[Citizen Communication Planning Office] ")
    assert msg["Subject"].endswith("(as of 10 Aug 2016)")
    [attachment] = list(msg.iter_attachments())
    from data_access import org
    from data_access.scope import Scope

    divisions = org.divisions(engine=mail_db, scope=Scope("civic"))
    name_en = divisions.loc[divisions["division_code"] == "civic", "name_en"].item()
    assert name_en in msg["Subject"]
    assert attachment.get_filename() == f"{name_en.replace(' ', '_')}_briefing_2016-08-10.pdf"


def test_bad_address_is_reported_and_the_others_still_sent(mail_db, smtp):
    """A refused and a malformed address each get an error line and exit 1; the good address gets its mail."""
    controller, inbox = smtp
    result = manage(mail_db, "send-briefing", "--to", "nobody@seoul.example.kr", "not-an-address",
                    "exec@seoul.example.kr", port=controller.port)
    assert result.returncode == 1
    assert [to for to, _ in inbox.parsed()] == [["exec@seoul.example.kr"]]
    assert "error: nobody@seoul.example.kr: not sent (refused): 550 5.1.1 no such user here" in result.stderr
    assert "error: not-an-address: not sent (refused): not a mail address" in result.stderr
    assert "Traceback" not in result.stderr


def test_smtp_down_is_one_line_and_non_zero(mail_db):
    """Nothing listening on the port: exit 4 with one clear line, no traceback."""
    result = manage(mail_db, "send-briefing", "--to", "exec@seoul.example.kr", port=free_port())
    assert result.returncode == 4
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("error: mail server 127.0.0.1:") and "unavailable" in line


def test_starttls_required_by_default(mail_db, smtp):
    """Without DASHBOARD_SMTP_STARTTLS=0, a server without STARTTLS is refused with a message saying so."""
    from briefing.mail import Mailer, MailUnavailable, SmtpConfig

    controller, _ = smtp
    with pytest.raises(MailUnavailable, match="does not offer STARTTLS"):
        with Mailer(SmtpConfig(host="127.0.0.1", port=controller.port, sender="d@seoul.example.kr")):
            pass


def test_subscribe_list_unsubscribe(mail_db, smtp):
    """subscribe validates address, scope and schedule; list shows it as due; unsubscribe cancels it."""
    port = smtp[0].port
    ok = manage(mail_db, "subscribe", "exec@seoul.example.kr", "--scope", "office", "--schedule", "weekly:mon:08",
                port=port)
    assert ok.returncode == 0, ok.stderr
    listed = manage(mail_db, "list-subscriptions", port=port)
    assert "exec@seoul.example.kr" in listed.stdout and "weekly:MON:08" in listed.stdout and "True" in listed.stdout
    for args, message in [(("exec.seoul.example.kr", "--scope", "office", "--schedule", "weekly:MON:08"), "not a mail address"),
                          (("a@seoul.example.kr", "--scope", "nowhere", "--schedule", "weekly:MON:08"), "scope 'nowhere'"),
                          (("a@seoul.example.kr", "--scope", "civic", "--schedule", "monthly:31:08"), "day 31 must be 1-28"),
                          (("a@seoul.example.kr", "--scope", "civic", "--schedule", "daily"), "expected weekly:DAY:HH"),
                          (("exec@seoul.example.kr", "--scope", "office", "--schedule", "monthly:1:08"),
                           "already subscribed")]:
        refused = manage(mail_db, "subscribe", *args, port=port)
        assert refused.returncode == 2 and message in refused.stderr, refused.stderr
    gone = manage(mail_db, "unsubscribe", "exec@seoul.example.kr", port=port)
    assert gone.returncode == 0, gone.stderr
    assert manage(mail_db, "list-subscriptions", port=port).stdout.strip() == "no subscriptions"


def test_send_due_twice_sends_once_and_records_the_delivery(mail_db, smtp):
    """Two subscriptions, send-due twice: two messages in all, one 'sent' delivery each; the second run sends nothing."""
    from briefing import subscriptions as subs

    controller, inbox = smtp
    subs.subscribe(mail_db, address="exec@seoul.example.kr", scope="office", schedule="weekly:MON:08")
    subs.subscribe(mail_db, address="civic@seoul.example.kr", scope="civic", schedule="monthly:1:08", lang="en")
    first = manage(mail_db, "send-due", port=controller.port)
    assert first.returncode == 0, first.stderr
    second = manage(mail_db, "send-due", port=controller.port)
    assert second.returncode == 0, second.stderr
    assert second.stdout.strip() == "nothing due"
    assert sorted(to[0] for to, _ in inbox.parsed()) == ["civic@seoul.example.kr", "exec@seoul.example.kr"]
    assert [status for _, status in deliveries(mail_db)] == ["sent", "sent"]


def test_send_due_with_smtp_down_sends_and_records_nothing_then_retries(mail_db, smtp):
    """SMTP down: exit 4, one line, no delivery recorded; the next run (server up) sends it."""
    from briefing import subscriptions as subs

    controller, inbox = smtp
    subs.subscribe(mail_db, address="exec@seoul.example.kr", scope="office", schedule="weekly:MON:08")
    down = manage(mail_db, "send-due", port=free_port())
    assert down.returncode == 4
    assert len(down.stderr.strip().splitlines()) == 1 and "the rest stay due" in down.stderr
    assert deliveries(mail_db) == [] and inbox.parsed() == []
    up = manage(mail_db, "send-due", port=controller.port)
    assert up.returncode == 0, up.stderr
    assert len(inbox.parsed()) == 1 and [s for _, s in deliveries(mail_db)] == ["sent"]


def test_send_due_refused_address_is_recorded_refused_others_sent(mail_db, smtp):
    """A permanently refused subscriber is reported (exit 1) and recorded 'refused'; the other is sent."""
    from briefing import subscriptions as subs

    controller, inbox = smtp
    subs.subscribe(mail_db, address="nobody@seoul.example.kr", scope="office", schedule="weekly:MON:08")
    subs.subscribe(mail_db, address="exec@seoul.example.kr", scope="office", schedule="weekly:MON:08")
    result = manage(mail_db, "send-due", port=controller.port)
    assert result.returncode == 1
    assert "nobody@seoul.example.kr: not sent (refused)" in result.stderr
    assert [to for to, _ in inbox.parsed()] == [["exec@seoul.example.kr"]]
    assert sorted(s for _, s in deliveries(mail_db)) == ["refused", "sent"]


def test_two_send_due_at_once_send_each_once(mail_db, smtp):
    """Two send-due processes started together (two replicas' timers): each subscription is mailed once."""
    from briefing import subscriptions as subs

    controller, inbox = smtp
    addresses = [f"user{i}@seoul.example.kr" for i in range(4)]
    for address in addresses:
        subs.subscribe(mail_db, address=address, scope="office", schedule="weekly:MON:08")
    env_args = ("send-due",)
    results: list[subprocess.CompletedProcess] = []
    threads = [threading.Thread(target=lambda: results.append(manage(mail_db, *env_args, port=controller.port)))
               for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [r.returncode for r in results] == [0, 0], [r.stderr for r in results]
    assert sorted(to[0] for to, _ in inbox.parsed()) == addresses
    with mail_db.connect() as conn:
        assert conn.execute(select(func.count()).select_from(MailDelivery)
                            .where(MailDelivery.status == "sent")).scalar_one() == 4
