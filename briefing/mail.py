"""The briefing by mail: the overview's PDF attached to a message whose body repeats the summary.

- `briefing_document(engine=, scope=, lang=)` builds the Briefing at the current period (the latest
  as-of date in the database) and its PDF exactly as the overview's "브리핑 PDF" button does
  (`briefing.document.pdf_bytes`, explanations included).
- `compose(b, pdf, sender=, to=)` makes an `email.message.EmailMessage` (policy `email.policy.SMTP`):
  the Korean subject is encoded as RFC 2047 encoded words and the attachment's Korean file name as
  an RFC 2231 parameter by the standard library itself; the body is plain text (UTF-8).
- `Mailer` (a context manager) opens one SMTP connection with the `DASHBOARD_SMTP_*` settings
  (STARTTLS unless `DASHBOARD_SMTP_STARTTLS=0`, login when a user is set) and sends one message per
  recipient, so a refused address never stops the others. `send` returns an `Outcome`:
  'sent', 'refused' (the server refused this recipient or message for good: 5xx) or 'retry' (a
  temporary 4xx refusal). A server that cannot be reached, refuses the session, the login or the
  sender raises `MailUnavailable` with a one-line message.
"""
from __future__ import annotations

import datetime as dt
import re
import smtplib
import ssl
from dataclasses import dataclass
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from sqlalchemy import Engine

from briefing.model import Briefing
from config.formats import fmt_date
from config.i18n import t
from config.settings import Settings, get_settings
from data_access.scope import Scope

TIMEOUT_SECONDS = 30
_ADDRESS_RE = re.compile(r"^[^@\s<>(),;:\"\[\]]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*$")
_FILENAME_UNSAFE = re.compile(r"[\s\\/:*?\"<>|]+")


class MailConfigError(ValueError):
    """A DASHBOARD_SMTP_* setting is missing or wrong (the text names it)."""


class MailUnavailable(RuntimeError):
    """The SMTP server cannot be reached or refuses the session: nothing more can be sent now."""


@dataclass(frozen=True)
class SmtpConfig:
    host: str
    port: int
    sender: str
    starttls: bool = True
    user: str | None = None
    password: str | None = None
    timeout: float = TIMEOUT_SECONDS

    @classmethod
    def from_settings(cls, settings: Settings | None = None) -> SmtpConfig:
        s = settings or get_settings()
        if not s.dashboard_smtp_host:
            raise MailConfigError("DASHBOARD_SMTP_HOST is not set (the SMTP server that sends the briefing)")
        if not s.dashboard_smtp_from or not valid_address(s.dashboard_smtp_from):
            raise MailConfigError(f"DASHBOARD_SMTP_FROM is not a mail address: {s.dashboard_smtp_from!r}")
        password = s.dashboard_smtp_password.get_secret_value() if s.dashboard_smtp_password else None
        return cls(host=s.dashboard_smtp_host, port=s.dashboard_smtp_port, sender=s.dashboard_smtp_from,
                   starttls=s.dashboard_smtp_starttls, user=s.dashboard_smtp_user, password=password)


@dataclass(frozen=True)
class Outcome:
    address: str
    status: str  # sent | refused | retry
    detail: str = ""

    @property
    def sent(self) -> bool:
        return self.status == "sent"


def valid_address(address: str) -> bool:
    """A plain addr-spec (local@domain.tld, no display name), as the subscriptions and --to take."""
    if not address or len(address) > 254 or not _ADDRESS_RE.match(address):
        return False
    try:
        Address(addr_spec=address)
    except (ValueError, IndexError):
        return False
    return True


# --- the document -----------------------------------------------------------------------------------


def briefing_document(*, engine: Engine, scope: Scope, lang: str,
                      as_of: dt.date | None = None) -> tuple[Briefing, bytes]:
    """The briefing of `scope` at the current period (latest as-of date) and its PDF, as the overview's button."""
    from briefing.document import pdf_bytes
    from briefing.model import build_briefing
    from data_access.status import latest_as_of

    as_of = as_of or latest_as_of(engine=engine)
    if as_of is None:
        raise MailConfigError("the database holds no data yet: nothing to brief (load data first)")
    b = build_briefing(engine=engine, scope=scope, as_of=as_of, lang=lang)
    return b, pdf_bytes(engine=engine, briefing=b)


def attachment_name(b: Briefing) -> str:
    """The PDF's file name in the briefing's language, e.g. 시민소통기획관_브리핑_2016-08-10.pdf."""
    unit = _FILENAME_UNSAFE.sub("_", b.unit_name).strip("_")
    return t("mail.filename", b.lang, unit=unit, date=b.as_of.isoformat())


def subject(b: Briefing) -> str:
    return t("mail.subject", b.lang, office=t("briefing.office", b.lang), title=b.title,
             date=fmt_date(b.as_of, b.lang))


