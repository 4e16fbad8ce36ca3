/**
 * Roles and what each may do: one table, read by the server for every message. Issue 2 admits
 * only students (guests); staff roles and their capabilities arrive with staff accounts.
 */
export const ROLES = ["student", "counsellor", "researcher", "admin"] as const;
export type Role = (typeof ROLES)[number];

export const CAPABILITIES = {
  move: ["student", "counsellor"],
  chat: ["student", "counsellor"],
} as const satisfies Record<string, readonly Role[]>;
export type Capability = keyof typeof CAPABILITIES;

export function can(role: Role, capability: Capability): boolean {
  return (CAPABILITIES[capability] as readonly Role[]).includes(role);
}
