/**
 * `npm run bench:jets`: the jet-feature pipeline (anti-kT R = 1 clustering, kT-axis N-subjettiness of
 * the two leading jets, the 13 features) on the 1000 events of the LHCO 2020 tiny file repeated to
 * 20 000, on one thread and on all cores. Figures only. The reference is FastJet 3.4.0's anti-kT alone:
 * about 9 700 events/s on one core of a machine like ours (fixtures README); where Debian's
 * libfastjet-dev and g++ are installed, FastJet is also built and timed here on the same events, in
 * the same run, so that the ratio holds on a busy machine too. Rates are per CPU-second of the
 * process (all its threads) and per wall-second; the load average says how busy the cores were.
 */
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { openLhco } from "@/core/formats/lhco";
import { jetFeatures } from "@/core/physics/parallel";

const QUOTED_FASTJET = 9700;
const REPEAT = 20;
const TINY = path.resolve(process.cwd(), "../shared/fixtures/real/lhco/events_anomalydetection_tiny.h5");

const file = await openLhco(TINY);
const tiny = file.read(0, file.events);
file.close();
const nEvents = file.events * REPEAT;
// shared from the start, so jetFeatures reads the rows in place instead of copying 336 MB
const rows = new Float64Array(new SharedArrayBuffer(8 * tiny.values.length * REPEAT));
for (let r = 0; r < REPEAT; r++) rows.set(tiny.values, r * tiny.values.length);
const threads = os.availableParallelism();
const fmt = (x: number) => `${Math.round(x).toLocaleString("en-US")}/s`;

/**
 * FastJet's anti-kT timer, compiled once with the tiny file's events written for it (`run` gives
 * events per CPU-second), or why it cannot run here.
 */
function buildFastjet(): { run: () => number; dispose: () => void } | { skipped: string } {
  const config = spawnSync("fastjet-config", ["--version"], { encoding: "utf8" });
  if (config.status !== 0) return { skipped: "FastJet not installed (apt-get install libfastjet-dev g++)" };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "arena-fastjet-"));
  const dispose = () => fs.rmSync(dir, { recursive: true, force: true });
  try {
    const src = fileURLToPath(new URL("./reference/fastjet-rate.cc", import.meta.url));
    const bin = path.join(dir, "fastjet-rate");
    execFileSync("g++", ["-O2", "-o", bin, src, "-lfastjet"], { stdio: "pipe" });
    const lines: string[] = [];
    for (let i = 0; i < file.events; i++) {
      const kept: string[] = [];
      for (let p = 0; p < 700; p++) {
        const o = i * tiny.stride + 3 * p;
        if ((tiny.values[o] as number) > 0)
          kept.push(`${tiny.values[o]} ${tiny.values[o + 1]} ${tiny.values[o + 2]}`);
      }
      lines.push(String(kept.length), ...kept);
    }
    const events = path.join(dir, "events.txt");
    fs.writeFileSync(events, `${lines.join("\n")}\n`);
    const run = () =>
      Number(
        execFileSync(bin, [events, String(REPEAT)], { encoding: "utf8" })
          .trim()
          .split(" ")[0],
      );
    return { run, dispose };
  } catch (e) {
    dispose();
    return { skipped: `FastJet could not be built: ${(e as Error).message.split("\n")[0]}` };
  }
}

async function rate(nThreads: number) {
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const out = await jetFeatures(rows, nEvents, tiny.stride, nThreads);
  const cpu = process.cpuUsage(cpu0);
  return {
    wall: nEvents / ((performance.now() - t0) / 1000),
    cpu: nEvents / ((cpu.user + cpu.system) / 1e6),
    out,
  };
}

await jetFeatures(rows, 2000, tiny.stride, threads); // warm-up: JIT and the worker pool
console.log(`${nEvents} events (the tiny LHCO file × ${REPEAT}), ${threads} cores`);
const fastjet = buildFastjet();
for (let rep = 0; rep < 3; rep++) {
  let fj: { rate: number } | { skipped: string };
  try {
    fj = "run" in fastjet ? { rate: fastjet.run() } : fastjet;
  } catch (e) {
    fj = { skipped: `FastJet did not run: ${(e as Error).message.split("\n")[0]}` };
  }
  const one = await rate(1);
  const all = await rate(threads);
  const same = Buffer.from(one.out.buffer).equals(Buffer.from(all.out.buffer));
  const ref = "rate" in fj ? fj.rate : QUOTED_FASTJET;
  console.log(
    `  ours, 1 thread: ${fmt(one.wall)} wall, ${fmt(one.cpu)} per CPU-s | ${threads} threads: ${fmt(all.wall)} wall ` +
      `(×${(all.wall / ref).toFixed(2)} of FastJet's one core), ${fmt(all.cpu)} per CPU-s | ` +
      ("rate" in fj
        ? `FastJet 3.4.0 here, anti-kT alone, 1 core: ${fmt(fj.rate)} per CPU-s`
        : `FastJet: ${fj.skipped}; quoted ${fmt(QUOTED_FASTJET)}`) +
      ` | identical bytes: ${same} | load ${os.loadavg()[0]!.toFixed(1)}`,
  );
}
if ("dispose" in fastjet) fastjet.dispose();
console.log(
  `target: ${threads} threads at least FastJet's single-core rate (${"anti-kT alone"}; ours includes N-subjettiness)`,
);
