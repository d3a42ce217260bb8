import { and, asc, eq } from "drizzle-orm";
import { parseSeed } from "@/blackboxes/generator/seed";
import { parseGeneratorSpec } from "@/blackboxes/generator/spec";
import { z } from "zod";
import { writeAudit } from "@/lib/audit";
import type { Actor } from "@/lib/auth/actor";
import { isChallengeOrganizer, requireActor, requireChallengeOrganizer } from "@/lib/auth/permissions";
import { getChallenge } from "@/lib/challenges";
import type { Db } from "@/lib/db/client";
import type { BoxSpec } from "@/lib/db/json";
import { checkedBoxJson } from "./box-json";
import { type BlackBox, type BlackBoxStatus, blackBoxes, type Challenge } from "@/lib/db/schema";
import { AppError, appInput, forbidden, notFound } from "@/lib/errors";
import { jobs } from "@/lib/jobs/definitions";
import { enqueue } from "@/lib/jobs/queue";
import { newSeed } from "@/lib/secrets";
import { createDraftBox, type DraftBox } from "./draft";
import { parseInput } from "@/lib/validation";
import type { DataSummary } from "@/lib/blackboxes/data-summary";
import type { BuildCheck } from "@/lib/submissions/build-check";
import { queueBaselines } from "@/lib/submissions/baselines";

/** The lifecycle of DESIGN §2: draft → open → closed → revealed, one step at a time. */
export const TRANSITIONS: Record<Exclude<BlackBoxStatus, "draft">, BlackBoxStatus> = {
  open: "draft",
  closed: "open",
  revealed: "closed",
};

const VERB = { open: "open", closed: "close", revealed: "reveal" } as const;

const slugSchema = z
  .string()
  .trim()
  .min(2, "must have at least 2 characters")
  .max(40, "must be at most 40 characters")
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "may contain only lowercase letters, digits and single dashes");

const when = z.union([z.null(), z.coerce.date({ message: "must be a date (ISO 8601)" })]).optional();

/**
 * A box's seed (generation, and the shuffle that mixes imported files): 64 hex digits. Omit it —
 * the server then draws 256 bits from the OS CSPRNG, the only kind of seed nobody can search for.
 * A whole number is still taken (reproducible test boxes) and `npm run audit:box` flags it.
 */
export const seedSchema = z
  .union([z.string(), z.number()])
  .transform((v, ctx) => {
    try {
      return parseSeed(v);
    } catch {
      ctx.addIssue({ code: "custom", message: "must be 64 hex digits (256 bits) or a whole number ≥ 0" });
      return z.NEVER;
    }
  })
  .optional();

/** The body of POST /api/v1/challenges/{slug}/boxes (the generator spec is checked by parseGeneratorSpec). */
export const createBoxSchema = z.object({
  slug: slugSchema,
  title: z.string().trim().min(2, "must have at least 2 characters").max(120),
  description: z.string().max(20_000).default(""),
  mode: z.enum(["practice", "blind"], { message: "must be practice or blind" }).default("blind"),
  /** The generator spec and its seed (a random one when omitted): truth until the reveal. */
  spec: z.object(
    {
      generator: z.unknown(),
      seed: seedSchema,
    },
    { message: "must be { generator, seed? }" },
  ),
  scoringConfig: z.record(z.string(), z.unknown()).optional(),
  quotas: z.record(z.string(), z.unknown()).optional(),
  closesAt: when,
  revealAt: when,
});

/** The body of POST …/boxes/{box}/transition: the next status (one step of TRANSITIONS). */
export const transitionSchema = z.object({
  to: z.enum(["open", "closed", "revealed"], { message: "must be open, closed or revealed" }),
});

/**
 * What anyone allowed to see the box may see. Truth — the generator spec (injected parameters),
 * the truth blob — is included only when `canSeeTruth` says so; the commitment only from opening on.
 */
