import { describe, expect, it, vi } from "vitest";
import { z } from "zod";
import type { Db } from "@/lib/db/client";
import type { Job } from "@/lib/db/schema";
import { defineJob, jobs } from "./definitions";
import { JOB_DEFINITIONS } from "./handlers";
import { enqueue } from "./queue";
import { type JobContext, handle } from "./types";

const ctx = { log: () => {}, progress: async () => {} } as unknown as JobContext;
const tx = {} as Db;
const job = (payload: Record<string, unknown>) => ({ payload, attempts: 3 }) as Job;

describe("job definitions", () => {
  it("keep the kind strings stored in the database", () => {
    expect(Object.fromEntries(Object.entries(jobs).map(([k, d]) => [k, d.kind]))).toEqual({
      seedDemo: "seed-demo",
      blackboxTransition: "blackbox-transition",
      buildBlackbox: "blackbox-build",
      scoreSubmission: "score-submission",
      boxReveal: "box-reveal",
      baseline: "baseline",
    });
  });

  it("each have one handler, registered under its kind, and the worker knows no other kind", () => {
    const kinds = Object.values(jobs).map((d) => d.kind);
    expect(Object.keys(JOB_DEFINITIONS).sort()).toEqual([...kinds].sort());
    for (const kind of kinds) expect(JOB_DEFINITIONS[kind]?.kind).toBe(kind);
  });

  it("take the score baselines only, not the plain bump hunt", () => {
    const boxId = "0b6a3c52-7f0e-4a8e-9d1e-2f4b5c6d7e8f";
    expect(jobs.baseline.payload.safeParse({ boxId, method: "ae" }).success).toBe(true);
    expect(jobs.baseline.payload.safeParse({ boxId, method: "bump-hunt" }).success).toBe(false);
  });
});

describe("handle", () => {
  const def = defineJob(
    "test-handle",
    z.object({ n: z.number().int(), mode: z.enum(["a", "b"]).default("a") }),
  );

  it("runs the handler on the parsed payload, defaults applied", async () => {
    const handler = vi.fn(async (p: { n: number; mode: "a" | "b" }) => ({ got: p }));
    const h = handle(def, { handler });
    expect(h.kind).toBe("test-handle");
    expect(await h.run({ n: 2 }, ctx)).toEqual({ got: { n: 2, mode: "a" } });
  });

  it("fails the attempt without calling the handler when the stored payload does not parse", async () => {
    const handler = vi.fn(async () => ({}));
    await expect(handle(def, { handler }).run({ n: "two" }, ctx)).rejects.toThrow(/expected number/);
    expect(handler).not.toHaveBeenCalled();
  });

  it("gives onDead the typed payload, and skips a payload that does not parse", async () => {
    const onDead = vi.fn(async () => {});
    const h = handle(def, { handler: async () => ({}), onDead });
    await h.onDead?.(tx, job({ n: 7, mode: "b" }), "worker-lost");
    expect(onDead).toHaveBeenCalledWith(
      tx,
      { n: 7, mode: "b" },
      expect.objectContaining({ attempts: 3 }),
      "worker-lost",
    );
    await h.onDead?.(tx, job({}), "failed");
    expect(onDead).toHaveBeenCalledTimes(1);
    expect(handle(def, { handler: async () => ({}) }).onDead).toBeUndefined();
  });
});

describe("enqueue", () => {
  it("refuses a bad payload before it touches the database", async () => {
    const db = new Proxy({} as Db, {
      get: () => {
        throw new Error("the database was touched");
      },
    });
    const bad = enqueue(db, jobs.scoreSubmission, { submissionId: "42", reason: "live" });
    await expect(bad).rejects.toThrow(/^enqueue score-submission: invalid payload[\s\S]*submissionId/);
    // @ts-expect-error a kind's payload is type-checked too: `to` is "closed" or "revealed"
    const wrong = enqueue(db, jobs.blackboxTransition, { boxId: "x", to: "open", at: "now" });
    await expect(wrong).rejects.toThrow(/^enqueue blackbox-transition: invalid payload/);
  });
});
