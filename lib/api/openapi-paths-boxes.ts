import { listOf, operation, PUBLIC_READ, param, ref, SIGNED_IN, wrap } from "./openapi-common";

const boxParams = [param.slug, param.box];
const ORGANIZERS_ONLY = "auth:forbidden: not an organizer of the challenge (admins act as organizers)";
const NO_BOX = "not_found: no such challenge or box, or one the caller may not see";
const queued = (description: string, properties: Record<string, object>) => ({
  status: 202,
  description,
  schema: { type: "object", properties },
});
const jobId = { type: "string", format: "uuid" };

/** Black boxes: reading, creating, building, the lifecycle, rescoring, imports and downloads. */
export const boxPaths = {
  "/api/v1/challenges/{slug}/boxes": {
    get: operation("get", {
      summary: "Black boxes of a challenge you can see (no sign-in needed for a published challenge)",
      tags: ["Black boxes"],
      security: PUBLIC_READ,
      parameters: [
        param.slug,
        {
          name: "archived",
          in: "query",
          required: false,
          schema: { type: "string", enum: ["true", "false"] },
          description:
            "`false`: the active boxes only; `true`: the archived ones only; left out: every box (archived ones have `archivedAt` set)",
        },
      ],
      ok: {
        status: 200,
        description: "Boxes (organizers also get drafts, and each box's build and build check)",
        schema: listOf("boxes", "BlackBox"),
      },
      errors: {
        404: "not_found: no such challenge, or a draft the caller may not see",
        422: "validation: `archived` is neither true nor false",
      },
    }),
    post: operation("post", {
      summary: "Organizers: create a draft box from a generator spec (build it next)",
      tags: ["Black boxes"],
      security: SIGNED_IN,
      parameters: [param.slug],
      body: "NewBlackBox",
      ok: { status: 201, description: "The draft box", schema: wrap("box", ref("BlackBox")) },
      errors: { 403: ORGANIZERS_ONLY, 404: NO_BOX, 409: "conflict: the slug is taken in this challenge" },
    }),
  },
  "/api/v1/challenges/{slug}/boxes/{box}": {
    get: operation("get", {
      summary: "One black box: status, deadlines, event count, public file SHA-256, truth commitment",
      description:
        "Anyone may read a box that is not a draft (in a challenge that is not a draft), signed in or not. The challenge's organizers (and admins) also get `build` and `buildCheck`: the plain bump hunt run when the box was built (SCORING §2), to read before opening the box.",
      tags: ["Black boxes"],
      security: PUBLIC_READ,
      parameters: boxParams,
      ok: { status: 200, description: "Box", schema: wrap("box", ref("BlackBox")) },
      errors: { 404: NO_BOX },
    }),
    delete: operation("delete", {
      summary:
        "Organizers: delete a draft box and the stored files no other box or submission uses (audited)",
      description:
        "Only a draft that is not being built: any box that has been opened answers 409 and stays, as does one whose build is running.",
      tags: ["Black boxes"],
      security: SIGNED_IN,
      parameters: boxParams,
      ok: {
        status: 200,
        description: "Deleted",
        schema: wrap("deleted", {
          type: "object",
          properties: { slug: { type: "string" }, filesRemoved: { type: "integer" } },
        }),
      },
      errors: {
        403: ORGANIZERS_ONLY,
        404: NO_BOX,
        409: "conflict: the box has been opened, or its build is running",
      },
    }),
  },
  "/api/v1/challenges/{slug}/boxes/{box}/archive": {
    post: operation("post", {
      summary: "Organizers: archive a revealed box (audited); nothing is deleted",
      description:
        "Sets `archivedAt`. The box's files, submissions, leaderboards and truth stay reachable at their URLs and in the API; listings keep it (filter with `?archived=false`) and the challenge page shows it under Archived boxes. Only a revealed box: any other answers 409 naming its state.",
      tags: ["Black boxes"],
      security: SIGNED_IN,
      parameters: boxParams,
      ok: { status: 200, description: "The archived box", schema: wrap("box", ref("BlackBox")) },
      errors: {
        403: ORGANIZERS_ONLY,
        404: NO_BOX,
        409: "conflict: the box is not revealed (the message names its state), or is archived already",
      },
    }),
    delete: operation("delete", {
      summary: "Organizers: unarchive a box, listing it with the active ones again (audited)",
      tags: ["Black boxes"],
      security: SIGNED_IN,
      parameters: boxParams,
      ok: { status: 200, description: "The box, `archivedAt` null", schema: wrap("box", ref("BlackBox")) },
      errors: { 403: ORGANIZERS_ONLY, 404: NO_BOX, 409: "conflict: the box is not archived" },
    }),
  },
  "/api/v1/challenges/{slug}/boxes/{box}/build": {
    post: operation("post", {
      summary: "Organizers: queue the build of a draft box (generate or import its events; audited)",
      tags: ["Black boxes"],
      security: SIGNED_IN,
      parameters: boxParams,
      ok: { ...queued("Queued", { box: ref("BlackBox"), jobId }) },
      errors: {
        403: ORGANIZERS_ONLY,
        404: NO_BOX,
        409: "conflict: the box is not a draft, or is being built already",
      },
    }),
  },
  "/api/v1/challenges/{slug}/boxes/{box}/transition": {
    post: operation("post", {
      summary: "Organizers: one step of the lifecycle draft → open → closed → revealed (audited)",
      tags: ["Black boxes"],
      security: SIGNED_IN,
      parameters: boxParams,
      body: "BoxTransition",
      ok: { status: 200, description: "The box after the step", schema: wrap("box", ref("BlackBox")) },
      errors: {
        403: ORGANIZERS_ONLY,
        404: NO_BOX,
        409: "conflict: not the next step (or a draft that is not built)",
      },
    }),
  },
  "/api/v1/challenges/{slug}/boxes/{box}/rescore": {
    post: operation("post", {
      summary: "Organizers: rescore every submission with the current scorer (audited)",
      description:
        "Open, closed or revealed boxes. A revealed box then gets a new frozen leaderboard version; earlier versions are kept.",
      tags: ["Black boxes"],
      security: SIGNED_IN,
      parameters: boxParams,
      ok: queued("Queued: the job that fans the rescoring out", {
        jobId,
        since: { type: "string", format: "date-time" },
      }),
      errors: { 403: ORGANIZERS_ONLY, 404: NO_BOX, 409: "conflict: a draft box has no submissions" },
    }),
  },
  "/api/v1/challenges/{slug}/boxes/{box}/baselines": {
    post: operation("post", {
      summary:
        "Organizers: compute the Mahalanobis and autoencoder baselines again, rescore the plain bump hunt",
      tags: ["Black boxes"],
      security: SIGNED_IN,
      parameters: boxParams,
      ok: queued("Queued", {
        jobIds: { type: "array", items: jobId },
        at: { type: "string", format: "date-time" },
      }),
      errors: {
        403: ORGANIZERS_ONLY,
        404: NO_BOX,
        409: "conflict: a draft box gets its baselines when it opens",
      },
    }),
  },
  "/api/v1/challenges/{slug}/imports/files": {
    post: operation("post", {
      summary:
        "Organizers: stage one real-data file (LHCO .h5, masterkey, ADC2021 .h5, Dark Machines .csv) as the raw body; returns its upload id, detected format and role, and a preview",
      tags: ["Imports"],
      security: SIGNED_IN,
      parameters: [
        param.slug,
        { name: "name", in: "query", required: true, schema: { type: "string" }, description: "File name" },
      ],
      requestBody: {
        required: true,
        content: { "application/octet-stream": { schema: { type: "string", format: "binary" } } },
      },
      ok: { status: 201, description: "Staged file with preview", schema: ref("StagedFile") },
      errors: {
        403: ORGANIZERS_ONLY,
        404: "not_found: no such challenge",
        413: "upload:too_large",
        422: "validation: an empty file, or one no importer reads (the message says why)",
      },
    }),
  },
  "/api/v1/challenges/{slug}/imports": {
    post: operation("post", {
      summary: "Organizers: create a draft box from staged files and queue its build",
      tags: ["Imports"],
      security: SIGNED_IN,
      parameters: [param.slug],
      body: "NewImport",
      ok: queued("The draft box and the build job to follow", { box: ref("BlackBox"), jobId }),
      errors: {
        403: ORGANIZERS_ONLY,
        404: "not_found: no such challenge",
        409: "conflict: the slug is taken in this challenge",
      },
    }),
  },
  "/api/v1/challenges/{slug}/imports/{job}": {
    get: operation("get", {
      summary: "Organizers: an import build's status, progress and error (a failed import keeps no box)",
      tags: ["Imports"],
      security: SIGNED_IN,
      parameters: [param.slug, param.job],
      ok: { status: 200, description: "Job status", schema: ref("ImportJob") },
      errors: { 403: ORGANIZERS_ONLY, 404: "not_found: no such challenge, or not a build of its imports" },
    }),
  },
  "/api/files/{slug}/{box}/{file}": {
    get: operation("get", {
      summary: "Download a box's public.h5 or truth.h5 (streamed; ETag, If-None-Match, Range)",
      description:
        "`public.h5` once the box is open (organizers: once built). `truth.h5`, whose SHA-256 equals the published commitment, only where the truth is visible: after the reveal, practice boxes from opening on, organizers always. Anything else is 404, the same as for a box that does not exist.",
      tags: ["Files"],
      security: PUBLIC_READ,
      parameters: [...boxParams, param.file],
      ok: {
        status: 200,
        description: "HDF5 bytes (Content-Length; Content-Disposition names the file <slug>-<box>-<file>)",
        content: { "application/x-hdf5": { schema: { type: "string", format: "binary" } } },
      },
      more: {
        "206": { description: "A byte range (Content-Range)" },
        "304": { description: "Not modified (If-None-Match matched the ETag)" },
        "416": { description: "The range cannot be satisfied" },
      },
      errors: { 404: "not_found: no such box or file, or one the caller may not see" },
    }),
  },
};
