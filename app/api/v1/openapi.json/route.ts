import { openApiDocument } from "@/lib/api/openapi";

/** The API description, public (no session needed). */
export const GET = async (req: Request): Promise<Response> =>
  Response.json(openApiDocument(new URL(req.url).origin), {
    headers: { "cache-control": "public, max-age=300" },
  });
