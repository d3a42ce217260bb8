import { byKind } from "../types";
import { baselineJob } from "./baseline";
import { blackboxTransitionJob } from "./blackbox-transition";
import { buildBlackboxJob } from "./build-blackbox";
import { boxRevealJob } from "./box-reveal";
import { scoreSubmissionJob } from "./score-submission";
import { seedDemoJob } from "./seed-demo";

/** Every job kind the worker knows, by kind. */
export const JOB_DEFINITIONS = byKind(
  seedDemoJob,
  blackboxTransitionJob,
  buildBlackboxJob,
  scoreSubmissionJob,
  boxRevealJob,
  baselineJob,
);
