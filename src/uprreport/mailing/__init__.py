"""E-mail through the organisation's own SMTP server: input packs and reminders to focal
points (the workspace), receipts and answers to commenters (the consultation). docs/email.md.

The server is given as an address, by ``--smtp URL`` or the environment variable
``UPRREPORT_SMTP``::

    smtp://USER:PASSWORD@HOST:587?from=upr@ministry.gov     STARTTLS (required when a login is given)
    smtps://USER:PASSWORD@HOST:465?from=…                   TLS from the first byte
    smtp://127.0.0.1:25?from=…                              a relay on this machine, no login

A password is never sent over a connection that is not encrypted, unless the server is this
machine (127.0.0.1, ::1, localhost). ``cafile=PATH`` trusts an organisation's own certificate
authority. Messages are built with the standard library's ``email`` package (headers encoded
as RFC 2047 says, attachments as MIME parts) and sent with ``smtplib``.
"""

from __future__ import annotations

import os
import re
import smtplib
import socket
import ssl
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import formataddr, formatdate, make_msgid, parseaddr
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from uprreport.errors import UprError, UsageError

ENV = "UPRREPORT_SMTP"
TIMEOUT = 30          # seconds for the server to answer
LOOPBACK = {"127.0.0.1", "::1", "localhost"}
# what an address must look like to be written to (one @, a dot in the domain, no spaces or
# separators): the check a form does, not a proof that the mailbox exists
ADDRESS = re.compile(r"^[^@\s,;<>\"()\[\]\\]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?"
                     r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?)+$")
HINT = ("write it as smtp://USER:PASSWORD@HOST:587?from=ADDRESS (STARTTLS), smtps://…:465 (TLS), or "
        "smtp://127.0.0.1:25?from=ADDRESS for a relay on this machine")


def valid_address(text: str) -> bool:
    return bool(ADDRESS.match(text or "")) and len(text) <= 254


@dataclass(frozen=True)
class Server:
    """An SMTP server to send through, and the address mail comes from."""

    host: str
    port: int
    security: str             # "starttls" (upgrade, required with a login), "tls" (smtps), "none"
    sender: str
    sender_name: str = ""
    username: str = ""
    password: str = field(default="", repr=False)
    cafile: str = ""
    timeout: float = TIMEOUT

    @property
    def shown(self) -> str:
        """The server as it may be printed: no password."""
        scheme = "smtps" if self.security == "tls" else "smtp"
        who = f"{self.username}@" if self.username else ""
        return f"{scheme}://{who}{self.host}:{self.port} (from {self.sender})"

    @classmethod
    def from_url(cls, url: str) -> Server:
        parts = urlsplit((url or "").strip())
        if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
            raise UsageError(f"'{_hidden(url)}' is not an SMTP server's address", hint=HINT)
        query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
        try:
            port = parts.port or (465 if parts.scheme == "smtps" else 587 if parts.username else 25)
        except ValueError:
            raise UsageError(f"'{_hidden(url)}': the port is not a number from 1 to 65535", hint=HINT) from None
        sender = query.get("from", "")
        name, address = parseaddr(sender)
        if not valid_address(address):
            raise UsageError(f"'{_hidden(url)}' does not say which address mail comes from",
                             hint="add ?from=ADDRESS, the address replies go to (upr@ministry.gov)")
        security = "tls" if parts.scheme == "smtps" else query.get("security", "starttls")
        if security not in ("starttls", "tls", "none"):
            raise UsageError(f"'{_hidden(url)}': security must be starttls, tls or none", hint=HINT)
        username = unquote(parts.username or "")
        password = unquote(parts.password or "")
        if username and security == "none" and parts.hostname not in LOOPBACK:
            raise UsageError(f"'{_hidden(url)}' would send the password unencrypted to {parts.hostname}",
                             hint="leave security=none out (STARTTLS is used), or use smtps://")
        cafile = query.get("cafile", "")
        if cafile and not Path(cafile).is_file():
            raise UsageError(f"'{_hidden(url)}': the certificate authority file {cafile} does not exist")
        return cls(parts.hostname, port, security, address, name, username, password, cafile)