export type BlackBoxView = {
  id: string;
  slug: string;
  title: string;
  description: string;
  mode: "practice" | "blind";
  status: BlackBoxStatus;
  opensAt: Date | null;
  closesAt: Date | null;
  revealAt: Date | null;
  revealedAt: Date | null;
  /** When an organizer archived the (revealed) box; null for an active box. Archived boxes stay readable. */
  archivedAt: Date | null;
  eventCount: number | null;
  featureNames: string[] | null;
  publicFile: { sha256: string; size: number | null } | null;
  /**
   * Histograms of the public file's features (the mass spectrum and the rest), shown with the file:
   * null where the file is not visible, and for boxes built before the summary existed.
   */
  dataSummary: DataSummary | null;
  commitment: string | null;
  build?: { status: BlackBox["buildStatus"]; error: string | null; jobId: string | null };
  /**
   * Organizers only: the box build check (SCORING §2), the plain bump hunt run when the box was
   * built; null before a build, for a box without a mass feature, or one built before the check.
   */
  buildCheck?: BuildCheck | null;
  truth?: { spec: BoxSpec | null; sha256: string | null };
};

/**
 * Truth is public after the reveal; on a practice box from opening on (labelled, like the LHCO
 * R&D set); and always to the challenge's organizers. Nobody else, in any state.
 */
export function truthVisible(box: Pick<BlackBox, "status" | "mode">, organizer: boolean): boolean {
  if (organizer) return true;
  if (box.status === "revealed") return true;
  return box.mode === "practice" && box.status !== "draft";
}

export function viewOf(box: BlackBox, organizer: boolean): BlackBoxView {
  // A draft's data is the organizer's until the box opens: its file and its summary alike.
  const fileVisible = box.status !== "draft" || organizer;
  const view: BlackBoxView = {
    id: box.id,
    slug: box.slug,
    title: box.title,
    description: box.description,
    mode: box.mode,
    status: box.status,
    opensAt: box.opensAt,
    closesAt: box.closesAt,
    revealAt: box.revealAt,
    revealedAt: box.revealedAt,
    archivedAt: box.archivedAt,
    eventCount: box.eventCount,
    featureNames: box.featureSchema?.names ?? null,
    publicFile: fileVisible && box.publicBlob ? { sha256: box.publicBlob, size: box.publicSize } : null,
    dataSummary: fileVisible && box.publicBlob ? (box.dataSummary ?? null) : null,
    commitment: fileVisible ? box.truthCommitment : null,
  };
  if (organizer) {
    view.build = { status: box.buildStatus, error: box.buildError, jobId: box.buildJobId };
    view.buildCheck = box.buildCheck ?? null;
  }
  if (truthVisible(box, organizer)) view.truth = { spec: box.spec ?? null, sha256: box.truthBlob };
  return view;
}

async function boxOf(db: Db, challenge: Challenge, boxSlug: string): Promise<BlackBox> {
  const [box] = await db
    .select()
    .from(blackBoxes)
    .where(and(eq(blackBoxes.challengeId, challenge.id), eq(blackBoxes.slug, boxSlug)))
    .limit(1);
  if (!box) throw notFound("Black box");
  return box;
}

/** A box as the actor may see it; drafts exist only for the challenge's organizers (404 otherwise). */
export async function getBlackBox(db: Db, actor: Actor | null, challengeSlug: string, boxSlug: string) {
  const challenge = await getChallenge(db, actor, challengeSlug);
  const box = await boxOf(db, challenge, boxSlug);
  const organizer = await isChallengeOrganizer(db, actor, challenge.id);
  if (box.status === "draft" && !organizer) throw notFound("Black box");
  return { challenge, box, organizer, view: viewOf(box, organizer) };
}

/**
 * The boxes of a challenge the actor can see, oldest first; `archived` false keeps the active ones
 * only, true the archived ones only, undefined both.
 */
export async function listBlackBoxes(
  db: Db,
  actor: Actor | null,
  challengeSlug: string,
  opts: { archived?: boolean } = {},
): Promise<BlackBoxView[]> {
  const { rows, organizer } = await visibleBoxes(db, actor, challengeSlug);
  return rows
    .filter((b) => opts.archived === undefined || (b.archivedAt !== null) === opts.archived)
    .map((b) => viewOf(b, organizer));
}

/**
 * The boxes of a challenge the actor can see (drafts: organizers only), as stored — for the server's
 * own use of their scoring settings (the methods page), never to be sent as they are: the rows hold
 * the seed and the truth.
 */
export async function listBlackBoxesWithConfig(
  db: Db,
  actor: Actor | null,
  challengeSlug: string,
): Promise<BlackBox[]> {
  return (await visibleBoxes(db, actor, challengeSlug)).rows;
}

