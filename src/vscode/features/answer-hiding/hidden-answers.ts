import * as vscode from 'vscode';

/** One note's hiding state: a note-wide default plus the cards toggled away from it. */
interface NoteState {
  allHidden: boolean;
  /** Card ids whose state is the opposite of `allHidden`. */
  readonly flipped: Set<string>;
}

/**
 * Which answers are hidden, per note, for as long as VS Code runs.
 *
 * A note's state starts from `hiddenByDefault()` the first time it is asked about. It is
 * keyed by card id, which survives edits elsewhere in the note (see core/model/card-id.ts), so
 * a hidden card stays hidden while the note is edited; cards added to a note whose answers
 * were all hidden are hidden too. Renamed notes keep their state.
 */
export class HiddenAnswers implements vscode.Disposable {
  private readonly notes = new Map<string, NoteState>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  private readonly disposables: vscode.Disposable[] = [this.changed];

  /** Fires with the note whose hidden answers changed. */
  readonly onDidChange = this.changed.event;

  constructor(private readonly hiddenByDefault: (uri: vscode.Uri) => boolean) {
    this.disposables.push(
      vscode.workspace.onDidRenameFiles((event) => {
        for (const { oldUri, newUri } of event.files) {
          const state = this.notes.get(oldUri.toString());
          if (!state) continue;
          this.notes.delete(oldUri.toString());
          this.notes.set(newUri.toString(), state);
        }
      }),
    );
  }

  /** Whether the answer of card `cardId` in the note at `uri` is hidden. */
  isHidden(uri: vscode.Uri, cardId: string): boolean {
    const state = this.stateOf(uri);
    return state.allHidden !== state.flipped.has(cardId);
  }

  /** Hides or reveals the answers of the given cards of one note. */
  setHidden(uri: vscode.Uri, cardIds: readonly string[], hidden: boolean): void {
    const state = this.stateOf(uri);
    for (const id of cardIds) {
      if (hidden === state.allHidden) state.flipped.delete(id);
      else state.flipped.add(id);
    }
    this.changed.fire(uri);
  }

  /** Hides or reveals every answer of one note, including cards added to it later. */
  setAllHidden(uri: vscode.Uri, hidden: boolean): void {
    const state = this.stateOf(uri);
    state.allHidden = hidden;
    state.flipped.clear();
    this.changed.fire(uri);
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }

  private stateOf(uri: vscode.Uri): NoteState {
    const key = uri.toString();
    let state = this.notes.get(key);
    if (!state) {
      state = { allHidden: this.hiddenByDefault(uri), flipped: new Set() };
      this.notes.set(key, state);
    }
    return state;
  }
}
