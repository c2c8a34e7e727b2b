import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import JSZip from 'jszip';
import { detectFormat, safeFilename } from 'src/modules/rag/parsing/detect-format';
import { RagError, RagErrorCode } from 'src/modules/rag/rag.errors';
import type { ParseInput } from 'src/modules/rag/rag.types';

const FIXTURES = join(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'rag');
const fixture = (name: string) => readFileSync(join(FIXTURES, name));

function codeOf(run: () => unknown): RagErrorCode | undefined {
  try {
    run();
  } catch (error) {
    if (error instanceof RagError) return error.code;
    throw error;
  }
  return undefined;
}

function errorOf(input: ParseInput): RagError {
  try {
    detectFormat(input);
  } catch (error) {
    if (error instanceof RagError) return error;
    throw error;
  }
  throw new Error('expected detectFormat to throw');
}

describe(detectFormat.name, () => {
  it.each([
    ['manual.pdf', 'pdf', 'application/pdf'],
    ['handbook.docx', 'docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
    ['page.html', 'html', 'text/html'],
    ['guide.md', 'markdown', 'text/markdown'],
    ['notes.txt', 'text', 'text/plain'],
    ['inventory.csv', 'csv', 'text/csv'],
    ['config.json', 'json', 'application/json'],
  ])('recognises %s from its bytes alone', (name, format, mimeType) => {
    const detected = detectFormat({ bytes: fixture(name) });
    expect(detected.format).toBe(format);
    expect(detected.mimeType).toBe(mimeType);
  });

  it('lets the bytes win over a text hint: a PDF uploaded as notes.txt is a PDF', () => {
    expect(detectFormat({ bytes: fixture('manual.pdf'), filename: 'notes.txt', declaredType: 'text/plain' }).format).toBe('pdf');
  });

  it('ignores application/octet-stream and MIME parameters', () => {
    expect(detectFormat({ bytes: fixture('handbook.docx'), declaredType: 'application/octet-stream' }).format).toBe('docx');
    expect(detectFormat({ bytes: fixture('notes.txt'), declaredType: 'text/plain; charset=utf-8' }).format).toBe('text');
  });

  it('hands the decoded text of text formats to the parser', () => {
    expect(detectFormat({ bytes: fixture('notes.txt') }).text).toContain('Meeting notes, 12 March');
    expect(detectFormat({ bytes: fixture('manual.pdf') }).text).toBeUndefined();
  });

  it('decodes UTF-16 with a byte order mark and falls back to Windows-1252 for non-UTF-8 text', () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Grüße aus Köln', 'utf16le')]);
    expect(detectFormat({ bytes: utf16 }).text).toBe('Grüße aus Köln');
    expect(detectFormat({ bytes: Buffer.from('caf\xe9 cr\xe8me', 'latin1') }).text).toBe('café crème');
  });

  it('uses a hint only to choose between text formats', () => {
    const csvLike = Buffer.from('a,b\n1,2\n3,4\n');
    expect(detectFormat({ bytes: csvLike }).format).toBe('csv');
    expect(detectFormat({ bytes: csvLike, filename: 'numbers.txt' }).format).toBe('text');
    expect(detectFormat({ bytes: Buffer.from('Just one line of prose.'), filename: 'README.md' }).format).toBe('markdown');
    expect(detectFormat({ bytes: Buffer.from('# Title\n\n- one\n- two\n') }).format).toBe('markdown');
    expect(detectFormat({ bytes: Buffer.from('{"broken": '), filename: 'data.json' }).format).toBe('text');
  });

  describe('rejects content its name or type misrepresents (TYPE_MISMATCH)', () => {
    it('invoice.pdf that is a PNG image', () => {
      const error = errorOf({ bytes: fixture('invoice.pdf'), filename: 'invoice.pdf' });
      expect(error.code).toBe(RagErrorCode.TYPE_MISMATCH);
      expect(error.message).toBe(
        'The file name "invoice.pdf" says PDF, but the content is a PNG image. Check that the right file was uploaded.',
      );
    });

    it('a .pdf that is a ZIP archive', async () => {
      const zip = await new JSZip().file('readme.txt', 'hello').generateAsync({ type: 'nodebuffer' });
      expect(errorOf({ bytes: zip, filename: 'report.pdf' }).message).toContain('the content is a ZIP archive');
    });

    it('a .pdf that is a Word document, and a .docx that is a PDF', () => {
      expect(codeOf(() => detectFormat({ bytes: fixture('handbook.docx'), filename: 'handbook.pdf' }))).toBe(RagErrorCode.TYPE_MISMATCH);
      expect(codeOf(() => detectFormat({ bytes: fixture('manual.pdf'), filename: 'manual.docx' }))).toBe(RagErrorCode.TYPE_MISMATCH);
    });

    it('a .docx, or a body declared application/pdf, that is plain text', () => {
      expect(errorOf({ bytes: fixture('notes.txt'), filename: 'contract.docx' }).message).toContain(
        'says Word (DOCX), but the content is plain text',
      );
      expect(codeOf(() => detectFormat({ bytes: fixture('notes.txt'), declaredType: 'application/pdf' }))).toBe(RagErrorCode.TYPE_MISMATCH);
    });

    it('an executable renamed .txt', () => {
      const exe = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(126, 0x90), Buffer.from([0, 0, 0, 0])]);
      expect(errorOf({ bytes: exe, filename: 'setup.txt' }).message).toContain('the content is a Windows executable');
      const binary = Buffer.from(Array.from({ length: 512 }, (_, i) => (i * 37) % 256));
      expect(codeOf(() => detectFormat({ bytes: binary, filename: 'data.csv' }))).toBe(RagErrorCode.TYPE_MISMATCH);
    });
  });

  it('rejects unknown binary content without a claiming hint as UNSUPPORTED_TYPE', async () => {
    expect(codeOf(() => detectFormat({ bytes: fixture('invoice.pdf') }))).toBe(RagErrorCode.UNSUPPORTED_TYPE);
    expect(codeOf(() => detectFormat({ bytes: fixture('invoice.pdf'), filename: 'photo.png', declaredType: 'image/png' }))).toBe(
      RagErrorCode.UNSUPPORTED_TYPE,
    );
    const zip = await new JSZip().file('a.txt', 'a').generateAsync({ type: 'nodebuffer' });
    const error = errorOf({ bytes: zip, filename: 'archive.zip' });
    expect(error.code).toBe(RagErrorCode.UNSUPPORTED_TYPE);
    expect(error.message).toContain('The file is a ZIP archive, which is not a supported document type');
  });

  it('rejects a zero-byte or whitespace-only file as EMPTY_DOCUMENT, whatever its name', () => {
    expect(codeOf(() => detectFormat({ bytes: fixture('empty.txt'), filename: 'empty.txt' }))).toBe(RagErrorCode.EMPTY_DOCUMENT);
    expect(codeOf(() => detectFormat({ bytes: Buffer.alloc(0), filename: 'invoice.pdf' }))).toBe(RagErrorCode.EMPTY_DOCUMENT);
    expect(codeOf(() => detectFormat({ bytes: Buffer.from(' \n\t\r\n  ') }))).toBe(RagErrorCode.EMPTY_DOCUMENT);
  });
});

