"""Arena against the fake server: request shapes, headers, error mapping, polling, tables."""

import gzip
import io
import os
import sys
import unittest
import uuid
from unittest import mock

import h5py
import numpy as np

from arena_client import Arena, ArenaError, discovery_summary

from .fake_server import FakeArena

BOX = "/api/v1/challenges/lhc-olympics-demo/boxes/bb1"
SID = "0f0e7f3c-1b2a-4c5d-8e9f-001122334455"
ACCEPTED = (
    201,
    {
        "submission": {"id": SID, "kind": "scores", "status": "queued", "createdAt": "2026-01-01T00:00:00.000Z"},
        "quota": {"perDay": 5, "total": 50, "usedToday": 1, "usedTotal": 1, "remaining": 4},
    },
    {},
)


def submission(status, **extra):
    return (200, {"challenge": "lhc-olympics-demo", "submission": {"id": SID, "status": status, **extra}}, {})


def read_upload(req):
    """The scores file of a multipart upload, opened: {dataset: array}, plus the form fields."""
    form = req.form()
    name, data = form["file"]
    raw = gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data
    with h5py.File(io.BytesIO(raw), "r") as f:
        sets = {k: f[k][()] for k in f}
    fields = {k: v[1].decode() for k, v in form.items() if k != "file"}
    return name, sets, fields


class ServerTest(unittest.TestCase):
    def setUp(self):
        self.fake = FakeArena().__enter__()
        self.addCleanup(self.fake.__exit__)
        self.arena = Arena(self.fake.url, token="arena_secret")
        self.addCleanup(self.arena.close)


class TestConstruction(ServerTest):
    def test_url_and_token_come_from_ARENA_URL_and_ARENA_TOKEN(self):
        self.fake.route("GET", "/api/v1/me", (200, {"user": {"email": "a@b"}}, {}))
        with mock.patch.dict(os.environ, {"ARENA_URL": self.fake.url + "/", "ARENA_TOKEN": "arena_env"}):
            arena = Arena()
        self.addCleanup(arena.close)
        self.assertEqual(arena.url, self.fake.url)
        self.assertEqual(arena.me()["user"]["email"], "a@b")
        headers = self.fake.last("GET", "/api/v1/me").headers
        self.assertEqual(headers["authorization"], "Bearer arena_env")
        self.assertTrue(headers["user-agent"].startswith("arena-client/"))

    def test_arguments_win_over_the_environment(self):
        with mock.patch.dict(os.environ, {"ARENA_URL": "http://elsewhere", "ARENA_TOKEN": "arena_env"}):
            arena = Arena(self.fake.url, token="arena_arg")
        self.assertEqual((arena.url, arena.token), (self.fake.url, "arena_arg"))

    def test_without_a_token_no_authorization_header_is_sent(self):
        self.fake.route("GET", BOX + "/leaderboard", (200, {"rows": []}, {}))
        with mock.patch.dict(os.environ, {}, clear=True):
            arena = Arena(self.fake.url)
        self.addCleanup(arena.close)
        arena.leaderboard("lhc-olympics-demo", "bb1", as_frame=False)
        self.assertNotIn("authorization", self.fake.last("GET", BOX + "/leaderboard").headers)

    def test_the_default_url_is_localhost_3000(self):
        with mock.patch.dict(os.environ, {}, clear=True):
            self.assertEqual(Arena().url, "http://localhost:3000")


