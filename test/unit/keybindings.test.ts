import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

// Compiled to out/test/unit, so the repository is three folders up.
const ROOT = path.resolve(__dirname, '../../..');

type Platform = 'linux' | 'mac' | 'windows';
interface Keybinding {
  command: string;
  key: string;
  mac?: string;
  linux?: string;
  win?: string;
  when?: string;
}
interface DefaultKeybindings {
  vscode: string;
  producedBy: string;
  platforms: Record<Platform, Record<string, string[]>>;
}

const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { contributes: { keybindings: Keybinding[] } };
// Produced by scripts/extract-default-keybindings.js (see the fixture's `source`).
const defaults = JSON.parse(fs.readFileSync(path.join(ROOT, 'test/fixtures/keybindings/default-keybindings.json'), 'utf8')) as DefaultKeybindings;

/** A key sequence in one spelling: modifiers sorted within each chord part, lower case. */
function normalize(sequence: string): string {
  return sequence
    .trim()
    .toLowerCase()
    .split(/\s+/)
    .map((part) => {
      const pieces = part.split('+');
      const key = pieces.pop() ?? '';
      return [...pieces.sort(), key].join('+');
    })
    .join(' ');
}

function keyOn(binding: Keybinding, platform: Platform): string {
  const specific = platform === 'mac' ? binding.mac : platform === 'windows' ? binding.win : binding.linux;
  return normalize(specific ?? binding.key);
}

/**
 * The default bindings a key sequence would shadow on a platform, whatever their `when`:
 * the same sequence, a default chord that starts with our single key, or a default single
 * key that starts our chord.
 */
function shadowed(sequence: string, platform: Platform): string[] {
  const table = defaults.platforms[platform];
  const ours = sequence.split(' ');
  const found: string[] = [];
  for (const [defaultKey, commands] of Object.entries(table)) {
    const theirs = normalize(defaultKey).split(' ');
    const clash =
      theirs.join(' ') === ours.join(' ') ||
      (ours.length === 1 && theirs.length > 1 && theirs[0] === ours[0]) ||
      (ours.length > 1 && theirs.length === 1 && theirs[0] === ours[0]);
    if (clash) found.push(`${defaultKey} (${commands.join(', ')})`);
  }
  return found;
}

const PLATFORMS: readonly Platform[] = ['linux', 'mac', 'windows'];

describe('keyboard shortcuts of the manifest', () => {
  it('the stored defaults are those of the VS Code the tests run in, for every platform', () => {
    assert.equal(defaults.vscode, '1.139.1');
    assert.equal(defaults.producedBy, 'node scripts/extract-default-keybindings.js');
    for (const platform of PLATFORMS) assert.ok(Object.keys(defaults.platforms[platform]).length > 300, platform);
    // Spot checks that the platforms differ as VS Code's do.
    assert.ok(defaults.platforms.linux['ctrl+p']?.includes('workbench.action.quickOpen'));
    assert.ok(defaults.platforms.mac['cmd+p']?.includes('workbench.action.quickOpen'));
    assert.ok(defaults.platforms.windows['ctrl+p']?.includes('workbench.action.quickOpen'));
  });

  it('the check finds a default binding taken by a key, a chord prefix or a chord', () => {
    assert.match(shadowed(normalize('ctrl+shift+v'), 'linux').join(), /markdown\.(show|toggle)Preview/);
    assert.match(shadowed(normalize('shift+cmd+v'), 'mac').join(), /markdown\.(show|toggle)Preview/);
    assert.ok(shadowed(normalize('ctrl+k'), 'windows').length > 10, 'ctrl+k starts many chords');
    assert.match(shadowed(normalize('ctrl+p x'), 'linux').join(), /quickOpen/);
    assert.match(shadowed(normalize('ctrl+k ctrl+s'), 'linux').join(), /openGlobalKeybindings/);
  });

  it('none of ours shadows a default binding of VS Code 1.139 on Linux, macOS or Windows', () => {
    assert.ok(manifest.contributes.keybindings.length >= 4);
    for (const binding of manifest.contributes.keybindings) {
      for (const platform of PLATFORMS) {
        assert.deepEqual(shadowed(keyOn(binding, platform), platform), [], `${binding.command} on ${platform}`);
      }
    }
  });

  it('each acts only in a markdown editor or in our views', () => {
    for (const binding of manifest.contributes.keybindings) {
      assert.ok(binding.when, `${binding.command} has no when clause`);
      for (const alternative of binding.when.split('||')) {
        assert.match(alternative, /editorLangId == markdown|focusedView == noteReview\./, `${binding.command}: ${alternative}`);
      }
    }
  });

  it('quiz this section, start review and hide or reveal answers have a key', () => {
    const bound = new Set(manifest.contributes.keybindings.map((b) => b.command));
    for (const command of ['noteReview.quizSection', 'noteReview.startReview', 'noteReview.hideAllAnswers', 'noteReview.revealAllAnswers', 'noteReview.toggleAnswerAtCursor']) {
      assert.ok(bound.has(command), command);
    }
  });
});
