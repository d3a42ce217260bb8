import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { fixture } from "@/tests/support/lhco";
import { writeBoxPublicFile } from "@/lib/imports";
import { importLhco } from "./lhco";

const TINY = fixture("real", "lhco", "events_anomalydetection_tiny.h5");

/** Import the tiny file and write its public file with `stepRows` particle rows per step. */
async function writeTiny(out: string, stepRows?: number) {
  const events = await importLhco([{ role: "events", name: "tiny.h5", path: TINY }], {
    progress: () => {},
    particleStepRows: stepRows,
  });
  const lines: { message: string; clock: number }[] = [];
  // a task queued behind each turn of the event loop: it runs only while the writer yields
  let turns = 0;
  let ticking = true;
  const tick = () => {
    turns++;
    if (ticking) setImmediate(tick);
  };
  setImmediate(tick);
  try {
    await writeBoxPublicFile(out, events, "tiny", (message) => {
      lines.push({ message, clock: Date.now() });
    });
  } finally {
    ticking = false;
  }
  return { lines, turns };
}

describe("the particle arrays of an imported LHCO box", () => {
  it("are written in steps that leave the event loop free and the clock real, with progress, and the same bytes", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "arena-lhco-steps-"));
    try {
      const small = await writeTiny(path.join(dir, "steps64.h5"), 64);
      // 1000 events in 16 steps of 64 rows: a progress line every 8 steps and at the end
      expect(small.lines.map((l) => l.message)).toEqual([
        "writing the particle arrays: 512 of 1000 events",
        "writing the particle arrays: 1000 of 1000 events",
      ]);
      // HDF5's clock is held at 0 only while it works, not while the writer waits for progress
      const now = performance.timeOrigin + performance.now();
      for (const l of small.lines) expect(Math.abs(l.clock - now)).toBeLessThan(600_000);
      // other tasks ran between the 17 steps (the header, then 16 copies)
      expect(small.turns).toBeGreaterThanOrEqual(16);
      await writeTiny(path.join(dir, "one-step.h5"), 1024);
      const a = fs.readFileSync(path.join(dir, "steps64.h5"));
      const b = fs.readFileSync(path.join(dir, "one-step.h5"));
      expect(a.equals(b)).toBe(true);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
