import { z } from "zod";
import type { FileDetails } from "@/lib/db/json";
import type { SubmissionKind } from "@/lib/db/schema";
import { AppError, appInput, fromInputError } from "@/lib/errors";
import { isHdf5, isScoreFileError, readScoreFile } from "@/core/formats";
import { isNpy } from "@/core/formats/npy";
import { uploadDecodeLimit } from "@/core/formats/scores";
import { freeText, parseInput } from "@/lib/validation";
import { type Claim, claimSchema, validateClaim } from "@/scorer/metrics/claim-validate";
import type { BoxEvents } from "./boxdata";
import type { SubmissionSettings } from "./config";

/** What a team sends: a file (scores, top-ids) or a claim, with a method name and description. */
export type UploadInput =
  | { kind: "scores" | "top-ids"; bytes: Uint8Array; fileName: string; method?: string; description?: string }
  | { kind: "claim"; claim: unknown; method?: string; description?: string };

export type ValidatedUpload = {
  kind: SubmissionKind;
  method: string;
  description: string;
  file?: { bytes: Uint8Array; name: string; details: FileDetails };
  /** Scores kind: one finite score per event, in the public file's event order. */
  scores?: Float64Array;
  claim?: Claim;
};

const text = (max: number, lines: boolean) => freeText(max, { lines }).optional().default("");
/** An upload's method name and description (form fields, JSON fields or query parameters). */
export const uploadMetaSchema = z.object({ method: text(120, false), description: text(4000, true) });

/**
 * A claim as an upload sends it: the scorer's one claim schema, its free-text description under the
 * rules of every stored text (no control characters, valid Unicode). Ranges: validateClaim.
 */
export const uploadClaimSchema = claimSchema.extend({
  description: freeText(4000, { lines: true }).optional(),
});

/** Shown in every file error so a user knows what would have been accepted. */
export const SCORE_FORMATS =
  ".npy (float, 1-D, [N,1] or [N,2] = id,score), .h5 (dataset `scores` or pandas to_hdf, optional `event_id`), .csv/.txt (one score per line, or event_id,score with a header); optionally gzip-compressed";

/**
 * Validate an upload completely, in the request, before anything is stored (DESIGN §7: strict
 * parsers, no partial writes). Scores: every reader format, exactly one finite score per event of the
 * box (aligned by `event_id` when the file has ids). Top-K ids: ADC2021 `Result` HDF5/.npy or a text
 * list, exactly K unique integer ids of the box. Claims: SCORING §3 ranges — masses in (0, √s),
 * nSignal up to `eventCount`, the events of the built box (no upper bound when null).
 *
 * @throws AppError — "upload:too_large" (413) over the box's size limit, else "validation" (422)
 *   whose message names the row, id or field and the fix; details.reason is the machine code.
 */
export async function validateUpload(
  input: UploadInput,
  settings: SubmissionSettings,
  events: () => Promise<BoxEvents>,
  eventCount: number | null = null,
): Promise<ValidatedUpload> {
  const { method, description } = parseInput(uploadMetaSchema, {
    method: input.method,
    description: input.description,
  });
  if (input.kind === "claim") {
    const claim = parseInput(uploadClaimSchema, input.claim);
    appInput(() => validateClaim(claim, { ...settings.claims, nEvents: eventCount }));
    return { kind: "claim", method, description, claim };
  }
  const { bytes, fileName } = input;
  if (bytes.length > settings.maxUploadBytes) {
    throw new AppError(
      "upload:too_large",
      `${fileName}: is ${mb(bytes.length)}; this black box accepts files up to ${mb(settings.maxUploadBytes)} (compress it with gzip, or send float32).`,
      {
        fields: [{ field: "file", message: "too large" }],
        size: bytes.length,
        limit: settings.maxUploadBytes,
      },
    );
  }
  const { eventIds } = await events();
  try {
    if (input.kind === "scores") {
      const read = await readScoreFile(bytes, fileName, {
        eventIds,
        maxDecompressedBytes: settings.maxDecompressedBytes,
      });
      return {
        kind: "scores",
        method,
        description,
        file: { bytes, name: fileName, details: { format: read.format, ...read.details } },
        scores: read.scores,
      };
    }
    const maxIdBytes = Math.min(settings.maxDecompressedBytes, uploadDecodeLimit(settings.topK));
    const ids = await parseTopIds(bytes, fileName, maxIdBytes);
    checkTopIds(ids, fileName, settings.topK, eventIds);
    return {
      kind: "top-ids",
      method,
      description,
      file: { bytes, name: fileName, details: { format: "ids", k: ids.length } },
    };
  } catch (e) {
    if (isScoreFileError(e)) {
      const err = fromInputError(e);
      throw new AppError("validation", err.message, {
        ...err.details,
        fields: [{ field: "file", message: e.message }],
        formats: input.kind === "scores" ? SCORE_FORMATS : TOP_ID_FORMATS,
      });
    }
    throw e;
  }
}

