/**
 * A small gzip writer (RFC 1951 deflate with the fixed Huffman codes, inside an RFC 1952 gzip
 * member). Community nodes may not import Node's zlib and n8n-workflow has no compression
 * helper, so the category tree upload to VTEX Mapper compresses its body with this module.
 * Matching uses LZ77 over hash chains. The writer builds no dynamic Huffman tables, so its output
 * is larger than zlib's for the same input, but any gzip reader decodes it.
 */

const WINDOW_SIZE = 32 * 1024;
const WINDOW_MASK = WINDOW_SIZE - 1;
const HASH_BITS = 15;
const HASH_SIZE = 1 << HASH_BITS;
const HASH_MASK = HASH_SIZE - 1;
const MIN_MATCH = 3;
const MAX_MATCH = 258;
/** Candidates compared per position; more finds longer matches at a higher CPU cost. */
const MAX_CHAIN = 128;
/** A match this long ends the search early, because a longer one gains little. */
const GOOD_ENOUGH_MATCH = 64;

/** Base lengths of the length symbols 257..285, and their counts of extra bits (RFC 1951 3.2.5). */
const LENGTH_BASE = [
	3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131,
	163, 195, 227, 258,
];
const LENGTH_EXTRA = [
	0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0,
];
/** Base distances of the distance symbols 0..29, and their counts of extra bits. */
const DISTANCE_BASE = [
	1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049,
	3073, 4097, 6145, 8193, 12289, 16385, 24577,
];
const DISTANCE_EXTRA = [
	0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13,
];

/** Reverses the lowest `length` bits, because deflate sends Huffman codes most significant bit first. */
function reverseBits(code: number, length: number): number {
	let reversed = 0;
	for (let bit = 0; bit < length; bit++) {
		reversed = (reversed << 1) | ((code >> bit) & 1);
	}
	return reversed;
}

/** Fixed literal/length codes of RFC 1951 3.2.6, already bit-reversed, with their lengths. */
function buildFixedLiteralCodes(): { codes: Uint16Array; lengths: Uint8Array } {
	const codes = new Uint16Array(288);
	const lengths = new Uint8Array(288);
	for (let symbol = 0; symbol < 288; symbol++) {
		let code: number;
		let length: number;
		if (symbol < 144) {
			code = 0x30 + symbol;
			length = 8;
		} else if (symbol < 256) {
			code = 0x190 + symbol - 144;
			length = 9;
		} else if (symbol < 280) {
			code = symbol - 256;
			length = 7;
		} else {
			code = 0xc0 + symbol - 280;
			length = 8;
		}
		codes[symbol] = reverseBits(code, length);
		lengths[symbol] = length;
	}
	return { codes, lengths };
}

const FIXED_LITERALS = buildFixedLiteralCodes();
/** Fixed distance codes are the 5-bit symbol numbers, bit-reversed. */
const FIXED_DISTANCE_CODES = Array.from({ length: 30 }, (_, symbol) => reverseBits(symbol, 5));

/** Length symbol index (0..28) for each match length 3..258. */
const LENGTH_SYMBOL = (() => {
	const table = new Uint8Array(MAX_MATCH + 1);
	for (let index = 0; index < LENGTH_BASE.length; index++) {
		const end = index + 1 < LENGTH_BASE.length ? LENGTH_BASE[index + 1] : MAX_MATCH + 1;
		for (let length = LENGTH_BASE[index]; length < end; length++) table[length] = index;
	}
	// 258 has its own symbol (285) without extra bits, though 227 + 31 would also reach it.
	table[MAX_MATCH] = LENGTH_BASE.length - 1;
	return table;
})();

function distanceSymbol(distance: number): number {
	let symbol = DISTANCE_BASE.length - 1;
	while (DISTANCE_BASE[symbol] > distance) symbol--;
	return symbol;
}

/** Collects bits least significant first and packs them into bytes, as deflate requires. */
class BitWriter {
	private bytes: Uint8Array;
	private length = 0;
	private bitBuffer = 0;
	private bitCount = 0;

	constructor(initialSize: number) {
		this.bytes = new Uint8Array(Math.max(64, initialSize));
	}

	private ensure(extra: number): void {
		if (this.length + extra <= this.bytes.length) return;
		const grown = new Uint8Array(Math.max(this.bytes.length * 2, this.length + extra));
		grown.set(this.bytes.subarray(0, this.length));
		this.bytes = grown;
	}

	/** Appends the lowest `count` bits of `value`, where `count` is at most 16. */
	writeBits(value: number, count: number): void {
		this.bitBuffer |= (value & ((1 << count) - 1)) << this.bitCount;
		this.bitCount += count;
		this.ensure(3);
		while (this.bitCount >= 8) {
			this.bytes[this.length++] = this.bitBuffer & 0xff;
			this.bitBuffer >>>= 8;
			this.bitCount -= 8;
		}
	}

	/** Pads the last byte with zero bits and returns the bytes written. */
	finish(): Uint8Array {
		if (this.bitCount > 0) {
			this.ensure(1);
			this.bytes[this.length++] = this.bitBuffer & 0xff;
			this.bitBuffer = 0;
			this.bitCount = 0;
		}
		return this.bytes.slice(0, this.length);
	}
}

