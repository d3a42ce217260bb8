import { z } from "zod";
import { dataSummarySchema } from "@/lib/blackboxes/data-summary";
import { buildCheckSchema } from "@/lib/submissions/build-check";
import type { ValueFlag, ValueKey } from "@/lib/submissions/leaderboard-values";
import type { CutResult, DiscoveryResult, DiscoverySummary, ModelReport } from "@/scorer/bumphunt/discovery";

/**
 * The OpenAPI component schemas of evaluations, leaderboards and boxes. The discovery result is a
 * scorer type (scorer/bumphunt/discovery.ts, SCORING §2 version 2) without a zod schema, so its
 * properties are written here and `satisfies Record<keyof T, …>` makes the compiler fail when the
 * type gains or loses a field; so are a leaderboard row's values, one per key of
 * lib/submissions/leaderboard-values.ts. The build check and data summary are generated from their
 * zod schemas, the stored metrics and leaderboard rows in ./openapi-stored.ts.
 */
const num = { type: "number" };
const int = { type: "integer" };
const nums = { type: "array", items: num };
const nullable = (s: Record<string, unknown>) => ({ oneOf: [s, { type: "null" }] });
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const params = {
  type: "object",
  properties: { p0: num, p1: num, p2: num, p3: num, p4: num, p5: num },
};

/** OpenAPI 3.1 documents fix the JSON Schema dialect once; a component does not repeat it. */
function withoutDialect<T extends { $schema?: unknown }>(s: T): Omit<T, "$schema"> {
  const { $schema: _dialect, ...rest } = s;
  return rest;
}

const summary = {
  efficiency: {
    ...num,
    description: "The cut with the smallest per-cut global p among those that passed the gate",
  },
  pvalue: { ...num, description: "Look-elsewhere-corrected over the cuts that passed the gate" },
  globalSignificance: { ...num, description: "Z = Φ⁻¹(1 − pvalue)" },
  extrapolated: {
    type: "boolean",
    description:
      "p from the exponential tail of the toys' t (fewer than 10 toys reached the observed value); across cuts, an effective number of cuts measured at p = 0.05",
  },
  logPvalue: { ...num, description: "ln p: finite where p underflows to 0" },
  claimedMass: { ...num, description: "The summary cut's bump centre (GeV)" },
  cuts: { ...nums, description: "The cut efficiencies that passed the gate" },
} satisfies Record<keyof DiscoverySummary, object>;

const model = {
  nParams: { ...int, description: "Parameters of the chosen dijet function (3–6)" },
  orderTests: {
    type: "array",
    items: { type: "object" },
    description: "The nested-model tests that chose it",
  },
  orderFits: { type: "array", items: { type: "object" } },
  params: {
    ...params,
    description: "Dijet parameters p0 … p5 (p4, p5 only in the 5- and 6-parameter forms)",
  },
  errors: params,
  deviance: num,
  chi2: num,
  ndf: int,
  chi2PerNdf: num,
  gofPvalue: {
    ...nullable(num),
    description:
      "The deviance's p among the refitted pseudo-experiments (the gate); null without toys and for a cut rejected by a pull or a rising fit, whose toys are not analysed",
  },
  gofAsymptoticP: { ...num, description: "The same from χ²(ndf), for reference only" },
  maxAbsPull: { ...num, description: "Largest |pull| outside the excluded window" },
  excluded: {
    ...nullable({
      type: "object",
      properties: { firstBin: int, endBin: int, loEdge: num, hiEdge: num },
    }),
    description: "The window the final fit left out (search phase)",
  },
  searchIterations: int,
  orderExcluded: {
    ...nullable({ type: "object", properties: { loEdge: num, hiEdge: num } }),
    description: "The window the nested-model tests left out (the probe search phase's candidate)",
  },
} satisfies Record<keyof ModelReport, object>;

type Bump = NonNullable<CutResult["bump"]>;
const bump = {
  loEdge: num,
  hiEdge: num,
  locBin: int,
  widthBins: int,
  observed: num,
  expected: num,
  excess: num,
  local: { type: "object", properties: { pvalue: num, t: num, significance: num } },
  global: {
    type: "object",
    properties: {
      npe: int,
      passed: { ...int, description: "Toys whose background model passed the gate: p is taken among these" },
      nGe: { ...int, description: "Passing toys with t ≥ t_obs" },
      pvalue: num,
      logPvalue: { ...num, description: "ln p: finite where p underflows to 0" },
      significance: num,
      extrapolated: { type: "boolean", description: "p from the exponential tail of the toys' t" },
    } satisfies Record<keyof Bump["global"], object>,
  },
} satisfies Record<keyof Bump, object>;

const cut = {
  efficiency: num,
  selected: int,
  inRange: int,
  status: {
    type: "string",
    enum: ["ok", "rejected"],
    description: "rejected: the background model does not describe this spectrum — no Z, no bump",
  },
  rejection: {
    type: "object",
    description: "Present when status is rejected",
    properties: {
      reason: { type: "string", enum: ["fit-failed", "goodness-of-fit", "pull", "rising"] },
      message: { type: "string" },
    },
  },
  model: {
    ...nullable(ref("DiscoveryModel")),
    description: "The final background fit; null when no order converged",
  },
  counts: nums,
  edges: { ...nums, description: "The cut's bin edges (GeV): the configured ones, sparse upper tail merged" },
  background: { ...nums, description: "Background per bin from the final fit" },
  pulls: { ...nums, description: "Each bin's deviation from the fit in σ, from the Poisson tail" },
  bump: { ...nullable({ type: "object", properties: bump }), description: "null when rejected" },
  seconds: num,
} satisfies Record<keyof CutResult, object>;

