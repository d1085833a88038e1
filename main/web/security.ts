import crypto from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import path from 'node:path';

/** CSP shared by browser mode and the Electron app:// protocol. antd injects <style> tags, hence 'unsafe-inline' for styles only. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'none'",
].join('; ');

/**
 * Received files the page may show in place (an evidence viewer, issue 11 item 7) when it asks for
 * them with `?inline=1`: raster images (in an <img>) and PDF (in a frame, Chromium's own viewer).
 * The type is the one the core judged by the file's first bytes, never its name. Anything else —
 * SVG and HTML above all, which could run scripts in the page's origin — is only ever downloaded.
 */
export const INLINE_VIEW_TYPES: ReadonlySet<string> = new Set(['image/jpeg', 'image/png', 'image/gif', 'image/webp', 'image/bmp', 'application/pdf']);

/**
 * CSP of a file served inline: the page's own policy, except that our page (and only it) may show
 * it in a frame — the page's policy says frame-ancestors 'none' for everything else.
 */
export const INLINE_FILE_CONTENT_SECURITY_POLICY = CONTENT_SECURITY_POLICY.replace("frame-ancestors 'none'", "frame-ancestors 'self'");

/**
 * How a file result is served: inline (shown in place) only when asked for and of a type in
 * INLINE_VIEW_TYPES, else as an attachment. The Chinese name survives (RFC 6266/5987); the ASCII
 * fallback keeps old clients working.
 */
export function fileDisposition(fileName: string, mimeType: string, inlineAsked: boolean): { inline: boolean; header: string } {
  const inline = inlineAsked && INLINE_VIEW_TYPES.has(mimeType);
  const ext = path.extname(fileName).replace(/[^.\w]/g, '');
  return { inline, header: `${inline ? 'inline' : 'attachment'}; filename="download${ext}"; filename*=UTF-8''${encodeURIComponent(fileName)}` };
}

/** A random secret (48 hex characters): the session secret and each launch code. */
export function newToken(): string {
  return crypto.randomBytes(24).toString('hex');
}

/** Constant-time comparison of a secret with what a request sent (a header or cookie value, possibly absent). */
export function tokenMatches(expected: string, given: string | string[] | undefined): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && crypto.timingSafeEqual(a, b);
}

/**
 * Name of the session cookie. Cookies are shared between the ports of one host, so the name carries
 * the port: two browser-mode servers on one machine do not overwrite each other's session.
 */
export function sessionCookieName(port: number): string {
  return `desk_session_${port}`;
}

/** The value of one cookie from the request's Cookie header, or undefined. */
export function readCookie(req: Pick<IncomingMessage, 'headers'>, name: string): string | undefined {
  const header = req.headers.cookie;
  if (typeof header !== 'string') return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** Host must name this loopback server (blocks DNS rebinding); Origin, when sent, must be ours. */
export function checkHostAndOrigin(req: IncomingMessage, port: number): string | null {
  const allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  const host = req.headers.host;
  if (!host || !allowedHosts.has(host.toLowerCase())) return '拒绝访问：Host 不是本机地址';
  const origin = req.headers.origin;
  if (origin !== undefined && !allowedHosts.has(origin.toLowerCase().replace(/^http:\/\//, ''))) return '拒绝访问：来源（Origin）不是本机页面';
  if (origin !== undefined && !origin.toLowerCase().startsWith('http://')) return '拒绝访问：来源（Origin）不是本机页面';
  return null;
}

/**
 * Maps a URL path to a file inside `root`, or null when it would leave it (../, encoded
 * traversal, absolute paths, NUL bytes, backslashes).
 */
export function resolveStaticPath(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath.split('?')[0]);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  if (decoded.split('/').some((seg) => seg === '..')) return null;
  const relative = decoded === '/' ? 'index.html' : decoded.replace(/^\/+/, '');
  const full = path.resolve(root, relative);
  const rootWithSep = path.resolve(root) + path.sep;
  return full.startsWith(rootWithSep) ? full : null;
}
