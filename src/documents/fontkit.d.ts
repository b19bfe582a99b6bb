// fontkit ships no types; pdfkit (which depends on it) takes a parsed font in place of a font's
// bytes, and this is all of it that render.ts uses.
declare module 'fontkit' {
  export interface Font {
    readonly postscriptName: string;
    layout(text: string): unknown;
  }
  export function create(buffer: Uint8Array, postscriptName?: string): Font;
}
