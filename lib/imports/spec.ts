import { z } from "zod";
import type { ImportedBoxSpec } from "@/lib/db/json";
import { IMPORT_FORMATS, IMPORT_ROLE_NAMES } from "./types";

/** What a signal component is, when the organizer knows it (claims are matched against `mass`). */
const signalInfo = z.object({
  label: z.number().int().min(1).max(127),
  name: z.string().min(1).max(200).optional(),
  mass: z.number().positive().optional(),
  daughterMasses: z.array(z.number().positive()).max(4).optional(),
});
export type SignalInfo = z.infer<typeof signalInfo>;

/**
 * An imported box's spec (stored in `black_boxes.spec.import`; organizers only, like a generator
 * spec): the format, the uploaded files as blobs with their roles and names, and optionally what
 * each signal component is.
 */
export const importSpecSchema = z.object({
  format: z.enum(IMPORT_FORMATS),
  sources: z
    .array(
      z.object({
        role: z.enum(IMPORT_ROLE_NAMES),
        name: z.string().min(1).max(300),
        blob: z.string().regex(/^[0-9a-f]{64}$/),
      }),
    )
    .min(1)
    .max(64),
  signals: z.array(signalInfo).max(64).optional(),
});
export type ImportSpec = z.infer<typeof importSpecSchema>;

/** Whether a stored box spec is an import's (lib/db/json `ImportedBoxSpec`) rather than a generator's. */
export function isImportSpec(spec: unknown): spec is ImportedBoxSpec {
  return typeof spec === "object" && spec !== null && "import" in spec;
}
