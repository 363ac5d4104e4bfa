/** A piece of plain text: either text to show as is, or an http(s) address to make a link of. */
export type TextPart = { text: string } | { href: string };

// Up to whitespace or `<`/`>`/quotes, which cannot appear unencoded in a URL written in a mail.
const URL_RE = /\bhttps?:\/\/[^\s<>"']+/gi;
// Sentence punctuation right after an address belongs to the sentence, not to the address.
const TRAILING = /[.,;:!?)\]}]+$/;

/**
 * Splits plain text into text and http(s) addresses, so a page can render the addresses as links
 * and everything else as escaped text (no HTML is ever parsed from the mail).
 * `linkify("Apri https://a.it/x.") // [{text:"Apri "}, {href:"https://a.it/x"}, {text:"."}]`
 */
export function linkify(text: string): TextPart[] {
  const parts: TextPart[] = [];
  let last = 0;
  for (const m of text.matchAll(URL_RE)) {
    let href = m[0];
    const trail = TRAILING.exec(href)?.[0] ?? "";
    // Keep a closing parenthesis that closes one opened inside the address (Wikipedia-style).
    let keep = 0;
    if (trail.startsWith(")") && (href.split("(").length - 1) > 0) keep = 1;
    href = href.slice(0, href.length - trail.length + keep);
    const start = m.index!;
    if (start > last) parts.push({ text: text.slice(last, start) });
    parts.push({ href });
    last = start + href.length;
  }
  if (last < text.length) parts.push({ text: text.slice(last) });
  return parts;
}
