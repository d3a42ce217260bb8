import { desc, inArray } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { evaluations } from "@/lib/db/schema";
import type { EvaluationRow } from "./views";

/** The newest evaluation of each of these submissions (a reveal rescoring adds one), by id. */
export async function latestEvaluations(db: Db, ids: string[]): Promise<Map<string, EvaluationRow>> {
  const rows = ids.length
    ? await db
        .select()
        .from(evaluations)
        .where(inArray(evaluations.submissionId, ids))
        .orderBy(desc(evaluations.createdAt))
    : [];
  const latest = new Map<string, EvaluationRow>();
  for (const e of rows) if (!latest.has(e.submissionId)) latest.set(e.submissionId, e);
  return latest;
}
