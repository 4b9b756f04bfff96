/**
 * The webviews' UI components, behind one module so that the choice of library is easy to revisit (ARCHITECTURE:
 * `@vscode-elements/elements`, the maintained successor of the archived webview UI toolkit). Importing this module
 * registers the custom elements below; they follow the theme through VS Code's CSS variables and style themselves
 * with constructed stylesheets, which the webviews' strict Content-Security-Policy allows.
 *
 * Add a component here (one import line) before using its tag in a webview.
 */
import '@vscode-elements/elements/dist/vscode-multi-select/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';

export type { VscodeMultiSelect } from '@vscode-elements/elements/dist/vscode-multi-select/vscode-multi-select.js';
export type { VscodeOption } from '@vscode-elements/elements/dist/vscode-option/vscode-option.js';

/** A multi-select with one option per value; `label` is what the list shows for it (e.g. with a count). */
export function multiSelect(options: { label: string; values: Array<{ value: string; label: string; selected: boolean }> }): HTMLElementTagNameMap['vscode-multi-select'] {
  const select = document.createElement('vscode-multi-select');
  select.label = options.label;
  select.setAttribute('aria-label', options.label);
  setMultiSelectOptions(select, options.values);
  return select;
}

/**
 * Sets the options of a multi-select. The same values in the same order are updated in place (labels, selection):
 * replacing the elements while the list is open would close it under the person's pointer.
 */
export function setMultiSelectOptions(select: HTMLElementTagNameMap['vscode-multi-select'], values: Array<{ value: string; label: string; selected: boolean }>): void {
  const current = [...select.children] as Array<HTMLElementTagNameMap['vscode-option']>;
  if (current.length === values.length && current.every((option, i) => option.value === values[i].value)) {
    current.forEach((option, i) => {
      if (option.textContent !== values[i].label) option.textContent = values[i].label;
      if (option.selected !== values[i].selected) option.selected = values[i].selected;
    });
    return;
  }
  select.replaceChildren(
    ...values.map((v) => {
      const option = document.createElement('vscode-option');
      option.value = v.value;
      option.selected = v.selected;
      option.textContent = v.label;
      return option;
    }),
  );
}
