"""examples/first_submission.py (what the e2e tier runs against the app) against the fake server."""

import contextlib
import hashlib
import io
import os
import runpy
import tempfile
import unittest
from unittest import mock

import h5py
import numpy as np

from .fake_server import FakeArena
from .test_client import ACCEPTED, BOX, LEADERBOARD, SID, read_upload, submission

EXAMPLE = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "examples", "first_submission.py")


def public_file(n=50):
    """A small public.h5 in the layout of the box files: events/features, feature_names, event_id."""
    rng = np.random.default_rng(3)
    buf = io.BytesIO()
    with h5py.File(buf, "w") as f:
        f["events/features"] = rng.uniform(10, 900, size=(n, 3))
        f["events/feature_names"] = np.array([b"mjj", b"mj1", b"mj2"])
        f["events/event_id"] = rng.permutation(n).astype(np.int64) + 1000
    return buf.getvalue()


class TestExample(unittest.TestCase):
    def test_downloads_submits_waits_and_reads_the_leaderboard(self):
        data = public_file()
        sha = hashlib.sha256(data).hexdigest()
        summary = {"globalSignificance": 2.75, "efficiency": 0.1, "claimedMass": 3501.2, "extrapolated": False}
        ours = dict(LEADERBOARD["rows"][0], submissionId=SID, values={"discoveryZ": 2.75})
        board = dict(LEADERBOARD, rows=[ours, LEADERBOARD["rows"][1]])
        with FakeArena() as fake, tempfile.TemporaryDirectory() as d:
            fake.route("GET", "/api/files/lhc-olympics-demo/bb1/public.h5", (200, data, {"ETag": f'"{sha}"'}))
            fake.route("POST", BOX + "/submissions", ACCEPTED)
            scored = {"evaluation": {"metrics": {"discovery": {"summary": summary}}}}
            fake.route("GET", f"/api/v1/submissions/{SID}", [submission("queued"), submission("scored", **scored)])
            fake.route("GET", BOX + "/leaderboard", (200, board, {}))
            out = io.StringIO()
            cwd = os.getcwd()
            os.chdir(d)
            try:
                with mock.patch.dict(os.environ, {"ARENA_URL": fake.url, "ARENA_TOKEN": "arena_x"}), mock.patch(
                    "sys.argv", [EXAMPLE]
                ), contextlib.redirect_stdout(out):
                    runpy.run_path(EXAMPLE, run_name="__main__")
            finally:
                os.chdir(cwd)
            _, sets, fields = read_upload(fake.last("POST", BOX + "/submissions"))
        lines = out.getvalue().splitlines()
        self.assertEqual(lines[0], "downloaded lhc-olympics-demo-bb1-public.h5: 50 events, features mjj, mj1, mj2")
        self.assertEqual(lines[1], f"accepted {SID} quota left: 4")
        self.assertEqual(lines[2], "scored: global Z = 2.75 at cut 0.1, bump at 3501 GeV")
        self.assertEqual(lines[3], "Discovery Z (global)")
        self.assertEqual(lines[-1], "our row: rank 1, discovery Z = 2.75")
        # The score it sent: the heavier jet mass, with the file's ids.
        with h5py.File(io.BytesIO(data), "r") as f:
            X, ids = f["events/features"][:], f["events/event_id"][:]
        self.assertEqual(fields["method"], "heavier jet mass")
        self.assertEqual(sets["event_id"].tolist(), ids.tolist())
        self.assertEqual(sets["scores"].tolist(), np.maximum(X[:, 1], X[:, 2]).tolist())


if __name__ == "__main__":
    unittest.main()
