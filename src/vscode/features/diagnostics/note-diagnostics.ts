import * as vscode from 'vscode';
import { findNearMisses, NEAR_MISS_CODE, type Problem, type Severity } from '../../../core';
import { findGiveawayAnswers } from '../../../core/lint/giveaway-answers';
import type { NotesIndex } from '../../adapters/notes-index';
import { onDidChangeSettings, readingSettings, readSetting, type SettingValues } from '../../adapters/settings';

/** The `source` of every diagnostic this extension reports. */
export const DIAGNOSTIC_SOURCE = 'Note Review';

/** Values of `noteReview.diagnostics.severity`. */
type SeveritySetting = SettingValues['noteReview.diagnostics.severity'];

const SEVERITIES: Record<Severity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

const OVERRIDES: Record<Exclude<SeveritySetting, 'asReported'>, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  information: vscode.DiagnosticSeverity.Information,
  hint: vscode.DiagnosticSeverity.Hint,
};

/**
 * Keeps the Problems panel in step with the index: every note's parser problems, on
 * their lines, refreshed whenever the index reports a new parse (typing is debounced there).
 */
export class NoteDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('noteReview');
  private readonly disposables: vscode.Disposable[] = [this.collection];

  constructor(private readonly notes: NotesIndex) {
    this.disposables.push(
      notes.onDidChange((uris) => {
        for (const uri of uris) this.update(uri);
      }),
      // Ranges are exact only with the text at hand: redo a note's ranges when it opens.
      vscode.workspace.onDidOpenTextDocument((document) => this.update(document.uri)),
      onDidChangeSettings((change) => {
        if (change.affects('noteReview.diagnostics')) this.updateAll();
      }),
    );
    this.updateAll();
  }

  /** Redraws every note's diagnostics. */
  updateAll(): void {
    this.collection.clear();
    for (const entry of this.notes.all()) this.update(entry.uri);
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }

  private update(uri: vscode.Uri): void {
    const entry = this.notes.get(uri);
    if (!entry || !readSetting('noteReview.diagnostics.enabled', uri)) {
      this.collection.delete(uri);
      return;
    }
    const override = readSetting('noteReview.diagnostics.severity', uri);
    const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    const problems: Reported[] = [...entry.note.problems];
    if (readSetting('noteReview.diagnostics.giveawayAnswers', uri)) {
      for (const finding of findGiveawayAnswers(entry.note)) problems.push({ line: finding.line, severity: finding.severity, message: finding.message, code: `giveaway-answers.${finding.kind}` });
    }
    // Near misses need the text the index parsed: an open note's, at the parsed version.
    if (document && isParsedText(document, entry.version) && readSetting('noteReview.diagnostics.nearMisses', uri)) {
      for (const miss of findNearMisses(document.getText(), entry.note, { reading: readingSettings(uri) })) {
        problems.push({ line: miss.line, severity: 'info', message: `not a card: ${miss.reason}; it could use ${miss.forms.slice(0, 2).join(', or ')}`, code: NEAR_MISS_CODE });
      }
    }
    this.collection.set(
      uri,
      problems.map((problem) => toDiagnostic(problem, document, override)),
    );
  }
}

/** Whether the open document's text is the one the index's parse is of. */
function isParsedText(document: vscode.TextDocument, parsedVersion: number | undefined): boolean {
  return parsedVersion === undefined ? !document.isDirty : parsedVersion === document.version;
}

/** A parser problem, or a finding of a note-wide check (its code is not a parser's `ProblemCode`). */
type Reported = Omit<Problem, 'code'> & { readonly code: string };

function toDiagnostic(problem: Reported, document: vscode.TextDocument | undefined, override: SeveritySetting): vscode.Diagnostic {
  const line = problem.line - 1;
  let range: vscode.Range;
  if (document && line < document.lineCount) {
    const text = document.lineAt(line);
    range = new vscode.Range(line, text.firstNonWhitespaceCharacterIndex, line, text.range.end.character);
  } else {
    // Without the text, the start of the line; VS Code widens it to the word there.
    range = new vscode.Range(line, 0, line, 0);
  }
  const severity = override in OVERRIDES ? OVERRIDES[override as keyof typeof OVERRIDES] : SEVERITIES[problem.severity];
  const diagnostic = new vscode.Diagnostic(range, problem.message, severity);
  diagnostic.source = DIAGNOSTIC_SOURCE;
  diagnostic.code = problem.code;
  return diagnostic;
}
