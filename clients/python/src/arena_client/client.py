"""``Arena``: one object per site and token over the JSON API of docs/api.md."""

from __future__ import annotations

import os
import time
import uuid
from typing import Any, Callable, Optional, Sequence, Union
from urllib.parse import quote

import requests

from . import __version__
from .download import fetch_file
from .encode import claim_body, scores_upload, top_ids_upload
from .errors import ArenaError, error_from_response
from .results import leaderboard_rows, to_frame

DEFAULT_URL = "http://localhost:3000"
# Uploads are validated completely while the request waits (a million scores: seconds).
UPLOAD_TIMEOUT = 600.0
FINAL = ("scored", "failed")
# An upload carries a fresh key; its retries carry the same one, so the server stores it once.
IDEMPOTENCY_HEADER = "Idempotency-Key"
# The longest pause between upload retries, whatever Retry-After says.
MAX_RETRY_PAUSE = 30.0

Submission = Union[str, dict]


def _seg(s: str) -> str:
    return quote(str(s), safe="")


class Arena:
    """A client of one Anomaly Arena site.

    Parameters
    ----------
    url : str, optional
        The site, e.g. ``"https://arena.example.org"``. Default: the environment variable
        ``ARENA_URL``, else ``http://localhost:3000``.
    token : str, optional
        An API token (``arena_...``, from your account page, "API tokens"), sent as
        ``Authorization: Bearer <token>``. Default: the environment variable ``ARENA_TOKEN``.
        Without one the client reads what is public (box files, boxes, leaderboards, scored
        submissions); submitting needs a token.
    timeout : float
        Seconds to wait for an answer to an ordinary request (uploads wait up to 600 s).
    upload_retries : int
        How often an upload is sent again when the server answers 503 (its database is briefly
        unreachable: after the ``Retry-After`` seconds it names) or the connection fails (after
        1, 2, 4 ... s). Each upload carries a fresh ``Idempotency-Key`` and its retries the same
        one, so a retry of an upload the server did store returns that submission instead of
        making a second. 0: never retry.

    Examples
    --------
    >>> arena = Arena("http://localhost:3000", token="arena_...")   # doctest: +SKIP
    >>> path = arena.download("lhc-olympics-demo", "bb1")             # doctest: +SKIP
    >>> sub = arena.submit_scores("lhc-olympics-demo", "bb1", scores, event_ids=ids)  # doctest: +SKIP
    >>> arena.wait(sub)["status"]                                      # doctest: +SKIP
    'scored'
    """

    def __init__(
        self,
        url: Optional[str] = None,
        token: Optional[str] = None,
        *,
        timeout: float = 60.0,
        upload_retries: int = 3,
    ):
        self.url = (url or os.environ.get("ARENA_URL") or DEFAULT_URL).rstrip("/")
        self.token = token if token is not None else os.environ.get("ARENA_TOKEN") or None
        self.timeout = timeout
        self.upload_retries = upload_retries
        self.session = requests.Session()
        self.session.headers["User-Agent"] = f"arena-client/{__version__}"
        if self.token:
            self.session.headers["Authorization"] = f"Bearer {self.token}"

    def close(self) -> None:
        """Close the HTTP connections (also at the end of a ``with Arena(...) as arena:`` block)."""
        self.session.close()

    def __enter__(self) -> "Arena":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Arena({self.url!r}, token={'set' if self.token else None})"

    # --- plumbing

    def request(self, method: str, path: str, *, timeout: Optional[float] = None, **kwargs: Any) -> Any:
        """Call ``{url}{path}`` and return the decoded JSON answer.

        Raises
        ------
        ArenaError
            For every answer with status >= 400, carrying the server's ``error`` envelope.
        """
        r = self.session.request(method, self.url + path, timeout=timeout or self.timeout, **kwargs)
        return _answer(r, method)

    def _post_upload(self, path: str, **kwargs: Any) -> dict:
        """POST an upload with a fresh Idempotency-Key, sent again with the same key after a 503
        (waiting its Retry-After, at most 30 s) or a failed connection, up to ``upload_retries``
        times. Returns the submission with ``quota`` (and ``replayed`` when the server says so)."""
        headers = {IDEMPOTENCY_HEADER: str(uuid.uuid4())}
        attempt = 0
        while True:
            try:
                r = self.session.post(self.url + path, headers=headers, timeout=UPLOAD_TIMEOUT, **kwargs)
            except requests.ConnectionError:
                if attempt >= self.upload_retries:
                    raise
                pause = float(2**attempt)
            else:
                if r.status_code != 503 or attempt >= self.upload_retries:
                    break
                pause = _retry_after(r.headers.get("Retry-After"))
            time.sleep(min(pause, MAX_RETRY_PAUSE))
            attempt += 1
        answer = _answer(r, "POST")
        out = {**answer["submission"], "quota": answer.get("quota")}
        if answer.get("replayed"):
            out["replayed"] = True
        return out

    def _box(self, challenge: str, box: str) -> str:
        return f"/api/v1/challenges/{_seg(challenge)}/boxes/{_seg(box)}"

    # --- reading

    def me(self) -> dict:
        """The token's owner and teams (``GET /api/v1/me``)."""
        return self.request("GET", "/api/v1/me")

    def boxes(self, challenge: str) -> list:
        """The black boxes of a challenge you can see (``GET /api/v1/challenges/{slug}/boxes``)."""
        return self.request("GET", f"/api/v1/challenges/{_seg(challenge)}/boxes")["boxes"]

    def box(self, challenge: str, box: str) -> dict:
        """One black box: status, mode, event count, public file (``sha256``, size), settings."""
        return self.request("GET", self._box(challenge, box))["box"]

    def download(
        self,
        challenge: str,
        box: str,
        path: Optional[str] = None,
        *,
        file: str = "public.h5",
        retries: int = 3,
        progress: Optional[Callable[[int, int], None]] = None,
    ) -> str:
        """Download a box's public file (or, once the truth is public, ``truth.h5``).

        Streams to ``<path>.part`` and renames it when complete; a broken transfer resumes from
        where it stopped (``Range``), and the file's size and SHA-256 are checked against the
        server's. When ``path`` already holds the current file nothing is downloaded.

        Parameters
        ----------
        challenge, box : str
            Slugs, e.g. ``"lhc-olympics-demo"``, ``"bb1"``.
        path : str, optional
            Where to save: a file name, or an existing directory to save into. Default:
            ``{challenge}-{box}-{file}`` in the current directory (the name the site's download
            button gives it).
        file : {"public.h5", "truth.h5"}
        retries : int
            Resumptions of a broken transfer before giving up.
        progress : callable, optional
            ``progress(bytes_so_far, total_or_None)`` after each MiB.

        Returns
        -------
        str
            The local path of the file. Open it with ``h5py.File(path)``: ``events/features``
            [N, F], ``events/feature_names``, ``events/event_id`` (int64).

        Raises
        ------
        ArenaError
            404 ``not_found`` for a box or file you may not see (yet); ``download:incomplete``,
            ``download:checksum`` (see :class:`ArenaError`).
        """
        name = f"{challenge}-{box}-{file}"
        dest = name if path is None else os.path.join(path, name) if os.path.isdir(path) else path
        url = f"{self.url}/api/files/{_seg(challenge)}/{_seg(box)}/{_seg(file)}"

        def get(u: str, **kw: Any) -> Any:
            return self.session.get(u, timeout=self.timeout, **kw)

        return fetch_file(get, url, os.fspath(dest), retries=retries, progress=progress)

    def submission(self, submission: Submission) -> dict:
        """A submission with its status and evaluation (``GET /api/v1/submissions/{id}``).

        Parameters
        ----------
        submission : str or dict
            Its id, or a submission as returned by the submit methods.
        """
        return self.request("GET", f"/api/v1/submissions/{_seg(_id_of(submission))}")["submission"]

    def submissions(self, challenge: str, box: str) -> dict:
        """Your team's submissions to a box, newest first, with the quota left.

        Returns
        -------
        dict
            ``{"team": {id, name} or None, "quota": {perDay, total, usedToday, usedTotal,
            remaining} or None, "submissions": [...]}``.
        """
        return self.request("GET", self._box(challenge, box) + "/submissions")

    def wait(self, submission: Submission, timeout: float = 600.0, interval: float = 1.0) -> dict:
        """Poll a submission until the scorer is done with it (``scored`` or ``failed``).

        Parameters
        ----------
        submission : str or dict
            Its id, or a submission as returned by the submit methods.
        timeout : float
            Seconds to wait in all.
        interval : float
            Seconds between the first polls; the pause grows by half each time, up to 10 s.

        Returns
        -------
        dict
            The submission. ``status`` is ``"scored"`` (``evaluation.metrics`` holds the results:
            see :func:`discovery_summary`) or ``"failed"`` (``error.message`` says why). A failed
            submission is not raised: check ``status``.

        Raises
        ------
        TimeoutError
            When it is still queued or scoring after ``timeout`` seconds.
        ArenaError
            When the server refuses the request (404 ``not_found``: no such submission, or one you
            may not see).
        """
        sid = _id_of(submission)
        deadline = time.monotonic() + timeout
        pause = interval
        while True:
            sub = self.submission(sid)
            if sub.get("status") in FINAL:
                return sub
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError(f"submission {sid} is still {sub.get('status')} after {timeout:g} s")
            time.sleep(min(pause, left))
            pause = min(pause * 1.5, 10.0)

    def leaderboard(self, challenge: str, box: str, kind: str = "scores", *, as_frame: Optional[bool] = None):
        """A box's public leaderboard: one row per team (its best submission) and the baselines.

        Parameters
        ----------
        challenge, box : str
        kind : {"scores", "claim", "top-ids"}
        as_frame : bool, optional
            True: a pandas DataFrame; False: a list of dicts; None (default): a DataFrame when
            pandas is installed.

        Returns
        -------
        pandas.DataFrame or list of dict
            Columns ``rank`` (None for baselines), ``team``, ``teamId``, ``baseline``
            (``"bump-hunt"``, ``"mahalanobis"``, ``"ae"`` or None), ``method``, then the row's
            values as the server names them (``discoveryZ``, ``discoveryExtrapolated``,
            ``discoveryRejected``, ``claimedMass``; where the truth is public ``auc``, ``maxSic``,
            ``tprAt1e3``, ``tprAt1e5``, ``logScore``, ``massPull``, ``precision``, ...), then
            ``submissions``, ``submittedAt``, ``submissionId``. A DataFrame's ``attrs`` hold the
            ``ranking`` (``key``, ``label``, ``higherIsBetter``, ``secondary``), ``frozen``
            (None, or the frozen version after the reveal), ``kind``, ``challenge`` and ``box``.
        """
        if as_frame:
            import pandas  # noqa: F401 -- asked for a DataFrame: say at once that pandas is missing
        answer = self.request("GET", self._box(challenge, box) + "/leaderboard", params={"kind": kind})
        rows = leaderboard_rows(answer)
        return to_frame(rows, answer) if as_frame is not False else rows

    # --- submitting

    def _upload(
        self,
        challenge: str,
        box: str,
        kind: str,
        name: str,
        data: bytes,
        method: Optional[str],
        description: Optional[str],
    ) -> dict:
        fields = {"kind": kind}
        if method is not None:
            fields["method"] = method
        if description is not None:
            fields["description"] = description
        return self._post_upload(
            self._box(challenge, box) + "/submissions",
            files={"file": (name, data, "application/octet-stream")},
            data=fields,
        )

    def submit_scores(
        self,
        challenge: str,
        box: str,
        scores: Any,
        event_ids: Any = None,
        *,
        method: Optional[str] = None,
        description: Optional[str] = None,
    ) -> dict:
        """Upload one anomaly score per event (higher = more anomalous).

        The arrays are sent as an h5py file (``scores`` float64, or float32 as given, and
        ``event_id`` int64), gzip-compressed; the server validates it completely before storing
        anything. A refused upload is not stored and does not count against the quota.

        Parameters
        ----------
        challenge, box : str
        scores : array_like, shape (N,) or (N, 1)
            Every event of the box exactly once, finite.
        event_ids : array_like of int, shape (N,), optional
            The ``events/event_id`` of each score; then rows may be in any order. Without ids the
            scores must be in the order of the public file.
        method : str, optional
            A short name of your method (at most 120 characters), shown on the leaderboard.
        description : str, optional
            Up to 4000 characters.

        Returns
        -------
        dict
            The submission ``{id, kind, status: "queued", createdAt}`` with the upload's
            ``quota`` (``perDay``, ``total``, ``usedToday``, ``usedTotal``, ``remaining``) added.
            Pass it to :meth:`wait`. ``replayed: True`` is added when a retry (see
            ``upload_retries``) found the upload stored already: the same submission, charged once.

        Raises
        ------
        ValueError
            Shapes that differ, values that are not numbers (before anything is sent).
        ArenaError
            422 ``validation`` naming the row or id and the fix (``reason`` e.g.
            ``"upload:missing_ids"``, ``"upload:nan"``, ``"upload:wrong_length"``); 429
            ``quota:exceeded``; 413 ``upload:too_large``; 401 without a valid token; 403/404 when
            you are not in a team of the challenge or the box is not open; 503
            ``database_unavailable`` still after the retries; 507 ``storage_full`` (tell the
            organizers). Nothing is stored on any of these.
        """
        name, data = scores_upload(scores, event_ids)
        return self._upload(challenge, box, "scores", name, data, method, description)

    def submit_top_ids(
        self,
        challenge: str,
        box: str,
        event_ids: Any,
        *,
        method: Optional[str] = None,
        description: Optional[str] = None,
    ) -> dict:
        """Upload the K event ids you judge most anomalous (K is set per box; ADC2021 style).

        Sent as an HDF5 file with an int64 dataset ``Result``. Returns and raises as
        :meth:`submit_scores` (``reason`` e.g. ``"upload:wrong_length"`` when not exactly K ids).
        """
        name, data = top_ids_upload(event_ids)
        return self._upload(challenge, box, "top-ids", name, data, method, description)

    def submit_file(
        self,
        challenge: str,
        box: str,
        path: str,
        *,
        kind: str = "scores",
        method: Optional[str] = None,
        description: Optional[str] = None,
    ) -> dict:
        """Upload a file as it is: any format the server reads (docs/how-to-submit.md).

        Parameters
        ----------
        path : str
            Scores: ``.npy`` (1-D, [N,1], or [N,2] = id, score), ``.h5`` (dataset ``scores``,
            optional ``event_id``, or pandas ``to_hdf``), ``.csv``/``.txt`` (one score per line or
            ``event_id,score`` with a header), any of them gzip-compressed. Top-ids: ``.h5`` with
            ``Result``, ``.npy`` of integers, or one id per line.
        kind : {"scores", "top-ids"}

        Returns and raises as :meth:`submit_scores`.
        """
        with open(path, "rb") as f:
            data = f.read()
        return self._upload(challenge, box, kind, os.path.basename(path), data, method, description)

    def submit_claim(
        self,
        challenge: str,
        box: str,
        *,
        mass: Optional[float] = None,
        mass_uncertainty: Optional[float] = None,
        signal_present: bool = True,
        width: Optional[float] = None,
        n_signal: Optional[float] = None,
        n_signal_uncertainty: Optional[float] = None,
        daughter_masses: Optional[Sequence[Any]] = None,
        p_value: Optional[float] = None,
        note: Optional[str] = None,
        method: Optional[str] = None,
        description: Optional[str] = None,
    ) -> dict:
        """Claim a resonance (SCORING §3 version 2, docs/scoring.md); or that there is none.

        Masses are in GeV. The server checks, naming the field when it refuses: ``mass`` and
        ``width`` in (0, √s of the box); each daughter mass in (0, √s) (or the box's largest
        daughter mass); every uncertainty > 0; ``n_signal`` between 0 and the number of events in
        the box; ``p_value`` in [0, 1]; at most 8 daughters.

        Parameters
        ----------
        challenge, box : str
        mass, mass_uncertainty : float
            The resonance's mass and its 1σ uncertainty; both required when ``signal_present``.
            An uncertainty below the box's resolution (5 % of the mass by default) is scored as
            the resolution.
        signal_present : bool
            False claims the box holds no signal (then leave the rest out).
        width : float, optional
            The resonance's width.
        n_signal, n_signal_uncertainty : float, optional
            Signal events in the whole box and their 1σ uncertainty, both or neither.
        daughter_masses : sequence, optional
            ``(mass, uncertainty)`` pairs or ``{"mass", "uncertainty"}`` dicts.
        p_value : float, optional
            Your own p-value of the background-only hypothesis.
        note : str, optional
            Text stored with the claim itself (the claim's ``description`` field).
        method, description : str, optional
            As for :meth:`submit_scores`.

        Returns
        -------
        dict
            The submission with ``quota`` added, as :meth:`submit_scores`.

        Raises
        ------
        ValueError
            A number that is not finite, more than 8 daughters (before anything is sent).
        ArenaError
            422 ``validation`` with ``details["fields"]`` naming the field, e.g. "mass must be
            between 0 and 13000 GeV (√s of this box), got 14000"; otherwise as
            :meth:`submit_scores`.
        """
        body = claim_body(
            signal_present=signal_present,
            mass=mass,
            mass_uncertainty=mass_uncertainty,
            width=width,
            n_signal=n_signal,
            n_signal_uncertainty=n_signal_uncertainty,
            daughter_masses=daughter_masses,
            p_value=p_value,
            note=note,
            method=method,
            description=description,
        )
        return self._post_upload(self._box(challenge, box) + "/submissions", json=body)


def _answer(r: Any, method: str) -> Any:
    """The decoded JSON of an answer; an :class:`ArenaError` for status >= 400 or one that is not JSON."""
    if r.status_code >= 400:
        raise error_from_response(r)
    try:
        return r.json()
    except ValueError:
        raise ArenaError(r.status_code, None, f"{method} {r.url}: the answer is not JSON") from None


def _retry_after(value: Optional[str]) -> float:
    """Seconds from a Retry-After header (a number of seconds); 5 when it is missing or a date."""
    try:
        return max(0.0, float(value)) if value is not None else 5.0
    except ValueError:
        return 5.0


def _id_of(submission: Submission) -> str:
    if isinstance(submission, dict):
        sid = submission.get("id")
        if not isinstance(sid, str):
            raise ValueError("this submission has no id: pass the dict a submit method returned, or the id")
        return sid
    return str(submission)
