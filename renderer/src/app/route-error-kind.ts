/**
 * What kind of failure stopped a page from showing (RouteError): the words and the advice differ.
 * Pure, so the classification is tested without a browser.
 */
import { isRouteErrorResponse } from 'react-router';
import { SERVICE_UNREACHABLE } from '../api/bridge';

/**
 * - notFound: the address names no page;
 * - offline: a request to the local service could not be sent (browser mode: the service stopped);
 * - chunk: the page's own script could not be loaded — either the service that serves it stopped
 *   (then the page probes the service and says offline) or the file is damaged or was replaced by an
 *   update;
 * - other: the page itself failed.
 */
export type RouteErrorKind = 'notFound' | 'offline' | 'chunk' | 'other';

/** Chromium, Firefox and Safari's words for a module script that could not be fetched. */
const CHUNK = /dynamically imported module|Importing a module script failed|error loading dynamically imported module/i;
/** The browsers' words for a fetch that could not be sent at all (no answer, not an HTTP error). */
const NETWORK = /^(Failed to fetch|NetworkError when attempting to fetch resource\.?|Load failed|Network request failed)$/i;

/** The kind of a route's error, from the error alone (a chunk error is checked further by probing). */
export function routeErrorKind(error: unknown): RouteErrorKind {
  if (isRouteErrorResponse(error)) return error.status === 404 ? 'notFound' : 'other';
  if (!(error instanceof Error)) return 'other';
  if (CHUNK.test(error.message)) return 'chunk';
  if (error.message === SERVICE_UNREACHABLE || (error.name === 'TypeError' && NETWORK.test(error.message))) return 'offline';
  return 'other';
}
