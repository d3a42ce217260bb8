import { type ClaimTruth, scoreClaim, validateClaim } from "@/scorer/metrics";
import { flags, readJsonFile } from "./io";
import type { Command } from "./main";

/**
 * `arena claim-score --claim CLAIM.json --truth TRUTH.json`: validate a resonance claim and score it
 * against the truth (SCORING §3). TRUTH.json is `{ "resonances": [{ component, mass, nSignal,
 * daughterMasses? }] }` — an empty list is a box without signal. (The sealed truth HDF5 of a black
 * box carries the same object in its `params` attribute; reading it comes with black boxes.)
 */
export const claimScoreCommand: Command = async (argv) => {
  const f = flags(argv, { claim: { type: "string" }, truth: { type: "string" }, json: { type: "boolean" } }, [
    "claim",
    "truth",
  ]);
  const claim = validateClaim(readJsonFile(f.claim!, "claim") as Parameters<typeof validateClaim>[0]);
  const truth = readJsonFile(f.truth!, "truth") as ClaimTruth;
  if (!truth || !Array.isArray(truth.resonances)) {
    throw new Error(`--truth ${f.truth}: expected an object with a "resonances" array`);
  }
  const result = scoreClaim(claim, truth);
  const text = [
    `detection: ${result.detectionCorrect ? "correct" : "wrong"}`,
    `mass pull: ${result.pulls.mass ?? "—"}`,
    `nSignal pull: ${result.pulls.nSignal ?? "—"}`,
    `log score: ${result.logScore ?? "—"}`,
  ].join("\n");
  return { json: result, text, asJson: f.json === true };
};
