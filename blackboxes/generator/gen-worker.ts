// Worker entry for generateEventsParallel (parallel.ts): fills blocks of a shared job until none are left.
import { serveBlocks } from "@/core/block-threads";
import { type BlockJob, fillBlocks } from "./generate";

serveBlocks<BlockJob>(fillBlocks);
