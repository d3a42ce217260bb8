"use server";
import { type ActionResult, formObject, runAction } from "@/lib/actions";
import { currentActor } from "@/lib/auth/session";
import { addOrganizer, createChallenge, removeOrganizer, updateChallenge } from "@/lib/challenges";
import { getDb } from "@/lib/db/client";

type R = Promise<ActionResult<{ redirectTo?: string }>>;

export async function createChallengeAction(_: unknown, form: FormData): R {
  return runAction(async () => {
    const c = await createChallenge(await getDb(), await currentActor(), formObject(form));
    return { redirectTo: `/challenges/${c.slug}/settings` };
  });
}

export async function updateChallengeAction(_: unknown, form: FormData): R {
  return runAction(async () => {
    const { slug, ...fields } = formObject(form);
    await updateChallenge(await getDb(), await currentActor(), slug ?? "", fields);
    return {};
  });
}

export async function addOrganizerAction(_: unknown, form: FormData): R {
  return runAction(async () => {
    const { slug, ...fields } = formObject(form);
    await addOrganizer(await getDb(), await currentActor(), slug ?? "", fields);
    return {};
  });
}

export async function removeOrganizerAction(_: unknown, form: FormData): R {
  return runAction(async () => {
    const { slug, userId } = formObject(form);
    await removeOrganizer(await getDb(), await currentActor(), slug ?? "", userId ?? "");
    return {};
  });
}
