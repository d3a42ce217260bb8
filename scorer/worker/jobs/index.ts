import type { JobDefinition } from "../types";
import { seedDemoJob } from "./seed-demo";

/** Every job kind the worker knows, by kind. */
export const JOB_DEFINITIONS: Record<string, JobDefinition> = {
  [seedDemoJob.kind]: seedDemoJob as unknown as JobDefinition,
};