const discovery = {
  method: { const: 2, description: "Version of SCORING §2" },
  cuts: { type: "array", items: ref("DiscoveryCut") },
  summary: {
    ...nullable(ref("DiscoverySummary")),
    description: "null when every cut's background model was rejected (summaryReason says so)",
  },
  summaryReason: { type: "string" },
  preselected: int,
  npe: int,
  failedToyFits: int,
  toyOrder: {
    const: "chosen per toy",
    description: "Every toy is refitted and chooses its function order by the data's nested-model tests",
  },
  toyOrders: { ...nums, description: "How many toy-cuts chose 3, 4, … dijet parameters" },
  device: { type: "object", properties: { device: { type: "string" }, adapter: { type: "string" } } },
  edges: { ...nums, description: "Bin edges (GeV) of every cut's counts" },
  timings: { type: "object", properties: { fits: num, toys: num, total: num } },
} satisfies Record<keyof DiscoveryResult, object>;

export const evaluationSchemas = {
  DiscoverySummary: {
    type: "object",
    required: ["efficiency", "pvalue", "globalSignificance", "extrapolated", "claimedMass", "cuts"],
    properties: summary,
  },
  DiscoveryModel: { type: "object", properties: model },
  DiscoveryCut: { type: "object", required: ["efficiency", "status", "model", "bump"], properties: cut },
  Discovery: {
    type: "object",
    description: "The truth-free discovery significance (SCORING §2 version 2)",
    required: ["method", "cuts", "summary"],
    properties: discovery,
  },
  Evaluation: {
    type: "object",
    properties: {
      metrics: ref("Metrics"),
      withTruth: { type: "boolean" },
      scorerVersion: { type: "string" },
      device: { type: "string" },
      timings: { type: ["object", "null"], additionalProperties: num },
      createdAt: { type: "string", format: "date-time" },
    },
  },
  LeaderboardValues: {
    type: "object",
    description: "Each present only where computed and visible",
    properties: {
      discoveryZ: {
        type: ["number", "null"],
        description: "The discovery summary's global Z; null: model rejected",
      },
      discoveryExtrapolated: { type: "boolean", description: "Its p-value comes from the toys' fitted tail" },
      discoveryRejected: {
        type: "boolean",
        description: "No summary: the background model was rejected in every cut (ranks below every Z)",
      },
      claimedMass: { type: ["number", "null"] },
      auc: { type: ["number", "null"] },
      maxSic: { type: ["number", "null"] },
      tprAt1e3: { type: ["number", "null"] },
      tprAt1e5: { type: ["number", "null"] },
      detectionCorrect: { type: ["boolean", "null"] },
      logScore: { type: ["number", "null"] },
      massPull: { type: ["number", "null"] },
      nSignalPull: { type: ["number", "null"] },
      precision: { type: ["number", "null"] },
      recall: { type: ["number", "null"] },
    } satisfies Record<ValueKey | ValueFlag, object>,
  },
  BuildCheck: {
    ...withoutDialect(z.toJSONSchema(buildCheckSchema, { io: "output" })),
    description:
      "The box build check (SCORING §2): the plain bump hunt (ε = 1, no score) run when the box was built",
  },
  DataSummary: {
    ...withoutDialect(z.toJSONSchema(dataSummarySchema, { io: "output" })),
    description:
      "Histograms of the public file's features over all events, computed when the box was built: the mass feature in 60 bins between its 0.1 % and 99.9 % quantiles, every other feature in 40 bins between its 0.5 % and 99.5 % quantiles (numpy.histogram's binning)",
  },
  BlackBox: {
    type: "object",
    properties: {
      id: { type: "string", format: "uuid" },
      slug: { type: "string" },
      title: { type: "string" },
      description: { type: "string" },
      mode: { type: "string", enum: ["practice", "blind"] },
      status: { type: "string", enum: ["draft", "open", "closed", "revealed"] },
      opensAt: { type: ["string", "null"], format: "date-time" },
      closesAt: { type: ["string", "null"], format: "date-time" },
      revealAt: { type: ["string", "null"], format: "date-time" },
      revealedAt: { type: ["string", "null"], format: "date-time" },
      archivedAt: {
        type: ["string", "null"],
        format: "date-time",
        description:
          "When an organizer archived the revealed box; null for an active box. Archived boxes stay readable and downloadable",
      },
      eventCount: { type: ["integer", "null"] },
      featureNames: { type: ["array", "null"], items: { type: "string" } },
      publicFile: { type: ["object", "null"], properties: { sha256: { type: "string" }, size: int } },
      dataSummary: {
        ...nullable(ref("DataSummary")),
        description:
          "With the public file (null where it is not visible, and for boxes built before the summary existed); not on leaderboards",
      },
      commitment: { type: ["string", "null"] },
      build: {
        type: "object",
        description: "Organizers only",
        properties: {
          status: { type: "string", enum: ["none", "building", "built", "failed"] },
          error: { type: ["string", "null"] },
          jobId: { type: ["string", "null"] },
        },
      },
      buildCheck: {
        ...nullable(ref("BuildCheck")),
        description:
          "Organizers only (box endpoints, not leaderboards): the plain bump hunt run at build time; null before a build or without a mass feature",
      },
      truth: {
        type: "object",
        description: "Only where the truth is visible to the caller",
        properties: {
          spec: nullable(ref("BoxSpec")),
          sha256: { type: ["string", "null"], description: "The sealed truth file's SHA-256 (its blob)" },
        },
      },
    },
  },
};
