#!/usr/bin/env python3
"""Reference for side-band normalised BumpHunter scans: pyBumpHunter 0.5, use_sideband=True, sideband_width=k.

Source: scikit-hep/pyBumpHunter, tag v0.5.0 (commit 60d224ccb675a3d884f180210b4cc4df0c8b0433; its
pyBumpHunter/bumphunter_1dim.py is byte-identical at 0da0dd7, the commit of the plain reference cases),
file pyBumpHunter/bumphunter_1dim.py:
  - BumpHunter1D._scan_hist, lines 323-461: the scan of one histogram (ported as `scan_hist` below);
  - BumpHunter1D.bump_scan, lines 923-1208: the pseudo-experiments (np.random.seed(self.seed) at
    line 987, then one np.random.poisson call, lines 1062-1065; ported as `pseudo_hists`), the
    widths (lines 1068-1072, 1102), t = -ln(min p) (line 1184) and the global p (lines 1186-1190).

Two sources, which must agree exactly (==, not a tolerance):
  1. the port below (always run);
  2. pyBumpHunter's own BumpHunter1D, when --pybumphunter DIR names a directory holding
     pyBumpHunter/bumphunter_1dim.py and pyBumpHunter/util.py of v0.5.0 (e.g. copied out of a
     checkout with `git show v0.5.0:pyBumpHunter/bumphunter_1dim.py`). matplotlib, which it imports
     only to plot, is stubbed. Its bump_scan runs on the same inputs (is_hist=True, nworker=1) and
     every number written is checked against the port, toys included. The JSON says which ran.

Writes sideband_reference.json next to this script:

    python3 scorer/bumphunt/reference/make_sideband_reference.py --pybumphunter /tmp/pbh050
"""
import argparse
import json
import os
import sys
import types

import numpy as np
import scipy
from scipy.special import gammainc as G

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(HERE, "..", "..", "..", "..", "shared", "fixtures", "bumphunter")

# Toys: all `npe` of them give the global p-value; the first STORED are written out in full.
NPE = 2000
STORED = 25
SEED = 12345


