import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { SubmissionDetail } from "@/components/submissions/SubmissionDetail";
import { currentActor } from "@/lib/auth/session";
import { getDb } from "@/lib/db/client";
import { isAppError } from "@/lib/errors";
import { getSubmission } from "@/lib/submissions/queries";

type Props = { params: Promise<{ id: string }> };

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Submission" };

export default async function SubmissionPage({ params }: Props) {
  const { id } = await params;
  const { challenge, submission } = await getSubmission(await getDb(), await currentActor(), id).catch(
    (e) => {
      if (isAppError(e) && e.code === "not_found") notFound();
      throw e;
    },
  );
  return <SubmissionDetail challenge={challenge} s={submission} />;
}
