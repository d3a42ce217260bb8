import type { JobDefinition } from "../types";
import { baselineJob } from "./baseline";
import { blackboxTransitionJob } from "./blackbox-transition";
import { buildBlackboxJob } from "./build-blackbox";
import { boxRevealJob } from "./box-reveal";
import { scoreSubmissionJob } from "./score-submission";
import { seedDemoJob } from "./seed-demo";

/** Every job kind the worker knows, by kind. */
export const JOB_DEFINITIONS: Record<string, JobDefinition> = {
  [seedDemoJob.kind]: seedDemoJob as unknown as JobDefinition,
  [blackboxTransitionJob.kind]: blackboxTransitionJob as unknown as JobDefinition,
  [buildBlackboxJob.kind]: buildBlackboxJob as unknown as JobDefinition,
  [scoreSubmissionJob.kind]: scoreSubmissionJob as unknown as JobDefinition,
  [boxRevealJob.kind]: boxRevealJob as unknown as JobDefinition,
  [baselineJob.kind]: baselineJob as unknown as JobDefinition,
};
