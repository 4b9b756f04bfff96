/**
 * The one channel between a webview page and the extension host. Each panel types it with its own protocol
 * (src/protocol*.ts); VS Code allows acquireVsCodeApi() only once per page, so the API object is kept here.
 */
interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

let api: VsCodeApi | undefined;

export interface Channel<In, Out> {
  post(message: Out): void;
  onMessage(handler: (message: In) => void): void;
  /** What VS Code kept for this panel across hide/show and window reloads (unchecked: validate before use). */
  getState(): unknown;
  setState(state: unknown): void;
}

/** The page's channel, typed by the panel's protocol: `In` from the host, `Out` to it. */
export function channel<In, Out>(): Channel<In, Out> {
  api ??= acquireVsCodeApi();
  const vscode = api;
  return {
    post: (message) => vscode.postMessage(message),
    onMessage: (handler) => window.addEventListener('message', (event: MessageEvent<In>) => handler(event.data)),
    getState: () => vscode.getState(),
    setState: (state) => vscode.setState(state),
  };
}

/** Adds a panel's stylesheet as a <style> with the page's nonce (the CSP allows no other inline style). */
export function installStyles(css: string): void {
  const nonce = document.querySelector<HTMLScriptElement>('script[nonce]')?.nonce ?? '';
  const style = document.createElement('style');
  style.nonce = nonce;
  style.textContent = css;
  document.head.append(style);
}
