#!/usr/bin/python3
"""Reference for side-band normalised BumpHunter scans (pyBumpHunter 0.5 `use_sideband=True`).

pyBumpHunter itself cannot be installed here (no PyPI), so this transcribes the side-band branch of
its `BumpHunter1D._scan_hist` (scikit-hep/pyBumpHunter, pyBumpHunter/bumphunter_1dim.py) with
scipy.special.gammainc, and runs it on the data/reference histograms of two fixture cases.
Writes sideband_reference.json next to this script.

    /usr/bin/python3 scorer/bumphunt/reference/make_sideband_reference.py
"""
import json
import os

import numpy as np
import scipy
from scipy.special import gammainc as G

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(HERE, "..", "..", "..", "..", "shared", "fixtures", "bumphunter")


def scan_hist(hist, ref, mode, w_ar, scan_step=1):
    non0 = [i for i in range(hist.size) if ref[i] > 0]
    hinf, hsup = min(non0), max(non0) + 1
    ref_total = ref[hinf:hsup].sum()
    hist_total = hist[hinf:hsup].sum()
    res, min_p, min_loc = [], [], []
    for w in w_ar:
        pos = np.arange(hinf, hsup - w + 1, scan_step)
        if pos.size == 0:
            res.append([1.0])
            min_p.append(1.0)
            min_loc.append(0)
            continue
        r = np.ones(pos.size)
        nref = np.array([ref[p : p + w].sum() for p in pos])
        nhist = np.array([hist[p : p + w].sum() for p in pos])
        with np.errstate(divide="ignore", invalid="ignore"):
            nref *= (hist_total - nhist) / (ref_total - nref)
        if mode == "excess":
            m = (nhist > nref) & (nref > 0)
            r[m] = G(nhist[m], nref[m])
        else:
            m = nhist < nref
            r[m] = 1.0 - G(nhist[m] + 1, nref[m])
        r[r < 1e-300] = 1e-300
        res.append(r.tolist())
        min_p.append(r.min())
        min_loc.append(int(pos[r.argmin()]))
    best = int(np.argmin(min_p))
    return {"loc_bin": min_loc[best], "width_bins": int(w_ar[best]), "min_pvalue": float(min_p[best]),
            "window_pvalues_by_width": res}


cases = {}
for name in ["case_sig200.json", "case_deficit300.json"]:
    with open(os.path.join(FIXTURES, name)) as f:
        inputs = json.load(f)["inputs"]
    hist = np.array(inputs["data"], dtype=float)
    ref = np.array(inputs["ref"], dtype=float)
    mode = inputs["settings"]["mode"]
    w_ar = np.arange(1, hist.size // 2 + 1, 1)
    cases[name] = {"mode": mode, **scan_hist(hist, ref, mode, w_ar)}

with open(os.path.join(HERE, "sideband_reference.json"), "w") as f:
    json.dump({"tool": f"numpy {np.__version__}, scipy {scipy.__version__}",
               "source": "transcription of pyBumpHunter 0.5 BumpHunter1D._scan_hist, use_sideband=True",
               "cases": cases}, f)
