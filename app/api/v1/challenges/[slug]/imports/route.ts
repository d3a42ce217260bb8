import { apiRoute, readJson } from "@/lib/api/route";
import { createImportBox } from "@/lib/imports/create";

/** Create a draft box from staged files and queue its build (202: the job id to follow). */
export const POST = apiRoute<{ slug: string }>(
  async ({ req, params, actor, db }) => createImportBox(db, actor, params.slug, await readJson(req)),
  { status: 202 },
);