export const TOP_ID_FORMATS =
  ".h5 with an integer dataset `Result` (ADC2021), .npy of integers, or a text/CSV list with one event id per line (optional header)";

function mb(n: number): string {
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

function idError(message: string, reason: string, extra: Record<string, unknown> = {}): AppError {
  return new AppError("validation", message, { reason, fields: [{ field: "file", message }], ...extra });
}

/** The ids of a top-K file as numbers (row numbers fit 2^53), in file order; no checks against a box. */
export async function parseTopIds(
  bytes: Uint8Array,
  fileName: string,
  maxDecompressedBytes?: number,
): Promise<number[]> {
  if (isHdf5(bytes) || isNpy(bytes)) {
    const read = await readScoreFile(bytes, fileName, {
      valueNames: ["Result", "result", "ids", "event_id", "event_ids"],
      maxDecompressedBytes,
    });
    return Array.from(read.scores);
  }
  if (bytes.includes(0)) {
    throw idError(
      `${fileName}: is neither HDF5, .npy nor text; send ${TOP_ID_FORMATS}`,
      "upload:unknown_format",
    );
  }
  const lines = new TextDecoder().decode(bytes).split(/\r?\n/);
  const ids: number[] = [];
  lines.forEach((raw, i) => {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) return;
    const cell = line.split(/[,;\s]+/)[0] as string;
    if (ids.length === 0 && !/^[-+]?[\d.eE+-]+$/.test(cell)) return; // a header line
    const v = Number(cell);
    if (!Number.isFinite(v))
      throw idError(`${fileName}: line ${i + 1} is "${cell}", not an event id`, "upload:bad_id", {
        line: i + 1,
      });
    ids.push(v);
  });
  return ids;
}

/** Exactly K unique integer ids, all in the box; the error names the first offending row or id. */
function checkTopIds(ids: number[], fileName: string, k: number, boxIds: BigInt64Array): void {
  if (ids.length === 0) throw idError(`${fileName}: holds no event ids`, "upload:empty");
  const bad = ids.findIndex((v) => !Number.isInteger(v));
  if (bad >= 0) {
    throw idError(
      `${fileName}: row ${bad} is ${ids[bad]}, not an integer event id; send the event_id values of the box, not scores`,
      "upload:bad_id",
      { row: bad },
    );
  }
  if (ids.length !== k) {
    throw idError(`${fileName}: expected exactly ${k} event ids, got ${ids.length}`, "upload:wrong_length", {
      expected: k,
      got: ids.length,
    });
  }
  const seen = new Map<number, number>();
  ids.forEach((id, row) => {
    const first = seen.get(id);
    if (first !== undefined)
      throw idError(
        `${fileName}: event_id ${id} appears twice (rows ${first} and ${row}); ids must be unique`,
        "upload:duplicate_id",
        { id },
      );
    seen.set(id, row);
  });
  const inBox = new Set<number>();
  for (const id of boxIds) inBox.add(Number(id));
  const unknown = ids.filter((id) => !inBox.has(id));
  if (unknown.length > 0) {
    throw idError(
      `${fileName}: event_id ${unknown[0]} is not in this black box (${unknown.length} unknown ids); ids are the box's /events/event_id values`,
      "upload:unknown_ids",
      { example: unknown[0], count: unknown.length },
    );
  }
}
