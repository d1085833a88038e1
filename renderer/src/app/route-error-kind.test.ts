import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/client';
import { SERVICE_UNREACHABLE } from '../api/bridge';
import { routeErrorKind } from './route-error-kind';

describe('routeErrorKind', () => {
  it('reads a page script that could not be fetched as a chunk failure, in each browser’s words', () => {
    expect(routeErrorKind(new TypeError('Failed to fetch dynamically imported module: http://127.0.0.1:5000/assets/JobsPage-abc.js'))).toBe('chunk');
    expect(routeErrorKind(new TypeError('Importing a module script failed.'))).toBe('chunk');
    expect(routeErrorKind(new TypeError('error loading dynamically imported module: x.js'))).toBe('chunk');
  });

  it('reads a request that could not be sent, or the bridge’s own unreachable answer, as the service being offline', () => {
    expect(routeErrorKind(new TypeError('Failed to fetch'))).toBe('offline');
    expect(routeErrorKind(new TypeError('NetworkError when attempting to fetch resource.'))).toBe('offline');
    expect(routeErrorKind(new ApiError({ code: 'internal', message: SERVICE_UNREACHABLE }))).toBe('offline');
  });

  it('keeps other failures apart: a page fault, an API refusal, a missing page', () => {
    expect(routeErrorKind(new TypeError("Cannot read properties of undefined (reading 'name')"))).toBe('other');
    expect(routeErrorKind(new ApiError({ code: 'not_found', message: '找不到该学校' }))).toBe('other');
    expect(routeErrorKind(new Error('Failed to fetch'))).toBe('other');
    expect(routeErrorKind('boom')).toBe('other');
    expect(routeErrorKind({ status: 404, statusText: 'Not Found', internal: true, data: '' })).toBe('notFound');
  });
});