class TestErrors(ServerTest):
    def test_the_envelope_becomes_an_ArenaError(self):
        details = {"reason": "upload:wrong_length", "fields": [{"field": "file", "message": "expected 3"}]}
        envelope = {"error": {"code": "validation", "message": "s.h5: expected 3 scores, got 2", "details": details}}
        self.fake.route("POST", BOX + "/submissions", (422, envelope, {}))
        with self.assertRaises(ArenaError) as cm:
            self.arena.submit_scores("lhc-olympics-demo", "bb1", [0.1, 0.2])
        e = cm.exception
        self.assertEqual((e.status, e.code, e.message), (422, "validation", "s.h5: expected 3 scores, got 2"))
        self.assertEqual(e.details, details)
        self.assertEqual(e.reason, "upload:wrong_length")
        self.assertEqual(e.envelope, envelope)
        self.assertEqual(str(e), "422 validation: s.h5: expected 3 scores, got 2")

    def test_an_answer_that_is_not_the_envelope_keeps_status_and_text(self):
        self.fake.route("GET", "/api/v1/me", (502, "<html>Bad Gateway</html>", {}))
        with self.assertRaises(ArenaError) as cm:
            self.arena.me()
        self.assertEqual((cm.exception.status, cm.exception.code), (502, None))
        self.assertIn("Bad Gateway", cm.exception.message)
        self.assertIn("/api/v1/me", cm.exception.message)

    def test_quota_exceeded_carries_the_numbers(self):
        quota = {"perDay": 5, "remaining": 0}
        error = {"code": "quota:exceeded", "message": "No submissions left today.", "details": {"quota": quota}}
        body = {"error": error}
        self.fake.route("POST", BOX + "/submissions", (429, body, {}))
        with self.assertRaises(ArenaError) as cm:
            self.arena.submit_claim("lhc-olympics-demo", "bb1", signal_present=False)
        self.assertEqual((cm.exception.status, cm.exception.code), (429, "quota:exceeded"))
        self.assertEqual(cm.exception.details["quota"], quota)


class TestSubmitScores(ServerTest):
    def test_scores_and_ids_go_as_gzip_h5py_file_with_int64_ids(self):
        self.fake.route("POST", BOX + "/submissions", ACCEPTED)
        ids = np.array([2**60 + 3, 7, 2**53 + 1], dtype=np.int64)  # beyond float64's exact integers
        scores = np.array([0.5, -1.25, 3.0])
        sub = self.arena.submit_scores("lhc-olympics-demo", "bb1", scores, event_ids=ids, method="mj max")
        self.assertEqual(sub["id"], SID)
        self.assertEqual(sub["status"], "queued")
        self.assertEqual(sub["quota"]["remaining"], 4)
        req = self.fake.last("POST", BOX + "/submissions")
        self.assertEqual(req.headers["authorization"], "Bearer arena_secret")
        self.assertTrue(req.headers["content-type"].startswith("multipart/form-data"))
        name, sets, fields = read_upload(req)
        self.assertEqual(name, "scores.h5.gz")
        self.assertEqual(fields, {"kind": "scores", "method": "mj max"})
        self.assertEqual(sorted(sets), ["event_id", "scores"])
        self.assertEqual(sets["event_id"].dtype, np.dtype("<i8"))
        self.assertEqual(sets["event_id"].tolist(), ids.tolist())
        self.assertEqual(sets["scores"].dtype, np.dtype("<f8"))
        self.assertEqual(sets["scores"].tolist(), scores.tolist())

    def test_float32_scores_stay_float32_and_no_ids_means_no_event_id(self):
        self.fake.route("POST", BOX + "/submissions", ACCEPTED)
        self.arena.submit_scores("lhc-olympics-demo", "bb1", np.array([[0.25], [0.5]], dtype=np.float32))
        _, sets, fields = read_upload(self.fake.last("POST", BOX + "/submissions"))
        self.assertEqual(list(sets), ["scores"])
        self.assertEqual(sets["scores"].dtype, np.dtype("<f4"))
        self.assertEqual(sets["scores"].tolist(), [0.25, 0.5])
        self.assertEqual(fields, {"kind": "scores"})

    def test_whole_float_ids_are_accepted_as_int64(self):
        self.fake.route("POST", BOX + "/submissions", ACCEPTED)
        self.arena.submit_scores("lhc-olympics-demo", "bb1", [1.0, 2.0], event_ids=np.array([4.0, 9.0]))
        _, sets, _ = read_upload(self.fake.last("POST", BOX + "/submissions"))
        self.assertEqual((sets["event_id"].dtype, sets["event_id"].tolist()), (np.dtype("<i8"), [4, 9]))

    def test_bad_shapes_are_refused_before_anything_is_sent(self):
        cases = [
            ({"scores": [1.0, 2.0], "event_ids": [1]}, "event_ids has 1 values but scores has 2"),
            ({"scores": np.zeros((3, 2))}, "shape [N] or [N, 1]; got shape (3, 2)"),
            ({"scores": [1.0, 2.0], "event_ids": [1.5, 2.0]}, "event_ids[0] is 1.5, not an integer event id"),
            ({"scores": ["a", "b"]}, "scores must hold numbers"),
            ({"scores": []}, "scores is empty"),
        ]
        for kwargs, message in cases:
            with self.subTest(message=message), self.assertRaises(ValueError) as cm:
                self.arena.submit_scores("lhc-olympics-demo", "bb1", **kwargs)
            self.assertIn(message, str(cm.exception))
        self.assertEqual(self.fake.requests, [])

    def test_top_ids_go_as_h5_Result_and_files_as_they_are(self):
        self.fake.route("POST", BOX + "/submissions", ACCEPTED)
        self.arena.submit_top_ids("lhc-olympics-demo", "bb1", [5, 9, 2], method="k")
        name, sets, fields = read_upload(self.fake.last("POST", BOX + "/submissions"))
        self.assertEqual((name, fields["kind"]), ("top-ids.h5", "top-ids"))
        self.assertEqual((sets["Result"].dtype, sets["Result"].tolist()), (np.dtype("<i8"), [5, 9, 2]))

        import tempfile

        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "mine.csv")
            with open(path, "wb") as f:
                f.write(b"event_id,score\n1,0.5\n")
            self.arena.submit_file("lhc-olympics-demo", "bb1", path, description="two\nlines")
        form = self.fake.last("POST", BOX + "/submissions").form()
        self.assertEqual(form["file"], ("mine.csv", b"event_id,score\n1,0.5\n"))
        self.assertEqual(form["kind"][1], b"scores")
        self.assertEqual(form["description"][1], b"two\nlines")


