import type { Dataset, File, Group } from "h5wasm/node";
import { h5 } from "./h5lib";
import { arrayRow, type NumericArray, type RawScores, toEventIds, toFloat64 } from "./columns";
import { ScoreFileError } from "./errors";
import { ID_NAMES, type ReadBudget, readNumeric, readValue, SCORE_NAMES } from "./h5data";

type Column = { name: string; values: NumericArray };
type Frame = { columns: Column[]; index?: Column; layout: string };

/**
 * Scores from a pandas `to_hdf` file (pandas ≥ 0.15 layout, checked against pandas 1.5 output).
 * The key is any group carrying a `pandas_type` attribute; with several, the one named scores/score/df.
 * - fixed `frame`: `axis0` column names, `axis1` index, `block<b>_items` + `block<b>_values` [N, k];
 * - fixed `series`: `index`, `values`, the name in the group's `name` attribute;
 * - `frame_table`: compound dataset `table` with field `index` and fields `values_block_<b>` [k],
 *   whose column names are the pickled lists in the table's `values_block_<b>_kind` attributes;
 *   data columns are fields under their own name. The index name is in the group's pickled `info`.
 * The score column is the one named score/scores, else the only non-id column. Event ids come from a
 * column named event_id/id, else from the index when the index is so named (a default RangeIndex is
 * row order, not ids).
 * Returns undefined when the file holds no pandas group.
 *
 * @throws ScoreFileError `upload:unknown_dataset` (several pandas keys and none named scores/score/df,
 *   a pandas type other than frame/series/frame_table, a missing layout dataset, no score column),
 *   else as `readNumeric`/`toEventIds`.
 * @example
 * await withHdf5File(readFileSync("../shared/fixtures/clients/scores_pandas_table.h5"), "s.h5", (f) => readPandas(f, "s.h5")?.details);
 * // → { layout: "pandas table", key: "/df", score: "score", eventId: "event_id" }
 */
export function readPandas(
  file: File,
  fileName: string,
  valueNames: string[] = SCORE_NAMES,
  budget?: ReadBudget,
): RawScores | undefined {
  const groups = file
    .paths()
    .filter((p) => !p.includes("_i_table"))
    .map((p) => [p, file.get(p)] as const)
    .filter(
      (e): e is readonly [string, Group] => e[1] instanceof h5().Group && attr(e[1], "pandas_type") !== "",
    );
  if (groups.length === 0) return undefined;
  const leaf = (p: string) => p.split("/").pop()?.toLowerCase() ?? "";
  const chosen =
    groups.length === 1 ? groups[0] : groups.find(([p]) => ["scores", "score", "df"].includes(leaf(p)));
  if (!chosen) {
    throw new ScoreFileError(
      "upload:unknown_dataset",
      `${fileName}: holds several pandas objects (${groups.map(([p]) => `/${p}`).join(", ")}); save the scores under the key 'scores' or alone in the file`,
      { keys: groups.map(([p]) => `/${p}`) },
    );
  }
  const [key, group] = chosen;
  const where = (name: string) => `/${key}/${name}`;
  const kind = attr(group, "pandas_type");
  const frame =
    kind === "frame"
      ? fixedFrame(group, where, fileName, budget)
      : kind === "series"
        ? fixedSeries(group, where, fileName, budget)
        : kind === "frame_table"
          ? tableFrame(group, where, fileName, budget)
          : undefined;
  if (!frame) {
    throw new ScoreFileError(
      "upload:unknown_dataset",
      `${fileName}: /${key} is a pandas '${kind}', not a DataFrame or Series; save a DataFrame with a 'score' column`,
    );
  }
  return pickColumns(frame, `/${key}`, fileName, valueNames);
}

function pickColumns(frame: Frame, key: string, fileName: string, valueNames: string[]): RawScores {
  const named = (names: string[]) => frame.columns.find((c) => names.includes(c.name.toLowerCase()));
  const nonId = frame.columns.filter((c) => !ID_NAMES.includes(c.name.toLowerCase()));
  const score = named(valueNames) ?? (nonId.length === 1 ? nonId[0] : undefined);
  if (!score) {
    throw new ScoreFileError(
      "upload:unknown_dataset",
      `${fileName}: the DataFrame at ${key} has columns ${frame.columns.map((c) => `'${c.name}'`).join(", ")}; name the score column 'score' (and the id column 'event_id')`,
      { columns: frame.columns.map((c) => c.name), accepted: { scores: valueNames, eventId: ID_NAMES } },
    );
  }
  const indexIsId = frame.index && ID_NAMES.includes(frame.index.name.toLowerCase());
  const id = named(ID_NAMES) ?? (indexIsId ? frame.index : undefined);
  return {
    scores: toFloat64(score.values),
    eventIds: id && toEventIds(id.values, fileName),
    format: "hdf5",
    rowLabel: arrayRow,
    details: { layout: `pandas ${frame.layout}`, key, score: score.name, eventId: id?.name },
  };
}

