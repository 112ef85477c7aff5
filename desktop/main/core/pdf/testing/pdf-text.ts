// Reads the text back out of a PDF for tests: `pdftotext` (poppler-utils) when installed, else a
// small reader of pdfkit's output (inflates the content streams and maps the embedded fonts' glyph
// codes back to Unicode through their ToUnicode maps), so the tests run on a machine without poppler.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import zlib from 'node:zlib';

export const PDFTOTEXT = '/usr/bin/pdftotext';

export function hasPdftotext(): boolean {
  return fs.existsSync(PDFTOTEXT);
}

export function pdfText(pdf: Buffer): string {
  if (hasPdftotext()) return execFileSync(PDFTOTEXT, ['-layout', '-enc', 'UTF-8', '-', '-'], { input: pdf, encoding: 'utf8', timeout: 20_000 });
  return contentStreamText(pdf);
}

type PdfObject = { dict: string; stream: Buffer | null };

function objects(pdf: Buffer): Map<number, PdfObject> {
  const text = pdf.toString('latin1');
  const map = new Map<number, PdfObject>();
  const re = /(\d+) 0 obj\s*([\s\S]*?)endobj/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const body = m[2]!;
    const s = body.indexOf('stream');
    if (s === -1) {
      map.set(Number(m[1]), { dict: body, stream: null });
      continue;
    }
    const dict = body.slice(0, s);
    let start = s + 'stream'.length;
    if (body[start] === '\r') start += 1;
    if (body[start] === '\n') start += 1;
    const end = body.lastIndexOf('endstream');
    const raw = Buffer.from(body.slice(start, end).replace(/\r?\n$/, ''), 'latin1');
    map.set(Number(m[1]), { dict, stream: /\/FlateDecode/.test(dict) ? zlib.inflateSync(raw) : raw });
  }
  return map;
}

function parseToUnicode(cmap: string): Map<number, string> {
  const out = new Map<number, string>();
  const hexToStr = (hex: string) => {
    const units: number[] = [];
    for (let i = 0; i < hex.length; i += 4) units.push(parseInt(hex.slice(i, i + 4), 16));
    return String.fromCharCode(...units);
  };
  for (const block of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    for (const m of block[1]!.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*(\[[^\]]*\]|<[0-9a-fA-F]+>)/g)) {
      const lo = parseInt(m[1]!, 16);
      const hi = parseInt(m[2]!, 16);
      if (m[3]!.startsWith('[')) {
        [...m[3]!.matchAll(/<([0-9a-fA-F\s]*)>/g)].forEach((e, i) => out.set(lo + i, hexToStr(e[1]!.replace(/\s/g, ''))));
      } else {
        const base = parseInt(m[3]!.slice(1, -1), 16);
        for (let c = lo; c <= hi; c += 1) out.set(c, String.fromCharCode(base + c - lo));
      }
    }
  }
  for (const block of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const m of block[1]!.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>/g)) out.set(parseInt(m[1]!, 16), hexToStr(m[2]!));
  }
  return out;
}

/** Text of every page, a line per text line (approximate: enough to find words in tests). */
export function contentStreamText(pdf: Buffer): string {
  const objs = objects(pdf);
  const ref = (dict: string, key: string) => Number(new RegExp(`/${key}\\s+(\\d+) 0 R`).exec(dict)?.[1] ?? NaN);
  const pages = [...objs.values()].filter((o) => /\/Type\s*\/Page\b/.test(o.dict));
  const lines: string[] = [];
  for (const page of pages) {
    const resources = /\/Resources\s+(\d+) 0 R/.exec(page.dict);
    const resDict = resources ? (objs.get(Number(resources[1]))?.dict ?? '') : page.dict;
    const fontsDict = /\/Font\s*<<([\s\S]*?)>>/.exec(resDict)?.[1] ?? '';
    const fonts = new Map<string, Map<number, string>>();
    for (const m of fontsDict.matchAll(/\/(\S+?)\s+(\d+) 0 R/g)) {
      const font = objs.get(Number(m[2]));
      const tu = font ? objs.get(ref(font.dict, 'ToUnicode'))?.stream : undefined;
      fonts.set(m[1]!, tu ? parseToUnicode(tu.toString('latin1')) : new Map());
    }
    const content = objs.get(ref(page.dict, 'Contents'))?.stream?.toString('latin1') ?? '';
    let cmap = new Map<number, string>();
    let line = '';
    for (const op of content.matchAll(/\/(\S+)\s+[\d.]+\s+Tf|\[((?:<[0-9a-fA-F]*>|[-\d.\s])*)\]\s*TJ|BT|ET/g)) {
      if (op[1]) cmap = fonts.get(op[1]) ?? new Map();
      else if (op[2] !== undefined) {
        for (const h of op[2].matchAll(/<([0-9a-fA-F]*)>/g)) {
          for (let i = 0; i < h[1]!.length; i += 4) line += cmap.get(parseInt(h[1]!.slice(i, i + 4), 16)) ?? '\ufffd';
        }
      } else if (op[0] === 'ET') {
        lines.push(line);
        line = '';
      }
    }
  }
  return lines.join('\n');
}
