// Worker entry for jetFeatures (parallel.ts): computes blocks of a shared job until none are left.
import { parentPort } from "node:worker_threads";
import { JetFeatures } from "./features";
import { fillJetBlocks, type JetMessage, type JetReply, STARTED } from "./parallel";

const features = new JetFeatures();

parentPort?.on("message", (msg: JetMessage) => {
  let reply: JetReply = { jobId: msg.jobId };
  // The main thread may have finished every block before this worker got here: then it cancels us.
  if (Atomics.compareExchange(msg.state, msg.slot, 0, STARTED) === 0) {
    try {
      fillJetBlocks(msg.job, () => Atomics.add(msg.counter, 0, 1), features);
    } catch (e) {
      Atomics.store(msg.counter, 0, 0x3fffffff); // stop the other threads early
      reply = { jobId: msg.jobId, error: e instanceof Error ? e.message : String(e) };
    }
  }
  parentPort?.postMessage(reply);
});
