import { describe, expect, it } from "vitest";
import { BlockThreads } from "./block-threads";

// type only: importing the entry itself would make this thread serve blocks
import type { MarkJob } from "@/tests/support/block-worker";

const pool = new BlockThreads<MarkJob>(new URL("../tests/support/block-worker.ts", import.meta.url));

/** Run `blocks` blocks on `threads` threads; returns the marks and how many this thread filled. */
async function run(blocks: number, threads: number, mainThread: boolean) {
  const job = { marks: new Int32Array(new SharedArrayBuffer(4 * blocks)) };
  let here = 0;
  await pool.run(
    job,
    blocks,
    threads,
    (j, claim) => {
      for (let b = claim(); b < j.marks.length; b = claim()) {
        j.marks[b] = b + 1;
        here++;
      }
    },
    { mainThread },
  );
  return { marks: [...job.marks], here };
}

describe("BlockThreads", () => {
  it("fills every block once, on worker threads only when mainThread is false", async () => {
    const want = Array.from({ length: 500 }, (_, b) => b + 1);
    const workersOnly = await run(500, 2, false);
    expect(workersOnly.marks).toEqual(want);
    expect(workersOnly.here).toBe(0);
    // by default this thread does its share: alone (threads = 1) it does every block
    const shared = await run(500, 1, true);
    expect(shared.marks).toEqual(want);
    expect(shared.here).toBe(500);
  }, 60_000);
});
