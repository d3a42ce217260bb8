// Test support: the pyBumpHunter reference cases, read in place from ../shared/fixtures/bumphunter
// (never copied into the project). Not part of the numerical core.
import fs from "node:fs";
import path from "node:path";
import { fromPyBumpHunter, type ScanSettings } from "./windows";

export const CASES_DIR = path.resolve(process.cwd(), "../shared/fixtures/bumphunter");

export interface ReferenceCase {
  file: string;
  inputs: {
    name: string;
    edges: number[];
    data: number[];
    ref: number[];
    settings: {
      mode: "excess" | "deficit";
      width_min: number;
      width_max: number | null;
      width_step: number;
      scan_step: number | "half" | "full";
      seed: number;
      use_sideband: boolean;
      sideband_width: number | null;
      npe: number;
    };
  };
  outputs: {
    bump: { loc_bin: number; width_bins: number; lo_edge: number; hi_edge: number; n_data_in_window: number };
    local: { pvalue: number; t_obs: number; significance_isf: number; n_windows: number };
    global: { npe: number; n_pe_t_ge_tobs: number; pvalue: number; significance_is_lower_limit: boolean };
    t_distribution: { n_t_zero: number; quantiles: Record<string, number> };
    first_pseudo_experiments: { counts: number[]; min_p: number; loc_bin: number; width_bins: number }[];
  } & { local: { window_pvalues_by_width: number[][] } };
}

export function loadReferenceCases(): ReferenceCase[] {
  if (!fs.existsSync(CASES_DIR)) {
    throw new Error(
      `pyBumpHunter reference cases not found at ${CASES_DIR} (run tests from the project root)`,
    );
  }
  const files = fs.readdirSync(CASES_DIR).filter((f) => /^case_.*\.json$/.test(f));
  if (files.length !== 6)
    throw new Error(`expected 6 reference cases in ${CASES_DIR}, found ${files.length}`);
  return files
    .sort()
    .map((file) => ({ file, ...JSON.parse(fs.readFileSync(path.join(CASES_DIR, file), "utf8")) }));
}

export function settingsOf(c: ReferenceCase): ScanSettings {
  return fromPyBumpHunter(c.inputs.settings);
}
