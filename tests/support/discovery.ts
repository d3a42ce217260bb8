import type { CutResult, DiscoveryResult, ModelReport } from "@/scorer/bumphunt/discovery";

/** Hand-made SCORING §2 v2 results for display tests: shapes as scorer/bumphunt/discovery.ts returns them. */
const EDGES = [3000, 3100, 3200, 3300, 3400, 3500, 3600];

const model = (over: Partial<ModelReport> = {}): ModelReport => ({
  nParams: 4,
  orderTests: [],
  orderExcluded: null,
  orderFits: [],
  params: { p0: 1, p1: 2, p2: 3, p3: 4 },
  errors: { p0: 0.1, p1: 0.1, p2: 0.1, p3: 0.1 },
  deviance: 3.2,
  chi2: 3.1,
  ndf: 2,
  chi2PerNdf: 1.55,
  gofPvalue: 0.42,
  gofAsymptoticP: 0.2,
  maxAbsPull: 1.3,
  excluded: { firstBin: 2, endBin: 4, loEdge: 3200, hiEdge: 3400 },
  searchIterations: 1,
  ...over,
});

const base = {
  inRange: 600,
  counts: [200, 150, 120, 60, 40, 30],
  edges: [3000, 3100, 3200, 3300, 3400, 3500, 3600],
  seconds: 0.2,
};

export const okCut = (efficiency: number, extrapolated: boolean): CutResult => ({
  ...base,
  efficiency,
  selected: 600,
  status: "ok",
  model: model(),
  background: [198, 152, 100, 62, 41, 29],
  pulls: [0.1, -0.2, 2, -0.3, -0.2, 0.2],
  bump: {
    loEdge: 3200,
    hiEdge: 3400,
    locBin: 2,
    widthBins: 2,
    observed: 180,
    expected: 162,
    excess: 18,
    local: { pvalue: 1e-5, t: 11.5, significance: 4.26 },
    global: {
      npe: 1000,
      passed: 990,
      nGe: 0,
      pvalue: 2e-5,
      logPvalue: Math.log(2e-5),
      significance: 4.11,
      extrapolated,
    },
  },
});

export const rejectedCut = (efficiency: number): CutResult => ({
  ...base,
  efficiency,
  selected: 60,
  status: "rejected",
  rejection: { reason: "pull", message: "pull 5.2 in [3000, 3100] GeV outside the search window exceeds ±4" },
  model: model({ maxAbsPull: 5.2, excluded: null }),
  background: [150, 150, 120, 60, 40, 30],
  pulls: [5.2, 0, 0, 0, 0, 0],
  bump: null,
});

const common = {
  method: 2,
  preselected: 6000,
  npe: 1000,
  failedToyFits: 0,
  toyOrder: "chosen per toy",
  toyOrders: [900, 80, 15, 5] as number[],
  device: { device: "cpu" },
  edges: EDGES,
  timings: { data: 0.1, toys: 1, fits: 1.5, scans: 0.3, total: 1.2 },
} as const;

/** Every cut rejected: no summary. */
export const allRejected: DiscoveryResult = {
  ...common,
  cuts: [rejectedCut(1), rejectedCut(0.1)],
  summary: null,
  summaryReason: "background model rejected in every cut: no discovery significance (see each cut's reason)",
};

/** One cut passes with an extrapolated global p, one is rejected. */
export const extrapolatedFound: DiscoveryResult = {
  ...common,
  cuts: [rejectedCut(1), okCut(0.1, true)],
  summary: {
    efficiency: 0.1,
    pvalue: 2e-5,
    logPvalue: Math.log(2e-5),
    globalSignificance: 4.11,
    extrapolated: true,
    claimedMass: 3300,
    cuts: [0.1],
  },
};
