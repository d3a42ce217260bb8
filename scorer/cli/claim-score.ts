import { z } from "zod";
import { type SubmissionSettings, submissionSettings } from "@/lib/submissions/config";
import { type ClaimTruth, scoreClaim, validateClaim } from "@/scorer/metrics";
import { flags, positiveInt, readJsonFile } from "./io";
import type { Command } from "./main";

/**
 * `arena claim-score --claim CLAIM.json --truth TRUTH.json --events N [--config SCORING.json]`:
 * validate a resonance claim and score it against the truth (SCORING §3 version 2). TRUTH.json is
 * `{ "resonances": [{ component, mass, nSignal, daughterMasses? }] }` — an empty list is a box without
 * signal. `--events`: the events in the box (nSignal's range and its flat default). `--config`: the
 * box's scoringConfig (its `sqrtS` and `claims` keys; the server's defaults otherwise), read exactly as
 * the server reads it. (The sealed truth HDF5 of a black box carries the same object in its `params`
 * attribute; reading it comes with black boxes.)
 */
export const claimScoreCommand: Command = async (argv) => {
  const f = flags(
    argv,
    {
      claim: { type: "string" },
      truth: { type: "string" },
      events: { type: "string" },
      config: { type: "string" },
      json: { type: "boolean" },
    },
    ["claim", "truth", "events"],
  );
  const nEvents = positiveInt(f.events, "events", 0);
  const raw = f.config ? readJsonFile(f.config, "config") : {};
  let config: SubmissionSettings["claims"];
  try {
    config = submissionSettings({ scoringConfig: raw as Record<string, unknown>, quotas: null }).claims;
  } catch (e) {
    if (!(e instanceof z.ZodError)) throw e;
    const issues = e.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`);
    throw new Error(`--config ${f.config}: ${issues.join("; ")}`);
  }
  const box = { ...config, nEvents };
  const claim = validateClaim(readJsonFile(f.claim!, "claim") as Parameters<typeof validateClaim>[0], box);
  const truth = readJsonFile(f.truth!, "truth") as ClaimTruth;
  if (!truth || !Array.isArray(truth.resonances)) {
    throw new Error(`--truth ${f.truth}: expected an object with a "resonances" array`);
  }
  const result = scoreClaim(claim, truth, box);
  const text = [
    `detection: ${result.detectionCorrect ? "correct" : "wrong"}`,
    `mass pull: ${result.pulls.mass ?? "—"}`,
    `nSignal pull: ${result.pulls.nSignal ?? "—"}`,
    `log score: ${result.logScore ?? "—"}`,
  ].join("\n");
  return { json: result, text, asJson: f.json === true };
};
