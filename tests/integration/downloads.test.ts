import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { session } from "../support/api";
import { GET as fileRoute } from "@/app/api/files/[slug]/[box]/[file]/route";
import type { Actor } from "@/lib/auth/actor";
import { boxFileName } from "@/lib/blackboxes/files";
import { createBlackBox, getBlackBox, requestBuild, transitionBlackBox } from "@/lib/blackboxes/lifecycle";
import { createChallenge } from "@/lib/challenges";
import { type DbHandle, setDbHandle } from "@/lib/db/client";
import { blobStore } from "@/lib/storage";
import { testDatabases } from "../support/db";
import { drainJobs } from "../support/worker";
import { makeUser } from "../support/fixtures";

async function get(file: string, as: Actor | null, headers: Record<string, string> = {}, method = "GET") {
  session.current = as;
  const url = `http://arena.test/api/files/dls/bb/${file}`;
  // A route without HEAD is called for HEAD too (Next), with the request's method.
  const res = await fileRoute(new Request(url, { headers, method }), {
    params: Promise.resolve({ slug: "dls", box: "bb", file }),
  });
  return { status: res.status, headers: res.headers, body: Buffer.from(await res.arrayBuffer()) };
}

describe.each(testDatabases())("black box downloads on $name", ({ open }) => {
  let h: DbHandle;
  let org: Actor;
  let otherOrg: Actor;
  let participant: Actor;

  beforeAll(async () => {
    h = await open();
    setDbHandle(h);
    org = await makeUser(h.db, "organizer");
    otherOrg = await makeUser(h.db, "organizer");
    participant = await makeUser(h.db);
    await createChallenge(h.db, org, { slug: "dls", title: "Downloads", status: "published" });
    await createChallenge(h.db, otherOrg, { slug: "other", title: "Other", status: "published" });
    await createBlackBox(h.db, org, "dls", {
      slug: "bb",
      title: "BB",
      spec: {
        generator: {
          events: 520,
          background: {},
          signals: [{ model: "resonance-xy", n: 20, mass: 3823, mX: 732, mY: 378 }],
        },
      },
    });
    await requestBuild(h.db, org, "dls", "bb");
    await drainJobs(h.db);
  });
  afterAll(async () => {
    session.current = null;
    setDbHandle(undefined);
    await h.close();
  });

  it("serves truth to nobody but the organizers until the reveal, in every state", async () => {
    const { box } = await getBlackBox(h.db, org, "dls", "bb");
    const secrets = [box.truthBlob!, "3823", "resonance"];
    const outsiders: (Actor | null)[] = [null, participant, otherOrg];
    const expectPublic = { draft: 404, open: 200, closed: 200, revealed: 200 } as const;
    for (const state of ["draft", "open", "closed", "revealed"] as const) {
      if (state !== "draft")
        await transitionBlackBox(h.db, org, { challengeSlug: "dls", boxSlug: "bb" }, state);
      for (const who of outsiders) {
        const pub = await get("public.h5", who);
        expect(pub.status, `public.h5 ${state}`).toBe(expectPublic[state]);
        const truth = await get("truth.h5", who);
        expect(truth.status, `truth.h5 ${state}`).toBe(state === "revealed" ? 200 : 404);
        if (state === "revealed") {
          expect(truth.headers.get("content-length")).toBe(String(truth.body.length));
          expect(truth.headers.get("content-disposition")).toBe('attachment; filename="dls-bb-truth.h5"');
        }
        if (state !== "revealed")
          for (const s of secrets) expect(truth.body.toString("latin1")).not.toContain(s);
        expect((await get("labels.h5", who)).status).toBe(404);
      }
      expect((await get("truth.h5", org)).status, `organizer truth ${state}`).toBe(200);
    }
  });

  it("answers Range requests, conditional GETs and HEAD, with Content-Length equal to the bytes sent", async () => {
    const full = await get("public.h5", participant);
    expect(full.body.subarray(0, 8).toString("latin1")).toBe("\x89HDF\r\n\x1a\n");
    const { box } = await getBlackBox(h.db, org, "dls", "bb");
    expect(full.body.length).toBe(blobStore().size(box.publicBlob!));
    expect(full.headers.get("content-length")).toBe(String(full.body.length));
    // The name the box page's snippet opens (boxFileName), not "public.h5".
    expect(full.headers.get("content-disposition")).toBe('attachment; filename="dls-bb-public.h5"');
    expect(boxFileName("dls", "bb", "public.h5")).toBe("dls-bb-public.h5");
    const etag = full.headers.get("etag")!;
    expect(etag).toMatch(/^"[0-9a-f]{64}"$/);
    expect((await get("public.h5", participant, { "if-none-match": etag })).status).toBe(304);
    const part = await get("public.h5", participant, { range: "bytes=0-7" });
    expect(part.status).toBe(206);
    expect(part.headers.get("content-range")).toBe(`bytes 0-7/${full.body.length}`);
    expect(part.headers.get("content-length")).toBe("8");
    expect(part.body.equals(full.body.subarray(0, 8))).toBe(true);
    const tail = await get("public.h5", participant, { range: "bytes=-4" });
    expect(tail.headers.get("content-length")).toBe("4");
    expect(tail.body.equals(full.body.subarray(-4))).toBe(true);
    // HEAD: the size without the body (`curl -I`), for the whole file and for a range.
    const head = await get("public.h5", participant, {}, "HEAD");
    expect([head.status, head.headers.get("content-length"), head.body.length]).toEqual([
      200,
      String(full.body.length),
      0,
    ]);
    const headPart = await get("public.h5", participant, { range: "bytes=0-7" }, "HEAD");
    expect([headPart.status, headPart.headers.get("content-length"), headPart.body.length]).toEqual([
      206,
      "8",
      0,
    ]);
    expect((await get("public.h5", participant, { range: `bytes=${full.body.length}-` })).status).toBe(416);
  });
});
