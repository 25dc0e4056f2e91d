// Building DOM from data. Text always goes in as text nodes, never as HTML, so nothing
// an event source wrote (names, summaries, evidence) can inject markup.

/**
 * `el("li", { className: "x", dataset: { testid: "y" } }, "text", child)`. Attributes
 * named like DOM properties are set as properties; others (aria-*, role) as attributes.
 */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === "dataset") Object.assign(node.dataset, value);
    else if (name in node && !name.includes("-")) node[name] = value;
    else node.setAttribute(name, value === true ? "" : String(value));
  }
  node.append(...children.flat(Infinity).filter((child) => child !== null && child !== undefined && child !== false));
  return node;
}

/** A `<dl>` of label → value pairs; values may be strings or nodes. Empty values are left out. */
export function definitionList(pairs, className = "facts") {
  const list = el("dl", { className });
  for (const [label, value] of pairs) {
    if (value === null || value === undefined || value === "") continue;
    list.append(el("div", {}, el("dt", {}, label), el("dd", {}, value)));
  }
  return list;
}
