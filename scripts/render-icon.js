// Renders the Marketplace icon (media/icon.png, 128×128) from the activity bar icon
// (media/note-review.svg): the same drawing, in white, on a rounded square of the
// extension's banner colour. The Marketplace needs a PNG; the SVG stays the source.
// Usage: node scripts/render-icon.js   (uses Debian's Chromium through playwright-core)
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const host = require('./vscode-server');

const SIZE = 128;
const svgFile = path.join(host.repoRoot, 'media', 'note-review.svg');
const pngFile = path.join(host.repoRoot, 'media', 'icon.png');
const pkg = require('../package.json');

function iconPage() {
  // The SVG strokes with currentColor, so the page's `color` paints it.
  const svg = fs.readFileSync(svgFile, 'utf8').replace(/width="\d+" height="\d+"/, 'width="88" height="88"');
  const background = pkg.galleryBanner && pkg.galleryBanner.color ? pkg.galleryBanner.color : '#1f4e79';
  return `<!doctype html><html><body style="margin:0;background:transparent">
<div id="icon" style="width:${SIZE}px;height:${SIZE}px;border-radius:24px;background:${background};color:#fff;display:flex;align-items:center;justify-content:center">${svg}</div>
</body></html>`;
}

async function main() {
  const browser = await host.launchBrowser();
  try {
    const page = await browser.newPage({ viewport: { width: SIZE, height: SIZE }, deviceScaleFactor: 1 });
    await page.setContent(iconPage());
    await page.locator('#icon').screenshot({ path: pngFile, omitBackground: true });
  } finally {
    await browser.close();
  }
  console.log(`[render-icon] wrote ${path.relative(host.repoRoot, pngFile)} (${SIZE}×${SIZE}, ${fs.statSync(pngFile).size} bytes)`);
}

main().catch((error) => {
  console.error(`[render-icon] ${error.stack || error}`);
  process.exit(1);
});
