'use strict';

/** Every route the sandbox serves, VTEX routes first, then the marketplace double. */
const ROUTES = [
	...require('./catalog').routes,
	...require('./images').routes,
	...require('./simulation').routes,
	...require('./logistics').routes,
	...require('./pricing').routes,
	...require('./affiliates').routes,
	...require('./mapper').routes,
	...require('./marketplace').routes,
];

/**
 * Finds the route of a request. A path that a route serves with another method yields
 * `methodNotAllowed` with the methods it accepts.
 * @param {string} method
 * @param {string} path
 * @returns {{route: import('./common').Route, params: Record<string, string>} |
 *   {route: null, allowed: string[]}}
 */
function findRoute(method, path) {
	const allowed = [];
	for (const route of ROUTES) {
		const found = route.pattern.exec(path);
		if (!found) continue;
		if (route.method === method) {
			const params = {};
			for (const [name, value] of Object.entries(found.groups ?? {})) {
				params[name] = decodeURIComponent(value);
			}
			return { route, params };
		}
		allowed.push(route.method);
	}
	return { route: null, allowed };
}

module.exports = { ROUTES, findRoute };
