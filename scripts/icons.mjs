// Draws Punie's icons as SVG and renders everything packaging and the tray need:
//
//   build/icon.svg, build/icon.png (1024), build/icons/<n>x<n>.png (Linux),
//   build/icon.icns (macOS), build/icon.ico (Windows),
//   build/tray/tray-<state>Template.png (+ @2x)  macOS template images (black + alpha)
//   build/tray/tray-<state>.png (+ @2x)          coloured, for Windows and Linux
//
// for the three tray states: ready (a local model is loaded), no-model, offline.
// Run `node scripts/icons.mjs` after changing a drawing; the generated files are committed.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import png2icons from 'png2icons';

const root = resolve(import.meta.dirname, '..');
const buildDir = join(root, 'build');

// ------------------------------------------------------------------ drawings

/**
 * The app icon: a rounded square in an indigo-to-teal gradient holding a bold
 * white "P" drawn with one stroke, its counter lit by a small "model is
 * running" dot. Content sits on macOS's 824 px grid inside the 1024 canvas.
 */
const APP_ICON = `<svg xmlns="http://www.w3.org/2000/svg" width="1024" height="1024" viewBox="0 0 1024 1024">
  <defs>
    <linearGradient id="bg" x1="0" y1="0" x2="1" y2="1">
      <stop offset="0" stop-color="#5B4BDB"/>
      <stop offset="1" stop-color="#1A9E9A"/>
    </linearGradient>
    <radialGradient id="sheen" cx="0.3" cy="0.2" r="0.9">
      <stop offset="0" stop-color="#FFFFFF" stop-opacity="0.22"/>
      <stop offset="0.6" stop-color="#FFFFFF" stop-opacity="0"/>
    </radialGradient>
    <filter id="shadow" x="-10%" y="-10%" width="120%" height="130%">
      <feDropShadow dx="0" dy="10" stdDeviation="14" flood-color="#0B0830" flood-opacity="0.35"/>
    </filter>
  </defs>
  <rect x="100" y="100" width="824" height="824" rx="186" fill="url(#bg)" filter="url(#shadow)"/>
  <rect x="100" y="100" width="824" height="824" rx="186" fill="url(#sheen)"/>
  <path d="M392 742 V292 H548 A152 152 0 0 1 548 596 H392" fill="none" stroke="#FFFFFF" stroke-width="116" stroke-linecap="round" stroke-linejoin="round"/>
  <circle cx="552" cy="444" r="46" fill="#7CF5C8"/>
</svg>
`;

/**
 * macOS template images: black and alpha only; the menu bar tints them for
 * light and dark. The "P" glyph with a status badge at the bottom right, cut
 * out of the glyph so it reads at 16 pt: a solid dot when a model is ready, a
 * ring when a server runs without a model; offline is the dimmed glyph alone.
 */
function templateTray(state) {
  const badge = {
    ready: '<circle cx="25" cy="25" r="5.5" fill="#000"/>',
    'no-model': '<circle cx="25" cy="25" r="4.4" fill="none" stroke="#000" stroke-width="2.6"/>',
    offline: '',
  }[state];
  const cut = state === 'offline' ? '' : '<circle cx="25" cy="25" r="8.2" fill="#000"/>';
  return `<svg xmlns="http://www.w3.org/2000/svg" width="32" height="32" viewBox="0 0 32 32">
  <mask id="cut"><rect width="32" height="32" fill="#fff"/>${cut}</mask>
  <g mask="url(#cut)" opacity="${state === 'offline' ? 0.45 : 1}">
    <path d="M8 28 V5 H15.5 A7 7 0 0 1 15.5 19 H8" fill="none" stroke="#000" stroke-width="5" stroke-linecap="round" stroke-linejoin="round"/>
  </g>
  ${badge}
</svg>
`;
}

const STATE_COLOURS = { ready: '#22C55E', 'no-model': '#F59E0B', offline: '#9CA3AF' };

/**
 * Coloured tray icons for Windows and Linux panels, light or dark: the app's
 * rounded square with the white glyph, and a coloured status badge ringed in
 * white (green ready, amber no model; offline is the greyed square without a badge).
 */
function colourTray(state) {
  const bg = state === 'offline' ? '#6B7280' : 'url(#bg)';
  const badge = state === 'offline' ? '' : `<circle cx="25.5" cy="25.5" r="6.5" fill="#FFFFFF"/>${
    state === 'ready'
      ? `<circle cx="25.5" cy="25.5" r="4.5" fill="${STATE_COLOURS.ready}"/>`
      : `<circle cx="25.5" cy="25.5" r="3.6" fill="none" stroke="${STATE_COLOURS['no-model']}" stroke-width="2.2"/>`
  }`;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="32" height="32" viewBox="0 0 32 32">
  <defs>
    <linearGradient id="bg" x1="0" y1="0" x2="1" y2="1">
      <stop offset="0" stop-color="#5B4BDB"/>
      <stop offset="1" stop-color="#1A9E9A"/>
    </linearGradient>
  </defs>
  <rect x="1" y="1" width="28" height="28" rx="7" fill="${bg}"/>
  <path d="M10.5 24 V7.5 H15.5 A5 5 0 0 1 15.5 17.5 H10.5" fill="none" stroke="#FFFFFF" stroke-width="4" stroke-linecap="round" stroke-linejoin="round"/>
  ${badge}
</svg>
`;
}

// ----------------------------------------------------------------- rendering

function render(svg, size) {
  return new Resvg(svg, { fitTo: { mode: 'width', value: size }, background: 'rgba(0,0,0,0)' }).render().asPng();
}

async function write(path, data) {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, data);
  process.stdout.write(`  ${path.slice(root.length + 1)}\n`);
}

async function main() {
  process.stdout.write('icons:\n');
  await write(join(buildDir, 'icon.svg'), APP_ICON);
  const master = render(APP_ICON, 1024);
  await write(join(buildDir, 'icon.png'), master);
  for (const size of [16, 24, 32, 48, 64, 128, 256, 512, 1024]) {
    await write(join(buildDir, 'icons', `${size}x${size}.png`), render(APP_ICON, size));
  }
  const icns = png2icons.createICNS(master, png2icons.BICUBIC, 0);
  const ico = png2icons.createICO(master, png2icons.BICUBIC, 0, false, true);
  if (!icns || !ico) throw new Error('png2icons could not convert the master PNG');
  await write(join(buildDir, 'icon.icns'), icns);
  await write(join(buildDir, 'icon.ico'), ico);

  for (const state of ['ready', 'no-model', 'offline']) {
    const template = templateTray(state);
    await write(join(buildDir, 'tray', `tray-${state}Template.png`), render(template, 16));
    await write(join(buildDir, 'tray', `tray-${state}Template@2x.png`), render(template, 32));
    const colour = colourTray(state);
    await write(join(buildDir, 'tray', `tray-${state}.png`), render(colour, 16));
    await write(join(buildDir, 'tray', `tray-${state}@2x.png`), render(colour, 32));
    await write(join(buildDir, 'tray', `tray-${state}.svg`), colour);
  }
}

await main();
