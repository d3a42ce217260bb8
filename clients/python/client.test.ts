import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { submissionSettings } from "@/lib/submissions/config";
import { readUpload } from "@/lib/submissions/http";
import { idempotencyKeyOf } from "@/lib/submissions/idempotency";
import { validateUpload } from "@/lib/submissions/validate";
import { type ClientVenv, installClient, venvMissing } from "./venv";

// The Python client, installed as users install it (venv.ts): its own unit tests (clients/python/tests,
// against a fake server), its console script, and the requests it sends read by the server's own
// upload parser and validator. Without python3-venv these are skipped, saying why, except under
// CI=true (.ci/run installs it); the e2e tier runs the client against the app
// (tests/e2e/python-client.e2e.ts).
const missing = venvMissing();
const skip = missing !== null && process.env.CI !== "true";
if (skip) console.warn(`Python client tests skipped: ${missing}`);

let tmp = "";
let venv: ClientVenv;

function py(v: ClientVenv, args: string[], cwd: string) {
  return spawnSync(v.python, args, { cwd, encoding: "utf8", timeout: 120_000 });
}

/**
 * Sends, through the installed client, one upload of each kind to a transport that records each
 * request (method, URL, headers, body) under argv[1] and answers 201: what the server would receive.
 */
const CAPTURE = `
import json, os, sys
import numpy as np, requests
from arena_client import Arena

out = sys.argv[1]

class Capture(requests.adapters.BaseAdapter):
    n = 0
    def send(self, request, **kwargs):
        Capture.n += 1
        body = request.body if isinstance(request.body, bytes) else request.body.encode()
        with open(os.path.join(out, f"{Capture.n}.body"), "wb") as f:
            f.write(body)
        with open(os.path.join(out, f"{Capture.n}.json"), "w") as f:
            json.dump({"method": request.method, "url": request.url, "headers": dict(request.headers)}, f)
        r = requests.Response()
        r.status_code, r.request, r.url = 201, request, request.url
        r._content = json.dumps({"submission": {"id": str(Capture.n)}, "quota": None}).encode()
        return r
    def close(self):
        pass

arena = Arena("http://arena.test", token="arena_capture")
arena.session.mount("http://", Capture())
ids = np.arange(1000, dtype=np.int64) * 7 + 2**40
order = np.random.default_rng(1).permutation(1000)
scores = np.arange(1000) / 8.0
arena.submit_scores("c", "b", scores[order], event_ids=ids[order], method="shuffled with ids")
arena.submit_scores("c", "b", (np.arange(1000) / 3.0).astype(np.float32))
arena.submit_top_ids("c", "b", ids[:10][::-1])
arena.submit_claim("c", "b", mass=3800, mass_uncertainty=120, width=200, n_signal=800,
                   n_signal_uncertainty=300, daughter_masses=[(500, 40)], p_value=1e-4, note="by eye",
                   method="claim")
`;

const N = 1000;
const boxIds = BigInt64Array.from({ length: N }, (_, i) => BigInt(i) * 7n + 2n ** 40n);
const events = async () => ({ eventIds: boxIds, mass: new Float64Array(N) });
const settings = submissionSettings({ scoringConfig: { topK: 10 }, quotas: {} });

/** Request `k` of the capture, as the route handler receives it. */
function captured(k: number): { url: string; headers: Record<string, string>; req: Request } {
  const meta = JSON.parse(fs.readFileSync(path.join(tmp, "capture", `${k}.json`), "utf8"));
  const body = fs.readFileSync(path.join(tmp, "capture", `${k}.body`));
  return { ...meta, req: new Request(meta.url, { method: meta.method, headers: meta.headers, body }) };
}

describe.skipIf(skip)("the Python client (clients/python), installed with pip into a venv", () => {
  beforeAll(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "arena-pyclient-"));
    venv = installClient(tmp);
    fs.mkdirSync(path.join(tmp, "capture"));
    const r = py(venv, ["-c", CAPTURE, path.join(tmp, "capture")], tmp);
    if (r.status !== 0) throw new Error(`the capture script failed:\n${r.stderr}`);
  }, 300_000);
  afterAll(() => {
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it("is imported from the venv, not from the checkout", () => {
    const r = py(venv, ["-c", "import arena_client; print(arena_client.__file__)"], tmp);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.trim().startsWith(path.join(tmp, "venv"))).toBe(true);
  });

  it("passes its unit tests (python -m unittest in clients/python)", () => {
    const r = py(venv, ["-m", "unittest"], venv.source);
    expect(r.status, `${r.stdout}\n${r.stderr}`).toBe(0);
    const ran = /^Ran (\d+) tests?/m.exec(r.stderr);
    expect(Number(ran?.[1] ?? 0)).toBeGreaterThanOrEqual(40);
    expect(r.stderr).toMatch(/^OK$/m);
  }, 120_000);

  it("has the console script arena-client with its five subcommands", () => {
    const r = spawnSync(venv.bin("arena-client"), ["--help"], { encoding: "utf8" });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^usage: arena-client/);
    for (const command of ["download", "submit", "claim", "wait", "leaderboard"])
      expect(r.stdout).toContain(command);
  });

  it("sends scores with ids that the server's parser reads back aligned to the box", async () => {
    const { url, headers, req } = captured(1);
    expect(new URL(url).pathname).toBe("/api/v1/challenges/c/boxes/b/submissions");
    expect(headers.Authorization).toBe("Bearer arena_capture");
    const input = await readUpload(req, settings.maxUploadBytes);
    expect(input).toMatchObject({ kind: "scores", fileName: "scores.h5.gz", method: "shuffled with ids" });
    const valid = await validateUpload(input, settings, events, N);
    expect(valid.file?.details).toMatchObject({ gzip: true, aligned: true, rows: N });
    // Sent shuffled with their ids: back in the box's order, i / 8 exactly.
    expect(Array.from(valid.scores ?? [])).toEqual(Array.from({ length: N }, (_, i) => i / 8));
  });

  it("sends float32 scores without ids in file order", async () => {
    const valid = await validateUpload(
      await readUpload(captured(2).req, settings.maxUploadBytes),
      settings,
      events,
      N,
    );
    expect(valid.scores?.length).toBe(N);
    expect(valid.file?.details).toMatchObject({ gzip: true, aligned: false });
    expect(Array.from(valid.scores ?? [])).toEqual(Array.from({ length: N }, (_, i) => Math.fround(i / 3)));
  });

  it("sends top-K ids the server counts as K ids of the box", async () => {
    const input = await readUpload(captured(3).req, settings.maxUploadBytes);
    expect(input.kind).toBe("top-ids");
    const valid = await validateUpload(input, settings, events, N);
    expect(valid.file?.details).toEqual({ format: "ids", k: 10 });
  });

  it("sends each upload with its own uuid4 Idempotency-Key that the server accepts", () => {
    const keys = [1, 2, 3, 4].map((k) => idempotencyKeyOf(captured(k).req));
    for (const key of keys)
      expect(key).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Set(keys).size).toBe(4);
  });

  it("sends a claim whose every field the server's strict claim schema knows", async () => {
    const input = await readUpload(captured(4).req, settings.maxUploadBytes);
    const valid = await validateUpload(input, settings, events, N);
    expect(valid.method).toBe("claim");
    expect(valid.claim).toEqual({
      signalPresent: true,
      mass: 3800,
      massUncertainty: 120,
      width: 200,
      nSignal: 800,
      nSignalUncertainty: 300,
      daughterMasses: [{ mass: 500, uncertainty: 40 }],
      pValue: 1e-4,
      description: "by eye",
    });
  });
});