class TestSubmitClaim(ServerTest):
    def test_the_claim_is_json_with_the_servers_field_names(self):
        self.fake.route("POST", BOX + "/submissions", ACCEPTED)
        sub = self.arena.submit_claim(
            "lhc-olympics-demo",
            "bb1",
            mass=np.float32(3800),
            mass_uncertainty=120,
            n_signal=np.int64(800),
            n_signal_uncertainty=300,
            daughter_masses=[(730, 40), {"mass": 100, "uncertainty": 10}],
            p_value=1e-4,
            width=50,
            note="by eye",
            method="bump by eye",
        )
        self.assertEqual(sub["id"], SID)
        req = self.fake.last("POST", BOX + "/submissions")
        self.assertEqual(req.headers["content-type"], "application/json")
        self.assertEqual(
            req.json(),
            {
                "kind": "claim",
                "claim": {
                    "signalPresent": True,
                    "mass": 3800.0,
                    "massUncertainty": 120.0,
                    "width": 50.0,
                    "nSignal": 800.0,
                    "nSignalUncertainty": 300.0,
                    "daughterMasses": [{"mass": 730.0, "uncertainty": 40.0}, {"mass": 100.0, "uncertainty": 10.0}],
                    "pValue": 1e-4,
                    "description": "by eye",
                },
                "method": "bump by eye",
            },
        )

    def test_no_signal_sends_only_signalPresent_false(self):
        self.fake.route("POST", BOX + "/submissions", ACCEPTED)
        self.arena.submit_claim("lhc-olympics-demo", "bb1", signal_present=False)
        self.assertEqual(
            self.fake.last("POST", BOX + "/submissions").json(), {"kind": "claim", "claim": {"signalPresent": False}}
        )

    def test_non_finite_numbers_and_too_many_daughters_are_refused_locally(self):
        with self.assertRaisesRegex(ValueError, "mass_uncertainty must be a finite number, got nan"):
            self.arena.submit_claim("c", "b", mass=3800, mass_uncertainty=float("nan"))
        with self.assertRaisesRegex(ValueError, r"daughter_masses\[0\] must be \(mass, uncertainty\)"):
            self.arena.submit_claim("c", "b", mass=3800, mass_uncertainty=1, daughter_masses=[5])
        with self.assertRaisesRegex(ValueError, "at most 8 daughters, got 9"):
            self.arena.submit_claim("c", "b", mass=3800, mass_uncertainty=1, daughter_masses=[(1, 1)] * 9)
        self.assertEqual(self.fake.requests, [])

    def test_the_servers_range_check_arrives_with_the_field(self):
        fields = [{"field": "mass", "message": "mass must be between 0 and 13000 GeV (√s of this box), got 14000"}]
        body = {"error": {"code": "validation", "message": fields[0]["message"], "details": {"fields": fields}}}
        self.fake.route("POST", BOX + "/submissions", (422, body, {}))
        with self.assertRaises(ArenaError) as cm:
            self.arena.submit_claim("lhc-olympics-demo", "bb1", mass=14000, mass_uncertainty=100)
        self.assertEqual(cm.exception.details["fields"][0]["field"], "mass")
        self.assertIn("√s", str(cm.exception))


