"""Arena.download: streamed to a .part, resumed with Range, verified against the ETag (the SHA-256)."""

import hashlib
import os
import tempfile
import unittest

from arena_client import Arena, ArenaError

from .fake_server import FakeArena

FILE = "/api/files/lhc-olympics-demo/bb1/public.h5"
DATA = bytes(range(256)) * 4096 + b"tail"  # 1 MiB + 4 bytes: two chunks
SHA = hashlib.sha256(DATA).hexdigest()


def serve(data=DATA, etag=SHA, truncate_first=None):
    """A route like lib/http/download.ts: ETag, If-None-Match → 304, Range → 206; the first answer
    may stop after `truncate_first` bytes."""
    calls = []

    def answer(req):
        calls.append(req)
        headers = {"ETag": f'"{etag}"', "Accept-Ranges": "bytes", "Content-Type": "application/x-hdf5"}
        if req.headers.get("if-none-match") == f'"{etag}"':
            return 304, None, {**headers, "Content-Length": "0"}
        rng = req.headers.get("range")
        if rng:
            start = int(rng[len("bytes=") : -1])
            if start >= len(data):
                return 416, None, {"Content-Range": f"bytes */{len(data)}"}
            return 206, data[start:], {**headers, "Content-Range": f"bytes {start}-{len(data) - 1}/{len(data)}"}
        if truncate_first is not None and len(calls) == 1:
            return 200, data, {**headers, "X-Fake-Truncate": str(truncate_first)}
        return 200, data, headers

    return answer, calls


class TestDownload(unittest.TestCase):
    def setUp(self):
        self.fake = FakeArena().__enter__()
        self.addCleanup(self.fake.__exit__)
        self.arena = Arena(self.fake.url, token="")
        self.addCleanup(self.arena.close)
        tmp = tempfile.TemporaryDirectory()
        self.addCleanup(tmp.cleanup)
        self.dir = tmp.name

    def test_saves_under_the_sites_name_in_a_directory_and_skips_a_current_file(self):
        answer, calls = serve()
        self.fake.route("GET", FILE, answer)
        path = self.arena.download("lhc-olympics-demo", "bb1", self.dir)
        self.assertEqual(path, os.path.join(self.dir, "lhc-olympics-demo-bb1-public.h5"))
        with open(path, "rb") as f:
            self.assertEqual(f.read(), DATA)
        self.assertFalse(os.path.exists(path + ".part"))
        self.assertEqual(calls[0].headers["accept-encoding"], "identity")
        self.assertNotIn("authorization", calls[0].headers)  # public files need no token

        mtime = os.stat(path).st_mtime_ns
        self.assertEqual(self.arena.download("lhc-olympics-demo", "bb1", path), path)
        self.assertEqual(calls[1].headers["if-none-match"], f'"{SHA}"')
        self.assertEqual(os.stat(path).st_mtime_ns, mtime)

    def test_the_default_path_is_the_current_directory(self):
        self.fake.route("GET", FILE, serve()[0])
        cwd = os.getcwd()
        os.chdir(self.dir)
        try:
            path = self.arena.download("lhc-olympics-demo", "bb1")
        finally:
            os.chdir(cwd)
        self.assertEqual(path, "lhc-olympics-demo-bb1-public.h5")
        self.assertEqual(os.path.getsize(os.path.join(self.dir, path)), len(DATA))

    def test_a_broken_transfer_resumes_with_Range_where_it_stopped(self):
        answer, calls = serve(truncate_first=300_000)
        self.fake.route("GET", FILE, answer)
        seen = []
        path = self.arena.download(
            "lhc-olympics-demo", "bb1", os.path.join(self.dir, "x.h5"), progress=lambda n, t: seen.append((n, t))
        )
        with open(path, "rb") as f:
            self.assertEqual(f.read(), DATA)
        self.assertEqual(len(calls), 2)
        self.assertNotIn("range", calls[0].headers)
        self.assertEqual(calls[1].headers["range"], "bytes=300000-")
        self.assertEqual(seen[-1], (len(DATA), len(DATA)))

    def test_a_part_left_by_an_earlier_call_is_resumed(self):
        dest = os.path.join(self.dir, "x.h5")
        with open(dest + ".part", "wb") as f:
            f.write(DATA[:1000])
        answer, calls = serve()
        self.fake.route("GET", FILE, answer)
        self.arena.download("lhc-olympics-demo", "bb1", dest)
        self.assertEqual(calls[0].headers["range"], "bytes=1000-")
        with open(dest, "rb") as f:
            self.assertEqual(f.read(), DATA)

    def test_a_file_that_changed_between_attempts_is_fetched_again_whole(self):
        dest = os.path.join(self.dir, "x.h5")
        with open(dest + ".part", "wb") as f:
            f.write(b"\xff" * 1000)  # bytes of an older build of the box
        answer, calls = serve()
        self.fake.route("GET", FILE, answer)
        self.arena.download("lhc-olympics-demo", "bb1", dest)
        self.assertEqual([c.headers.get("range") for c in calls], ["bytes=1000-", None])
        with open(dest, "rb") as f:
            self.assertEqual(f.read(), DATA)

    def test_a_wrong_checksum_is_an_error_and_leaves_no_file(self):
        self.fake.route("GET", FILE, serve(etag="0" * 64)[0])
        dest = os.path.join(self.dir, "x.h5")
        with self.assertRaises(ArenaError) as cm:
            self.arena.download("lhc-olympics-demo", "bb1", dest)
        self.assertEqual(cm.exception.code, "download:checksum")
        self.assertFalse(os.path.exists(dest) or os.path.exists(dest + ".part"))

    def test_a_transfer_that_always_breaks_gives_up_and_keeps_the_part(self):
        def always_short(req):
            return 200, DATA, {"ETag": f'"{SHA}"', "X-Fake-Truncate": "100"}

        self.fake.route("GET", FILE, always_short)
        dest = os.path.join(self.dir, "x.h5")
        with self.assertRaises(ArenaError) as cm:
            self.arena.download("lhc-olympics-demo", "bb1", dest, retries=2)
        self.assertEqual(cm.exception.code, "download:incomplete")
        self.assertIn("call download again to resume", cm.exception.message)
        self.assertEqual(len(self.fake.requests), 3)
        self.assertEqual(os.path.getsize(dest + ".part"), 100)
        self.assertFalse(os.path.exists(dest))

    def test_a_file_you_may_not_see_is_the_servers_404(self):
        body = {"error": {"code": "not_found", "message": "File not found."}}
        self.fake.route("GET", "/api/files/lhc-olympics-demo/bb1/truth.h5", (404, body, {}))
        with self.assertRaises(ArenaError) as cm:
            self.arena.download("lhc-olympics-demo", "bb1", self.dir, file="truth.h5")
        self.assertEqual((cm.exception.status, cm.exception.code), (404, "not_found"))
        self.assertEqual(os.listdir(self.dir), [])


if __name__ == "__main__":
    unittest.main()
