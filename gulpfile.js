// Build: clean dist/, compile TypeScript, then copy what tsc does not emit — node icons, codex files
// (<Node>.node.json) and the template workflows — so `npm pack` ships a complete package.
const { src, dest, series } = require('gulp');
const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');

function clean(done) {
	fs.rmSync(path.join(__dirname, 'dist'), { recursive: true, force: true });
	done();
}

function compile(done) {
	execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.json'], {
		stdio: 'inherit',
	});
	done();
}

function copyIcons() {
	return src(['nodes/**/*.{png,svg}', 'credentials/**/*.{png,svg}', 'icons/**/*.{png,svg}'], {
		base: '.',
		encoding: false,
	}).pipe(dest('dist'));
}

function copyCodex() {
	return src('nodes/**/*.node.json', { base: '.' }).pipe(dest('dist'));
}

function copyTemplates() {
	return src('workflows/**/*.{json,md}', { base: '.', allowEmpty: true }).pipe(dest('dist'));
}

exports.build = series(clean, compile, copyIcons, copyCodex, copyTemplates);
exports.default = exports.build;
