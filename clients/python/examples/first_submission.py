"""From the download to the leaderboard with arena_client (CI runs this against the app:
tests/e2e/python-client.e2e.ts).

    export ARENA_URL=http://localhost:3000 ARENA_TOKEN=arena_...   # a token from your account page
    python first_submission.py [challenge] [box]                   # default: lhc-olympics-demo bb1

Your account must be in a team of the challenge (the challenge page: "Create a team").
"""

import sys

import h5py
import numpy as np

from arena_client import Arena, discovery_summary

challenge = sys.argv[1] if len(sys.argv) > 1 else "lhc-olympics-demo"
box = sys.argv[2] if len(sys.argv) > 2 else "bb1"
arena = Arena()  # the site from ARENA_URL, the token from ARENA_TOKEN

# 1. Download the public file (resumed if interrupted, checked against the server's SHA-256).
path = arena.download(challenge, box)
with h5py.File(path, "r") as f:
    names = [n.decode() if isinstance(n, bytes) else n for n in f["events/feature_names"][:]]
    X = f["events/features"][:]
    ids = f["events/event_id"][:]
print(f"downloaded {path}: {X.shape[0]} events, features {', '.join(names)}")

# 2. Your method. Here: the heavier jet mass as the anomaly score.
score = np.maximum(X[:, names.index("mj1")], X[:, names.index("mj2")])

# 3. Upload one score per event, with the event ids (then any row order will do).
sub = arena.submit_scores(challenge, box, score, event_ids=ids, method="heavier jet mass")
print("accepted", sub["id"], "quota left:", sub["quota"]["remaining"])

# 4. Wait for the scorer, then read the discovery significance of the best cut.
sub = arena.wait(sub, timeout=300)
if sub["status"] == "failed":
    raise SystemExit("failed: " + sub["error"]["message"])
best = discovery_summary(sub)  # None when the background model was rejected in every cut
if best is None:
    raise SystemExit("scored: " + sub["evaluation"]["metrics"]["discovery"]["summaryReason"])
print(
    f"scored: global Z = {best['globalSignificance']:.6g} at cut {best['efficiency']:g}, "
    f"bump at {best['claimedMass']:.0f} GeV" + (" (extrapolated)" if best["extrapolated"] else "")
)

# 5. The public leaderboard: a pandas DataFrame, one row per team and the baselines.
board = arena.leaderboard(challenge, box)
print(board.attrs["ranking"]["label"])
print(board[["rank", "team", "baseline", "method", "discoveryZ"]].to_string(index=False))
ours = board[board["submissionId"] == sub["id"]].iloc[0]
print(f"our row: rank {ours['rank']}, discovery Z = {ours['discoveryZ']:.6g}")