function fixedFrame(
  group: Group,
  where: (n: string) => string,
  fileName: string,
  budget?: ReadBudget,
): Frame {
  const axis1 = dataset(group, "axis1", where, fileName);
  const index = { name: attr(axis1, "name"), values: readNumeric(axis1, where("axis1"), fileName, budget) };
  const n = index.values.length;
  const columns: Column[] = [];
  const nblocks = Number(group.attrs.nblocks?.value ?? 0);
  for (let b = 0; b < nblocks; b++) {
    const items = readValue(
      dataset(group, `block${b}_items`, where, fileName),
      where(`block${b}_items`),
      fileName,
      budget,
    );
    const names = Array.from(items as ArrayLike<unknown>, String);
    const ds = dataset(group, `block${b}_values`, where, fileName);
    const values = readNumeric(ds, where(`block${b}_values`), fileName, budget);
    const k = names.length;
    // pandas writes [N, k]; a [k, N] block (no `transposed` flag, old writers) is read column-major.
    const rowMajor = (ds.shape ?? [])[0] === n;
    for (const [j, name] of names.entries()) {
      const col = Array.from({ length: n }, (_, i) => values[rowMajor ? i * k + j : j * n + i] as number);
      columns.push({ name, values: col });
    }
  }
  return { columns, index, layout: "fixed" };
}

function fixedSeries(
  group: Group,
  where: (n: string) => string,
  fileName: string,
  budget?: ReadBudget,
): Frame {
  const indexDs = dataset(group, "index", where, fileName);
  const values = readNumeric(dataset(group, "values", where, fileName), where("values"), fileName, budget);
  const index = {
    name: attr(indexDs, "name"),
    values: readNumeric(indexDs, where("index"), fileName, budget),
  };
  const name = attr(group, "name") || "score";
  return { columns: [{ name, values }], index, layout: "fixed series" };
}

function tableFrame(
  group: Group,
  where: (n: string) => string,
  fileName: string,
  budget?: ReadBudget,
): Frame {
  const ds = dataset(group, "table", where, fileName);
  const members = ds.metadata.compound_type?.members ?? [];
  const rows = readValue(ds, where("table"), fileName, budget) as unknown[][];
  const columns: Column[] = [];
  let index: Column | undefined;
  for (const [m, member] of members.entries()) {
    const cell = (r: unknown[]) => r[m] as number | bigint | ArrayLike<number | bigint>;
    if (member.name === "index") {
      const name = /Vindex_name\np\d+\nV([^\n]*)/.exec(attr(group, "info"))?.[1] ?? "";
      index = { name, values: rows.map((r) => cell(r) as number) };
      continue;
    }
    const blockNames = member.name.startsWith("values_block_")
      ? pickledList(attr(ds, `${member.name}_kind`))
      : [member.name];
    for (const [j, name] of blockNames.entries()) {
      const values = rows.map((r) => {
        const v = cell(r);
        return (typeof v === "object" ? v[j] : v) as number;
      });
      columns.push({ name, values });
    }
  }
  return { columns, index, layout: "table" };
}

/**
 * Names from a protocol-0 pickled list of str (the `V` unicode opcodes; escapes not decoded), as
 * PyTables stores `values_block_<b>_kind`. Never throws; "" gives [].
 *
 * @example
 * pickledList("(lp0\nVevent_id\np1\naVscore\np2\na."); // → ["event_id", "score"]
 */
export function pickledList(text: string): string[] {
  return Array.from(text.matchAll(/(?:^|\n)a?V([^\n]*)/g), (m) => m[1] ?? "");
}

function dataset(group: Group, name: string, where: (n: string) => string, fileName: string): Dataset {
  const ds = group.get(name);
  if (ds instanceof h5().Dataset) return ds;
  throw new ScoreFileError(
    "upload:unknown_dataset",
    `${fileName}: ${where(name)} is missing; the pandas layout is incomplete, save it again with to_hdf`,
    { datasets: group.keys() },
  );
}

/** A string attribute; pandas writes `N.` (pickled None) for a missing name. */
function attr(obj: Group | Dataset, name: string): string {
  const v = obj.attrs[name]?.value;
  const s = typeof v === "string" ? v : v instanceof Uint8Array ? new TextDecoder().decode(v) : "";
  return s === "N." ? "" : s;
}
