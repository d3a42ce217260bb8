"""Reference values for scorer/metrics, made with scikit-learn (independent of our TypeScript).

Run from the repository root:  /usr/bin/python3 scorer/metrics/reference/make_reference.py
Writes scorer/metrics/reference/sklearn_reference.json (kept < 300 KB).

Datasets (all deterministic):
  small_ties     12 hand-written events, ties across classes, two signal components
  all_equal      60 events, every score 0.5 (one threshold)
  heavy_ties     numpy default_rng(20240501), 3000 events, scores quantised to 8 levels
  multi_comp     numpy default_rng(7), 6000 events, 3 components, scores rounded to 1e-2
  float32        numpy default_rng(11), 1500 events, scores rounded to float32
  formula_120k   120000 events from an integer hash (no data stored; scorer/metrics/reference.test.ts
                 regenerates it with the same formula), 1000 score levels, two components,
                 ~116k background so TPR at FPR = 1e-5 is defined
Large curves are stored as integer counts (fps, tps); sklearn's fpr/tpr are fps/fps[-1], tps/tps[-1]
(asserted below), so the test can check its float arrays exactly.
"""

import json
import math
import platform
import sys

import numpy as np
import sklearn
from sklearn.metrics import roc_auc_score, roc_curve

XS = [1e-1, 1e-2, 1e-3, 1e-4, 1e-5]
KEYS = ["1e-1", "1e-2", "1e-3", "1e-4", "1e-5"]


def formula_dataset(n):
    """Mirror of formulaDataset in reference.test.ts: Knuth multiplicative hash, exact in IEEE doubles."""
    i = np.arange(n, dtype=np.uint64)
    h = ((i * np.uint64(2654435761) + np.uint64(12345)) & np.uint64(0xFFFFFFFF)).astype(np.float64)
    u = h / 4294967296.0
    labels = np.where(i % 61 == 0, 1, np.where(i % 97 == 5, 2, 0)).astype(np.int32)
    v = np.where(labels == 1, 1.0 - u * u * u, np.where(labels == 2, 1.0 - u * u, u))
    scores = np.floor(v * 1000.0) / 1000.0
    return scores, labels


def binary_reference(y, s, store_floats):
    fpr, tpr, thr = roc_curve(y, s, drop_intermediate=False)
    n_pos = int(y.sum())
    n_neg = int(len(y) - n_pos)
    fps = np.round(fpr * n_neg).astype(np.int64)
    tps = np.round(tpr * n_pos).astype(np.int64)
    assert np.array_equal(fps / n_neg, fpr) and np.array_equal(tps / n_pos, tpr)
    out = {"nPositive": n_pos, "nNegative": n_neg, "auc": float(roc_auc_score(y, s)), "nPoints": len(fpr)}
    if store_floats:
        out["fpr"] = fpr.tolist()
        out["tpr"] = tpr.tolist()
        # thresholds[0] is max+1 in sklearn 1.2 (inf from 1.3 on): store from index 1
        out["thresholds"] = thr[1:].astype(np.float64).tolist()
    else:
        out["fps"] = fps.tolist()
        out["tps"] = tps.tolist()
    tpr_at = {}
    for x, k in zip(XS, KEYS):
        tpr_at[k] = None if x * n_neg < 1 else float(tpr[fpr <= x].max())
    out["tprAtFpr"] = tpr_at
    ok = fps >= 20
    out["sicMax"] = float((tpr[ok] / np.sqrt(fpr[ok])).max()) if ok.any() else None
    return out


def dataset_reference(name, scores, labels, store_data, store_floats):
    labels = np.asarray(labels, dtype=np.int32)
    ref = {"name": name, "n": len(scores)}
    if store_data:
        ref["scores"] = [float(x) for x in scores]
        ref["labels"] = labels.tolist()
    ref["overall"] = binary_reference((labels > 0).astype(int), scores, store_floats)
    comps = {}
    for k in sorted(set(labels.tolist()) - {0}):
        keep = (labels == 0) | (labels == k)
        comps[str(k)] = binary_reference((labels[keep] == k).astype(int), scores[keep], store_floats)
    ref["components"] = comps
    return ref


def main():
    datasets = []
    s = np.array([0.9, 0.8, 0.8, 0.8, 0.7, 0.6, 0.6, 0.5, 0.4, 0.4, 0.3, 0.1])
    y = np.array([1, 0, 2, 1, 0, 2, 0, 1, 0, 0, 1, 0])
    datasets.append(dataset_reference("small_ties", s, y, True, True))

    y = np.array([(i % 3 == 0) * 1 + (i % 7 == 0) * 1 for i in range(60)])
    datasets.append(dataset_reference("all_equal", np.full(60, 0.5), y, True, True))

    rng = np.random.default_rng(20240501)
    y = (rng.random(3000) < 0.2).astype(np.int32)
    s = np.floor(np.clip(rng.normal(0.35 + 0.3 * y, 0.2), 0, 0.999) * 8) / 8
    datasets.append(dataset_reference("heavy_ties", s, y, True, True))

    rng = np.random.default_rng(7)
    y = rng.choice([0, 1, 2, 3], size=6000, p=[0.85, 0.07, 0.05, 0.03]).astype(np.int32)
    s = np.round(rng.normal(0.0, 1.0, 6000) + np.array([0.0, 1.5, 0.7, 3.0])[y], 2)
    datasets.append(dataset_reference("multi_comp", s, y, True, False))

    rng = np.random.default_rng(11)
    y = (rng.random(1500) < 0.1).astype(np.int32)
    s = rng.normal(y * 1.0, 1.0).astype(np.float32).astype(np.float64)
    datasets.append(dataset_reference("float32", s, y, True, False))

    s, y = formula_dataset(120000)
    datasets.append(dataset_reference("formula_120k", s, y, False, False))

    out = {
        "provenance": {
            "script": "scorer/metrics/reference/make_reference.py",
            "python": platform.python_version(),
            "numpy": np.__version__,
            "sklearn": sklearn.__version__,
            "functions": "sklearn.metrics.roc_curve(drop_intermediate=False), sklearn.metrics.roc_auc_score",
            "tprAtFpr": "max tpr over roc points with fpr <= x; null when x * nNegative < 1",
            "sicMax": "max tpr/sqrt(fpr) over roc points with fps >= 20",
        },
        "datasets": datasets,
    }
    path = "scorer/metrics/reference/sklearn_reference.json"
    with open(path, "w") as f:
        json.dump(out, f, separators=(",", ":"))
    print(path, sum(len(json.dumps(d)) for d in datasets), "bytes", file=sys.stderr)


if __name__ == "__main__":
    main()