class TestUploadRetries(ServerTest):
    UNAVAILABLE = (
        503,
        {"error": {"code": "database_unavailable", "message": "The database is unreachable; nothing was stored."}},
        {"Retry-After": "2"},
    )

    def test_each_upload_sends_a_fresh_uuid4_idempotency_key(self):
        self.fake.route("POST", BOX + "/submissions", ACCEPTED)
        self.arena.submit_claim("lhc-olympics-demo", "bb1", signal_present=False)
        self.arena.submit_scores("lhc-olympics-demo", "bb1", [0.5, 1.5])
        keys = [r.headers.get("idempotency-key") for r in self.fake.requests]
        self.assertEqual(len(keys), 2)
        for key in keys:
            self.assertEqual(uuid.UUID(key).version, 4)
        self.assertNotEqual(keys[0], keys[1])

    def test_a_503_is_retried_after_Retry_After_with_the_same_key_and_body(self):
        replayed = (201, {**ACCEPTED[1], "replayed": True}, {"Idempotent-Replayed": "true"})
        self.fake.route("POST", BOX + "/submissions", [self.UNAVAILABLE, self.UNAVAILABLE, replayed])
        with mock.patch("arena_client.client.time.sleep") as sleep:
            sub = self.arena.submit_scores("lhc-olympics-demo", "bb1", [0.5, 1.5])
        self.assertEqual((sub["id"], sub["replayed"]), (SID, True))
        self.assertEqual([c.args[0] for c in sleep.call_args_list], [2.0, 2.0])
        sent = self.fake.requests
        self.assertEqual(len(sent), 3)
        self.assertEqual(len({r.headers["idempotency-key"] for r in sent}), 1)
        self.assertEqual(len({read_upload(r)[1]["scores"].tobytes() for r in sent}), 1)

    def test_retries_are_bounded_and_the_last_503_is_raised(self):
        self.fake.route("POST", BOX + "/submissions", self.UNAVAILABLE)
        self.arena.upload_retries = 2
        with mock.patch("arena_client.client.time.sleep"), self.assertRaises(ArenaError) as cm:
            self.arena.submit_claim("lhc-olympics-demo", "bb1", signal_present=False)
        self.assertEqual((cm.exception.status, cm.exception.code), (503, "database_unavailable"))
        self.assertEqual(len(self.fake.requests), 3)

    def test_other_errors_are_not_retried(self):
        error = {"error": {"code": "storage_full", "message": "The server's storage is full."}}
        self.fake.route("POST", BOX + "/submissions", (507, error, {}))
        with mock.patch("arena_client.client.time.sleep") as sleep, self.assertRaises(ArenaError) as cm:
            self.arena.submit_claim("lhc-olympics-demo", "bb1", signal_present=False)
        self.assertEqual((cm.exception.status, cm.exception.code), (507, "storage_full"))
        self.assertEqual((len(self.fake.requests), sleep.call_count), (1, 0))


