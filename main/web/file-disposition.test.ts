import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY, INLINE_FILE_CONTENT_SECURITY_POLICY, fileDisposition } from './security';

describe('how a file result is served', () => {
  it('shows images and PDFs in place only when asked; everything else, SVG and HTML above all, downloads', () => {
    expect(fileDisposition('校舍.jpg', 'image/jpeg', true)).toMatchObject({ inline: true, header: expect.stringMatching(/^inline; /) });
    expect(fileDisposition('章程.pdf', 'application/pdf', true).inline).toBe(true);
    expect(fileDisposition('章程.pdf', 'application/pdf', false).inline).toBe(false);
    expect(fileDisposition('图.svg', 'image/svg+xml', true)).toMatchObject({ inline: false, header: expect.stringMatching(/^attachment; /) });
    expect(fileDisposition('页.html', 'text/html', true).inline).toBe(false);
    expect(fileDisposition('章程.pdf', 'application/pdf', true).header).toContain(`filename*=UTF-8''${encodeURIComponent('章程.pdf')}`);
  });

  it('lets only our own page frame an inline file; the page policy is otherwise the same', () => {
    expect(CONTENT_SECURITY_POLICY).toContain("frame-ancestors 'none'");
    expect(INLINE_FILE_CONTENT_SECURITY_POLICY).toContain("frame-ancestors 'self'");
    expect(INLINE_FILE_CONTENT_SECURITY_POLICY.replace("frame-ancestors 'self'", "frame-ancestors 'none'")).toBe(CONTENT_SECURITY_POLICY);
  });
});
