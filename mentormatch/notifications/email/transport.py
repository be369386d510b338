"""Sending email through Django's configured mailer (SMTP with a timeout, or the console).

SMTP answers are sorted once: a refused recipient or a 5xx reply is permanent; a timeout, a refused
connection or a 4xx reply is worth retrying.
"""

from __future__ import annotations

import smtplib
from datetime import datetime

from mentormatch.notifications.email.messages import build_message
from mentormatch.notifications.errors import PermanentError, TransientError
from mentormatch.notifications.models import Notification
from mentormatch.notifications.transports import Outcome


class EmailTransport:
    def send(self, notification: Notification, *, now: datetime) -> Outcome:
        message = build_message(notification, now=now)
        try:
            message.send()
        except smtplib.SMTPRecipientsRefused as error:
            refused = ", ".join(error.recipients)
            raise PermanentError(f"Recipient refused: {refused}", code="recipient_refused") from error
        except smtplib.SMTPResponseException as error:
            text = error.smtp_error.decode(errors="replace") if isinstance(error.smtp_error, bytes) else ""
            kind = PermanentError if 500 <= error.smtp_code < 600 else TransientError
            raise kind(f"SMTP {error.smtp_code}: {text}".strip(), code=str(error.smtp_code)) from error
        except TimeoutError as error:
            raise TransientError("The mail server did not answer in time.", code="timeout") from error
        except smtplib.SMTPServerDisconnected as error:
            # smtplib reports a read timeout as a disconnection ("Connection unexpectedly closed: timed out").
            if "timed out" in str(error):
                raise TransientError("The mail server did not answer in time.", code="timeout") from error
            raise TransientError(f"Mail server closed the connection: {error}", code="smtp") from error
        except (smtplib.SMTPException, OSError) as error:
            raise TransientError(f"Mail server unreachable: {error}", code="smtp") from error
        return Outcome()
