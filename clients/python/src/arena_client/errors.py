"""The one exception of the client: the server's error envelope, or a failed download."""

from __future__ import annotations

from typing import Any, Optional


class ArenaError(Exception):
    """An error answered by the arena, or a download that could not be completed.

    The server answers every API error with the envelope
    ``{"error": {"code": ..., "message": ..., "details": ...}}`` (docs/api.md, "Errors");
    this exception carries its parts. Match on ``code``, not on ``message``: messages are for
    people and may change.

    Parameters
    ----------
    status : int or None
        The HTTP status (422, 404, ...); None when no answer came.
    code : str or None
        The server's ``error.code`` (``"validation"``, ``"not_found"``, ``"quota:exceeded"``, ...);
        None when the answer was not the envelope (a proxy's error page, a 405 with an empty body).
        Errors the client finds itself use codes of its own: ``"download:incomplete"`` (the file
        ended early every time) and ``"download:checksum"`` (its SHA-256 is not the server's ETag).
    message : str
        The server's ``error.message``, or a description of what went wrong.
    details : dict or None
        The server's ``error.details``: for 422s ``details["fields"]`` lists
        ``{"field", "message"}``, and ``details["reason"]`` is a machine code such as
        ``"upload:missing_ids"``; ``details["quota"]`` for ``quota:exceeded``.

    Examples
    --------
    >>> e = ArenaError(422, "validation", "scores.npy: expected 3 scores, got 2",
    ...                {"reason": "upload:wrong_length"})
    >>> str(e)
    '422 validation: scores.npy: expected 3 scores, got 2'
    >>> e.reason
    'upload:wrong_length'
    """

    def __init__(
        self,
        status: Optional[int],
        code: Optional[str],
        message: str,
        details: Optional[dict] = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.details = details

    @property
    def reason(self) -> Optional[str]:
        """``details["reason"]``, the machine code of a refused upload, or None."""
        return self.details.get("reason") if isinstance(self.details, dict) else None

    @property
    def envelope(self) -> dict:
        """The error as the server's envelope ``{"error": {code, message, details?}}``."""
        error: dict[str, Any] = {"code": self.code, "message": self.message}
        if self.details is not None:
            error["details"] = self.details
        return {"error": error}

    def __str__(self) -> str:
        head = " ".join(str(p) for p in (self.status, self.code) if p is not None)
        return f"{head}: {self.message}" if head else self.message


def error_from_response(response: Any) -> ArenaError:
    """The :class:`ArenaError` for an HTTP answer with status >= 400.

    Parameters
    ----------
    response : requests.Response
        The answer. Its body is read as the server's envelope when it is one; otherwise the
        first 300 characters of the body (or the reason phrase) become the message.

    Returns
    -------
    ArenaError
    """
    try:
        body = response.json()
    except ValueError:
        body = None
    error = body.get("error") if isinstance(body, dict) else None
    if isinstance(error, dict) and isinstance(error.get("message"), str):
        details = error.get("details")
        return ArenaError(
            response.status_code,
            error.get("code"),
            error["message"],
            details if isinstance(details, dict) else None,
        )
    text = (response.text or "").strip()[:300] or response.reason or "no body"
    return ArenaError(response.status_code, None, f"{response.request.method} {response.url}: {text}")
