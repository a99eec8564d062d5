/**
 * Drops the leading zeros of a VTEX id written in digits, so that "0012" and 12 look up the
 * same row of the ID map or of vtex_last_sent. VTEX ids are whole numbers. Text that is not
 * only digits is returned trimmed and otherwise unchanged.
 */
export function normalizeVtexId(text: string): string {
	const trimmed = text.trim();
	if (!/^\d+$/.test(trimmed)) return trimmed;

	// The zeros are cut from the text, because Number() would round an id above MAX_SAFE_INTEGER.
	return trimmed.replace(/^0+(?=\d)/, '');
}
