import { z } from "zod/mini";
import { HTTP_ERRORS, type HttpError, Me } from "../../shared/protocol/door.ts";

/** The JSON API the pages use. Errors arrive as codes that each page turns into kind words. */
export class ApiError extends Error {
  constructor(readonly code: HttpError | "network", readonly status: number) {
    super(code);
  }
}

const ErrorBody = z.object({ error: z.enum(HTTP_ERRORS) });

export async function api<T>(method: "GET" | "POST" | "PUT" | "DELETE", path: string, body?: unknown, schema?: z.core.$ZodType<T>): Promise<T> {
  let response: Response;
  try {
    response = await fetch(`/api${path}`, {
      method,
      credentials: "same-origin",
      headers: { "content-type": "application/json" },
      body: method === "GET" ? undefined : JSON.stringify(body ?? {}),
    });
  } catch {
    throw new ApiError("network", 0);
  }
  const json: unknown = await response.json().catch(() => ({}));
  if (!response.ok) {
    const parsed = ErrorBody.safeParse(json);
    throw new ApiError(parsed.success ? parsed.data.error : "invalid_request", response.status);
  }
  return schema ? z.parse(schema, json) : (json as T);
}

export const enterWithCode = (code: string) => api("POST", "/enter", { code }, Me);
export const whoAmI = () => api("GET", "/me", undefined, Me);
export const signIn = (username: string, password: string) => api("POST", "/staff/sign-in", { username, password }, Me);
export const signOut = () => api("POST", "/sign-out", {});
