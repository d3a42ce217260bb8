"""Arrays and claims in the forms the server's upload route accepts (docs/how-to-submit.md)."""

from __future__ import annotations

import gzip
import io
import math
from typing import Any, Iterable, Optional, Sequence, Tuple, Union

import h5py
import numpy as np

# Masses of a claim's daughters the server accepts at most (scorer/metrics/claims.ts MAX_DAUGHTERS).
MAX_DAUGHTERS = 8


def _column(values: Any, name: str) -> np.ndarray:
    """``values`` as a 1-D array: shape [N] or [N, 1] (a pandas Series or column works too)."""
    a = np.asarray(values)
    if a.ndim == 2 and a.shape[1] == 1:
        a = a[:, 0]
    if a.ndim != 1:
        raise ValueError(f"{name} must be one number per event, shape [N] or [N, 1]; got shape {a.shape}")
    if a.size == 0:
        raise ValueError(f"{name} is empty")
    if a.dtype == np.bool_ or not np.issubdtype(a.dtype, np.number):
        raise ValueError(f"{name} must hold numbers, got dtype {a.dtype}")
    return a


def event_id_column(event_ids: Any, name: str = "event_ids") -> np.ndarray:
    """Event ids as little-endian int64, the dtype of the box's ``/events/event_id``.

    Floats are accepted when every value is a whole number (ids read through pandas often are).

    Raises
    ------
    ValueError
        Naming the first id that is not a whole number, or the shape.
    """
    ids = _column(event_ids, name)
    if not np.issubdtype(ids.dtype, np.integer):
        whole = np.isfinite(ids) & (ids == np.round(ids))
        if not whole.all():
            row = int(np.argmin(whole))
            raise ValueError(f"{name}[{row}] is {ids[row]!r}, not an integer event id")
    return ids.astype("<i8")


def _h5_bytes(datasets: Iterable[Tuple[str, np.ndarray]]) -> bytes:
    buf = io.BytesIO()
    with h5py.File(buf, "w") as f:
        for key, data in datasets:
            f.create_dataset(key, data=data)
    return buf.getvalue()


def scores_upload(scores: Any, event_ids: Any = None) -> Tuple[str, bytes]:
    """One score per event as the file to upload: ``("scores.h5.gz", bytes)``.

    The file is what h5py writes, gzip-compressed: a root dataset ``scores`` (float32 when the
    scores are float32, else float64) and, with ids, a root ``event_id`` (int64). The server reads
    this layout (docs/how-to-submit.md: ".h5 (h5py dataset ``scores``, optional ``event_id``), any of
    them gzip-compressed"); int64 ids keep every id exact, which ids in a float64 .npy would not
    beyond 2**53.

    Parameters
    ----------
    scores : array_like, shape (N,) or (N, 1)
        Higher = more anomalous. Without ``event_ids``, in the order of the public file.
    event_ids : array_like of int, shape (N,), optional
        The box's ``/events/event_id`` of each score; rows may then be in any order.

    Returns
    -------
    name : str
    data : bytes

    Raises
    ------
    ValueError
        When the shapes differ or the values are not numbers. Finiteness, the count and the ids
        are checked by the server, whose message names the row or id.

    Examples
    --------
    >>> name, data = scores_upload([0.1, 0.9], event_ids=[7, 3])
    >>> name, data[:2] == b"\\x1f\\x8b"
    ('scores.h5.gz', True)
    """
    s = _column(scores, "scores")
    s = s.astype("<f4") if s.dtype == np.float32 else s.astype("<f8")
    datasets = [("scores", s)]
    if event_ids is not None:
        ids = event_id_column(event_ids)
        if len(ids) != len(s):
            raise ValueError(f"event_ids has {len(ids)} values but scores has {len(s)}; give one id per score")
        datasets.append(("event_id", ids))
    return "scores.h5.gz", gzip.compress(_h5_bytes(datasets), compresslevel=6, mtime=0)


