import { desc, getTableColumns, inArray, sql } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { evaluations } from "@/lib/db/schema";
import type { EvaluationRow } from "./views";

/**
 * `metrics` as compactMetrics (./views) keeps it for lists, cut down in the database so the ~20 kB of
 * curves, histograms and per-cut fits never leave it: discovery keeps method, summary, summaryReason
 * and device; truth loses curves and components. compactMetrics still runs on the result.
 */
const compactMetrics = sql`(case when jsonb_typeof(${evaluations.metrics} -> 'discovery') = 'object'
  then jsonb_set(${evaluations.metrics}, '{discovery}', (${evaluations.metrics} -> 'discovery') - array(
    select k from jsonb_object_keys(${evaluations.metrics} -> 'discovery') k
    where k not in ('method', 'summary', 'summaryReason', 'device')))
  else ${evaluations.metrics} end) #- '{truth,curves}' #- '{truth,components}'`.mapWith(evaluations.metrics);

/**
 * The newest evaluation of each of these submissions (a reveal rescoring adds one), by id.
 * `compact`: for lists, the metrics without curves (see compactMetrics above).
 */
export async function latestEvaluations(
  db: Db,
  ids: string[],
  { compact = false }: { compact?: boolean } = {},
): Promise<Map<string, EvaluationRow & { submissionId: string }>> {
  const { rankMetrics: _rank, ...columns } = getTableColumns(evaluations);
  const rows = ids.length
    ? await db
        .select({ ...columns, ...(compact ? { metrics: compactMetrics } : {}) })
        .from(evaluations)
        .where(inArray(evaluations.submissionId, ids))
        .orderBy(desc(evaluations.createdAt))
    : [];
  const latest = new Map<string, EvaluationRow & { submissionId: string }>();
  for (const e of rows) if (!latest.has(e.submissionId)) latest.set(e.submissionId, e);
  return latest;
}
