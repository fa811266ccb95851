import type { LanguageModelV3 } from '@ai-sdk/provider';
import { generateText } from 'ai';
import { defaultModelId, findModel, parseModelId } from '@/agents/models/registry';
import { replaceChatTitle } from '@/db/queries/chats';
import type { Env } from '@/lib/config';
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
 * The model that names chats: CHAT_TITLE_MODEL (a model id, or `off`), else the default model
 * (CHAT_MODEL) when it is a real one. Never the demo model, whose chats keep the summary; a
 * chat answered by another model picked in the composer is named by this one, so titles cost
 * one known, small model.
 */
export function titleModelId(env: Env = process.env): string | null {
  const wanted = env.CHAT_TITLE_MODEL?.trim();
  if (wanted === 'off') return null;
  const id = wanted ? findModel(wanted, env)?.id : defaultModelId(env);
  return id && parseModelId(id)?.provider !== 'demo' ? id : null;
}

/**
 * A new chat starts with the summary of its first message (title.ts). When a real model is
 * configured for titles, it then names the chat in the background: one small call beside the
 * turn, never in its way, and the title is only replaced while it is still the summary (a
 * rename wins).
 */
export function nameChatInBackground(input: { chatId: string; firstMessage: string; provisionalTitle: string }): void {
  const modelId = titleModelId();
  if (!modelId) return;
  void (async () => {
    const { createModel } = await import('@/agents/models/providers');
    const title = await titleFromModel(createModel(modelId), input.firstMessage);
    if (title && title !== input.provisionalTitle) await replaceChatTitle(input.chatId, input.provisionalTitle, title);
  })().catch((error: unknown) => console.warn(`[chats] could not name chat ${input.chatId}`, error));
}
