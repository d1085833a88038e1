/**
 * A reusable font registry for PDF output: resolves each typeface role to font files on this
 * machine, loads each file once (pdfmake re-parses fonts for every document, so batch work keeps
 * one registry and hands pdfmake the buffers from memory), and splits text into runs so that
 * every character is set in a face that has a glyph for it.
 */
import fs from 'node:fs';
import path from 'node:path';
import type * as fontkit from 'fontkit';
import type { FontRole } from '../model.js';
import { parseFace } from './fontkit.js';
import { COVERAGE_FALLBACKS, type FontCandidate, type FontSource, ROLE_CANDIDATES } from './candidates.js';
import { DOCX_FONT_NAMES, FONT_ROLES, ROLE_LABEL } from './roles.js';

export interface FontFace {
  /** Family key in the pdfmake font dictionary. */
  id: string;
  label: string;
  path: string;
  postscriptName?: string;
  source: FontSource;
  /** Ascent − descent in em, as pdfkit measures a line. */
  lineHeightEm: number;
  /** Family name inside the font file (what SVG renderers match font-family against). */
  familyName: string;
  hasGlyph(codePoint: number): boolean;
  /** The font file's bytes, read once per face. */
  bytes(): Buffer;
  /** The face parsed by fontkit, once per face (glyph outlines for chart text, see outline-text.ts). */
  parsed(): fontkit.Font;
}

export interface TextSegment {
  text: string;
  face: FontFace;
}

export interface SegmentResult {
  segments: TextSegment[];
  /** Characters no available face covers (they are set in the role's face and will show as boxes). */
  missing: string[];
}

export interface FontRegistryOptions {
  /** Directories holding fonts prepared at build time (resources/fonts). */
  resourceDirs?: string[];
  /** Replace the candidate list of some roles (tests use this to force fallbacks). */
  candidates?: Partial<Record<FontRole, FontCandidate[]>>;
  fallbacks?: FontCandidate[];
}

/** The minimal file-system interface pdfmake's Printer reads fonts through. */
export interface FontVirtualFs {
  existsSync(file: string): boolean;
  readFileSync(file: string): Buffer;
}

export interface FontRegistry {
  /** The primary face of a role. Throws when no font for the role exists on this machine. */
  primary(role: FontRole): FontFace;
  /** The role's face followed by every coverage fallback, without duplicates. */
  chain(role: FontRole): FontFace[];
  segment(text: string, role: FontRole): SegmentResult;
  /** A face stored as a single font file (not a collection) that covers all of `text`, for SVG text. */
  singleFileFaceCovering(text: string): FontFace | undefined;
  /** Warnings about substitutions, e.g. no 方正小标宋 on this machine. */
  readonly warnings: readonly string[];
  readonly vfs: FontVirtualFs;
  /** A fresh pdfmake font dictionary for the given faces (pdfmake mutates the one it is given). */
  pdfmakeFonts(faces: Iterable<FontFace>): Record<string, PdfmakeFontDescriptor>;
}

type FontFileRef = string | [string, string];
export interface PdfmakeFontDescriptor {
  normal: FontFileRef;
  bold: FontFileRef;
  italics: FontFileRef;
  bolditalics: FontFileRef;
}

const WINDOWS_FONTS = 'C:\\Windows\\Fonts\\';

function resolveCandidate(c: FontCandidate, resourceDirs: string[]): string | undefined {
  if (c.source === 'resources') {
    for (const dir of resourceDirs) {
      const file = path.join(dir, c.file);
      if (fs.existsSync(file)) return file;
    }
    return undefined;
  }
  let file = c.file;
  // Honour a Windows installed on another drive.
  if (c.source === 'windows' && process.env.WINDIR && file.startsWith(WINDOWS_FONTS)) {
    file = path.win32.join(process.env.WINDIR, 'Fonts', file.slice(WINDOWS_FONTS.length));
  }
  if (c.source === 'windows' && process.platform !== 'win32') return undefined;
  return fs.existsSync(file) ? file : undefined;
}

const isVariationSelector = (cp: number): boolean =>
  (cp >= 0xfe00 && cp <= 0xfe0f) || (cp >= 0xe0100 && cp <= 0xe01ef) || cp === 0x200d;
const isSpace = (cp: number): boolean => cp === 0x20 || cp === 0x09 || cp === 0x0a || cp === 0x0d || cp === 0x3000;

class LazyFace implements FontFace {
  private font?: fontkit.Font;
  private buffer?: Buffer;

  constructor(
    readonly id: string,
    readonly label: string,
    readonly path: string,
    readonly postscriptName: string | undefined,
    readonly source: FontSource,
  ) {}

  bytes(): Buffer {
    this.buffer ??= fs.readFileSync(this.path);
    return this.buffer;
  }

  parsed(): fontkit.Font {
    return this.load();
  }

  private load(): fontkit.Font {
    this.font ??= parseFace(this.bytes(), this.postscriptName, this.path);
    return this.font;
  }

  get lineHeightEm(): number {
    const f = this.load();
    return (f.ascent - f.descent) / f.unitsPerEm;
  }

