import { crc32, deflateRaw, gzip } from '../../nodes/shared/gzip';
import { buildCategoryTree } from '../helpers/categoryTree';
import { gunzip, seededBytes, zlibCrc32, zlibGzip } from '../helpers/gzip.cjs';

function bytesOf(text: string): Uint8Array {
	return new TextEncoder().encode(text);
}

function expectRoundTrip(input: Uint8Array): Uint8Array {
	const compressed = gzip(input);
	const restored = gunzip(compressed);
	expect(restored.length).toBe(input.length);
	expect(Buffer.compare(restored, Buffer.from(input))).toBe(0);
	return compressed;
}

describe('gzip', () => {
	it('round-trips an empty input', () => {
		const compressed = expectRoundTrip(new Uint8Array(0));
		expect(compressed.length).toBe(20);
	});

	it('round-trips one byte', () => {
		expectRoundTrip(bytesOf('a'));
		expectRoundTrip(new Uint8Array([0]));
		expectRoundTrip(new Uint8Array([255]));
	});

	it('round-trips every byte value', () => {
		expectRoundTrip(Uint8Array.from({ length: 256 }, (_, index) => index));
	});

	it('round-trips short and overlapping repeats', () => {
		const cases = ['abcabcabc', 'aaaa', 'ab'.repeat(200), 'x'.repeat(258), 'x'.repeat(259)];
		for (const text of cases) expectRoundTrip(bytesOf(text));
	});

	it('compresses a long run into few bytes', () => {
		const input = bytesOf('z'.repeat(100_000));
		const compressed = expectRoundTrip(input);
		expect(compressed.length).toBeLessThan(1000);
	});

	it('round-trips random bytes', () => {
		for (const size of [1, 2, 3, 100, 4096, 70_000]) {
			expectRoundTrip(seededBytes(size, `random-${size}`));
		}
	});

	it('round-trips matches farther than the window', () => {
		const block = seededBytes(40_000, 'window');
		const input = Buffer.concat([block, seededBytes(1000, 'gap'), block]);
		expectRoundTrip(input);
	});

	it('encodes a string as UTF-8', () => {
		const text = 'Eletrônicos › Fones de ouvido — 🎧';
		const restored = gunzip(gzip(text));
		expect(restored.toString('utf8')).toBe(text);
	});

	it('round-trips a 1 MiB JSON tree with a good ratio', () => {
		const json = JSON.stringify(buildCategoryTree(10_000));
		const input = bytesOf(json);
		const compressed = expectRoundTrip(input);
		const reference = zlibGzip(input);

		expect(input.length).toBeGreaterThan(1024 * 1024);
		// Fixed Huffman codes cost some ratio against zlib's dynamic ones, but far from all of it.
		expect(compressed.length).toBeLessThan(input.length / 8);
		expect(compressed.length).toBeLessThan(reference.length * 2);
	});

	it('gives the same bytes for the same input', () => {
		const json = JSON.stringify(buildCategoryTree(300));
		expect(Buffer.compare(Buffer.from(gzip(json)), Buffer.from(gzip(json)))).toBe(0);
	});

	it('writes the gzip header and trailer', () => {
		const input = bytesOf('category tree');
		const compressed = gzip(input);
		const view = new DataView(compressed.buffer, compressed.byteOffset, compressed.length);

		expect(Array.from(compressed.subarray(0, 4))).toEqual([0x1f, 0x8b, 8, 0]);
		expect(view.getUint32(compressed.length - 8, true)).toBe(crc32(input));
		expect(view.getUint32(compressed.length - 4, true)).toBe(input.length);
		expect(compressed.length).toBe(10 + deflateRaw(input).length + 8);
	});
});

describe('crc32', () => {
	it('matches the standard check value', () => {
		expect(crc32(bytesOf('123456789'))).toBe(0xcbf43926);
		expect(crc32(new Uint8Array(0))).toBe(0);
	});

	it('matches zlib on random bytes', () => {
		const input = seededBytes(10_000, 'crc');
		const reference = zlibCrc32(input);
		if (reference === undefined) return;
		expect(crc32(input)).toBe(reference);
	});
});