def top_ids_upload(event_ids: Any) -> Tuple[str, bytes]:
    """The K event ids judged most anomalous as ``("top-ids.h5", bytes)``: an int64 dataset ``Result``.

    That is the ADC2021 layout the server reads for ``top-ids`` submissions. It is not compressed:
    the server reads top-K files uncompressed only, and K ids are small.

    Examples
    --------
    >>> top_ids_upload([5, 9, 2])[0]
    'top-ids.h5'
    """
    return "top-ids.h5", _h5_bytes([("Result", event_id_column(event_ids))])


Number = Union[int, float]


def _finite(value: Any, name: str) -> float:
    try:
        v = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a number, got {value!r}") from None
    if not math.isfinite(v):
        raise ValueError(f"{name} must be a finite number, got {v}")
    return v


def _daughter(d: Any, i: int) -> dict:
    if isinstance(d, dict):
        mass, unc = d.get("mass"), d.get("uncertainty")
    else:
        try:
            mass, unc = d
        except (TypeError, ValueError):
            raise ValueError(
                f"daughter_masses[{i}] must be (mass, uncertainty) or {{'mass': ..., 'uncertainty': ...}}, got {d!r}"
            ) from None
    return {
        "mass": _finite(mass, f"daughter_masses[{i}] mass"),
        "uncertainty": _finite(unc, f"daughter_masses[{i}] uncertainty"),
    }


def claim_body(
    *,
    signal_present: bool = True,
    mass: Optional[Number] = None,
    mass_uncertainty: Optional[Number] = None,
    width: Optional[Number] = None,
    n_signal: Optional[Number] = None,
    n_signal_uncertainty: Optional[Number] = None,
    daughter_masses: Optional[Sequence[Any]] = None,
    p_value: Optional[Number] = None,
    note: Optional[str] = None,
    method: Optional[str] = None,
    description: Optional[str] = None,
) -> dict:
    """The JSON body of a claim upload: ``{"kind": "claim", "claim": {...}, "method", "description"}``.

    Field names are the server's (``massUncertainty``, ``nSignal``, ...); fields left None are
    left out. Only types are checked here; the ranges, which depend on the box (√s, its number of
    events), are checked by the server, whose 422 names the field (see :meth:`Arena.submit_claim`).

    Raises
    ------
    ValueError
        A number that is not a finite number, or more than 8 daughters.

    Examples
    --------
    >>> claim_body(mass=3800, mass_uncertainty=120, daughter_masses=[(500, 40)], method="by eye")
    {'kind': 'claim', 'claim': {'signalPresent': True, 'mass': 3800.0, 'massUncertainty': 120.0, \
'daughterMasses': [{'mass': 500.0, 'uncertainty': 40.0}]}, 'method': 'by eye'}
    """
    claim: dict[str, Any] = {"signalPresent": bool(signal_present)}
    numbers = {
        "mass": ("mass", mass),
        "massUncertainty": ("mass_uncertainty", mass_uncertainty),
        "width": ("width", width),
        "nSignal": ("n_signal", n_signal),
        "nSignalUncertainty": ("n_signal_uncertainty", n_signal_uncertainty),
    }
    for key, (name, value) in numbers.items():
        if value is not None:
            claim[key] = _finite(value, name)
    if daughter_masses is not None:
        daughters = list(daughter_masses)
        if len(daughters) > MAX_DAUGHTERS:
            raise ValueError(f"daughter_masses may list at most {MAX_DAUGHTERS} daughters, got {len(daughters)}")
        claim["daughterMasses"] = [_daughter(d, i) for i, d in enumerate(daughters)]
    if p_value is not None:
        claim["pValue"] = _finite(p_value, "p_value")
    if note is not None:
        claim["description"] = note
    body: dict[str, Any] = {"kind": "claim", "claim": claim}
    if method is not None:
        body["method"] = method
    if description is not None:
        body["description"] = description
    return body
