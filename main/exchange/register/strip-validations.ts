import JSZip from 'jszip';

export class NotAWorkbookError extends Error {}

/**
 * exceljs expands every data-validation range into one entry per cell while loading, so a list
 * validation on a whole column (D:D, a million cells) makes a small file take minutes. Reading
 * never needs validations: drop them from the sheet XML before exceljs sees the file.
 */
export async function stripDataValidations(buf: Buffer): Promise<Buffer> {
  const zip = await JSZip.loadAsync(buf);
  if (!zip.file('xl/workbook.xml')) throw new NotAWorkbookError('no xl/workbook.xml');
  let touched = false;
  for (const path of Object.keys(zip.files)) {
    if (!/^xl\/worksheets\/[^/]+\.xml$/.test(path)) continue;
    const xml = await zip.file(path)!.async('string');
    if (!xml.includes('dataValidations')) continue;
    const cleaned = xml
      .replace(/<dataValidations\b[\s\S]*?<\/dataValidations>/g, '')
      .replace(/<x14:dataValidations\b[\s\S]*?<\/x14:dataValidations>/g, '');
    if (cleaned !== xml) {
      zip.file(path, cleaned);
      touched = true;
    }
  }
  if (!touched) return buf;
  return zip.generateAsync({ type: 'nodebuffer', compression: 'STORE' });
}
