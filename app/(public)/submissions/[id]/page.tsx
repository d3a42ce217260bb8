import type { Metadata } from "next";
import { SubmissionDetail } from "@/components/submissions/SubmissionDetail";
import { currentActor } from "@/lib/auth/session";
import { getDb } from "@/lib/db/client";
import { orNotFound } from "@/lib/pages";
import { getSubmission } from "@/lib/submissions/queries";

type Props = { params: Promise<{ id: string }> };

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Submission" };

export default async function SubmissionPage({ params }: Props) {
  const { id } = await params;
  const { challenge, submission } = await orNotFound(getSubmission(await getDb(), await currentActor(), id));
  return <SubmissionDetail challenge={challenge} s={submission} />;
}
