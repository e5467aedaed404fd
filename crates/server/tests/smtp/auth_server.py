"""A test SMTP server that insists on STARTTLS and then AUTH (PLAIN or LOGIN)
with one user and password, delivering into a Maildir.

Usage: python3 -S auth_server.py PORT MAILDIR CERT KEY USER PASSWORD
(with the vendored wheels on PYTHONPATH; see README.md). The aiosmtpd
command line has no authenticator option, hence this script.
"""

import ssl
import sys
import time

from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Mailbox
from aiosmtpd.smtp import AuthResult, LoginPassword

port, maildir, cert, key, user, password = sys.argv[1:7]


def authenticator(server, session, envelope, mechanism, auth_data):
    ok = (
        isinstance(auth_data, LoginPassword)
        and auth_data.login.decode() == user
        and auth_data.password.decode() == password
    )
    # handled=False: the server answers 535 itself on failure.
    return AuthResult(success=ok, handled=False)


context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
context.load_cert_chain(cert, key)
controller = Controller(
    Mailbox(maildir),
    hostname="127.0.0.1",
    port=int(port),
    tls_context=context,
    require_starttls=True,
    authenticator=authenticator,
    auth_required=True,
)
controller.start()
while True:
    time.sleep(3600)
