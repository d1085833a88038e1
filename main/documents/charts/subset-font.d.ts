// subset-font ships no type declarations; this covers the one call we make.
declare module 'subset-font' {
  export interface SubsetFontOptions {
    targetFormat?: 'sfnt' | 'woff' | 'woff2';
    preserveNameIds?: number[];
    keepFeatures?: string[];
  }
  export default function subsetFont(buffer: Buffer, text: string | undefined, options?: SubsetFontOptions): Promise<Buffer>;
}
