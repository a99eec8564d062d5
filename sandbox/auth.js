'use strict';

const { firstValue } = require('./match');

/**
 * Checks the VTEX key pair of a request and the role the scenario grants.
 *
 * Returns null when the request may proceed, else the response VTEX would send: 401 when
 * `X-VTEX-API-AppKey` or `X-VTEX-API-AppToken` is missing or wrong, 403 when the scenario lists
 * the route in `forbiddenRoutes`. The messages never repeat the values received.
 *
 * @param {{appKey: string, appToken: string, forbiddenRoutes: Set<string>}} scenario
 * @param {string} route
 * @param {Record<string, string | string[] | undefined>} headers lower-case names
 * @returns {{status: number, body: string} | null}
 */
function checkAuthentication(scenario, route, headers) {
	const appKey = firstValue(headers['x-vtex-api-appkey']);
	const appToken = firstValue(headers['x-vtex-api-apptoken']);
	if (appKey === undefined || appToken === undefined) {
		return {
			status: 401,
			body: 'Unauthorized: the headers X-VTEX-API-AppKey and X-VTEX-API-AppToken are required.',
		};
	}
	if (appKey !== scenario.appKey || appToken !== scenario.appToken) {
		return { status: 401, body: 'Unauthorized: the app key or app token is invalid.' };
	}
	if (scenario.forbiddenRoutes.has(route)) {
		return {
			status: 403,
			body: `Forbidden: the app key has no role that grants access to this resource (${route}).`,
		};
	}
	return null;
}

module.exports = { checkAuthentication };
