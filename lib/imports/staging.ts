import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { Actor } from "@/lib/auth/actor";
import { requireActor, requireChallengeOrganizer } from "@/lib/auth/permissions";
import { getChallenge } from "@/lib/challenges";
import type { Db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { cappedChunks } from "@/lib/api/body";
import { AppError } from "@/lib/errors";
import { PRIVATE_FILE_MODE, ensurePrivateDir } from "@/lib/storage/private";
import { safeName } from "@/lib/submissions/http";
import { type ImportPreview, previewImportFile } from "./preview";
import { isImportError } from "./types";

/** Staged files not used by an import within a day are deleted (checked at each new upload). */
const STAGE_TTL_MS = 24 * 3600 * 1000;
const DEFAULT_MAX_MB = 20 * 1024;

export type StagedFile = { upload: string; name: string; size: number } & ImportPreview;
type StagedMeta = {
  name: string;
  size: number;
  /** SHA-256 of the bytes, hashed while they were written: the blob id the import will have. */
  sha256: string;
  challengeId: string;
  userId: string;
  createdAt: string;
};

export const stagingDir = () => path.join(env().dataDir, "imports");
const ID = /^[0-9a-f]{24}$/;

/** Largest import file accepted (ARENA_IMPORT_MAX_MB, default 20 GiB: a full LHCO file is ~2.3 GB). */
function importMaxBytes(): number {
  const mb = Number(process.env.ARENA_IMPORT_MAX_MB ?? DEFAULT_MAX_MB);
  return Math.round((Number.isFinite(mb) && mb > 0 ? mb : DEFAULT_MAX_MB) * 1024 * 1024);
}

/**
 * Stage one file of an import (organizers of the challenge only): the request body is streamed to
 * disk — never held in memory, counted against the limit while it arrives — then its format is
 * detected and previewed. A file that is not a readable import is deleted at once and the error
 * names what was expected. Returns the staging id that `createImportBox` takes.
 */
export async function stageImportFile(
  db: Db,
  actor: Actor | null,
  challengeSlug: string,
  body: ReadableStream<Uint8Array> | null,
  fileName: string,
  declaredBytes = 0,
): Promise<StagedFile> {
  const challenge = await getChallenge(db, requireActor(actor), challengeSlug);
  const a = await requireChallengeOrganizer(db, actor, challenge, "import data into this challenge");
  const name = safeName(fileName);
  const dir = stagingDir();
  ensurePrivateDir(dir); // a masterkey file is truth: the owner alone reads staged files
  sweep(dir);
  const upload = randomBytes(12).toString("hex");
  const file = path.join(dir, upload);
  const part = `${file}.part`;
  const max = importMaxBytes();
  const tooLarge = () =>
    new AppError(
      "upload:too_large",
      `${name} is larger than imports accept (${(max / 1024 ** 3).toFixed(1)} GiB); raise ARENA_IMPORT_MAX_MB on the server`,
      { fields: [{ field: "file", message: "too large" }], limit: max },
    );
  let size = 0;
  const hash = createHash("sha256");
  try {
    const out = fs.createWriteStream(part, { mode: PRIVATE_FILE_MODE });
    try {
      for await (const chunk of cappedChunks(body, max, tooLarge, declaredBytes)) {
        size += chunk.byteLength;
        hash.update(chunk);
        if (!out.write(chunk)) await new Promise<void>((r) => out.once("drain", () => r()));
      }
    } finally {
      await new Promise<void>((resolve, reject) =>
        out.end((e?: Error | null) => (e ? reject(e) : resolve())),
      );
    }
    if (size === 0)
      throw new AppError("validation", `${name} is empty`, {
        fields: [{ field: "file", message: "is empty" }],
      });
    fs.renameSync(part, file);
    const preview = await previewImportFile(file, name).catch((e) => {
      if (isImportError(e))
        throw new AppError("validation", e.message, { fields: [{ field: "file", message: e.message }] });
      throw e;
    });
    const meta: StagedMeta = {
      name,
      size,
      sha256: hash.digest("hex"),
      challengeId: challenge.id,
      userId: a.id,
      createdAt: new Date().toISOString(),
    };
    fs.writeFileSync(`${file}.json`, JSON.stringify(meta), { mode: PRIVATE_FILE_MODE });
    return { upload, name, size, ...preview };
  } catch (e) {
    for (const f of [part, file, `${file}.json`]) fs.rmSync(f, { force: true });
    throw e;
  }
}

/** A staged file of this challenge, or a 422 naming the field. */
export function stagedFile(upload: string, challengeId: string, field: string) {
  const dir = stagingDir();
  const meta = ID.test(upload) ? path.join(dir, `${upload}.json`) : "";
  const m = meta && fs.existsSync(meta) ? (JSON.parse(fs.readFileSync(meta, "utf8")) as StagedMeta) : null;
  // a file staged before uploads were hashed while streaming has no hash: it is staged again too
  if (!m?.sha256) {
    throw new AppError(
      "validation",
      `${field}: no staged upload ${upload.slice(0, 40)} (uploads expire after a day); upload the file again`,
      {
        fields: [{ field, message: "unknown or expired upload" }],
      },
    );
  }
  if (m.challengeId !== challengeId) {
    throw new AppError("validation", `${field}: upload ${upload} belongs to another challenge`, {
      fields: [{ field, message: "belongs to another challenge" }],
    });
  }
  return {
    path: path.join(dir, upload),
    name: m.name,
    size: m.size,
    sha256: m.sha256,
    remove: () => removeStaged(dir, upload),
  };
}

function removeStaged(dir: string, upload: string) {
  for (const f of [upload, `${upload}.json`, `${upload}.part`]) fs.rmSync(path.join(dir, f), { force: true });
}

function sweep(dir: string) {
  const now = Date.now();
  for (const f of fs.readdirSync(dir)) {
    const p = path.join(dir, f);
    try {
      if (now - fs.statSync(p).mtimeMs > STAGE_TTL_MS) fs.rmSync(p, { force: true });
    } catch {
      // raced with another sweep or an import that used it: nothing to do
    }
  }
}
