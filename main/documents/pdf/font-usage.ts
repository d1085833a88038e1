/** Turns planned runs into pdfmake inlines set in faces that have every glyph, and records the faces used. */
import type { Content } from 'pdfmake/interfaces.js';
import type { FontFace, FontRegistry } from '../fonts/registry.js';
import type { FontRole } from '../model.js';
import type { PlanRun } from '../plan-types.js';

export interface InlineOptions {
  fontSize: number;
  /** Exact line height in points; each face gets its own multiplier so mixed faces keep the pitch. */
  lineHeight: number;
  characterSpacing?: number;
}

export class FontUsage {
  readonly faces = new Set<FontFace>();
  readonly missing = new Set<string>();

  constructor(readonly fonts: FontRegistry) {}

  use(face: FontFace): FontFace {
    this.faces.add(face);
    return face;
  }

  inlines(runs: PlanRun[], opts: InlineOptions): Content[] {
    const out: Content[] = [];
    for (const run of runs) {
      const { segments, missing } = this.fonts.segment(run.text, run.font);
      missing.forEach((ch) => this.missing.add(ch));
      for (const seg of segments) {
        this.use(seg.face);
        out.push({
          text: seg.text,
          font: seg.face.id,
          fontSize: opts.fontSize,
          lineHeight: opts.lineHeight / (seg.face.lineHeightEm * opts.fontSize),
          characterSpacing: opts.characterSpacing ?? 0,
          color: run.color ? `#${run.color}` : undefined,
        });
      }
    }
    return out;
  }

  /** Plain text in one role, for cells and footers. */
  text(text: string, font: FontRole, opts: InlineOptions): Content[] {
    return this.inlines([{ text, font }], opts);
  }
}
