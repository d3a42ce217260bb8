import { describe, expect, it } from "vitest";
import { scoringConfigFromForm } from "./form-config";

const BUILTIN = {
  massFeature: "mjj",
  preselection: { maxDeltaEta: 1.3 },
  bins: { min: 3000, max: 7000, n: 40 },
};

describe("the new-box form's scoring fields", () => {
  it("keeps the base config when every field is blank", () => {
    expect(scoringConfigFromForm(BUILTIN, { fitMin: "", fitMax: " ", bins: "" })).toBe(BUILTIN);
    expect(scoringConfigFromForm(undefined, {})).toBeUndefined();
  });

  it("lays the fit range, binning and preselection over the base", () => {
    expect(
      scoringConfigFromForm(BUILTIN, { fitMin: "2500", fitMax: "6500", bins: "50", maxDeltaEta: "" }),
    ).toEqual({
      ...BUILTIN,
      bins: { min: 2500, max: 6500, n: 50 },
    });
    expect(scoringConfigFromForm(BUILTIN, { maxDeltaEta: "none" })).toEqual({
      ...BUILTIN,
      preselection: null,
    });
    expect(scoringConfigFromForm(undefined, { maxDeltaEta: "1.1" })).toEqual({
      preselection: { maxDeltaEta: 1.1 },
    });
    // explicit edges give way to the form's range
    expect(
      scoringConfigFromForm(
        { edges: [3000, 3500, 4000, 4500, 5000, 6000] },
        { fitMin: "3000", fitMax: "6000", bins: "30" },
      ),
    ).toEqual({
      bins: { min: 3000, max: 6000, n: 30 },
    });
  });

  it("names the form's field and the fix", () => {
    const fields = (f: Record<string, string>) => {
      try {
        scoringConfigFromForm(BUILTIN, f);
      } catch (e) {
        return (e as { details: { fields: { field: string; message: string }[] } }).details.fields;
      }
      return [];
    };
    expect(fields({ fitMin: "3000" })).toEqual([
      { field: "fitMax", message: "give the fit range's from, to and bins together" },
      { field: "bins", message: "give the fit range's from, to and bins together" },
    ]);
    expect(fields({ fitMin: "3000", fitMax: "abc", bins: "40" })).toEqual([
      { field: "fitMax", message: 'must be a number, got "abc"' },
    ]);
    expect(fields({ fitMin: "7000", fitMax: "3000", bins: "40" })[0]!.field).toBe("fitMax");
    expect(fields({ fitMin: "3000", fitMax: "14000", bins: "40" })[0]).toMatchObject({ field: "fitMax" });
    expect(fields({ maxDeltaEta: "wide" })).toEqual([
      { field: "maxDeltaEta", message: 'must be a number or "none", got "wide"' },
    ]);
    expect(fields({ maxDeltaEta: "-1" })[0]!.field).toBe("maxDeltaEta");
  });
});
