import type { LanguageModelV3 } from '@ai-sdk/provider';
import { generateText } from 'ai';
import { parseModelId } from '@/agents/models/registry';
import { replaceChatTitle } from '@/db/queries/chats';
import { cleanTitle } from './title';

const INSTRUCTIONS =
  'You name conversations of a support agent for an online store, so a person can tell them apart in a list. ' +
  'Reply with a title of at most six words: what is asked, with the order number or the customer when the message names one. ' +
  'No quotes, no final period.';

/** A model's short title for a chat's first message; null when it answers nothing usable. */
export async function titleFromModel(model: LanguageModelV3, firstMessage: string): Promise<string | null> {
  const { text } = await generateText({
    model,
    system: INSTRUCTIONS,
    prompt: firstMessage,
    maxOutputTokens: 32,
    maxRetries: 1,
    // A title is a nicety: never wait long for one.
    abortSignal: AbortSignal.timeout(15_000),
  });
  return cleanTitle(text) || null;
}

/**
 * A new chat starts with the summary of its first message (title.ts). With a real model, the
 * chat's model then names it in the background: one small call beside the turn, never in its
 * way, and the title is only replaced while it is still the summary (a rename wins).
 */
export function nameChatInBackground(input: { chatId: string; modelId: string; firstMessage: string; provisionalTitle: string }): void {
  const provider = parseModelId(input.modelId)?.provider;
  if (!provider || provider === 'demo') return; // the demo model's chats keep the summary
  void (async () => {
    const { createModel } = await import('@/agents/models/providers');
    const title = await titleFromModel(createModel(input.modelId), input.firstMessage);
    if (title && title !== input.provisionalTitle) await replaceChatTitle(input.chatId, input.provisionalTitle, title);
  })().catch((error: unknown) => console.warn(`[chats] could not name chat ${input.chatId}`, error));
}
