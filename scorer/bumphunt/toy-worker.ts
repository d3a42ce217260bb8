// Worker entry for ToyPool (parallel.ts). Keeps the plan of the current run: one plan per run.
import { parentPort } from "node:worker_threads";
import { planToys, runToys, type ToyPlan } from "./toys";
import type { ScanSettings } from "./windows";

/** A range of toys to run, sent by ToyPool. */
export interface RunMessage {
  runId: number;
  background: Float64Array;
  settings: ScanSettings;
  seed: number;
  from: number;
  to: number;
}

export type Reply = { runId: number; from: number; t: Float64Array } | { runId: number; error: string };

let cached: { runId: number; plan: ToyPlan } | undefined;

parentPort?.on("message", (msg: RunMessage) => {
  try {
    if (cached?.runId !== msg.runId)
      cached = { runId: msg.runId, plan: planToys(msg.background, msg.settings) };
    const t = runToys(cached.plan, msg.seed, msg.from, msg.to);
    parentPort?.postMessage({ runId: msg.runId, from: msg.from, t }, [t.buffer as ArrayBuffer]);
  } catch (e) {
    parentPort?.postMessage({ runId: msg.runId, error: e instanceof Error ? e.message : String(e) });
  }
});
