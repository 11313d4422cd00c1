import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

// Compiled to out/test/unit, so the repository is three folders up.
const ROOT = path.resolve(__dirname, '../../..');
const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  contributes: {
    commands: { command: string; title: string }[];
    configuration: { properties: Record<string, unknown> };
    keybindings: { command: string; key: string; mac?: string }[];
  };
};

/** `ctrl+' q` as the README writes it: `Ctrl+' Q`. */
function asWritten(key: string): string {
  return key
    .split(' ')
    .map((part) => part.split('+').map((piece) => (piece.length === 1 ? piece.toUpperCase() : piece[0].toUpperCase() + piece.slice(1))).join('+'))
    .join(' ');
}

describe('the README', () => {
  it('stays small: under 15 KB (the Marketplace page; issue 14 sets the bound)', () => {
    assert.ok(Buffer.byteLength(readme) < 15_000, `${Buffer.byteLength(readme)} bytes`);
    assert.match(readme, /^## Reliability$/m);
  });

  it('names every command the manifest contributes, by id', () => {
    const missing = manifest.contributes.commands.filter((c) => !readme.includes(`\`${c.command}\``)).map((c) => c.command);
    assert.deepEqual(missing, []);
  });

  it('names every setting the manifest contributes', () => {
    const missing = Object.keys(manifest.contributes.configuration.properties).filter((id) => !readme.includes(`\`${id}\``));
    assert.deepEqual(missing, []);
  });

  it('lists every keyboard shortcut, with its macOS key', () => {
    for (const binding of manifest.contributes.keybindings) {
      const title = manifest.contributes.commands.find((c) => c.command === binding.command)?.title ?? binding.command;
      const row = readme.split('\n').find((line) => line.startsWith(`| \`${asWritten(binding.key)}\``));
      assert.ok(row, `no row for ${binding.key}`);
      assert.ok(binding.mac && row.includes(`\`${asWritten(binding.mac)}\``), `${binding.key}: macOS key`);
      assert.ok(row.includes(title.replace(/ in Note$/, '')), `${binding.key}: ${title}`);
    }
  });

  it('shows pictures of the product from docs/images, by relative path, each a small PNG', () => {
    const images = [...readme.matchAll(/!\[[^\]]+\]\(([^)]+)\)/g)].map((m) => m[1]);
    assert.ok(images.length >= 4, images.join());
    for (const image of images) {
      assert.match(image, /^docs\/images\/[a-z-]+\.png$/);
      const bytes = fs.readFileSync(path.join(ROOT, image));
      assert.equal(bytes.subarray(1, 4).toString('latin1'), 'PNG', image);
      assert.ok(bytes.length < 110_000, `${image}: ${bytes.length} bytes`);
    }
  });

  it('links to documents that exist', () => {
    const links = [...readme.matchAll(/\]\(((?:docs\/|CHANGELOG)[^)#]*)(?:#[^)]*)?\)/g)].map((m) => m[1]);
    assert.ok(links.includes('docs/DEVELOPING.md') && links.includes('docs/GUIDE.md'));
    for (const link of links) assert.ok(fs.existsSync(path.join(ROOT, link)), link);
  });
});

describe('the packaged files (vsce ls)', () => {
  it('hold what runs and the icon, and no docs, tests or sources', function () {
    this.timeout(60_000);
    const vsce = path.join(ROOT, 'node_modules', '@vscode', 'vsce', 'vsce');
    const listed = spawnSync(process.execPath, [vsce, 'ls', '--no-dependencies'], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(listed.status, 0, listed.stderr);
    const files = listed.stdout.trim().split('\n');
    for (const wanted of ['package.json', 'README.md', 'media/icon.png', 'media/walkthrough/quiz.svg', 'samples/aws-ai-practitioner-notes.md']) {
      assert.ok(files.includes(wanted), `${wanted} missing from:\n${listed.stdout}`);
    }
    assert.deepEqual(files.filter((file) => /^(docs|src|test|scripts|out|node_modules)\//.test(file)), []);
  });
});
