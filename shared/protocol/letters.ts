import { z } from "zod/mini";

/**
 * The guardians' letter (issue 18): made when a code is issued (the code is shown once and kept
 * only as a hash, so the page sends it back to be printed; the server checks it is this child's).
 * Without a code, the letter says it comes on a separate card. The contact line is the staff's own.
 */
export const LetterBody = z.strictObject({
  code: z.nullable(z.string().check(z.minLength(1), z.maxLength(40))),
  lang: z.enum(["ja", "en"]),
  contact: z.string().check(z.trim(), z.maxLength(120)),
});
