"""A Maildir SMTP handler for the tests that refuses, for good (550), any
recipient whose address starts with "bounce"."""
from aiosmtpd.handlers import Mailbox


class Bouncer(Mailbox):
    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.startswith("bounce"):
            return "550 5.1.1 No such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"


class AuthRefuser(Mailbox):
    """A server that refuses the sender's credentials: 535 to every MAIL
    FROM, as a server answers a wrong password."""
    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        return "535 5.7.8 Authentication credentials invalid"


class DiesMidBurst(Mailbox):
    """A server that is killed (SIGKILL, by itself) in the middle of a
    burst: after ten messages, at the next recipient, before any eleventh
    message is taken. So the client can tell exactly which emails went
    (killed at a random moment, a message written but not yet
    acknowledged would be sent twice, as SMTP allows)."""
    taken = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if DiesMidBurst.taken >= 10:
            import os
            import signal
            os.kill(os.getpid(), signal.SIGKILL)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        answer = await super().handle_DATA(server, session, envelope)
        DiesMidBurst.taken += 1
        return answer
