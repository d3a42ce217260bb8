import { readBodyCapped } from "@/lib/api/route";
import { AppError } from "@/lib/errors";
import type { UploadInput } from "./validate";

const MULTIPART_SLACK = 1024 * 1024;

/**
 * Read an upload request without ever holding more than the box's limit (+ 1 MiB of multipart
 * framing): the body is counted while streaming, so a missing or false Content-Length changes nothing.
 * Accepted bodies:
 * - `multipart/form-data`: `file` (scores or top-ids) or `claim` (JSON text), with `kind`, `method`,
 *   `description` fields;
 * - `application/json`: `{ kind: "claim", claim: {...}, method?, description? }`;
 * - anything else: the raw file, with `?kind=scores|top-ids&filename=…&method=…&description=…`.
 */
export async function readUpload(req: Request, limitBytes: number): Promise<UploadInput> {
  const type = req.headers.get("content-type") ?? "";
  const cap = limitBytes + (type.startsWith("multipart/") ? MULTIPART_SLACK : 0);
  const tooLarge = (size: number) =>
    new AppError(
      "upload:too_large",
      `The upload is larger than this black box accepts (${(limitBytes / 1024 / 1024).toFixed(1)} MB); compress it with gzip or send float32.`,
      { fields: [{ field: "file", message: "too large" }], limit: limitBytes, size },
    );
  const body = await readBodyCapped(req, cap, tooLarge);
  const url = new URL(req.url);
  const q = (k: string) => url.searchParams.get(k) ?? undefined;
  if (/^multipart\/form-data/i.test(type)) {
    let form: FormData;
    try {
      form = await new Response(body, { headers: { "content-type": type } }).formData();
    } catch {
      throw field("(body)", "The multipart body could not be parsed; send the file in a field named 'file'.");
    }
    const str = (k: string) => {
      const v = form.get(k);
      return typeof v === "string" ? v : undefined;
    };
    const kind = str("kind") ?? q("kind") ?? (form.get("claim") ? "claim" : "scores");
    if (kind === "claim")
      return {
        kind,
        claim: parseClaim(str("claim") ?? "{}"),
        method: str("method"),
        description: str("description"),
      };
    const file = form.get("file");
    if (!file || typeof file === "string")
      throw field("file", "Attach the file in a multipart field named 'file'.");
    return {
      kind: checkKind(kind),
      bytes: new Uint8Array(await file.arrayBuffer()),
      fileName: safeName(file.name || "upload"),
      method: str("method"),
      description: str("description"),
    };
  }
  if (/^application\/json/i.test(type)) {
    let json: Record<string, unknown>;
    try {
      json = JSON.parse(body.toString("utf8"));
    } catch {
      throw field("(body)", "The request body is not valid JSON.");
    }
    if (typeof json !== "object" || json === null || Array.isArray(json))
      throw field("(body)", "Send a JSON object.");
    if ((json.kind ?? "claim") !== "claim")
      throw field(
        "kind",
        'JSON bodies carry claims (kind "claim"); send files as multipart or as the raw body.',
      );
    return {
      kind: "claim",
      claim: json.claim,
      method: typeof json.method === "string" ? json.method : undefined,
      description: typeof json.description === "string" ? json.description : undefined,
    };
  }
  return {
    kind: checkKind(q("kind") ?? "scores"),
    bytes: new Uint8Array(body.buffer, body.byteOffset, body.byteLength),
    fileName: safeName(q("filename") ?? "upload"),
    method: q("method"),
    description: q("description"),
  };
}

function field(name: string, message: string): AppError {
  return new AppError("validation", message, { fields: [{ field: name, message }] });
}

function checkKind(kind: string): "scores" | "top-ids" {
  if (kind === "scores" || kind === "top-ids") return kind;
  throw field("kind", `Unknown kind "${kind}": send scores, top-ids or claim.`);
}

function parseClaim(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw field("claim", "The claim field is not valid JSON.");
  }
}

/** A file name fit for messages and storage: the base name, printable, at most 200 characters. */
export function safeName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? "upload";
  return base.replace(/[^\w.\- ()+]/g, "_").slice(0, 200) || "upload";
}
