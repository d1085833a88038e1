// wawoff2 ships no type declarations; this covers the two calls tests/unit/prepare-fonts.test.ts makes.
declare module 'wawoff2' {
  const wawoff2: {
    /** TrueType/OpenType bytes → WOFF2 bytes. */
    compress(input: Uint8Array): Promise<Uint8Array>;
    /** WOFF2 bytes → TrueType/OpenType bytes. */
    decompress(input: Uint8Array): Promise<Uint8Array>;
  };
  export default wawoff2;
}
