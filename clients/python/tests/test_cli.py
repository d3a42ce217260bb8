"""The arena-client command line, run in-process against the fake server."""

import contextlib
import io
import os
import tempfile
import unittest

from arena_client.cli import main

from .fake_server import FakeArena
from .test_client import ACCEPTED, BOX, LEADERBOARD, SID, submission


class TestCli(unittest.TestCase):
    def setUp(self):
        self.fake = FakeArena().__enter__()
        self.addCleanup(self.fake.__exit__)

    def run_cli(self, *argv):
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(["--url", self.fake.url, "--token", "arena_cli", *argv])
        return code, out.getvalue(), err.getvalue()

    def test_submit_uploads_the_file_as_it_is(self):
        self.fake.route("POST", BOX + "/submissions", ACCEPTED)
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "scores.npy")
            with open(path, "wb") as f:
                f.write(b"\x93NUMPY fake")
            code, out, _ = self.run_cli(
                "submit", "lhc-olympics-demo", "bb1", path, "--method", "m", "--kind", "top-ids"
            )
        self.assertEqual(code, 0)
        self.assertEqual(out, f"accepted {SID} (scores; quota left: 4)\n")
        req = self.fake.last("POST", BOX + "/submissions")
        self.assertEqual(req.headers["authorization"], "Bearer arena_cli")
        form = req.form()
        self.assertEqual(form["file"], ("scores.npy", b"\x93NUMPY fake"))
        self.assertEqual((form["kind"][1], form["method"][1]), (b"top-ids", b"m"))

    def test_options_may_follow_the_subcommand(self):
        self.fake.route("GET", BOX + "/leaderboard", (200, LEADERBOARD, {}))
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            code = main(["leaderboard", "lhc-olympics-demo", "bb1", "--url", self.fake.url, "--token", "arena_after"])
        self.assertEqual(code, 0)
        self.assertEqual(self.fake.last("GET", BOX + "/leaderboard").headers["authorization"], "Bearer arena_after")

    def test_claim_maps_options_to_the_servers_fields(self):
        self.fake.route("POST", BOX + "/submissions", ACCEPTED)
        code, _, _ = self.run_cli(
            "claim", "lhc-olympics-demo", "bb1",
            "--mass", "3800", "--mass-uncertainty", "120",
            "--n-signal", "800", "--n-signal-uncertainty", "300",
            "--daughter", "730", "40", "--daughter", "100", "10", "--p-value", "1e-4",
        )  # fmt: skip
        self.assertEqual(code, 0)
        self.assertEqual(
            self.fake.last("POST", BOX + "/submissions").json()["claim"],
            {
                "signalPresent": True,
                "mass": 3800.0,
                "massUncertainty": 120.0,
                "nSignal": 800.0,
                "nSignalUncertainty": 300.0,
                "daughterMasses": [{"mass": 730.0, "uncertainty": 40.0}, {"mass": 100.0, "uncertainty": 10.0}],
                "pValue": 1e-4,
            },
        )
        self.run_cli("claim", "lhc-olympics-demo", "bb1", "--no-signal")
        self.assertEqual(self.fake.last("POST", BOX + "/submissions").json()["claim"], {"signalPresent": False})

    def test_submit_wait_prints_the_discovery_summary(self):
        self.fake.route("POST", BOX + "/submissions", ACCEPTED)
        summary = {"globalSignificance": 3.14159, "efficiency": 0.01, "claimedMass": 3512.5, "extrapolated": True}
        scored = {"evaluation": {"metrics": {"discovery": {"summary": summary}}}}
        self.fake.route("GET", f"/api/v1/submissions/{SID}", [submission("queued"), submission("scored", **scored)])
        with tempfile.NamedTemporaryFile(suffix=".csv") as f:
            f.write(b"0.5\n")
            f.flush()
            code, out, _ = self.run_cli("submit", "lhc-olympics-demo", "bb1", f.name, "--wait")
        self.assertEqual(code, 0)
        self.assertEqual(
            out.splitlines(),
            [
                f"scored {SID}",
                "discovery: global Z = 3.142 (extrapolated) at cut efficiency 0.01, bump at 3512 GeV",
            ],
        )

    def test_wait_on_a_failed_submission_exits_1_with_the_reason(self):
        self.fake.route("GET", f"/api/v1/submissions/{SID}", submission("failed", error={"message": "worker died"}))
        code, out, _ = self.run_cli("wait", SID)
        self.assertEqual((code, out), (1, f"failed {SID}: worker died\n"))

    def test_a_refusal_exits_1_with_code_message_and_fields(self):
        fields = [{"field": "massUncertainty", "message": "is required when signalPresent is true"}]
        body = {"error": {"code": "validation", "message": "Invalid claim", "details": {"fields": fields}}}
        self.fake.route("POST", BOX + "/submissions", (422, body, {}))
        code, out, err = self.run_cli("claim", "lhc-olympics-demo", "bb1", "--mass", "3800")
        self.assertEqual((code, out), (1, ""))
        self.assertEqual(
            err.splitlines(),
            [
                "arena-client: 422 validation: Invalid claim",
                "  massUncertainty: is required when signalPresent is true",
            ],
        )

    def test_a_missing_file_exits_1(self):
        code, _, err = self.run_cli("submit", "c", "b", "/nonexistent/scores.npy")
        self.assertEqual(code, 1)
        self.assertIn("/nonexistent/scores.npy", err)

    def test_leaderboard_prints_a_table(self):
        self.fake.route("GET", BOX + "/leaderboard", (200, LEADERBOARD, {}))
        code, out, _ = self.run_cli("leaderboard", "lhc-olympics-demo", "bb1")
        self.assertEqual(code, 0)
        lines = out.splitlines()
        self.assertEqual(lines[0], "lhc-olympics-demo/bb1 scores: Discovery Z (global)")
        self.assertEqual(lines[1].split(), ["rank", "team", "method", "discoveryZ", "discoveryExtrapolated",
                                            "discoveryRejected", "claimedMass", "submissions"])  # fmt: skip
        self.assertEqual(lines[2].split(), ["1", "Bump", "Hunters", "CWoLa", "4.2", "True", "False", "3500", "3"])
        self.assertTrue(lines[3].startswith("      bump-hunt"))

    def test_download_prints_the_path(self):
        self.fake.route("GET", "/api/files/lhc-olympics-demo/bb1/public.h5", (200, b"abc", {}))
        with tempfile.TemporaryDirectory() as d:
            code, out, _ = self.run_cli("download", "lhc-olympics-demo", "bb1", "-o", d, "--json")
            self.assertEqual(code, 0)
            self.assertEqual(out.strip().replace(" ", "").replace("\n", ""),
                             '{"path":"%s"}' % os.path.join(d, "lhc-olympics-demo-bb1-public.h5"))  # fmt: skip

    def test_help_lists_the_subcommands(self):
        out = io.StringIO()
        with contextlib.redirect_stdout(out), self.assertRaises(SystemExit) as cm:
            main(["--help"])
        self.assertEqual(cm.exception.code, 0)
        for command in ("download", "submit", "claim", "wait", "leaderboard"):
            self.assertIn(command, out.getvalue())


if __name__ == "__main__":
    unittest.main()
