/**
 * `npm run bench:jets`: the jet-feature pipeline (anti-kT R = 1 clustering, kT-axis N-subjettiness of
 * the two leading jets, the 13 features) on the 1000 events of the LHCO 2020 tiny file repeated to
 * 20 000, on one thread and on all cores. Figures only, next to FastJet 3.4.0's clustering alone:
 * about 9 700 events/s on one core of a machine like ours (fixtures README). Wall-clock rates suffer
 * when other processes share the cores, so it also prints events per CPU-second of this process and
 * the load average.
 */
import os from "node:os";
import { lhcoTinyRows } from "@/tests/support/lhco";
import { jetFeatures } from "./parallel";

const FASTJET_EVENTS_PER_S = 9700;
const REPEAT = 20;

const tiny = await lhcoTinyRows();
const nEvents = tiny.nEvents * REPEAT;
// shared from the start, so jetFeatures reads the rows in place instead of copying 336 MB
const rows = new Float64Array(new SharedArrayBuffer(8 * tiny.rows.length * REPEAT));
for (let r = 0; r < REPEAT; r++) rows.set(tiny.rows, r * tiny.rows.length);
const threads = os.availableParallelism();

async function rate(nThreads: number): Promise<{ perS: number; perCpuS: number; out: Float32Array }> {
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const out = await jetFeatures(rows, nEvents, tiny.stride, nThreads);
  const cpu = process.cpuUsage(cpu0);
  const perS = nEvents / ((performance.now() - t0) / 1000);
  return { perS, perCpuS: nEvents / ((cpu.user + cpu.system) / 1e6), out };
}

await jetFeatures(rows, 2000, tiny.stride, threads); // warm-up: JIT and the worker pool
const fmt = (x: number) => `${Math.round(x).toLocaleString("en-US")} events/s`;
for (let rep = 0; rep < 2; rep++) {
  const one = await rate(1);
  const all = await rate(threads);
  const same = Buffer.from(one.out.buffer).equals(Buffer.from(all.out.buffer));
  console.log(
    `${nEvents} events: 1 thread ${fmt(one.perS)} (×${(one.perS / FASTJET_EVENTS_PER_S).toFixed(2)} of FastJet's ` +
      `${fmt(FASTJET_EVENTS_PER_S)} on one core; ${fmt(one.perCpuS)} of CPU time); ${threads} threads ` +
      `${fmt(all.perS)} (×${(all.perS / FASTJET_EVENTS_PER_S).toFixed(2)}; ${fmt(all.perCpuS)} of CPU time, ` +
      `all threads); identical bytes: ${same}; load average ${os.loadavg()[0]!.toFixed(1)} on ${threads} cores`,
  );
}
