"use server";
import { type ActionResult, formObject, runAction } from "@/lib/actions";
import { currentActor } from "@/lib/auth/session";
import { requireActor, requireChallengeOrganizer } from "@/lib/auth/permissions";
import { builtinBoxes, scaledGenerator } from "@/lib/blackboxes/builtin";
import { type Preview, previewSpec } from "@/lib/blackboxes/preview";
import { getChallenge } from "@/lib/challenges";
import { setBoxArchived } from "@/lib/blackboxes/archive";
import { deleteDraftBox } from "@/lib/blackboxes/delete";
import { scoringConfigFromForm } from "@/lib/blackboxes/form-config";
import { createBlackBox, requestBuild, transitionBlackBox } from "@/lib/blackboxes/lifecycle";
import { getDb } from "@/lib/db/client";
import type { Quotas, ScoringConfig } from "@/lib/db/json";
import { AppError } from "@/lib/errors";

type R = Promise<ActionResult<object>>;

const field = (name: string, message: string) =>
  new AppError("validation", `Invalid input — ${name}: ${message}`, { fields: [{ field: name, message }] });

/**
 * The spec a form names: a built-in box (optionally scaled to `events`, with its scoring config,
 * quotas and description) or a JSON generator spec typed in the form.
 */
function specFromForm(f: Record<string, string>): {
  generator: unknown;
  extra: { scoringConfig?: ScoringConfig; quotas?: Quotas; description: string };
} {
  if (f.builtin && f.builtin !== "custom") {
    const b = builtinBoxes().find((x) => x.slug === f.builtin);
    if (!b) throw field("builtin", "is not a built-in box");
    const events = f.events ? Number(f.events) : undefined;
    if (events !== undefined && !(Number.isInteger(events) && events >= 1000)) {
      throw field("events", "must be a whole number ≥ 1000");
    }
    return {
      generator: scaledGenerator(b, events),
      extra: {
        scoringConfig: b.scoringConfig,
        quotas: b.quotas,
        description: f.description || b.description,
      },
    };
  }
  try {
    return { generator: JSON.parse(f.spec ?? ""), extra: { description: f.description ?? "" } };
  } catch {
    throw field("spec", 'must be a JSON generator spec, e.g. {"events": 100000, "background": {}}');
  }
}

/** Create a box from a built-in spec (optionally scaled) or from a JSON generator spec. */
export async function createBoxAction(_: unknown, form: FormData): R {
  return runAction(async () => {
    const f = formObject(form);
    const { generator, extra } = specFromForm(f);
    const scoringConfig = scoringConfigFromForm(extra.scoringConfig, f);
    await createBlackBox(await getDb(), await currentActor(), f.challengeSlug ?? "", {
      slug: f.slug,
      title: f.title,
      mode: f.mode,
      // No seed from the form: the server draws 256 secret bits for every box.
      spec: { generator },
      closesAt: f.closesAt ? `${f.closesAt}Z` : null,
      revealAt: f.revealAt ? `${f.revealAt}Z` : null,
      ...extra,
      ...(scoringConfig ? { scoringConfig } : {}),
    });
    return {};
  });
}

export async function buildBoxAction(_: unknown, form: FormData): R {
  return runAction(async () => {
    const { challengeSlug, boxSlug } = formObject(form);
    await requestBuild(await getDb(), await currentActor(), challengeSlug ?? "", boxSlug ?? "");
    return {};
  });
}

export async function transitionBoxAction(_: unknown, form: FormData): R {
  return runAction(async () => {
    const { challengeSlug, boxSlug, to, confirm } = formObject(form);
    if (confirm !== "yes") throw field("confirm", "tick the box to confirm; this step cannot be undone");
    if (to !== "open" && to !== "closed" && to !== "revealed")
      throw field("to", "must be open, closed or revealed");
    await transitionBlackBox(
      await getDb(),
      await currentActor(),
      { challengeSlug: challengeSlug ?? "", boxSlug: boxSlug ?? "" },
      to,
    );
    return {};
  });
}

/** Delete a draft box and the files only it used (deleteDraftBox refuses any box that has been opened). */
export async function deleteBoxAction(_: unknown, form: FormData): R {
  return runAction(async () => {
    const { challengeSlug, boxSlug, confirm } = formObject(form);
    if (confirm !== "yes")
      throw field("confirm", "tick the box to confirm; a deleted box cannot be restored");
    await deleteDraftBox(await getDb(), await currentActor(), challengeSlug ?? "", boxSlug ?? "");
    return {};
  });
}

/**
 * Archive a revealed box (`archive` "yes") or unarchive it ("no"); setBoxArchived checks the role and
 * refuses any box that is not revealed. Reversible, so no confirmation box.
 */
export async function archiveBoxAction(_: unknown, form: FormData): R {
  return runAction(async () => {
    const { challengeSlug, boxSlug, archive } = formObject(form);
    if (archive !== "yes" && archive !== "no") throw field("archive", "must be yes or no");
    await setBoxArchived(
      await getDb(),
      await currentActor(),
      challengeSlug ?? "",
      boxSlug ?? "",
      archive === "yes",
    );
    return {};
  });
}

/** Preview a spec from a quick sample: organizers of the challenge only (the plots show the truth). */
export async function previewBoxAction(_: unknown, form: FormData): Promise<ActionResult<Preview>> {
  return runAction(async () => {
    const f = formObject(form);
    const db = await getDb();
    const actor = await currentActor();
    const challenge = await getChallenge(db, requireActor(actor), f.challengeSlug ?? "");
    await requireChallengeOrganizer(db, actor, challenge, "preview black boxes of this challenge");
    return previewSpec(specFromForm(f).generator);
  });
}
