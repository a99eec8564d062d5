const { src, dest } = require('gulp');

// tsc compiles the code and copies the codex JSON files; the icons are left to this task.
// encoding: false keeps binary icons intact, because gulp 5 decodes files as text by default.
function buildIcons() {
	return src(['nodes/**/*.{png,svg}', 'credentials/**/*.{png,svg}'], {
		base: '.',
		encoding: false,
	}).pipe(dest('dist'));
}

exports['build:icons'] = buildIcons;
