/** Types of parts.mjs (plain JS so that Stryker's config, which Node loads as is, can import it). */
export declare const PARTS: Record<"shared" | "access" | "signin" | "watchers" | "research" | "rights" | "rooms" | "classroom" | "seats" | "voice", { mutate: string[]; tests: string[] }>;