def body(b: Briefing) -> str:
    """The plain-text body: title, as-of line, the summary sentences, the attachment line, a footer."""
    lang = b.lang
    lines = [b.title, t("mail.body.as_of", lang, office=t("app.office", lang), date=fmt_date(b.as_of, lang)), "",
             t("briefing.summary", lang)]
    lines += [f"- {sentence}" for sentence in b.summary]
    lines += ["", t("mail.body.attached", lang, filename=attachment_name(b)), "", "-- ", t("mail.body.footer", lang)]
    return "\n".join(lines) + "\n"


def compose(b: Briefing, pdf: bytes, *, sender: str, to: str) -> EmailMessage:
    """One message to one recipient: subject, plain-text body, the PDF attached (application/pdf)."""
    msg = EmailMessage(policy=policy.SMTP)
    msg["Subject"] = subject(b)
    msg["From"] = sender
    msg["To"] = to
    msg["Date"] = formatdate(localtime=False, usegmt=True)
    msg["Message-ID"] = make_msgid(domain=sender.rsplit("@", 1)[-1])
    msg.set_content(body(b), subtype="plain", charset="utf-8", cte="base64")  # 7-bit safe for any relay
    msg.add_attachment(pdf, maintype="application", subtype="pdf", filename=attachment_name(b))
    return msg


# --- sending ----------------------------------------------------------------------------------------


def _one_line(exc: BaseException) -> str:
    if isinstance(exc, smtplib.SMTPResponseException):
        text = exc.smtp_error.decode("utf-8", "replace") if isinstance(exc.smtp_error, bytes) else str(exc.smtp_error)
        return f"{exc.smtp_code} {' '.join(text.split())}"
    return " ".join(str(exc).split()) or type(exc).__name__


class Mailer:
    """One SMTP session: `with Mailer(config) as m: m.send(address, message)`."""

    def __init__(self, config: SmtpConfig):
        self.config = config
        self.smtp: smtplib.SMTP | None = None

    def _where(self) -> str:
        return f"{self.config.host}:{self.config.port}"

    def __enter__(self) -> Mailer:
        c = self.config
        try:
            self.smtp = smtplib.SMTP(c.host, c.port, timeout=c.timeout)
            self.smtp.ehlo()
            if c.starttls:
                self.smtp.starttls(context=ssl.create_default_context())
                self.smtp.ehlo()
            if c.user:
                self.smtp.login(c.user, c.password or "")
        except smtplib.SMTPNotSupportedError as exc:
            self._close()
            raise MailUnavailable(f"mail server {self._where()} does not offer STARTTLS "
                                  f"(set DASHBOARD_SMTP_STARTTLS=0 only for a local relay): {_one_line(exc)}") from None
        except smtplib.SMTPAuthenticationError as exc:
            self._close()
            raise MailUnavailable(f"mail server {self._where()} refused the login of "
                                  f"DASHBOARD_SMTP_USER={c.user}: {_one_line(exc)}") from None
        except (OSError, smtplib.SMTPException) as exc:
            self._close()
            raise MailUnavailable(f"mail server {self._where()} unavailable: {_one_line(exc)}") from None
        return self

    def _close(self) -> None:
        if self.smtp is not None:
            try:
                self.smtp.quit()
            except (OSError, smtplib.SMTPException):
                self.smtp.close()
            self.smtp = None

    def __exit__(self, *exc_info) -> None:
        self._close()

    def send(self, address: str, message: EmailMessage) -> Outcome:
        """Send one message to one address; refusals of this address are an Outcome, not an exception."""
        assert self.smtp is not None, "use Mailer as a context manager"
        if not valid_address(address):
            return Outcome(address, "refused", "not a mail address")
        try:
            refused = self.smtp.send_message(message, from_addr=self.config.sender, to_addrs=[address])
        except smtplib.SMTPRecipientsRefused as exc:
            code, text = exc.recipients.get(address, (550, b"refused"))
            detail = f"{code} {text.decode('utf-8', 'replace') if isinstance(text, bytes) else text}"
            return Outcome(address, "refused" if code >= 500 else "retry", " ".join(detail.split()))
        except smtplib.SMTPSenderRefused as exc:
            raise MailUnavailable(f"mail server {self._where()} refused the sender "
                                  f"{self.config.sender}: {_one_line(exc)}") from None
        except smtplib.SMTPDataError as exc:
            return Outcome(address, "refused" if exc.smtp_code >= 500 else "retry", _one_line(exc))
        except (OSError, smtplib.SMTPException) as exc:
            raise MailUnavailable(f"mail server {self._where()} unavailable: {_one_line(exc)}") from None
        if refused:  # pragma: no cover - one recipient per message: a refusal raises above
            return Outcome(address, "refused", str(refused))
        return Outcome(address, "sent")
