/** Something to undo: a listener to remove, a timer to clear. */
export interface Disposable {
  dispose(): void;
}

/** Subscribes a listener; returns how to unsubscribe (VS Code's `Event` shape). */
export type Event<T> = (listener: (value: T) => void) => Disposable;

/**
 * A minimal event emitter for the core (no `vscode` here): `event` to subscribe, `fire`
 * to call every listener in subscription order.
 *
 * ```ts
 * const changed = new Emitter<void>();
 * const sub = changed.event(() => console.log('changed'));
 * changed.fire();
 * sub.dispose();
 * ```
 */
export class Emitter<T> implements Disposable {
  private listeners: ((value: T) => void)[] = [];

  readonly event: Event<T> = (listener) => {
    this.listeners.push(listener);
    return { dispose: () => (this.listeners = this.listeners.filter((l) => l !== listener)) };
  };

  fire(value: T): void {
    for (const listener of [...this.listeners]) listener(value);
  }

  dispose(): void {
    this.listeners = [];
  }
}