async function visibleBoxes(db: Db, actor: Actor | null, challengeSlug: string) {
  const challenge = await getChallenge(db, actor, challengeSlug);
  const organizer = await isChallengeOrganizer(db, actor, challenge.id);
  const rows = await db
    .select()
    .from(blackBoxes)
    .where(eq(blackBoxes.challengeId, challenge.id))
    .orderBy(asc(blackBoxes.createdAt));
  return { rows: rows.filter((b) => organizer || b.status !== "draft"), organizer };
}

/** Create a draft box from a generator spec (organizers only; audited). Building is a separate step. */
export async function createBlackBox(
  db: Db,
  actor: Actor | null,
  challengeSlug: string,
  input: unknown,
): Promise<BlackBoxView> {
  const challenge = await getChallenge(db, requireActor(actor), challengeSlug);
  await requireChallengeOrganizer(db, actor, challenge, "create black boxes in this challenge");
  return insertDraftBox(db, actor, challenge, parseBoxInput(input));
}

/**
 * A generator spec whose signals' events would be added to `background.n` (no `events` total): the
 * box's event count would then publish N_sig, so createBoxSchema's callers refuse it.
 */
const countLeftToBackground = z.object({
  signals: z.array(z.unknown()).min(1),
  events: z.undefined().optional(),
});

/**
 * A generated box as createBoxSchema, the generator spec (parseGeneratorSpec) and the seed rules
 * accept it, ready for insertDraftBox or createDraftBox: the seed drawn from the OS CSPRNG when
 * none is given. Throws AppError "validation" naming the field.
 */
export function parseBoxInput(input: unknown): DraftBox {
  const data = parseInput(createBoxSchema, input);
  if (countLeftToBackground.safeParse(data.spec.generator).success) {
    // background.n + signals would publish N_sig as (event count − background.n): the total is set.
    const message = "required when signals are injected: the box's event count, signal included";
    throw new AppError("validation", `Invalid input — spec.generator.events: ${message}`, {
      fields: [{ field: "spec.generator.events", message }],
    });
  }
  const generator = appInput(() => parseGeneratorSpec(data.spec.generator));
  const spec = { generator, seed: data.spec.seed ?? newSeed() };
  return { ...data, spec };
}

/** The box fields organizers set, whatever makes the events (a generator spec, or an import). */
export const boxFieldsSchema = createBoxSchema.omit({ spec: true });
export type BoxFields = z.infer<typeof boxFieldsSchema>;

/**
 * Insert a draft box with its (truth) spec, audited. The caller has checked the input; this checks
 * the organizer role again, the dates and the slug's uniqueness in the challenge.
 */
export async function insertDraftBox(
  db: Db,
  actor: Actor | null,
  challenge: Challenge,
  data: DraftBox,
): Promise<BlackBoxView> {
  const a = await requireChallengeOrganizer(db, actor, challenge, "create black boxes in this challenge");
  if (data.closesAt && data.revealAt && data.revealAt < data.closesAt) {
    throw new AppError("validation", "Invalid input — revealAt: must not be before closesAt", {
      fields: [{ field: "revealAt", message: "must not be before closesAt" }],
    });
  }
  const box = await createDraftBox(db, challenge.id, a, checkedBoxJson(data));
  if (!box) {
    throw new AppError("conflict", `This challenge already has a black box "${data.slug}".`, {
      fields: [{ field: "slug", message: "is taken in this challenge" }],
    });
  }
  return viewOf(box, true);
}

/**
 * Move a box one step along draft → open → closed → revealed. `actor` null is the worker carrying
 * out a scheduled close or reveal. The update is conditional on the expected current status, so a
 * transition happens once even when a person and the scheduler race.
 */
