import { and, desc, eq, isNull, or, sql, type SQL } from 'drizzle-orm';
import { db } from '../client';
import { chats, messageSearchVector, titleSearchVector } from '../schema';

export interface ChatSearchRow {
  id: string;
  title: string;
  updatedAt: Date;
  snippet: string | null;
}

/**
 * The words a person typed, each as a prefix (a search finds "refund" while it is still
 * "refu"). Only letters and digits are kept, so no input can be a tsquery syntax error.
 */
export function typedWords(typed: string): string[] {
  return (typed.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).slice(0, 10);
}

/**
 * Every word must match, as written or as its English stem ("wrapp" finds "wrapped",
 * "parcels" finds "parcel"; a stop word such as "where" only as written).
 */
function typedQuery(words: string[]): SQL {
  const perWord = words.map((word) => sql`(to_tsquery('simple', ${`${word}:*`}) || to_tsquery('english', ${`${word}:*`}))`);
  return sql`(${sql.join(perWord, sql` && `)})`;
}

// Written against explicit aliases: drizzle leaves columns unqualified inside selected fields,
// where `chat_id = id` would compare a message's columns with each other.
const matchingMessages = (query: SQL) => sql`from messages m where m.chat_id = chats.id and ${messageSearchVector(sql`m.parts`)} @@ ${query}`;

/** A message's text parts as one string, for its snippet. */
const messageText = sql`(select string_agg(part #>> '{}', ' ') from jsonb_array_elements(jsonb_path_query_array(m.parts, '$[*] ? (@.type == "text").text')) as part)`;

/**
 * The user's chats (not deleted) whose title or message text matches, most recently active
 * first, each with a snippet around the first matching message. The match conditions are the
 * indexed expressions of db/schema.ts, so both GIN indexes serve them.
 */
export async function searchChatsForUser(userId: string, typed: string, limit = 20): Promise<ChatSearchRow[]> {
  const words = typedWords(typed);
  if (words.length === 0) return [];
  const query = typedQuery(words);
  const rows = await (await db())
    .select({
      id: chats.id,
      title: chats.title,
      updatedAt: chats.updatedAt,
      snippet: sql<string | null>`(
        select ts_headline('simple', ${messageText}, ${query}, 'MaxWords=18, MinWords=6, MaxFragments=1, StartSel="", StopSel=""')
        ${matchingMessages(query)} order by m.seq limit 1)`,
    })
    .from(chats)
    .where(
      and(
        eq(chats.userId, userId),
        isNull(chats.deletedAt),
        or(
          sql`${titleSearchVector(chats.title)} @@ ${query}`,
          sql`exists (select 1 ${matchingMessages(query)})`,
        ),
      ),
    )
    .orderBy(desc(chats.updatedAt), desc(chats.id))
    .limit(limit);
  return rows;
}
