import { errorResponse, json } from "@/lib/api/route";
import { getHealth } from "@/lib/health";

export const dynamic = "force-dynamic";

export async function GET(): Promise<Response> {
  try {
    const h = await getHealth();
    return json(h, h.ok ? 200 : 503);
  } catch (e) {
    return errorResponse(e, "GET /api/health");
  }
}