export async function transitionBlackBox(
  db: Db,
  actor: Actor | null,
  target: { challengeSlug: string; boxSlug: string } | { boxId: string },
  to: Exclude<BlackBoxStatus, "draft">,
): Promise<BlackBoxView> {
  let box: BlackBox;
  let challengeId: string;
  if ("boxId" in target) {
    if (actor) throw new Error("transitionBlackBox by id is for the scheduler only");
    const [row] = await db.select().from(blackBoxes).where(eq(blackBoxes.id, target.boxId)).limit(1);
    if (!row) throw notFound("Black box");
    box = row;
    challengeId = row.challengeId;
  } else {
    const found = await getBlackBox(db, requireActor(actor), target.challengeSlug, target.boxSlug);
    if (!found.organizer)
      throw forbidden(`${to === "revealed" ? "reveal" : to === "open" ? "open" : "close"} this black box`);
    box = found.box;
    challengeId = found.challenge.id;
  }
  const from = TRANSITIONS[to];
  if (!from)
    throw new AppError("validation", `Unknown status "${String(to)}".`, {
      fields: [{ field: "status", message: "must be open, closed or revealed" }],
    });
  if (box.status !== from) {
    throw new AppError(
      "conflict",
      `A ${box.status} black box cannot become ${to}; it must be ${from} first.`,
    );
  }
  if (to === "open" && (box.buildStatus !== "built" || !box.publicBlob || !box.truthCommitment)) {
    throw new AppError(
      "conflict",
      "Build the black box before opening it: there is no public file and commitment yet.",
    );
  }
  const now = new Date();
  const stamp =
    to === "open"
      ? { opensAt: now }
      : to === "revealed"
        ? { revealedAt: now }
        : { closesAt: box.closesAt ?? now };
  return db.transaction(async (tx) => {
    const [updated] = await tx
      .update(blackBoxes)
      .set({ status: to, ...stamp, updatedAt: now })
      .where(and(eq(blackBoxes.id, box.id), eq(blackBoxes.status, from)))
      .returning();
    if (!updated) throw new AppError("conflict", "The black box changed meanwhile; reload and try again.");
    await writeAudit(tx, {
      challengeId,
      actor,
      action: `blackbox.${VERB[to]}`,
      targetType: "black_box",
      targetId: box.id,
      details: { slug: box.slug, from, to, ...(actor ? {} : { by: "schedule" }) },
    });
    if (to === "open") {
      await scheduleTransitions(tx, updated);
      await queueBaselines(tx, updated);
    }
    if (to === "revealed")
      await enqueue(
        tx,
        jobs.boxReveal,
        { boxId: box.id },
        { singletonKey: `box-reveal:${box.id}`, maxAttempts: 5 },
      );
    if (to === "closed" && updated.revealAt) await scheduleTransitions(tx, updated);
    return viewOf(updated, true);
  });
}

/**
 * Queue the worker jobs that close (at closesAt) and reveal (at revealAt) the box. One job per box,
 * transition and time (singleton key), so re-scheduling is harmless; the handler re-checks the state.
 */
export async function scheduleTransitions(db: Db, box: BlackBox): Promise<void> {
  const plan: [Date | null, "closed" | "revealed"][] = [
    [box.status === "open" ? box.closesAt : null, "closed"],
    [box.status === "open" || box.status === "closed" ? box.revealAt : null, "revealed"],
  ];
  for (const [at, to] of plan) {
    if (!at) continue;
    await enqueue(
      db,
      jobs.blackboxTransition,
      { boxId: box.id, to, at: at.toISOString() },
      { singletonKey: `blackbox:${box.id}:${to}:${at.toISOString()}`, runAt: at },
    );
  }
}

/** Queue the build of a draft box (organizers only; audited); the worker generates and writes it. */
export async function requestBuild(
  db: Db,
  actor: Actor | null,
  challengeSlug: string,
  boxSlug: string,
  opts: { maxAttempts?: number } = {},
) {
  const found = await getBlackBox(db, requireActor(actor), challengeSlug, boxSlug);
  if (!found.organizer) throw forbidden("build this black box");
  const { box, challenge } = found;
  if (box.status !== "draft")
    throw new AppError("conflict", `A ${box.status} black box is not rebuilt: its files are published.`);
  if (box.buildStatus === "building")
    throw new AppError("conflict", "This black box is being built already.");
  return db.transaction(async (tx) => {
    const job = await enqueue(
      tx,
      jobs.buildBlackbox,
      { boxId: box.id, challengeId: challenge.id },
      { maxAttempts: opts.maxAttempts ?? 3 },
    );
    const [updated] = await tx
      .update(blackBoxes)
      .set({ buildStatus: "building", buildJobId: job.id, buildError: null, updatedAt: new Date() })
      .where(and(eq(blackBoxes.id, box.id), eq(blackBoxes.status, "draft")))
      .returning();
    if (!updated) throw new AppError("conflict", "The black box changed meanwhile; reload and try again.");
    await writeAudit(tx, {
      challengeId: challenge.id,
      actor,
      action: "blackbox.build",
      targetType: "black_box",
      targetId: box.id,
      details: { slug: box.slug, job: job.id },
    });
    return { view: viewOf(updated, true), jobId: job.id };
  });
}
