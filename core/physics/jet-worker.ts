// Worker entry for jetFeatures (parallel.ts): computes blocks of a shared job until none are left.
import { serveBlocks } from "@/core/block-threads";
import { JetFeatures } from "./features";
import { fillJetBlocks, type JetJob } from "./parallel";

const features = new JetFeatures();
serveBlocks<JetJob>((job, claim) => fillJetBlocks(job, claim, features));
