import * as vscode from 'vscode';
import type { FeatureContext } from '../feature';

/**
 * Registers a command through the one wrapper every command uses: a failure is logged in
 * full to the log channel and shown to the user as one short message with "Show Log".
 */
export function registerCommand(
  { subscriptions, services }: FeatureContext,
  id: string,
  handler: (...args: unknown[]) => unknown,
): void {
  subscriptions.push(
    vscode.commands.registerCommand(id, async (...args: unknown[]) => {
      try {
        return await handler(...args);
      } catch (error) {
        services.log.error(`Command ${id} failed:`, error instanceof Error ? (error.stack ?? error.message) : String(error));
        const message = error instanceof Error ? error.message : String(error);
        void vscode.window.showErrorMessage(`Note Review: ${message}`, 'Show Log').then((choice) => {
          if (choice === 'Show Log') services.log.show(true);
        });
        return undefined;
      }
    }),
  );
}
