import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import JSZip from 'jszip';
import { PDFDocument } from 'pdf-lib';
import { parseDocument } from 'src/modules/rag/parsing/document-parser';
import { RagError, RagErrorCode } from 'src/modules/rag/rag.errors';
import type { ParsedDocument, ParsedSection, ParseInput, ParseLimits } from 'src/modules/rag/rag.types';

const FIXTURES = join(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'rag');
const LIMITS: ParseLimits = { maxExpandedBytes: 64 * 1024 * 1024, maxCompressionRatio: 200, maxPages: 500 };

const fixture = (name: string) => readFileSync(join(FIXTURES, name));
const parseFixture = (name: string, limits = LIMITS) => parseDocument({ bytes: fixture(name), filename: name }, limits);
const texts = (doc: ParsedDocument, kind?: ParsedSection['kind']) =>
  doc.sections.filter((s) => !kind || s.kind === kind).map((s) => s.text);
const sectionWith = (doc: ParsedDocument, text: string) => doc.sections.find((s) => s.text.includes(text));

async function failure(input: ParseInput, limits = LIMITS): Promise<RagError> {
  const error = await parseDocument(input, limits).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (error instanceof RagError) return error;
  throw new Error(`expected a RagError, got ${String(error)}`);
}

/** Rewrites the uncompressed size a zip's local and central headers declare for one entry. */
function understateSize(zip: Buffer, entry: string, size: number): Buffer {
  const out = Buffer.from(zip);
  const headers: [Buffer, number, number][] = [
    [Buffer.from([0x50, 0x4b, 0x03, 0x04]), 22, 30],
    [Buffer.from([0x50, 0x4b, 0x01, 0x02]), 24, 46],
  ];
  for (const [signature, sizeAt, nameAt] of headers) {
    for (let at = out.indexOf(signature); at >= 0; at = out.indexOf(signature, at + 4)) {
      if (out.toString('latin1', at + nameAt, at + nameAt + entry.length) === entry) out.writeUInt32LE(size, at + sizeAt);
    }
  }
  return out;
}

