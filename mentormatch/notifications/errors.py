"""How a transport says a send failed, so retry decisions are written once (in `delivery`)."""

from __future__ import annotations


class DeliveryError(Exception):
    """A send did not go through. `code` is the provider's error code where it gave one."""

    def __init__(self, message: str, *, code: str = "") -> None:
        super().__init__(message)
        self.code = code


class TransientError(DeliveryError):
    """Worth trying again later: a timeout, a refused connection, a 5xx, a rate limit.

    `retry_after` (seconds) is the provider's own wait, when it gave one; `counts` is False for rate limits,
    which say nothing about whether the message can ever be delivered.
    """

    def __init__(
        self, message: str, *, code: str = "", retry_after: float | None = None, counts: bool = True
    ) -> None:
        super().__init__(message, code=code)
        self.retry_after = retry_after
        self.counts = counts


class PermanentError(DeliveryError):
    """Trying again cannot help: a closed inbox, a refused address, a bad request."""


class Skipped(DeliveryError):
    """Not sent, on purpose, and nothing is wrong: e.g. a closed inbox already on record."""
