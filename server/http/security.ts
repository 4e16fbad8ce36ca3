import type { NextFunction, Request, Response } from "express";

/**
 * Security headers on every response. The CSP allows only this origin's scripts and styles (no
 * inline code at all), images from here plus data:/blob: (canvas textures, the favicon), sound
 * from data: (cues are made in code), and WebSockets back to this origin, and to the voice media
 * server when one is configured (`connect`: its address, HIDAMARI_JANUS_PUBLIC_URL).
 */
const csp = (connect: readonly string[]) => [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "media-src 'self' data: blob:",
  ["connect-src 'self'", ...connect].join(" "),
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

export function securityHeaders(connect: readonly string[] = []): (req: Request, res: Response, next: NextFunction) => void {
  const policy = csp(connect);
  return (_req, res, next) => {
    res.setHeader("Content-Security-Policy", policy);
    res.setHeader("X-Content-Type-Options", "nosniff");
    res.setHeader("X-Frame-Options", "DENY");
    res.setHeader("Referrer-Policy", "no-referrer");
    res.setHeader("Cross-Origin-Opener-Policy", "same-origin");
    // The microphone for this origin only, and only because a person pressed "speak" (voice, issue 16); never a camera.
    res.setHeader("Permissions-Policy", "camera=(), microphone=(self), geolocation=(), payment=()");
    next();
  };
}
