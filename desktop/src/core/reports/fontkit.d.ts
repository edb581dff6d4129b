// fontkit (pdfkit's font engine) ships no types; Keel asks it one question only.
declare module 'fontkit' {
  export function create(buffer: Buffer): { hasGlyphForCodePoint(codePoint: number): boolean };
}
