/**
 * Chat titles that tell chats apart in the sidebar. A new chat is named at once from its first
 * message, without a model (so the demo model's chats and a slow provider's get a title too);
 * when a real model answers, it may name the chat better in the background (name-chat.ts).
 * Pure functions: the browser imports this module through the wire contract.
 */

/** Titles are at most this long, whoever wrote them (a person renaming, a model, the summary). */
export const MAX_TITLE_CHARS = 100;

/** A summary keeps this many words of the first message. */
const SUMMARY_WORDS = 6;

/** How a message often opens without saying what it is about. */
const OPENERS = [
  /^(?:hi|hello|hey|good (?:morning|afternoon|evening))(?: there)?\b[\s,.!]*/i,
  /^(?:(?:can|could|would) you(?: please)?|please|i(?:'d| would) like (?:you )?to|i (?:want|need) (?:you )?to)\b\s*/i,
];

const ORDER_NUMBER = /\b(?:order\s*(?:number\s*)?#?\s*|#)(\d{3,7})\b/i;
const EMAIL = /\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b/;

/** A title from the first message: its first few words, and the order or customer it names when those were cut off. */
export function titleFromMessage(text: string): string {
  let line = text.replace(/\s+/g, ' ').trim();
  for (const opener of OPENERS) line = line.replace(opener, '');
  if (!line) return clampTitle(text.replace(/\s+/g, ' ').trim()) || 'New chat';
  line = line[0]!.toUpperCase() + line.slice(1);

  const words = line.split(' ');
  if (words.length <= SUMMARY_WORDS) return clampTitle(line);
  const head = words.slice(0, SUMMARY_WORDS).join(' ').replace(/[\s,.;:!?–—-]+$/, '');
  const subject = subjectOf(line);
  const tag = subject && !head.toLowerCase().includes(subject.inText.toLowerCase()) ? ` · ${subject.label}` : '';
  return clampTitle(`${head}…${tag}`);
}

/** The order number or customer email a message is about, if it names one. */
function subjectOf(text: string): { inText: string; label: string } | null {
  const order = ORDER_NUMBER.exec(text);
  if (order) return { inText: order[1]!, label: `#${order[1]}` };
  const email = EMAIL.exec(text);
  return email ? { inText: email[0], label: email[0] } : null;
}

/** One line, no wrapping quotes or final period, at most MAX_TITLE_CHARS (cut at a word). */
export function cleanTitle(raw: string): string {
  const line = raw
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^(?:title:\s*)/i, '')
    .replace(/^["'“”‘’*]+|["'“”‘’*]+$/g, '')
    .replace(/\.$/, '')
    .trim();
  return clampTitle(line);
}

function clampTitle(line: string): string {
  if (line.length <= MAX_TITLE_CHARS) return line;
  const cut = line.slice(0, MAX_TITLE_CHARS - 1);
  const lastSpace = cut.lastIndexOf(' ');
  return `${(lastSpace > MAX_TITLE_CHARS / 2 ? cut.slice(0, lastSpace) : cut).trimEnd()}…`;
}
