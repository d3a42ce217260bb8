// Worker entry for the refitted nested pseudo-experiments (nested-parallel.ts): one range per message.
import { parentPort } from "node:worker_threads";
import { type NestedToyPlan, type NestedToyResult, runNestedToys } from "./nested-toys";

export interface NestedRunMessage {
  /** Echoed in the reply: a reply to an abandoned request (a caller that gave up) is ignored. */
  id: number;
  plan: NestedToyPlan;
  seed: number;
  from: number;
  to: number;
}

export type NestedReply = { id: number } & (({ from: number } & NestedToyResult) | { error: string });

parentPort?.on("message", (msg: NestedRunMessage) => {
  try {
    const r = runNestedToys(msg.plan, msg.seed, msg.from, msg.to);
    parentPort?.postMessage({ id: msg.id, from: msg.from, ...r }, [
      r.t.buffer as ArrayBuffer,
      r.gof.buffer as ArrayBuffer,
      r.veto.buffer as ArrayBuffer,
    ]);
  } catch (e) {
    parentPort?.postMessage({ id: msg.id, error: e instanceof Error ? e.message : String(e) });
  }
});
