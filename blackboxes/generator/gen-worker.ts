// Worker entry for generateEventsParallel (parallel.ts): fills blocks of a shared job until none are left.
import { parentPort } from "node:worker_threads";
import { fillBlocks } from "./generate";
import type { GenMessage, GenReply } from "./parallel";
import { STARTED } from "./parallel";

parentPort?.on("message", (msg: GenMessage) => {
  let reply: GenReply = { jobId: msg.jobId };
  // The main thread may have finished every block before this worker got here: then it cancels us.
  if (Atomics.compareExchange(msg.state, msg.slot, 0, STARTED) === 0) {
    try {
      fillBlocks(msg.job, () => Atomics.add(msg.counter, 0, 1));
    } catch (e) {
      Atomics.store(msg.counter, 0, 0x3fffffff); // stop the other threads early
      reply = { jobId: msg.jobId, error: e instanceof Error ? e.message : String(e) };
    }
  }
  parentPort?.postMessage(reply);
});
