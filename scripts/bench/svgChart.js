'use strict';

/**
 * A small SVG line chart for the benchmark page: one polyline per series, a logarithmic or
 * linear x axis, a linear y axis from zero, tick labels and a legend.
 */

const WIDTH = 640;
const HEIGHT = 360;
const MARGIN = { left: 70, right: 170, top: 40, bottom: 50 };
const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b'];

/** @param {string} text */
function escapeXml(text) {
	return String(text)
		.replace(/&/g, '&amp;')
		.replace(/</g, '&lt;')
		.replace(/>/g, '&gt;')
		.replace(/"/g, '&quot;');
}

/**
 * Returns about five round tick values from 0 to at least `max`.
 * @param {number} max
 */
function linearTicks(max) {
	if (!(max > 0)) return [0, 1];
	const rough = max / 5;
	const magnitude = 10 ** Math.floor(Math.log10(rough));
	const step = [1, 2, 5, 10].map((factor) => factor * magnitude).find((size) => size >= rough);
	const ticks = [];
	for (let value = 0; value < max + step; value += step) ticks.push(value);
	return ticks;
}

/** @param {number} value */
function formatTick(value) {
	return Number.isInteger(value) ? value.toLocaleString('en-US') : String(Number(value.toFixed(2)));
}

/**
 * Renders the chart. Points with a null y are left out, and a series without points gets only
 * its legend entry.
 * @param {{ title: string, xLabel: string, yLabel: string, logX?: boolean,
 *   series: Array<{ name: string, points: Array<[number, number | null]> }> }} chart
 * @returns {string} the SVG document
 */
function lineChartSvg({ title, xLabel, yLabel, logX = false, series }) {
	if (series.length === 0) throw new RangeError('A chart needs at least one series');
	const points = series.flatMap((entry) => entry.points.filter(([, y]) => y !== null));
	const xs = [...new Set(points.map(([x]) => x))].sort((a, b) => a - b);
	if (xs.length === 0) throw new RangeError('A chart needs at least one point');
	if (logX && xs[0] <= 0) throw new RangeError('A logarithmic x axis needs positive x values');

	const toAxis = (/** @type {number} */ x) => (logX ? Math.log10(x) : x);
	const xMin = toAxis(xs[0]);
	const xMax = toAxis(xs[xs.length - 1]);
	const yTicks = linearTicks(Math.max(...points.map(([, y]) => Number(y))));
	const yMax = yTicks[yTicks.length - 1];
	const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
	const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;

	// A single x value is drawn in the middle of the plot.
	const xPixel = (/** @type {number} */ x) =>
		xMax === xMin
			? MARGIN.left + plotWidth / 2
			: MARGIN.left + ((toAxis(x) - xMin) / (xMax - xMin)) * plotWidth;
	const yPixel = (/** @type {number} */ y) => MARGIN.top + plotHeight - (y / yMax) * plotHeight;
	const round = (/** @type {number} */ value) => Math.round(value * 10) / 10;

	const lines = [
		`<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="sans-serif" font-size="12">`,
		`<rect width="${WIDTH}" height="${HEIGHT}" fill="white"/>`,
		`<text x="${WIDTH / 2}" y="22" text-anchor="middle" font-size="15">${escapeXml(title)}</text>`,
	];

	for (const tick of yTicks) {
		const y = round(yPixel(tick));
		lines.push(
			`<line x1="${MARGIN.left}" y1="${y}" x2="${MARGIN.left + plotWidth}" y2="${y}" stroke="#ddd"/>`,
			`<text x="${MARGIN.left - 6}" y="${y + 4}" text-anchor="end">${formatTick(tick)}</text>`,
		);
	}
	for (const x of xs) {
		const px = round(xPixel(x));
		lines.push(
			`<line x1="${px}" y1="${MARGIN.top}" x2="${px}" y2="${MARGIN.top + plotHeight}" stroke="#eee"/>`,
			`<text x="${px}" y="${MARGIN.top + plotHeight + 16}" text-anchor="middle">${formatTick(x)}</text>`,
		);
	}
	lines.push(
		`<rect x="${MARGIN.left}" y="${MARGIN.top}" width="${plotWidth}" height="${plotHeight}" fill="none" stroke="#333"/>`,
		`<text x="${MARGIN.left + plotWidth / 2}" y="${HEIGHT - 10}" text-anchor="middle">${escapeXml(xLabel)}</text>`,
		`<text transform="translate(16 ${MARGIN.top + plotHeight / 2}) rotate(-90)" text-anchor="middle">${escapeXml(yLabel)}</text>`,
	);

	series.forEach((entry, index) => {
		const color = COLORS[index % COLORS.length];
		const drawn = entry.points
			.filter(([, y]) => y !== null)
			.map(([x, y]) => `${round(xPixel(x))},${round(yPixel(Number(y)))}`);
		if (drawn.length > 0) {
			lines.push(
				`<polyline fill="none" stroke="${color}" stroke-width="2" points="${drawn.join(' ')}"/>`,
			);
			for (const point of drawn) {
				const [cx, cy] = point.split(',');
				lines.push(`<circle cx="${cx}" cy="${cy}" r="3" fill="${color}"/>`);
			}
		}
		const legendY = MARGIN.top + 10 + index * 18;
		const legendX = MARGIN.left + plotWidth + 12;
		lines.push(
			`<line x1="${legendX}" y1="${legendY}" x2="${legendX + 18}" y2="${legendY}" stroke="${color}" stroke-width="2"/>`,
			`<text x="${legendX + 24}" y="${legendY + 4}">${escapeXml(entry.name)}</text>`,
		);
	});

	lines.push('</svg>');
	return `${lines.join('\n')}\n`;
}

module.exports = { lineChartSvg, escapeXml, linearTicks };