def _hidden(url: str) -> str:
    parts = urlsplit(url or "")
    if parts.password is None:
        return url
    return url.replace(f":{parts.password}@", ":***@", 1)


def configured(given: str | None = None) -> Server | None:
    """The server ``given`` (a command's --smtp), else the one UPRREPORT_SMTP names, else None."""
    url = given or os.environ.get(ENV, "")
    return Server.from_url(url) if url else None


@dataclass
class Attachment:
    name: str
    data: bytes
    type: str = "application/octet-stream"


def message(server: Server, to: str, subject: str, text: str, *, to_name: str = "",
            attachments: list[Attachment] = (), language: str = "", headers: dict[str, str] | None = None
            ) -> EmailMessage:
    """A plain-text message from ``server.sender`` to ``to`` (UsageError for an address that
    cannot be written to). Header values cannot carry a line break: the email package refuses
    one, so no text from a form can add a header."""
    if not valid_address(to):
        raise UsageError(f"'{to}' is not an e-mail address")
    msg = EmailMessage()
    msg["From"] = formataddr((server.sender_name, server.sender)) if server.sender_name else server.sender
    msg["To"] = formataddr((_one_line(to_name), to)) if to_name else to
    msg["Subject"] = _one_line(subject)
    msg["Date"] = formatdate(localtime=False)
    msg["Message-ID"] = make_msgid(domain=server.sender.rsplit("@", 1)[1])
    msg["Auto-Submitted"] = "auto-generated"      # RFC 3834: no auto-replies to it
    for k, v in (headers or {}).items():
        msg[k] = _one_line(v)
    msg.set_content(text)
    for a in attachments:
        main, _, sub = a.type.partition("/")
        msg.add_attachment(a.data, maintype=main, subtype=sub or "octet-stream", filename=a.name)
    if language:      # after the content: set_content and add_attachment move Content-* headers
        msg["Content-Language"] = language
    return msg


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


@dataclass
class Sent:
    to: str
    ok: bool
    reason: str = ""


def send(server: Server, messages: list[EmailMessage]) -> list[Sent]:
    """Send ``messages`` over one connection; what became of each (a recipient the server
    refused is said, and the others are still sent). UprError when the server cannot be
    reached or refuses the login: nothing was sent then."""
    out: list[Sent] = []
    if not messages:
        return out
    context = ssl.create_default_context(cafile=server.cafile or None)
    try:
        if server.security == "tls":
            client = smtplib.SMTP_SSL(server.host, server.port, timeout=server.timeout, context=context)
        else:
            client = smtplib.SMTP(server.host, server.port, timeout=server.timeout)
    except (OSError, smtplib.SMTPException) as exc:
        raise _unreachable(server, exc) from None
    try:
        try:
            client.ehlo()
            if server.security == "starttls":
                if client.has_extn("starttls"):
                    client.starttls(context=context)
                    client.ehlo()
                elif server.username or server.host not in LOOPBACK:
                    raise UprError(f"the mail server {server.shown} does not offer STARTTLS, so mail to it would "
                                   "travel unencrypted; nothing was sent",
                                   hint="use the server's TLS port (smtps://HOST:465), or a relay on this machine")
            if server.username:
                client.login(server.username, server.password)
        except smtplib.SMTPAuthenticationError as exc:
            raise UprError(f"the mail server {server.shown} refused the login ({_said(exc)}); nothing was sent",
                           hint="check the user name and password in --smtp or UPRREPORT_SMTP") from None
        except (OSError, smtplib.SMTPException) as exc:
            raise _unreachable(server, exc) from None
        for msg in messages:
            to = parseaddr(str(msg["To"]))[1]
            try:
                refused = client.send_message(msg)
            except smtplib.SMTPRecipientsRefused as exc:
                out.append(Sent(to, False, _said(next(iter(exc.recipients.values()), exc))))
                continue
            except smtplib.SMTPResponseException as exc:
                out.append(Sent(to, False, _said(exc)))
                continue
            except (OSError, smtplib.SMTPException) as exc:
                out.append(Sent(to, False, str(exc) or type(exc).__name__))
                out.extend(Sent(parseaddr(str(m["To"]))[1], False, "not sent: the connection was lost")
                           for m in messages[len(out):])
                break
            out.append(Sent(to, not refused, _said(next(iter(refused.values()))) if refused else ""))
    finally:
        try:
            client.quit()
        except (OSError, smtplib.SMTPException):
            client.close()
    return out


