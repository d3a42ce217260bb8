import type { Metadata } from "next";
import Link from "next/link";
import { ImportForm } from "@/components/organizer/ImportForm";
import { organizerPage } from "@/lib/pages/organizer";

export const metadata: Metadata = { title: "Import real data" };
export const dynamic = "force-dynamic";

export default async function ImportPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { c, organizer } = await organizerPage(slug, "import");
  if (!organizer) {
    return (
      <>
        <h1>Import real data</h1>
        <p role="alert">Only the organizers of {c.title} can import data into it.</p>
      </>
    );
  }
  return (
    <>
      <p>
        <Link href={`/challenges/${c.slug}/settings`}>← Settings: {c.title}</Link>
      </p>
      <h1>Import real data</h1>
      <p className="muted">
        Build a black box from a published data set. The files are checked as they arrive; the box is built as
        a draft, to be opened from the settings page.
      </p>
      <section className="card" aria-labelledby="import">
        <h2 id="import">New box from files</h2>
        <ImportForm challengeSlug={c.slug} />
      </section>
    </>
  );
}