function writeLiteral(writer: BitWriter, symbol: number): void {
	writer.writeBits(FIXED_LITERALS.codes[symbol], FIXED_LITERALS.lengths[symbol]);
}

function writeMatch(writer: BitWriter, length: number, distance: number): void {
	const lengthIndex = LENGTH_SYMBOL[length];
	writeLiteral(writer, 257 + lengthIndex);
	if (LENGTH_EXTRA[lengthIndex] > 0) {
		writer.writeBits(length - LENGTH_BASE[lengthIndex], LENGTH_EXTRA[lengthIndex]);
	}

	const distanceIndex = distanceSymbol(distance);
	writer.writeBits(FIXED_DISTANCE_CODES[distanceIndex], 5);
	if (DISTANCE_EXTRA[distanceIndex] > 0) {
		writer.writeBits(distance - DISTANCE_BASE[distanceIndex], DISTANCE_EXTRA[distanceIndex]);
	}
}

function hashAt(data: Uint8Array, position: number): number {
	return ((data[position] << 10) ^ (data[position + 1] << 5) ^ data[position + 2]) & HASH_MASK;
}

/**
 * Compresses bytes into one final deflate block with fixed Huffman codes (RFC 1951), choosing
 * at each position the longest earlier match within 32 KiB among up to MAX_CHAIN candidates.
 */
export function deflateRaw(data: Uint8Array): Uint8Array {
	const writer = new BitWriter(Math.ceil(data.length / 2) + 16);
	// Header of the only block: BFINAL = 1, BTYPE = 01 (fixed Huffman codes).
	writer.writeBits(1, 1);
	writer.writeBits(1, 2);

	// head[hash] is the last position + 1 with that hash, or 0 for none. prev links older positions.
	const head = new Int32Array(HASH_SIZE);
	const prev = new Int32Array(WINDOW_SIZE);
	const insert = (position: number): void => {
		if (position + MIN_MATCH > data.length) return;
		const hash = hashAt(data, position);
		prev[position & WINDOW_MASK] = head[hash];
		head[hash] = position + 1;
	};

	let position = 0;
	while (position < data.length) {
		let bestLength = 0;
		let bestDistance = 0;

		if (position + MIN_MATCH <= data.length) {
			const maxLength = Math.min(MAX_MATCH, data.length - position);
			let candidate = head[hashAt(data, position)] - 1;
			for (let chain = 0; chain < MAX_CHAIN && candidate >= 0; chain++) {
				const distance = position - candidate;
				if (distance > WINDOW_SIZE) break;
				// Checking the byte after the best length first skips most candidates quickly.
				if (data[candidate + bestLength] === data[position + bestLength]) {
					let length = 0;
					while (length < maxLength && data[candidate + length] === data[position + length]) {
						length++;
					}
					if (length > bestLength) {
						bestLength = length;
						bestDistance = distance;
						if (length >= GOOD_ENOUGH_MATCH || length === maxLength) break;
					}
				}
				const older = prev[candidate & WINDOW_MASK] - 1;
				// A chain entry that is not older than its successor was overwritten by a newer position.
				if (older >= candidate) break;
				candidate = older;
			}
		}

		if (bestLength >= MIN_MATCH) {
			writeMatch(writer, bestLength, bestDistance);
			for (let offset = 0; offset < bestLength; offset++) insert(position + offset);
			position += bestLength;
		} else {
			writeLiteral(writer, data[position]);
			insert(position);
			position++;
		}
	}

	writeLiteral(writer, 256);
	return writer.finish();
}

const CRC_TABLE = (() => {
	const table = new Uint32Array(256);
	for (let byte = 0; byte < 256; byte++) {
		let value = byte;
		for (let bit = 0; bit < 8; bit++) {
			value = value & 1 ? 0xedb88320 ^ (value >>> 1) : value >>> 1;
		}
		table[byte] = value >>> 0;
	}
	return table;
})();

/** Computes the CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320) that gzip stores. */
export function crc32(data: Uint8Array): number {
	let crc = 0xffffffff;
	for (let index = 0; index < data.length; index++) {
		crc = CRC_TABLE[(crc ^ data[index]) & 0xff] ^ (crc >>> 8);
	}
	return (crc ^ 0xffffffff) >>> 0;
}

function writeUint32LittleEndian(target: Uint8Array, offset: number, value: number): void {
	target[offset] = value & 0xff;
	target[offset + 1] = (value >>> 8) & 0xff;
	target[offset + 2] = (value >>> 16) & 0xff;
	target[offset + 3] = (value >>> 24) & 0xff;
}

/**
 * Compresses bytes, or a string as UTF-8, into one gzip member (RFC 1952) with no file name
 * and a zero modification time, so the same input always gives the same bytes.
 */
export function gzip(input: Uint8Array | string): Uint8Array {
	const data = typeof input === 'string' ? new TextEncoder().encode(input) : input;
	const deflated = deflateRaw(data);
	const output = new Uint8Array(10 + deflated.length + 8);

	// ID1, ID2, CM = 8 (deflate), FLG = 0, MTIME = 0, XFL = 0, OS = 255 (unknown).
	output.set([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff], 0);
	output.set(deflated, 10);
	writeUint32LittleEndian(output, 10 + deflated.length, crc32(data));
	// ISIZE is the input length modulo 2^32.
	writeUint32LittleEndian(output, 14 + deflated.length, data.length >>> 0);
	return output;
}