def _said(exc) -> str:
    if isinstance(exc, tuple) and len(exc) == 2:
        code, text = exc
    else:
        code, text = getattr(exc, "smtp_code", ""), getattr(exc, "smtp_error", str(exc))
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    return f"{code} {' '.join(str(text).split())}".strip()


def _unreachable(server: Server, exc: Exception) -> UprError:
    if isinstance(exc, ssl.SSLError):
        why = f"its certificate or TLS was refused: {exc.reason or exc}"
    elif isinstance(exc, socket.timeout):
        why = f"no answer in {server.timeout:g} s"
    else:
        why = str(exc) or type(exc).__name__
    return UprError(f"the mail server {server.shown} cannot be reached ({why}); nothing was sent",
                    hint="check the address and port in --smtp or UPRREPORT_SMTP, and that this machine may "
                         "reach it (a firewall, a VPN); for an organisation's own certificates add ?cafile=PATH")


class Outbox:
    """Messages sent by a thread of their own, so that a page never waits for the mail server
    and a comment is never refused because mail could not go out. A message the server could
    not take is tried again after ``RETRY`` seconds (each wait longer), then given up;
    ``done(message, Sent)`` is told each outcome (to log it). The queue is in memory: what is
    queued when the server process stops is not sent (docs/email.md)."""

    RETRY = (60, 300, 1800)

    def __init__(self, server: Server, done=None):
        import queue
        import threading

        self.server = server
        self.done = done
        self._queue: queue.Queue = queue.Queue()
        self._idle = threading.Condition()
        self._pending = 0
        self._thread = threading.Thread(target=self._run, name="uprreport-outbox", daemon=True)
        self._thread.start()

    def put(self, msg: EmailMessage) -> None:
        with self._idle:
            self._pending += 1
        self._queue.put((msg, 0))

    def stop(self) -> None:
        """Let the thread end once what was put before is sent (or given up): for an application
        made anew (its facts changed), whose old outbox would otherwise wait for ever."""
        self._queue.put(None)

    def wait(self, timeout: float = 30) -> bool:
        """Wait until every message put so far is sent or given up (for tests and for stopping)."""
        with self._idle:
            return self._idle.wait_for(lambda: self._pending == 0, timeout)

    def _run(self) -> None:
        import logging
        import threading
        import time

        log = logging.getLogger("uprreport")
        while True:
            item = self._queue.get()
            if item is None:
                return
            msg, tries = item
            try:
                (result,) = send(self.server, [msg])
                again = False
            except UprError as exc:          # the server unreachable or the login refused
                result = Sent(parseaddr(str(msg["To"]))[1], False, str(exc))
                again = tries < len(self.RETRY)
            except Exception as exc:         # noqa: BLE001 - a mail thread must not die
                result = Sent(parseaddr(str(msg["To"]))[1], False, f"{type(exc).__name__}: {exc}")
                again = False
            if again:
                delay = self.RETRY[tries]
                log.warning("e-mail to %s not sent (%s); tried again in %d s", result.to, result.reason, delay)
                timer = threading.Timer(delay, self._queue.put, args=((msg, tries + 1),))
                timer.daemon = True
                timer.start()
                continue
            if self.done is not None:
                try:
                    self.done(msg, result)
                except Exception:            # noqa: BLE001 - logging the outcome must not stop the thread
                    log.exception("recording an e-mail's outcome failed")
            elif not result.ok:
                log.warning("e-mail to %s not sent: %s", result.to, result.reason)
            with self._idle:
                self._pending -= 1
                self._idle.notify_all()
            time.sleep(0)