describe(safeFilename.name, () => {
  it.each([
    ['../../etc/passwd', 'passwd'],
    ['C:\\Users\\eve\\..\\secret.docx', 'secret.docx'],
    ['/var/tmp/report.pdf', 'report.pdf'],
    ['in\u0000voice.pdf', 'invoice.pdf'],
    ['tab\there\nnew.txt', 'tab here new.txt'],
    ['bell\u0007\u009b.txt', 'bell.txt'],
    ['  .hidden  ', 'hidden'],
    ['what?<is>this*.md', 'what__is_this_.md'],
    ['CON.txt', '_CON.txt'],
    ['Résumé – final.docx', 'Résumé – final.docx'],
    ['trailing dots...', 'trailing dots'],
  ])('turns %j into %j', (raw, safe) => {
    expect(safeFilename(raw)).toBe(safe);
  });

  it('limits the length to 200 characters and keeps the extension', () => {
    const safe = safeFilename(`${'a'.repeat(300)}.pdf`);
    expect(safe).toHaveLength(200);
    expect(safe.endsWith('.pdf')).toBe(true);
    expect(Array.from(safeFilename('🙂'.repeat(300)))).toHaveLength(200);
  });

  it.each(['', '../..', '/', '\u0000\u0001', '...', '  ', 'a/b/'])('rejects %j as INVALID_FILENAME', (raw) => {
    expect(codeOf(() => safeFilename(raw))).toBe(RagErrorCode.INVALID_FILENAME);
  });
});
