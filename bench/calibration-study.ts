/**
 * `npm run study:calibration -- [--boxes 200] [--events 1000000] [--npe 1000] [--variants pythia,herwig]
 *   [--injections 0,300,600,834,1200] [--injection-boxes 20] [--spurious-boxes 10] [--out docs]
 *   [--config blackboxes/bb1.json]`: (the scoring config is the box spec's, the built-in boxes' by default)
 * the calibration study of SCORING §2 v2 (bench/calibration/study.ts). Writes
 * <out>/calibration.md, its figures under <out>/calibration/ and the raw results as JSON there.
 * Minutes to hours at full size: a study, not a test (calibration-study.test.ts runs a small one).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { renderStudy, verdicts } from "./calibration/render";
import { runStudy, type Variant } from "./calibration/study";

const { values } = parseArgs({
  options: {
    boxes: { type: "string", default: "200" },
    events: { type: "string", default: "1000000" },
    npe: { type: "string", default: "1000" },
    variants: { type: "string", default: "pythia,herwig" },
    injections: { type: "string", default: "0,300,600,834,1200" },
    "injection-boxes": { type: "string", default: "20" },
    "spurious-boxes": { type: "string", default: "10" },
    threads: { type: "string", default: String(os.availableParallelism()) },
    out: { type: "string", default: "docs" },
    config: { type: "string", default: "blackboxes/bb1.json" },
  },
  strict: true,
});
const int = (name: string, v: string | undefined, min: number) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be an integer ≥ ${min}, got "${v}"`);
  return n;
};
const variants = values.variants!.split(",").map((v) => {
  if (v !== "pythia" && v !== "herwig")
    throw new Error(`--variants: unknown variant "${v}" (pythia, herwig)`);
  return v as Variant;
});
const options = {
  boxes: int("boxes", values.boxes, 1),
  events: int("events", values.events, 1000),
  npe: int("npe", values.npe, 10),
  variants,
  injections: values
    .injections!.split(",")
    .filter(Boolean)
    .map((v) => int("injections", v, 0)),
  injectionBoxes: int("injection-boxes", values["injection-boxes"], 0),
  spuriousBoxes: int("spurious-boxes", values["spurious-boxes"], 0),
  threads: int("threads", values.threads, 1),
  // The built-in boxes' scoring config (a box spec's scoringConfig, or the object itself).
  scoringConfig: ((c) => (c && typeof c === "object" && "scoringConfig" in c ? c.scoringConfig : c))(
    JSON.parse(fs.readFileSync(values.config!, "utf8")),
  ),
  log: (m: string) => console.log(m),
};
const command = `npm run study:calibration -- ${process.argv.slice(2).join(" ")}`.trim();
const result = await runStudy(options);
const out = values.out!;
const figDir = path.join(out, "calibration");
fs.mkdirSync(figDir, { recursive: true });
const { md, figures } = renderStudy(result, "calibration", command);
for (const [name, content] of Object.entries(figures)) fs.writeFileSync(path.join(figDir, name), content);
fs.writeFileSync(path.join(figDir, "results.json"), `${JSON.stringify(result)}\n`);
fs.writeFileSync(path.join(out, "calibration.md"), md);
for (const v of verdicts(result)) {
  console.log(
    `${v.variant} ${v.kind}: ${v.n} boxes (${v.rejected} rejected), KS p ${v.ksP.toFixed(3)}, ${v.below05} below 0.05 (95 % interval ${v.interval.lo}–${v.interval.hi}): ${v.pass ? "calibrated" : "NOT calibrated"}`,
  );
}
console.log(`wrote ${path.join(out, "calibration.md")} in ${(result.seconds / 60).toFixed(1)} min`);
process.exit(0);
