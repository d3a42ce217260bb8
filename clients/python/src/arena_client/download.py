"""Streamed, resumable, verified downloads of a box's files (``/api/files/{challenge}/{box}/{file}``).

The server answers with a strong ETag that is the file's SHA-256, ``Content-Length``, and single
``Range`` requests (206; 416 past the end; docs/black-boxes.md). So a download streams into
``<path>.part``, resumes from the size of that part with ``Range: bytes=<size>-`` after a broken
connection, checks the size and the SHA-256 against the server's, and only then renames the part to
``<path>``. A file already at ``<path>`` is sent as ``If-None-Match``: a 304 means it is current.
"""

from __future__ import annotations

import hashlib
import os
import re
from typing import Any, Callable, Optional

import requests

from .errors import ArenaError, error_from_response

CHUNK = 1 << 20
_SHA256 = re.compile(r'^"?([0-9a-f]{64})"?$')
_RANGE = re.compile(r"^bytes (\d+)-(\d+)/(\d+)$")


def sha256_of(path: str) -> str:
    """The SHA-256 of a file, hex."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(CHUNK), b""):
            h.update(block)
    return h.hexdigest()


def fetch_file(
    get: Callable[..., Any],
    url: str,
    dest: str,
    *,
    retries: int = 3,
    progress: Optional[Callable[[int, int], None]] = None,
) -> str:
    """Download ``url`` to ``dest`` through ``.part``, resuming and verifying (see the module).

    Parameters
    ----------
    get : callable
        ``requests.Session.get``-like: ``get(url, headers=..., stream=True)``.
    url, dest : str
    retries : int
        How many times a broken or short transfer is resumed before giving up.
    progress : callable, optional
        Called as ``progress(bytes_so_far, total)`` after each chunk.

    Returns
    -------
    str
        ``dest``.

    Raises
    ------
    ArenaError
        The server's error (e.g. 404 ``not_found`` for a box you may not see, or a truth file that
        is still sealed); ``download:incomplete`` when the file still ended early after
        ``retries`` resumptions (the ``.part`` is kept: call again to resume);
        ``download:checksum`` when a complete file does not have the server's SHA-256.
    """
    part = dest + ".part"
    restarted = False
    for attempt in range(retries + 1):
        headers = {"Accept-Encoding": "identity"}
        offset = os.path.getsize(part) if os.path.exists(part) else 0
        if offset:
            headers["Range"] = f"bytes={offset}-"
        elif os.path.exists(dest):
            headers["If-None-Match"] = f'"{sha256_of(dest)}"'
        try:
            with get(url, headers=headers, stream=True) as r:
                if r.status_code == 304:
                    return dest
                if r.status_code == 416 and offset:
                    os.remove(part)  # the part is longer than the file: start again
                    continue
                if r.status_code >= 400:
                    raise error_from_response(r)
                total, start = _extent(r, offset)
                if start != offset:
                    offset = 0
                with open(part, "r+b" if offset else "wb") as f:
                    f.seek(offset)
                    f.truncate()
                    done = offset
                    for chunk in r.iter_content(CHUNK):
                        f.write(chunk)
                        done += len(chunk)
                        if progress:
                            progress(done, total)
                etag = r.headers.get("ETag", "")
        except (requests.ConnectionError, requests.exceptions.ChunkedEncodingError):
            if attempt == retries:
                raise
            continue
        size = os.path.getsize(part)
        if total is not None and size < total:
            continue  # the connection ended early: resume from here
        if total is not None and size > total:
            os.remove(part)
            continue
        m = _SHA256.match(etag.strip())
        if m and sha256_of(part) != m.group(1):
            os.remove(part)
            if offset and not restarted:
                restarted = True  # the file changed between two attempts: once more from the start
                continue
            raise ArenaError(
                r.status_code,
                "download:checksum",
                f"{url}: the downloaded file's SHA-256 is not the server's ETag {etag}; download it again",
            )
        os.replace(part, dest)
        return dest
    raise ArenaError(
        None,
        "download:incomplete",
        f"{url}: the transfer ended early {retries + 1} times; {part} holds what arrived, "
        "call download again to resume",
    )


def _extent(r: Any, offset: int) -> "tuple[Optional[int], int]":
    """(total size or None, the offset the body starts at) of a 200 or 206 answer."""
    if r.status_code == 206:
        m = _RANGE.match(r.headers.get("Content-Range", "").strip())
        if m:
            return int(m.group(3)), int(m.group(1))
        raise ArenaError(206, None, f"{r.url}: a 206 answer without a valid Content-Range")
    length = r.headers.get("Content-Length")
    return (int(length) if length and length.isdigit() else None), 0