describe(parseDocument.name, () => {
  describe('PDF', () => {
    it('keeps the pages, the metadata title and distinct text per page', async () => {
      const doc = await parseFixture('manual.pdf');
      expect(doc).toMatchObject({ format: 'pdf', mimeType: 'application/pdf', title: 'Acme Widget Pro User Manual', pages: 3 });
      expect(sectionWith(doc, 'Thank you for choosing')?.page).toBe(1);
      expect(sectionWith(doc, 'product code XR-7741')?.page).toBe(2);
      expect(sectionWith(doc, 'Clean the housing')?.page).toBe(3);
      expect(new Set(doc.sections.map((s) => s.page))).toEqual(new Set([1, 2, 3]));
    });

    it('joins wrapped lines into paragraphs and finds headings by font size', async () => {
      const doc = await parseFixture('manual.pdf');
      expect(texts(doc, 'heading')).toEqual([
        'Acme Widget Pro',
        '1. Introduction',
        '2. Installation',
        '3. Maintenance',
        '3.1 Troubleshooting',
      ]);
      expect(sectionWith(doc, 'XR-7741')).toMatchObject({
        kind: 'paragraph',
        headingPath: ['Acme Widget Pro', '2. Installation'],
        text:
          'Mount the widget on an inside wall, about one and a half metres above the floor, away from radiators and windows. ' +
          'The wall bracket has product code XR-7741; replacement brackets can be ordered under that code.',
      });
      expect(sectionWith(doc, 'Contact support')?.headingPath).toEqual(['Acme Widget Pro', '3. Maintenance', '3.1 Troubleshooting']);
    });

    it('drops the running footer repeated on every page', async () => {
      const doc = await parseFixture('manual.pdf');
      expect(doc.sections.some((s) => /^Page \d/.test(s.text))).toBe(false);
    });

    it('rejects a PDF with more pages than allowed as FILE_TOO_LARGE', async () => {
      const error = await failure({ bytes: fixture('manual.pdf') }, { ...LIMITS, maxPages: 2 });
      expect(error.code).toBe(RagErrorCode.FILE_TOO_LARGE);
      expect(error.message).toBe('The PDF has 3 pages; at most 2 are accepted.');
    });

    it('rejects a damaged PDF as CORRUPT_DOCUMENT', async () => {
      const error = await failure({ bytes: fixture('corrupt.pdf'), filename: 'corrupt.pdf' });
      expect(error.code).toBe(RagErrorCode.CORRUPT_DOCUMENT);
      expect(error.message).toBe('The PDF is damaged and cannot be read (Invalid PDF structure).');
    });

    it('rejects a password-protected PDF as ENCRYPTED_DOCUMENT', async () => {
      const error = await failure({ bytes: fixture('encrypted.pdf') });
      expect(error.code).toBe(RagErrorCode.ENCRYPTED_DOCUMENT);
      expect(error.message).toBe('The PDF is password-protected. Remove the password and upload it again.');
    });

    it('rejects a PDF without any text (a scan) as EMPTY_DOCUMENT', async () => {
      const blank = await PDFDocument.create();
      blank.addPage();
      const error = await failure({ bytes: Buffer.from(await blank.save()) });
      expect(error.code).toBe(RagErrorCode.EMPTY_DOCUMENT);
      expect(error.message).toContain('no extractable text');
    });
  });

  describe('DOCX', () => {
    it('keeps heading styles as the heading path, the core title and explicit page breaks', async () => {
      const doc = await parseFixture('handbook.docx');
      expect(doc).toMatchObject({ format: 'docx', title: 'Employee Handbook' });
      expect(texts(doc, 'heading')).toEqual(['Introduction', 'Working hours', 'Benefits', 'Holidays']);
      expect(sectionWith(doc, 'Core hours')).toMatchObject({ headingPath: ['Introduction', 'Working hours'], page: 1 });
      expect(sectionWith(doc, '28 days')).toMatchObject({ headingPath: ['Benefits', 'Holidays'], page: 2 });
    });

    it('renders the table as readable rows and the bullets as a list', async () => {
      const doc = await parseFixture('handbook.docx');
      expect(texts(doc, 'table')).toEqual([
        'Benefit | Eligibility | Notes\n' +
          'Health insurance | All employees | Starts on the first day\n' +
          'Pension plan | After 3 months | Employer matches 5%\n' +
          'Gym membership | Full-time staff | Reimbursed monthly',
      ]);
      expect(texts(doc, 'list')).toEqual([
        '- Remote work is allowed up to three days a week.\n- Agree on office days with your team lead.',
      ]);
    });

    it('rejects a zip bomb from its directory, before inflating it, as ARCHIVE_TOO_LARGE', async () => {
      const started = Date.now();
      const error = await failure({ bytes: fixture('bomb.docx'), filename: 'bomb.docx' });
      expect(error.code).toBe(RagErrorCode.ARCHIVE_TOO_LARGE);
      expect(error.message).toBe(
        'The Word document was rejected because its part "word/document.xml" expands 1029 times (at most 200 is accepted). It may be a zip bomb, or simply too large.',
      );
      // Inflating 105 MiB would take far longer than reading a directory.
      expect(Date.now() - started).toBeLessThan(2_000);
    });

    it('rejects an archive whose total expanded size is over the limit as ARCHIVE_TOO_LARGE', async () => {
      const error = await failure({ bytes: fixture('bomb.docx') }, { ...LIMITS, maxCompressionRatio: 10_000 });
      expect(error.code).toBe(RagErrorCode.ARCHIVE_TOO_LARGE);
      expect(error.message).toContain('it would expand to 105.0 MiB (at most 64.0 MiB)');
    });

    it('stops inflating a bomb whose headers understate its size, as ARCHIVE_TOO_LARGE', async () => {
      const lying = understateSize(fixture('bomb.docx'), 'word/document.xml', 1_000);
      const error = await failure({ bytes: lying });
      expect(error.code).toBe(RagErrorCode.ARCHIVE_TOO_LARGE);
      expect(error.message).toContain('although the archive directory declares less');
    });

    it('rejects a truncated or malformed DOCX as CORRUPT_DOCUMENT', async () => {
      const docx = fixture('handbook.docx');
      const truncated = await failure({ bytes: docx.subarray(0, Math.floor(docx.length * 0.6)), filename: 'handbook.docx' });
      expect(truncated.code).toBe(RagErrorCode.CORRUPT_DOCUMENT);
      expect(truncated.message).toContain('its ZIP container cannot be read');
      const badXml = await new JSZip().file('word/document.xml', '<w:document><w:body><w:p>').generateAsync({ type: 'nodebuffer' });
      expect((await failure({ bytes: badXml })).code).toBe(RagErrorCode.CORRUPT_DOCUMENT);
    });
  });

  describe('Markdown', () => {
    it('keeps headings, code blocks, lists and tables, and drops the front matter and inline markup', async () => {
      const doc = await parseFixture('guide.md');
      expect(doc).toMatchObject({ format: 'markdown', title: 'Deployment Guide' });
      expect(texts(doc, 'heading')).toEqual(['Deployment Guide', 'Requirements', 'Installing', 'Configuration']);
      expect(texts(doc, 'code')).toEqual(['curl -LO https://example.com/orbit.tar.gz\ntar xzf orbit.tar.gz && ./orbit serve --port 8080']);
      expect(texts(doc, 'list')).toEqual(['- Linux with systemd\n- 2 GB of RAM\n- Docker 24 or newer']);
      expect(texts(doc, 'table')).toEqual(['Setting | Default | Meaning\nport | 8080 | HTTP port\nworkers | 4 | Worker threads']);
      expect(sectionWith(doc, 'ORBIT_WORKERS')).toMatchObject({
        text: 'Set ORBIT_WORKERS to change the worker count. See the FAQ for more.',
        headingPath: ['Deployment Guide', 'Installing', 'Configuration'],
      });
      expect(doc.sections.some((s) => s.text.includes('title:'))).toBe(false);
    });

    it('decodes entities and nests list items', async () => {
      const source = '# Notes\n\nTom &amp; Jerry\n\n1. first\n   - inner\n2. second\n';
      const doc = await parseDocument({ bytes: Buffer.from(source), filename: 'notes.md' }, LIMITS);
      expect(texts(doc)).toEqual(['Notes', 'Tom & Jerry', '1. first\n  - inner\n2. second']);
    });
  });

  describe('HTML', () => {
    it('keeps the <title>, headings, lists, tables and <pre>, and drops nav, script and style', async () => {
      const doc = await parseFixture('page.html');
      expect(doc).toMatchObject({ format: 'html', mimeType: 'text/html', title: 'Solar Panel Care | GreenHome' });
      expect(texts(doc, 'heading')).toEqual([
        'Caring for your solar panels',
        'Cleaning',
        'Inspection schedule',
        'Reading the inverter log',
      ]);
      expect(texts(doc, 'table')).toEqual(['Month | Task\nMarch | Visual check for cracks\nSeptember | Clean and test output']);
      expect(texts(doc, 'list')).toEqual(['- Never use a pressure washer.\n- Do not walk on the panels.']);
      expect(texts(doc, 'code')).toEqual(['inverter --log --since 30d\nstatus: OK  yield: 412 kWh']);
      expect(sectionWith(doc, 'soft brush')?.headingPath).toEqual(['Caring for your solar panels', 'Cleaning']);
      const all = texts(doc).join('\n');
      for (const dropped of ['tracking pixel', 'Log in', 'font-family', 'dataset', 'Shop']) expect(all).not.toContain(dropped);
    });

    it('keeps <br> breaks, nested list items and hidden elements out', async () => {
      const html =
        '<html><body><p>Line one<br>line <b>two</b>\n<i>continues</i></p><div hidden>secret</div>' +
        '<ul><li>a<ol start="3"><li>b</li></ol>tail</li><li>c</li></ul></body></html>';
      const doc = await parseDocument({ bytes: Buffer.from(html) }, LIMITS);
      expect(texts(doc)).toEqual(['Line one\nline two continues', '- a\n  3. b\n  tail\n- c']);
    });

    it('rejects a page whose only content is script and navigation as EMPTY_DOCUMENT', async () => {
      const html = '<!doctype html><html><body><nav>Home</nav><script>alert(1)</script></body></html>';
      const error = await failure({ bytes: Buffer.from(html), filename: 'index.html' });
      expect(error.code).toBe(RagErrorCode.EMPTY_DOCUMENT);
      expect(error.message).toBe('The HTML document was read, but it contains no text.');
    });
  });

  describe('text, CSV and JSON', () => {
    it('splits plain text into paragraphs at blank lines', async () => {
      const doc = await parseFixture('notes.txt');
      expect(doc).toMatchObject({ format: 'text', mimeType: 'text/plain' });
      expect(doc.title).toBeUndefined();
      expect(texts(doc)).toHaveLength(4);
      expect(texts(doc)[0]).toBe('Meeting notes, 12 March');
    });

    it('renders CSV as one table of rows, honouring quoted delimiters and quotes', async () => {
      const doc = await parseFixture('inventory.csv');
      expect(doc.sections).toEqual([
        {
          kind: 'table',
          headingPath: [],
          text: 'sku | name | quantity | location\nA-100 | Bolt, hex M6 | 1200 | Shelf 3\nA-101 | Washer M6 | 3400 | Shelf 3\nB-220 | Hinge "heavy duty" | 75 | Shelf 9',
        },
      ]);
    });

    it('renders JSON as path: value lines, one section per top-level key', async () => {
      const doc = await parseFixture('config.json');
      expect(texts(doc)).toEqual([
        'service.name: billing-api\nservice.version: 3.2.1',
        'database.host: db.internal\ndatabase.port: 5432\ndatabase.pool.min: 2\ndatabase.pool.max: 10',
        'features[0]: invoices\nfeatures[1]: refunds\nfeatures[2]: tax-reports',
        'maintainers[0].name: Ada Lovelace\nmaintainers[0].email: ada@example.com',
      ]);
    });
  });

  it.each([
    ['empty.txt', RagErrorCode.EMPTY_DOCUMENT],
    ['invoice.pdf', RagErrorCode.TYPE_MISMATCH],
    ['corrupt.pdf', RagErrorCode.CORRUPT_DOCUMENT],
    ['encrypted.pdf', RagErrorCode.ENCRYPTED_DOCUMENT],
    ['bomb.docx', RagErrorCode.ARCHIVE_TOO_LARGE],
  ])('rejects the %s fixture with %s', async (name, code) => {
    const error = await failure({ bytes: fixture(name), filename: name });
    expect(error.code).toBe(code);
    expect(error.message.length).toBeGreaterThan(20);
  });
});