class TestWait(ServerTest):
    def test_polls_until_scored(self):
        scored = {"evaluation": {"metrics": {"discovery": {"summary": {"globalSignificance": 2.5}}}}}
        answers = [submission("queued"), submission("scoring"), submission("scored", **scored)]
        self.fake.route("GET", f"/api/v1/submissions/{SID}", answers)
        sub = self.arena.wait({"id": SID, "status": "queued"}, timeout=10, interval=0.01)
        self.assertEqual(sub["status"], "scored")
        self.assertEqual(discovery_summary(sub)["globalSignificance"], 2.5)
        polls = [r for r in self.fake.requests if r.path == f"/api/v1/submissions/{SID}"]
        self.assertEqual(len(polls), 3)
        self.assertEqual(polls[0].headers["authorization"], "Bearer arena_secret")

    def test_a_failed_submission_is_returned_with_its_reason(self):
        self.fake.route("GET", f"/api/v1/submissions/{SID}", submission("failed", error={"message": "worker died"}))
        sub = self.arena.wait(SID, timeout=10, interval=0.01)
        self.assertEqual((sub["status"], sub["error"]["message"]), ("failed", "worker died"))
        with self.assertRaisesRegex(ValueError, "is failed, not scored: worker died"):
            discovery_summary(sub)

    def test_times_out_with_the_last_status(self):
        self.fake.route("GET", f"/api/v1/submissions/{SID}", submission("scoring"))
        with self.assertRaisesRegex(TimeoutError, f"submission {SID} is still scoring after 0.2 s"):
            self.arena.wait(SID, timeout=0.2, interval=0.02)

    def test_an_unknown_submission_is_not_found(self):
        with self.assertRaises(ArenaError) as cm:
            self.arena.wait("nope", timeout=1)
        self.assertEqual((cm.exception.status, cm.exception.code), (404, "not_found"))


LEADERBOARD = {
    "challenge": "lhc-olympics-demo",
    "box": {"slug": "bb1"},
    "kind": "scores",
    "ranking": {"key": "discoveryZ", "label": "Discovery Z (global)", "higherIsBetter": True, "secondary": None},
    "rows": [
        {
            "rank": 1,
            "team": {"id": "t1", "name": "Bump Hunters"},
            "baseline": None,
            "submissionId": "s1",
            "method": "CWoLa",
            "submittedAt": "2026-01-01T00:00:00.000Z",
            "submissions": 3,
            "values": {
                "discoveryZ": 4.2,
                "discoveryExtrapolated": True,
                "discoveryRejected": False,
                "claimedMass": 3500.0,
            },
        },
        {
            "rank": None,
            "team": None,
            "baseline": "bump-hunt",
            "submissionId": "s0",
            "method": "plain bump hunt",
            "submittedAt": "2026-01-01T00:00:00.000Z",
            "submissions": 1,
            "values": {"discoveryZ": None, "discoveryRejected": True},
        },
    ],
    "frozen": None,
}


class TestLeaderboard(ServerTest):
    def setUp(self):
        super().setUp()
        self.fake.route("GET", BOX + "/leaderboard", (200, LEADERBOARD, {}))

    def test_a_DataFrame_with_the_fixed_columns_then_the_values(self):
        import pandas as pd

        df = self.arena.leaderboard("lhc-olympics-demo", "bb1", kind="scores")
        self.assertIsInstance(df, pd.DataFrame)
        self.assertEqual(self.fake.last("GET", BOX + "/leaderboard").query, {"kind": "scores"})
        self.assertEqual(
            list(df.columns),
            [
                "rank", "team", "teamId", "baseline", "method",
                "discoveryZ", "discoveryExtrapolated", "discoveryRejected", "claimedMass",
                "submissions", "submittedAt", "submissionId",
            ],
        )  # fmt: skip
        self.assertEqual(str(df["rank"].dtype), "Int64")
        self.assertEqual(df["rank"].iloc[0], 1)
        self.assertTrue(df["rank"].isna().iloc[1])
        self.assertEqual(df["team"].tolist()[0], "Bump Hunters")
        self.assertEqual(df["discoveryZ"].tolist()[0], 4.2)
        self.assertEqual(df["baseline"].tolist()[1], "bump-hunt")
        self.assertEqual(df.attrs["ranking"]["key"], "discoveryZ")
        self.assertIsNone(df.attrs["frozen"])

    def test_a_list_of_dicts_on_request_or_without_pandas(self):
        rows = self.arena.leaderboard("lhc-olympics-demo", "bb1", kind="claim", as_frame=False)
        self.assertEqual(self.fake.last("GET", BOX + "/leaderboard").query, {"kind": "claim"})
        self.assertEqual(rows[1]["baseline"], "bump-hunt")
        self.assertIsNone(rows[1]["rank"])
        self.assertTrue(rows[1]["discoveryRejected"])
        with mock.patch.dict(sys.modules, {"pandas": None}):
            plain = self.arena.leaderboard("lhc-olympics-demo", "bb1")
        self.assertEqual(plain, rows)
        self.assertEqual(plain[0]["team"], "Bump Hunters")


if __name__ == "__main__":
    unittest.main()
