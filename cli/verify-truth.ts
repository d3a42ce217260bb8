import path from "node:path";
import { readSealedTruth, verifyTruth } from "@/core/formats";
import { flags, readBytes } from "./io";
import type { Command } from "./main";

/**
 * `arena verify-truth --truth truth.h5 --commitment HEX`: check that a revealed truth file is the
 * one committed to when the box opened (its SHA-256 equals the published commitment), and that it
 * reads as a sealed truth file. Exit 1 when it does not match.
 */
export const verifyTruthCommand: Command = async (argv) => {
  const f = flags(
    argv,
    { truth: { type: "string" }, commitment: { type: "string" }, json: { type: "boolean" } },
    ["truth", "commitment"],
  );
  const bytes = readBytes(f.truth!, "truth");
  const result = verifyTruth(bytes, f.commitment!);
  if (!result.ok) {
    throw new Error(
      `--truth ${f.truth}: SHA-256 ${result.actual} does not match the commitment ${result.expected}`,
    );
  }
  const truth = await readSealedTruth(bytes, path.basename(f.truth!));
  const json = { ok: true, sha256: result.actual, events: truth.labels.length, params: truth.params };
  return {
    json,
    text: `OK: ${f.truth} has SHA-256 ${result.actual}, the published commitment (${truth.labels.length} events)`,
    asJson: f.json === true,
  };
};