def scan_hist(hist, ref, w_ar, mode, scan_step, use_sideband, sideband_width):
    """Port of BumpHunter1D._scan_hist (v0.5.0 lines 323-461), self.* passed as arguments."""
    # lines 363-364: the scan range starts and ends at the first and last bin with ref > 0
    non0 = [iii for iii in range(hist.size) if ref[iii] > 0]
    Hinf, Hsup = min(non0), max(non0) + 1
    # lines 367-371: side-bands come off the scan range, not off the normalisation range
    if use_sideband:
        Vinf, Vsup = Hinf, Hsup
        if sideband_width is not None:
            Hinf = Hinf + sideband_width
            Hsup = Hsup - sideband_width
    res = np.empty(w_ar.size, dtype=object)
    min_Pval, min_loc = np.empty(w_ar.size), np.empty(w_ar.size, dtype=int)
    signal_eval = np.empty(w_ar.size)
    # lines 379-382: data and reference totals over the whole trimmed range [Vinf, Vsup)
    if use_sideband:
        ref_total = ref[Vinf:Vsup].sum()
        hist_total = hist[Vinf:Vsup].sum()
        min_scale = np.empty(w_ar.size)
    n_pos = []
    for i, w in enumerate(w_ar):
        if scan_step == "full":
            scan_stepp = w
        elif scan_step == "half":
            scan_stepp = max(1, w // 2)
        else:
            scan_stepp = scan_step
        pos = np.arange(Hinf, Hsup - w + 1, scan_stepp)  # line 395
        n_pos.append(int(pos.size))
        if pos.size == 0:  # lines 399-404: a dummy p = 1 at loc 0
            res[i] = np.array([1.0])
            min_Pval[i] = 1.0
            min_loc[i] = 0
            signal_eval[i] = 0
            continue
        res[i] = np.ones(pos.size)
        Nref = np.array([ref[p : p + w].sum() for p in pos], dtype=float)
        Nhist = np.array([hist[p : p + w].sum() for p in pos])
        # lines 415-417: per-window scale (D - n) / (R - beta), applied as Nref *= scale
        if use_sideband:
            scale = (hist_total - Nhist) / (ref_total - Nref)
            Nref *= scale
        if mode == "excess":  # lines 420-424
            m = (Nhist > Nref) & (Nref > 0)
            res[i][m] = G(Nhist[m], Nref[m])
        elif mode == "deficit":  # lines 425-428
            m = Nhist < Nref
            res[i][m] = 1.0 - G(Nhist[m] + 1, Nref[m])
        if use_sideband:  # lines 430-433
            res[i][res[i] < 1e-300] = 1e-300
        min_Pval[i] = res[i].min()
        min_loc[i] = pos[res[i].argmin()]
        signal_eval[i] = Nhist[res[i].argmin()] - Nref[res[i].argmin()]
        if use_sideband:
            min_scale[i] = scale[res[i].argmin()]
    best = min_Pval.argmin()
    return {
        "scan_range": [int(Hinf), int(Hsup)],
        "norm_range": [int(Vinf), int(Vsup)] if use_sideband else [int(Hinf), int(Hsup)],
        "n_positions_by_width": n_pos,
        "res": res,
        "min_pvalue": float(min_Pval.min()),
        "loc_bin": int(min_loc[best]),
        "width_bins": int(w_ar[best]),
        "signal_eval": float(signal_eval[best]),
        "norm_scale": float(min_scale[best]) if use_sideband else None,
    }


def pseudo_hists(bkg_hist, npe, seed):
    """bump_scan's pseudo-data (lines 987, 1062-1065): column j is pseudo-experiment j + 1."""
    np.random.seed(seed)
    return np.random.poisson(lam=np.tile(bkg_hist, (npe, 1)).transpose(), size=(bkg_hist.size, npe))


def widths(nbins, s):
    """Line 1102, with width_max None meaning nbins // 2 (lines 1068-1072)."""
    width_max = nbins // 2 if s["width_max"] is None else s["width_max"]
    return np.arange(s["width_min"], width_max + 1, s["width_step"])


def real_bumphunter(directory):
    """pyBumpHunter 0.5's BumpHunter1D from DIR/pyBumpHunter, with matplotlib stubbed (plots only)."""
    mpl = types.ModuleType("matplotlib")
    mpl.pyplot = types.ModuleType("matplotlib.pyplot")
    mpl.gridspec = types.ModuleType("matplotlib.gridspec")
    sys.modules.update({"matplotlib": mpl, "matplotlib.pyplot": mpl.pyplot, "matplotlib.gridspec": mpl.gridspec})
    pkg = types.ModuleType("pyBumpHunter")  # not its __init__: that also imports the 2-D class
    pkg.__path__ = [os.path.join(directory, "pyBumpHunter")]
    sys.modules["pyBumpHunter"] = pkg
    from pyBumpHunter.bumphunter_1dim import BumpHunter1D

    return BumpHunter1D


def number(x):
    """A float for JSON, which has no infinities: those become the strings "Infinity"/"-Infinity"."""
    return x if x is None or np.isfinite(x) else str(float(x)).replace("inf", "Infinity")


def fixture(name):
    with open(os.path.join(FIXTURES, name)) as f:
        return json.load(f)["inputs"]


def cases():
    """(name, origin, data, ref, settings) with pyBumpHunter's setting names."""
    base = {"width_min": 1, "width_max": None, "width_step": 1, "scan_step": 1, "use_sideband": True}
    sig200 = fixture("case_sig200.json")
    deficit = fixture("case_deficit300.json")
    edge = fixture("case_edge_small.json")
    sig600 = fixture("case_sig600.json")
    strong = [n + 3000 if 20 <= i < 25 else n for i, n in enumerate(sig600["data"])]
    # R - beta = 0 exactly while D - n > 0 (the 1e-20 end bins vanish from R): beta = +inf for the
    # window over bins 1-4, so the deficit p is 1 - P(21, inf) = 0, floored to 1e-300.
    tiny_ref = [1e-20, 5.0, 5.0, 5.0, 5.0, 1e-20, 0.0, 0.0]
    return [
        ("sig200_sb5", "case_sig200.json, sideband_width 5",
         sig200["data"], sig200["ref"], {**base, "mode": "excess", "sideband_width": 5}),
        ("deficit300_sb10_half", "case_deficit300.json, sideband_width 10, width_max 20, scan_step half",
         deficit["data"], deficit["ref"],
         {**base, "mode": "deficit", "sideband_width": 10, "width_max": 20, "scan_step": "half"}),
        ("edge_small_sb2", "case_edge_small.json (ref > 0 from bin 2), sideband_width 2: width 6 has no window",
         edge["data"], edge["ref"], {**base, "mode": "excess", "sideband_width": 2}),
        ("sig600_plus3000_sb3",
         "case_sig600.json with 3000 more events in each of bins 20-24, sideband_width 3: windows at the 1e-300 floor",
         strong, sig600["ref"], {**base, "mode": "excess", "sideband_width": 3}),
        ("infinite_scale_deficit", "synthetic: R - beta = 0 with D - n > 0, sideband_width None (the default)",
         [3, 5, 5, 5, 5, 2, 0, 0], tiny_ref, {**base, "mode": "deficit", "sideband_width": None}),
    ]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--pybumphunter", help="directory holding pyBumpHunter/bumphunter_1dim.py of v0.5.0")
    args = ap.parse_args()
    BumpHunter1D = real_bumphunter(args.pybumphunter) if args.pybumphunter else None

    out = {}
    for name, origin, data, ref, s in cases():
        hist = np.array(data)
        bkg = np.array(ref, dtype=float)
        w_ar = widths(hist.size, s)

        def scan(h):
            return scan_hist(h, bkg, w_ar, s["mode"], s["scan_step"], True, s["sideband_width"])

        obs = scan(hist)
        pseudo = pseudo_hists(bkg, NPE, SEED)
        toys = [scan(pseudo[:, j]) for j in range(NPE)]
        t_obs = -np.log(obs["min_pvalue"])
        t_toys = -np.log(np.array([r["min_pvalue"] for r in toys]))
        n_ge = int((t_toys >= t_obs).sum())  # lines 1189-1190: S = #{t_toy >= t_obs}, p = S / npe

        if BumpHunter1D is not None:
            bh = BumpHunter1D(mode=s["mode"], width_min=s["width_min"], width_max=s["width_max"],
                              width_step=s["width_step"], scan_step=s["scan_step"], npe=NPE, nworker=1,
                              seed=SEED, use_sideband=True, sideband_width=s["sideband_width"])
            bh.bump_scan(hist, bkg, is_hist=True)
            assert len(bh.res_ar) == len(obs["res"])
            for a, b in zip(bh.res_ar, obs["res"]):
                assert a.tolist() == b.tolist(), name
            assert [bh.min_loc_ar[0], bh.min_width_ar[0], bh.min_Pval_ar[0]] == \
                [obs["loc_bin"], obs["width_bins"], obs["min_pvalue"]], name
            assert bh.signal_eval == obs["signal_eval"] and bh.norm_scale == obs["norm_scale"], name
            assert bh.min_Pval_ar[1:].tolist() == [r["min_pvalue"] for r in toys], name
            assert bh.min_loc_ar[1:].tolist() == [r["loc_bin"] for r in toys], name
            assert bh.min_width_ar[1:].tolist() == [r["width_bins"] for r in toys], name
            assert bh.t_ar.tolist() == [t_obs, *t_toys.tolist()], name
            assert bh.global_Pval == n_ge / NPE, name

        out[name] = {
            "origin": origin,
            "data": [int(x) for x in hist],
            "ref": bkg.tolist(),
            "settings": s,
            "scan_range": obs["scan_range"],
            "norm_range": obs["norm_range"],
            "widths": w_ar.tolist(),
            "n_positions_by_width": obs["n_positions_by_width"],
            "n_windows": sum(obs["n_positions_by_width"]),
            # pyBumpHunter's res_ar, except that a width with no position is [] (pyBumpHunter: [1.0])
            "window_pvalues_by_width": [r.tolist() if n else [] for r, n in
                                        zip(obs["res"], obs["n_positions_by_width"])],
            # signal_eval = n - scale * beta and norm_scale: infinite when R - beta = 0 (as strings)
            "bump": {k: number(obs[k]) for k in ("loc_bin", "width_bins", "min_pvalue", "signal_eval", "norm_scale")},
            "t_obs": float(t_obs),
            "pseudo_experiments": {
                "npe": NPE,
                "seed": SEED,
                "n_t_ge_tobs": n_ge,
                "global_pvalue": n_ge / NPE,
                "t_quantiles": {str(q): float(np.quantile(t_toys, q)) for q in (0.1, 0.5, 0.9)},
                "first": [{"counts": pseudo[:, j].tolist(), "t": float(t_toys[j]),
                           "min_pvalue": toys[j]["min_pvalue"], "loc_bin": toys[j]["loc_bin"],
                           "width_bins": toys[j]["width_bins"]} for j in range(STORED)],
            },
        }

    # numpy's summation order (pairwise, see numpySum in windows.ts) on a fixed array of mixed magnitudes
    a = np.sin(np.arange(1, 301)) ** 2 * 10.0 ** (np.arange(300) % 7 - 3)
    lengths = [1, 5, 7, 8, 9, 15, 16, 17, 60, 127, 128, 129, 200, 256, 257, 300]
    numpy_sums = {"values": a.tolist(), "sums": {str(n): float(a[:n].sum()) for n in lengths}}

    with open(os.path.join(HERE, "sideband_reference.json"), "w") as f:
        json.dump({
            "tool": f"python {sys.version.split()[0]}, numpy {np.__version__}, scipy {scipy.__version__}",
            "source": "scikit-hep/pyBumpHunter v0.5.0 (60d224c) pyBumpHunter/bumphunter_1dim.py, "
                      "BumpHunter1D._scan_hist and bump_scan, use_sideband=True",
            "checked_against_pybumphunter": BumpHunter1D is not None,
            "generated_by": "scorer/bumphunt/reference/make_sideband_reference.py",
            "cases": out,
            "numpy_sums": numpy_sums,
        }, f, separators=(",", ":"), allow_nan=False)
        f.write("\n")


if __name__ == "__main__":
    main()
