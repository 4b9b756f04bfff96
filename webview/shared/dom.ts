/** Tiny DOM helpers: build elements with text content only, so data from a file can never inject markup. */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: { className?: string; text?: string; title?: string; attrs?: Record<string, string> } = {},
  ...children: Array<Node | string | null | undefined>
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (props.className) node.className = props.className;
  if (props.text !== undefined) node.textContent = props.text;
  if (props.title) node.title = props.title;
  for (const [name, value] of Object.entries(props.attrs ?? {})) node.setAttribute(name, value);
  for (const child of children) {
    if (child !== null && child !== undefined) node.append(child);
  }
  return node;
}

/** A table with a header row; `numeric` columns are right-aligned. */
export function table(headers: string[], rows: Array<Array<Node | string>>, numeric: ReadonlySet<number> = new Set()): HTMLTableElement {
  const head = el('tr', {}, ...headers.map((h, i) => el('th', { text: h, className: numeric.has(i) ? 'num' : '', attrs: { scope: 'col' } })));
  const body = rows.map((cells) => el('tr', {}, ...cells.map((cell, i) => el('td', { className: numeric.has(i) ? 'num' : '' }, cell))));
  return el('table', {}, el('thead', {}, head), el('tbody', {}, ...body));
}
