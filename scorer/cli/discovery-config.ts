import os from "node:os";
import { z } from "zod";
import type { DiscoveryConfig } from "@/scorer/bumphunt/discovery";

/**
 * The scoring config of SCORING §2 as a JSON file: bin `edges` in GeV (or `bins: { min, max, n }`;
 * default 60 bins on [2000, 6000] GeV), `cutEfficiencies` (default 1, 0.1, 0.01, 0.001), `sqrtS`
 * (13000), `npe` (10 000), `seed` (0), `widthMin`/`widthMax` of the scan, `threads` (all cores).
 */
const schema = z
  .object({
    edges: z.array(z.number().positive()).min(5).optional(),
    bins: z
      .object({ min: z.number().positive(), max: z.number().positive(), n: z.number().int().min(4) })
      .optional(),
    cutEfficiencies: z.array(z.number().gt(0).max(1)).min(1).optional(),
    sqrtS: z.number().positive().optional(),
    npe: z.number().int().min(1).optional(),
    seed: z.number().int().min(0).optional(),
    widthMin: z.number().int().min(1).optional(),
    widthMax: z.number().int().min(1).optional(),
    threads: z.number().int().min(1).optional(),
    /** The feature of a public file holding the mass (with --features); default mjj. */
    massFeature: z.string().min(1).optional(),
  })
  .strict();

export function discoveryConfig(raw: unknown, file: string): DiscoveryConfig & { massFeature: string } {
  const r = schema.safeParse(raw);
  if (!r.success) {
    throw new Error(
      `--config ${file}: ${r.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; ")}`,
    );
  }
  const c = r.data;
  const b = c.bins ?? { min: 2000, max: 6000, n: 60 };
  const edges = c.edges ?? Array.from({ length: b.n + 1 }, (_, i) => b.min + ((b.max - b.min) * i) / b.n);
  for (let i = 1; i < edges.length; i++) {
    if (!(edges[i]! > edges[i - 1]!))
      throw new Error(`--config ${file}: edges must increase (at index ${i})`);
  }
  return {
    edges,
    cutEfficiencies: c.cutEfficiencies,
    sqrtS: c.sqrtS,
    npe: c.npe,
    seed: c.seed,
    threads: c.threads ?? Math.max(1, os.availableParallelism()),
    scan: { widthMin: c.widthMin, widthMax: c.widthMax },
    massFeature: c.massFeature ?? "mjj",
  };
}
