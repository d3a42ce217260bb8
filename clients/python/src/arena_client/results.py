"""Results as a physicist reads them: leaderboard tables and the discovery summary of a submission."""

from __future__ import annotations

from typing import Any, List, Optional

FIRST = ["rank", "team", "teamId", "baseline", "method"]
LAST = ["submissions", "submittedAt", "submissionId"]


def leaderboard_rows(answer: dict) -> List[dict]:
    """The rows of a leaderboard answer, flat: the fixed columns, then each row's ``values``.

    Examples
    --------
    >>> leaderboard_rows({"rows": [{"rank": 1, "team": {"id": "t", "name": "A"}, "baseline": None,
    ...     "method": "m", "submissions": 2, "submittedAt": "x", "submissionId": "s",
    ...     "values": {"discoveryZ": 3.5}}]})[0]["discoveryZ"]
    3.5
    """
    out = []
    for row in answer.get("rows", []):
        team = row.get("team") or {}
        flat = {
            "rank": row.get("rank"),
            "team": team.get("name"),
            "teamId": team.get("id"),
            "baseline": row.get("baseline"),
            "method": row.get("method"),
        }
        for key, value in (row.get("values") or {}).items():
            if key not in FIRST and key not in LAST:
                flat[key] = value
        for key in LAST:
            flat[key] = row.get(key)
        out.append(flat)
    return out


def value_columns(rows: List[dict]) -> List[str]:
    """The value columns in order of first appearance (rows may carry different values)."""
    seen: dict = {}
    for row in rows:
        for key in row:
            if key not in FIRST and key not in LAST:
                seen.setdefault(key, None)
    return list(seen)


def to_frame(rows: List[dict], answer: dict):
    """``rows`` as a pandas DataFrame with the leaderboard's ranking in ``attrs``; the rows without pandas."""
    try:
        import pandas as pd
    except ImportError:
        return rows
    columns = FIRST + value_columns(rows) + LAST
    frame = pd.DataFrame(rows, columns=columns)
    # Baselines take no rank: a nullable integer column keeps ranks 1, 2, … instead of 1.0, 2.0.
    frame["rank"] = frame["rank"].astype("Int64")
    frame.attrs.update(
        {
            "ranking": answer.get("ranking"),
            "frozen": answer.get("frozen"),
            "kind": answer.get("kind"),
            "challenge": answer.get("challenge"),
            "box": answer.get("box"),
        }
    )
    return frame


def discovery_summary(submission: dict) -> Optional[dict]:
    """The discovery significance of a scored submission (SCORING §2 version 2): its best cut.

    Parameters
    ----------
    submission : dict
        As returned by :meth:`Arena.wait` or :meth:`Arena.submission`.

    Returns
    -------
    dict or None
        ``{"globalSignificance", "efficiency", "claimedMass", "extrapolated", ...}`` — the global Z
        of the best cut efficiency, the mass of its bump in GeV, and whether its p-value came from
        the toys' fitted tail. None when the background model was rejected in every cut
        (``evaluation.metrics.discovery.summaryReason`` says why).

    Raises
    ------
    ValueError
        When the submission is not scored, or its box has no discovery metric (no resonance mass).

    Examples
    --------
    >>> discovery_summary({"status": "scored", "evaluation": {"metrics": {"discovery":
    ...     {"summary": {"globalSignificance": 2.1, "claimedMass": 3500}}}}})["globalSignificance"]
    2.1
    """
    status = submission.get("status")
    if status != "scored":
        error = (submission.get("error") or {}).get("message")
        why = f": {error}" if error else ""
        raise ValueError(f"submission {submission.get('id')} is {status}, not scored{why}")
    metrics: Any = (submission.get("evaluation") or {}).get("metrics") or {}
    discovery = metrics.get("discovery")
    if discovery is None:
        raise ValueError("this box has no discovery significance (no resonance mass): see the truth metrics")
    return discovery.get("summary")
