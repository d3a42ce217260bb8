import { type BoxSpec, parseBoxSpec, type Quotas, type ScoringConfig } from "@/lib/db/json";
import { AppError } from "@/lib/errors";
import { settingsIssues } from "@/lib/submissions/config";

/**
 * A new box's JSON columns, checked where they enter the database: the scoring config and quotas
 * as submissionSettings will read them, the spec parsed with its schema (lib/db/json.ts). Returns
 * the fields with the parsed spec; the config and quotas are stored as given (defaults apply on read).
 * @throws AppError "validation" naming each bad field, e.g. `scoringConfig.topK`, `quotas.submissionsTotal`.
 */
export function checkedBoxJson<T extends { spec: BoxSpec; scoringConfig?: ScoringConfig; quotas?: Quotas }>(
  data: T,
): T {
  const issues = settingsIssues(data);
  if (issues.length > 0) {
    const summary = issues.map((i) => `${i.field}: ${i.message}`).join("; ");
    throw new AppError("validation", `Invalid input — ${summary}`, { fields: issues });
  }
  return { ...data, spec: parseBoxSpec(data.spec) };
}
