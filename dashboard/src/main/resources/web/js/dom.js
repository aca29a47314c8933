// Building DOM nodes without ever parsing HTML. Every string on this page may come from untrusted
// telemetry (service, model, instance names, log bodies), so text is only ever set as text nodes
// and attributes through setAttribute with names chosen here, never innerHTML.

/**
 * h('td', {class: 'num', title: 'x', onclick: fn, dataset: {k: 'v'}}, 'text', node, [more])
 * Children: strings and numbers become text nodes, null/undefined/false are skipped, arrays flatten.
 */
export function h(tag, props, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === 'class') node.className = value;
    else if (key === 'dataset') Object.assign(node.dataset, value);
    else if (key.startsWith('on') && typeof value === 'function') {
      node.addEventListener(key.slice(2), value);
    } else if (key === 'value') node.value = value;
    else if (key === 'checked' || key === 'selected' || key === 'hidden' || key === 'disabled') {
      node[key] = Boolean(value);
    } else node.setAttribute(key, value === true ? '' : String(value));
  }
  append(node, children);
  return node;
}

function append(node, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(node, child);
    else if (child instanceof Node) node.appendChild(child);
    else node.appendChild(document.createTextNode(String(child)));
  }
}

/** Replaces all children of `node` with `children`. */
export function replace(node, ...children) {
  node.replaceChildren();
  append(node, children);
  return node;
}
