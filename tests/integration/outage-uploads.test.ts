import { randomUUID } from "node:crypto";
import { and, eq, inArray, isNotNull, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { session } from "../support/api";
import { openDb, setDbHandle } from "@/lib/db/client";
import { evaluations, submissions } from "@/lib/db/schema";
import { createPostgresDatabase } from "../support/db";
import { idOf, scoresCsv, setup, upload } from "../support/faults";
import { waitUntil } from "../support/processes";
import { startTcpProxy, withOutage } from "../support/tcp-proxy";
import { trackedWorker } from "../support/worker";

// Issue 18's acceptance: PostgreSQL restarted, and stopped for 10 s, while a team keeps uploading.
// The web side (the upload route) and two workers reach the database through a proxy that can cut
// every connection and refuse new ones — what a restart looks like to them. Afterwards every worker
// is still running, no upload got a 500 (the refused ones got 503 with Retry-After), every upload
// retried with its Idempotency-Key ended as exactly one submission, and each is scored exactly once.

const UPLOAD_EVERY_MS = 250;
/** The client's wait before sending a refused upload again (a real one waits Retry-After: 5 s). */
const RETRY_MS = 500;

describe.skipIf(!process.env.DATABASE_URL)("uploads and workers across PostgreSQL outages", () => {
  it("a restart and a 10 s stop under upload load: no 500, every 201 scored once, every worker running", async () => {
    const h = await createPostgresDatabase();
    const proxy = await startTcpProxy(h.url);
    const web = await openDb({ url: proxy.url });
    const viaProxy = await openDb({ url: proxy.url });
    const lines: string[] = [];
    const running: Awaited<ReturnType<typeof trackedWorker>>[] = [];
    const answers: {
      status: number;
      code?: string;
      retryAfter: string | null;
      maybeStored: boolean;
      id?: string;
      key?: string;
    }[] = [];
    let uploading = true;
    try {
      const { alice } = await setup(h.db);
      setDbHandle(web);
      for (let i = 0; i < 2; i++) {
        const entry = await trackedWorker({
          db: viaProxy.db,
          mode: "standalone",
          leaseSeconds: 5,
          pollMs: 100,
          log: (l) => lines.push(l),
        });
        running.push(entry);
      }

      // A client that uploads every 250 ms, each upload with its own Idempotency-Key, and sends a
      // refused one again with the same key until it is stored (as the Python client does).
      let uploads = 0;
      const load = (async () => {
        while (uploading) {
          const key = randomUUID();
          const bytes = scoresCsv();
          uploads += 1;
          for (;;) {
            const r = await upload(alice, bytes, { "idempotency-key": key });
            const error = r.body.error as { code?: string; details?: { maybeStored?: boolean } } | undefined;
            answers.push({
              status: r.status,
              code: error?.code,
              retryAfter: r.headers.get("retry-after"),
              maybeStored: error?.details?.maybeStored === true,
              ...(r.status === 201 ? { id: idOf(r), key } : {}),
            });
            if (r.status !== 503) break;
            await new Promise((res) => setTimeout(res, RETRY_MS));
          }
          await new Promise((res) => setTimeout(res, UPLOAD_EVERY_MS));
        }
      })();
      await new Promise((r) => setTimeout(r, 2_000));
      await withOutage(proxy, 1_000, async () => {}); // a restart
      await new Promise((r) => setTimeout(r, 3_000));
      await withOutage(proxy, 10_000, async () => {}); // stopped for 10 s
      await new Promise((r) => setTimeout(r, 3_000));
      uploading = false;
      await load;

      // No 500: every upload was stored (201) or refused as unreachable (503, Retry-After).
      const statuses = [...new Set(answers.map((a) => a.status))].sort();
      expect(
        statuses.every((s) => s === 201 || s === 503),
        JSON.stringify(answers),
      ).toBe(true);
      const refused = answers.filter((a) => a.status === 503);
      expect(refused.length, "the outages refused no upload: they were not outages").toBeGreaterThan(0);
      for (const a of refused) expect([a.code, a.retryAfter]).toEqual(["database_unavailable", "5"]);
      // Every upload ended stored exactly once: one 201 id per upload (a retry of an upload that a
      // COMMIT cut short, answered 503 "may have been stored", got the same submission back).
      const accepted = [...new Set(answers.flatMap((a) => (a.id ? [a.id] : [])))];
      expect(accepted.length).toBe(uploads);
      expect(accepted.length).toBeGreaterThan(10);
      const [{ n: rows } = { n: -1 }] = await h.db
        .select({ n: sql<number>`count(*)::int` })
        .from(submissions)
        .where(and(eq(submissions.kind, "scores"), isNotNull(submissions.teamId)));
      expect(rows).toBe(uploads);

      // Every 201 is scored, exactly once.
      await waitUntil(
        async () =>
          (await h.db.select().from(submissions).where(inArray(submissions.id, accepted))).every(
            (s) => s.status === "scored",
          ),
        120_000,
        () => `not every accepted upload was scored:\n${lines.slice(-30).join("\n")}`,
      );
      const perSubmission = await h.db
        .select({ id: evaluations.submissionId, n: sql<number>`count(*)::int` })
        .from(evaluations)
        .where(inArray(evaluations.submissionId, accepted))
        .groupBy(evaluations.submissionId);
      expect(perSubmission).toHaveLength(accepted.length);
      expect(perSubmission.filter((r) => r.n !== 1)).toEqual([]);

      // Both workers rode it out.
      expect(running.map((w) => w.settled)).toEqual([false, false]);
      expect(lines.some((l) => /database connection restored after/.test(l))).toBe(true);
    } finally {
      uploading = false;
      session.current = null;
      setDbHandle(undefined);
      await Promise.all(running.map((w) => w.worker.stop().catch(() => {})));
      await web.close();
      await viaProxy.close();
      await proxy.close();
      await h.close();
    }
  }, 300_000);
});
