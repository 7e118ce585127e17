"""A real SMTP server for the tests (aiosmtpd on 127.0.0.1), with STARTTLS and a login when
asked, keeping what it receives as parsed messages."""

from __future__ import annotations

import contextlib
import email
import socket
import ssl
from email.policy import default
from pathlib import Path


class Mailbox:
    """What the server received: ``messages`` (email.message.EmailMessage), ``envelopes``."""

    def __init__(self, refuse: set[str] = frozenset()):
        self.messages = []
        self.envelopes = []
        self.refuse = set(refuse)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return "550 5.1.1 no such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        self.messages.append(email.message_from_bytes(envelope.content, policy=default))
        return "250 Message accepted"

    def to(self, address: str) -> list:
        return [m for m in self.messages if address in str(m["To"])]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def smtp_server(folder: Path | None = None, *, tls: bool = False, login: tuple[str, str] | None = None,
                refuse: set[str] = frozenset(), sender: str = "upr@ministry.example.org"):
    """Yield (the --smtp address to give uprreport, the Mailbox). ``tls``: STARTTLS with a
    certificate of a CA made for the test (``folder`` holds its file, given as ?cafile=);
    ``login``: (user, password) the server requires, over TLS only."""
    from aiosmtpd.controller import Controller
    from aiosmtpd.smtp import AuthResult, LoginPassword

    box = Mailbox(refuse)
    kwargs = {}
    query = f"from={sender}"
    if tls:
        import trustme

        ca = trustme.CA()
        cert = ca.issue_cert("127.0.0.1", "localhost")
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        cert.configure_cert(context)
        cafile = Path(folder) / "test-ca.pem"
        ca.cert_pem.write_to_path(str(cafile))
        kwargs.update(tls_context=context, require_starttls=True)
        query += f"&cafile={cafile}"
    if login:
        def authenticator(server, session, envelope, mechanism, auth_data):
            ok = isinstance(auth_data, LoginPassword) and (auth_data.login.decode(), auth_data.password.decode()) == login
            return AuthResult(success=ok, handled=False)    # handled=False: the server says 535 itself

        kwargs.update(authenticator=authenticator, auth_require_tls=True)
    port = _free_port()
    controller = Controller(box, hostname="127.0.0.1", port=port, **kwargs)
    controller.start()
    who = f"{login[0]}:{login[1]}@" if login else ""
    try:
        yield f"smtp://{who}127.0.0.1:{port}?{query}", box
    finally:
        controller.stop()
