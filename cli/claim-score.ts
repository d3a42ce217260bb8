import path from "node:path";
import { z } from "zod";
import { isHdf5, readSealedTruth } from "@/core/formats";
import { type SubmissionSettings, submissionSettings } from "@/lib/submissions/config";
import { claimTruthOfParams } from "@/lib/submissions/truth";
import { type ClaimTruth, scoreClaim, validateClaim } from "@/scorer/metrics";
import { flags, positiveInt, readBytes, readJsonFile } from "./io";
import type { Command } from "./main";
import { UsageError } from "./usage";

/**
 * `arena claim-score --claim CLAIM.json --truth FILE [--events N] [--config SCORING.json]`: validate
 * a resonance claim and score it against the truth (SCORING §3 version 2). FILE is the box's sealed
 * truth file as published at the reveal (HDF5, `{challenge}-{box}-truth.h5`: its `params` attribute
 * names the injected resonances, its rows are the box's events) or JSON
 * `{ "resonances": [{ component, mass, nSignal, daughterMasses? }] }` — an empty list is a box without
 * signal. `--events`: the events in the box (nSignal's range and its flat default); required with
 * JSON, and with a truth file, if given, equal to its rows. `--config`: the box's scoringConfig (its
 * `sqrtS` and `claims` keys; the server's defaults otherwise), read exactly as the server reads it.
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
    ["claim", "truth"],
  );
  const given = positiveInt(f.events, "events", undefined);
  const truthFile = await readTruth(f.truth!);
  if (truthFile.events === undefined && given === undefined)
    throw new UsageError("--events is required with a JSON truth (a truth.h5 gives the box's events)");
  if (truthFile.events !== undefined && given !== undefined && given !== truthFile.events)
    throw new Error(
      `--events ${given}, but --truth ${f.truth} holds ${truthFile.events} events (the box's); leave --events out`,
    );
  const nEvents = (given ?? truthFile.events) as number;
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
  const result = scoreClaim(claim, truthFile.truth, box);
  const text = [
    `detection: ${result.detectionCorrect ? "correct" : "wrong"}`,
    `mass pull: ${result.pulls.mass ?? "—"}`,
    `nSignal pull: ${result.pulls.nSignal ?? "—"}`,
    `log score: ${result.logScore ?? "—"}`,
  ].join("\n");
  return { json: result, text, asJson: f.json === true };
};

const FORMATS =
  'a sealed truth file (HDF5, the truth.h5 published at the reveal) or JSON { "resonances": [...] }';

/**
 * The truth and, for a truth file, the box's events. The format is told by content: the HDF5
 * signature (at any user-block offset) means a truth file; a name ending .h5/.hdf5 that lacks it is
 * refused as not HDF5, not parsed as JSON.
 */
async function readTruth(file: string): Promise<{ truth: ClaimTruth; events?: number }> {
  const bytes = readBytes(file, "truth");
  if (isHdf5(bytes)) {
    const name = path.basename(file);
    try {
      const sealed = await readSealedTruth(bytes, name);
      return { truth: claimTruthOfParams(sealed.params), events: sealed.labels.length };
    } catch (e) {
      // The reader's message starts with the file's base name; name the path given instead.
      const why = (e as Error).message.replace(`${name}: `, "");
      throw new Error(
        `--truth ${file}: an HDF5 file but not a sealed truth file (${why}); expected ${FORMATS}`,
      );
    }
  }
  if (/\.(h5|hdf5?)$/i.test(file))
    throw new Error(`--truth ${file}: not an HDF5 file (no HDF5 signature); expected ${FORMATS}`);
  let truth: unknown;
  try {
    truth = JSON.parse(Buffer.from(bytes).toString("utf8"));
  } catch (e) {
    throw new Error(
      `--truth ${file}: neither HDF5 nor valid JSON (${(e as Error).message}); expected ${FORMATS}`,
    );
  }
  const resonances = (truth as { resonances?: unknown } | null)?.resonances;
  if (!Array.isArray(resonances))
    throw new Error(`--truth ${file}: JSON without a "resonances" array; expected ${FORMATS}`);
  return { truth: truth as ClaimTruth };
}
