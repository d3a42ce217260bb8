/** The API's JSON error envelope (docs/api.md). */
export type ApiError = {
  error?: { message?: string; details?: { fields?: { field: string; message: string }[] } };
};

/**
 * The envelope's message (else `what` failed with the HTTP status) and, as "field: message", the
 * fields the message does not already name.
 */
export function errorParts(
  body: ApiError,
  status: number,
  what = "The request",
): { message: string; fields: string[] } {
  const message = body.error?.message ?? `${what} failed (HTTP ${status}).`;
  const fields = (body.error?.details?.fields ?? [])
    .filter((f) => !message.includes(f.message))
    .map((f) => `${f.field}: ${f.message}`);
  return { message, fields };
}

/** The envelope's message, plus the fields it does not already name, on one line. */
export function errorText(body: ApiError, status: number): string {
  const { message, fields } = errorParts(body, status);
  return [message, ...fields].join(" — ");
}

/**
 * POST `body` with XMLHttpRequest, which (unlike fetch) reports upload progress, in whole percent.
 * Resolves with the HTTP status and the JSON body ({} when the reply is not JSON, such as a proxy's
 * error page); a lost connection resolves as status 0 with an envelope saying so.
 */
export function postWithProgress<T>(
  url: string,
  body: FormData | Blob,
  onProgress: (pct: number) => void,
  contentType?: string,
): Promise<{ status: number; body: T & ApiError }> {
  return new Promise((resolve) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", url);
    if (contentType) xhr.setRequestHeader("content-type", contentType);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(Math.round((e.loaded / e.total) * 100));
    };
    xhr.onload = () => {
      let parsed = {} as T & ApiError;
      try {
        parsed = JSON.parse(xhr.responseText);
      } catch {
        // not JSON: the caller falls back to the status line
      }
      resolve({ status: xhr.status, body: parsed });
    };
    xhr.onerror = () =>
      resolve({
        status: 0,
        body: { error: { message: "The upload failed: the connection was lost." } } as T & ApiError,
      });
    xhr.send(body);
  });
}
