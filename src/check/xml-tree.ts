import { SaxesParser } from "saxes";

/** An element of a parsed XML document, with its namespace URI resolved. */
export interface XmlElement {
  uri: string;
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  /** The element's own text and CDATA (not its children's), untrimmed. */
  text: string;
}

export type XmlTree = { ok: true; root: XmlElement } | { ok: false; problem: string };

/**
 * Parses `xml` with the same strict, namespace-aware XML 1.0 parser the publisher re-parses every document
 * with (saxes), into a small tree the structure checks walk. The first well-formedness error wins. Written
 * here rather than taken from a DOM library because saxes is already the project's strict parser and the
 * checks need only names, attributes and text.
 */
export function parseXmlTree(xml: string): XmlTree {
  const parser = new SaxesParser({ xmlns: true, position: true });
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  let problem: string | undefined;
  parser.on("error", (error) => {
    problem ??= error.message;
  });
  parser.on("opentag", (tag) => {
    const attributes: Record<string, string> = {};
    for (const attribute of Object.values(tag.attributes)) {
      // Unprefixed attributes are in no namespace; a prefixed one keeps its qualified name (xml:lang).
      attributes[attribute.name] = attribute.value;
    }
    const element: XmlElement = { uri: tag.uri, name: tag.local, attributes, children: [], text: "" };
    stack.at(-1)?.children.push(element);
    root ??= element;
    stack.push(element);
  });
  parser.on("closetag", () => {
    stack.pop();
  });
  const addText = (text: string) => {
    const current = stack.at(-1);
    if (current) current.text += text;
  };
  parser.on("text", addText);
  parser.on("cdata", addText);
  try {
    parser.write(xml).close();
  } catch (error) {
    problem ??= (error as Error).message;
  }
  if (problem !== undefined) return { ok: false, problem };
  if (root === undefined) return { ok: false, problem: "no root element" };
  return { ok: true, root };
}

export const childrenNamed = (element: XmlElement, uri: string, name: string): XmlElement[] =>
  element.children.filter((child) => child.uri === uri && child.name === name);

export const childNamed = (element: XmlElement, uri: string, name: string): XmlElement | undefined =>
  element.children.find((child) => child.uri === uri && child.name === name);