  get familyName(): string {
    return this.load().familyName;
  }

  hasGlyph(codePoint: number): boolean {
    return this.load().hasGlyphForCodePoint(codePoint);
  }
}

export function createFontRegistry(options: FontRegistryOptions = {}): FontRegistry {
  const resourceDirs = [...(options.resourceDirs ?? [])];
  if (process.env.SUPERVISION_DESK_FONT_DIR) resourceDirs.push(process.env.SUPERVISION_DESK_FONT_DIR);
  const faces = new Map<string, LazyFace>();
  const warnings: string[] = [];

  const faceFor = (c: FontCandidate): LazyFace | undefined => {
    const file = resolveCandidate(c, resourceDirs);
    if (!file) return undefined;
    const key = `${file}#${c.postscriptName ?? ''}`;
    let face = faces.get(key);
    if (!face) {
      const base = c.postscriptName ?? path.basename(file).replace(/\.[^.]+$/, '');
      const id = base.replace(/[^A-Za-z0-9_-]/g, '') || `face${faces.size + 1}`;
      const unique = [...faces.values()].some((f) => f.id === id) ? `${id}_${faces.size + 1}` : id;
      face = new LazyFace(unique, c.label, file, c.postscriptName, c.source);
      faces.set(key, face);
    }
    return face;
  };

  const primaries = new Map<FontRole, LazyFace>();
  for (const role of FONT_ROLES) {
    const list = options.candidates?.[role] ?? ROLE_CANDIDATES[role];
    const face = list.map(faceFor).find((f): f is LazyFace => Boolean(f));
    if (face) primaries.set(role, face);
  }
  const fallbacks = (options.fallbacks ?? COVERAGE_FALLBACKS).map(faceFor).filter((f): f is LazyFace => Boolean(f));

  const xbs = primaries.get('xiaobiaosong');
  if (xbs && !xbs.label.includes('方正小标宋')) {
    warnings.push(`未找到方正小标宋简体，PDF 标题改用 ${xbs.label}`);
  }
  for (const role of FONT_ROLES) {
    const face = primaries.get(role);
    if (!face) warnings.push(`未找到${ROLE_LABEL[role]}字体，改用后备字体`);
    // Every other role that is not set in its Windows face says which face replaces it (issue 13).
    else if (role !== 'xiaobiaosong' && face.source !== 'windows') {
      const expected = DOCX_FONT_NAMES[role];
      warnings.push(`未找到${expected.name}${expected.altName ? `或${expected.altName}` : ''}，PDF 中的${ROLE_LABEL[role]}改用 ${face.label}`);
    }
  }

  const chains = new Map<FontRole, LazyFace[]>();
  const chain = (role: FontRole): LazyFace[] => {
    let c = chains.get(role);
    if (!c) {
      const own = primaries.get(role);
      c = [...new Set([...(own ? [own] : []), ...fallbacks])];
      if (c.length === 0) throw new Error('本机没有可用的中文字体，无法生成 PDF');
      chains.set(role, c);
    }
    return c;
  };

  const segment = (text: string, role: FontRole): SegmentResult => {
    const faceChain = chain(role);
    const segments: TextSegment[] = [];
    const missing: string[] = [];
    let current: TextSegment | undefined;
    for (const ch of text) {
      const cp = ch.codePointAt(0) ?? 0;
      let face: FontFace;
      if (current && (isVariationSelector(cp) || (isSpace(cp) && current.face.hasGlyph(cp)))) {
        face = current.face;
      } else {
        const found = faceChain.find((f) => f.hasGlyph(cp));
        if (!found && !isVariationSelector(cp)) missing.push(ch);
        face = found ?? faceChain[0];
      }
      if (current && current.face === face) current.text += ch;
      else {
        current = { text: ch, face };
        segments.push(current);
      }
    }
    return { segments, missing };
  };

  const vfs: FontVirtualFs = {
    existsSync: (file) => [...faces.values()].some((f) => f.path === file),
    readFileSync: (file) => {
      const face = [...faces.values()].find((f) => f.path === file);
      if (!face) throw new Error(`字体文件未登记：${file}`);
      return face.bytes();
    },
  };

  return {
    primary: (role) => chain(role)[0],
    chain,
    segment,
    singleFileFaceCovering: (text) => {
      const candidates = [...new Set([...chain('heiti'), ...chain('fangsong')])].filter((f) => !f.postscriptName);
      const cps = [...text].map((ch) => ch.codePointAt(0) ?? 0).filter((cp) => !isSpace(cp));
      return candidates.find((f) => cps.every((cp) => f.hasGlyph(cp)));
    },
    warnings,
    vfs,
    pdfmakeFonts: (used) => {
      const out: Record<string, PdfmakeFontDescriptor> = {};
      for (const f of used) {
        const ref = (): FontFileRef => (f.postscriptName ? [f.path, f.postscriptName] : f.path);
        out[f.id] = { normal: ref(), bold: ref(), italics: ref(), bolditalics: ref() };
      }
      return out;
    },
  };
}
