// Render TeX with KaTeX at build time. Reads {options, formulas: [{tex, display}]} as JSON on stdin
// and writes a JSON list of {html} or {error} on stdout, in the formulas' order.
//
// KaTeX writes every formula twice: HTML that draws it (hidden from screen readers) and MathML that
// screen readers read. The MathML is trimmed here, without changing what it says:
// - the <annotation> holding the TeX source, and the <semantics> around it, go: screen readers
//   ignore them, and the TeX would otherwise sit in every page as hidden text;
// - an <mrow> with a single child is that child (MathML Core), so it is replaced by the child.
// On a maths-heavy page that removes about a fifth of the formulas' elements.
"use strict";
const katex = require("katex");

function slim(node) {
  if (!node || !Array.isArray(node.children)) {
    return node;
  }
  node.children = node.children.map(slim);
  if (node.type === "semantics") {
    // [expression, <annotation>]: keep the expression.
    return node.children.find((child) => child.type !== "annotation");
  }
  if (node.type === "mrow" && node.children.length === 1 && Object.keys(node.attributes).length === 0) {
    return node.children[0];
  }
  return node;
}

function render(tex, display, options) {
  const tree = katex.__renderToDomTree(tex, { ...options, displayMode: display, throwOnError: true, strict: "error" });
  const visit = (node) => {
    if (node.type === "math") {
      node.children = node.children.map(slim);
      // <math> is itself a row, so a single <mrow> directly inside it adds nothing.
      if (node.children.length === 1 && node.children[0].type === "mrow") {
        const row = node.children[0];
        if (Object.keys(row.attributes).length === 0) {
          node.children = row.children;
        }
      }
      return;
    }
    (node.children || []).forEach(visit);
  };
  visit(tree);
  return tree.toMarkup();
}

let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => (input += chunk));
process.stdin.on("end", () => {
  const { options, formulas } = JSON.parse(input);
  const rendered = formulas.map(({ tex, display }) => {
    try {
      return { html: render(tex, display, options) };
    } catch (error) {
      return { error: String(error.message) };
    }
  });
  process.stdout.write(JSON.stringify(rendered));
});
