/** The files a black box publishes, by the name in their URL `/api/files/{challenge}/{box}/{file}`. */
export type BoxFile = "public.h5" | "truth.h5";

/**
 * The name a download of a box's file is saved under (its `Content-Disposition`): challenge slug,
 * box slug and file, so the files of different boxes never overwrite each other in a Downloads
 * folder. Every instruction that opens a downloaded file (the box page's snippet, the docs) uses it.
 * Slugs are `[a-z0-9-]` only, so the name needs no quoting.
 * @example boxFileName("lhc-olympics-demo", "bb1", "public.h5") // "lhc-olympics-demo-bb1-public.h5"
 */
export function boxFileName(challengeSlug: string, boxSlug: string, file: BoxFile): string {
  return `${challengeSlug}-${boxSlug}-${file}`;
}
