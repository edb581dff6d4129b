import fs from 'node:fs';
import { createRequire } from 'node:module';
import * as fontkit from 'fontkit';

/**
 * The PDF's fonts: DejaVu Sans and DejaVu Sans Bold (free licence, in the dejavu-fonts-ttf
 * package), embedded as subsets. The standard PDF fonts draw only WinAnsi, so a Polish, Czech,
 * Greek or Russian name came out as "?"; DejaVu covers Latin, Greek and Cyrillic. Read once, on
 * the first export.
 */
export interface PdfFonts {
  regular: Buffer;
  bold: Buffer;
  /** Whether both faces can draw the character (else the PDF shows "?", never an empty box). */
  draws(codePoint: number): boolean;
}

let loaded: PdfFonts | null = null;

export function pdfFonts(): PdfFonts {
  if (loaded) return loaded;
  // Resolved like a module, so it is found beside the app in development, tests and the package.
  const resolve = createRequire(import.meta.url).resolve;
  const regular = fs.readFileSync(resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'));
  const bold = fs.readFileSync(resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf'));
  const faces = [fontkit.create(regular), fontkit.create(bold)];
  const known = new Map<number, boolean>();
  const draws = (codePoint: number) => {
    let answer = known.get(codePoint);
    if (answer === undefined) {
      answer = faces.every((face) => face.hasGlyphForCodePoint(codePoint));
      known.set(codePoint, answer);
    }
    return answer;
  };
  loaded = { regular, bold, draws };
  return loaded;
}
