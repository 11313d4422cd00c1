// Small DOM helpers shared by the extension's webview pages (quiz, mock exam, statistics).

/** The page's side of VS Code's webview API, typed by the messages the page sends. */
export interface WebviewApi<ToHost> {
  postMessage(message: ToHost): void;
  setState(state: unknown): void;
  getState(): unknown;
}
declare function acquireVsCodeApi(): WebviewApi<unknown>;

/** VS Code's API for this page. VS Code hands it out once per page: call this once, at load. */
export function acquireWebviewApi<ToHost>(): WebviewApi<ToHost> {
  return acquireVsCodeApi() as WebviewApi<ToHost>;
}

export function byId(id: string): HTMLElement {
  const element = document.getElementById(id);
  if (!element) throw new Error(`the page lacks #${id}`);
  return element;
}

/** Creates an element with classes, attributes and children. */
export function h(tag: string, props: Record<string, string | boolean | undefined> = {}, ...children: (Node | string | undefined)[]): HTMLElement {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === false) continue;
    if (key === 'class') element.className = String(value);
    else element.setAttribute(key, value === true ? '' : value);
  }
  for (const child of children) if (child !== undefined) element.append(child);
  return element;
}

/** Host-rendered note HTML (markdown-it, html: false) in a container. */
export function markdown(tag: string, html: string, className: string, id?: string): HTMLElement {
  const element = h(tag, { class: `markdown ${className}`, id });
  element.innerHTML = html;
  return element;
}

export function icon(name: string): HTMLElement {
  return h('span', { class: `codicon codicon-${name}`, 'aria-hidden': 'true' });
}

export function key(label: string): HTMLElement {
  return h('kbd', { class: 'key', 'aria-hidden': 'true' }, label);
}

export function button(label: string, action: () => void, props: Record<string, string | boolean | undefined> = {}, ...prefix: Node[]): HTMLButtonElement {
  const element = h('button', { type: 'button', ...props }, ...prefix, label) as HTMLButtonElement;
  element.addEventListener('click', action);
  return element;
}
