/** Run font attributes for a typeface role: every script slot names the Windows font, eastAsia included. */
import type { IFontAttributesProperties } from 'docx';
import { DOCX_FONT_NAMES } from '../fonts/roles.js';
import type { FontRole } from '../model.js';

export function runFont(role: FontRole): IFontAttributesProperties {
  const name = DOCX_FONT_NAMES[role].name;
  // Digits and Latin letters use the Chinese face too, as in the PDF, so both break lines alike.
  return { ascii: name, hAnsi: name, eastAsia: name, cs: name, hint: 'eastAsia' };
}
