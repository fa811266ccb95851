import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseDriver, DatabaseHandle } from '@/db/client';
import { setUpTestDatabase } from '@/testing/db';
import { searchChatsForUser, typedWords } from './chat-search';
import { createChatIfMissing, markChatDeleted } from './chats';
import { beginTurn } from './turns';
import { ensureUser } from './users';

// Full-text search runs on the embedded database and on a real PostgreSQL server alike.
const drivers: DatabaseDriver[] = ['pglite', 'postgres'];

describe('typedWords', () => {
  it('keeps letters and digits only, so nothing typed is tsquery syntax', () => {
    expect(typedWords('Refund  ORDER 1007')).toEqual(['refund', 'order', '1007']);
    expect(typedWords("grace@example.com's & !(parcel:*)")).toEqual(['grace', 'example', 'com', 's', 'parcel']);
    expect(typedWords(' &|!() ')).toEqual([]);
  });
});

describe.each(drivers)('chat search on %s', (driver) => {
  let database: DatabaseHandle;
  beforeAll(async () => {
    database = await setUpTestDatabase(driver);
  });
  afterAll(() => database.close());

  async function chatWith(userId: string, title: string, ...texts: string[]) {
    const chatId = randomUUID();
    await createChatIfMissing(chatId, userId, title);
    for (const [i, message] of texts.entries()) {
      await beginTurn({ chatId, userId, reservation: `pending:${i}`, message: { id: `m_${randomUUID()}`, parts: [{ type: 'text', text: message }] } });
      await database.db.execute(`update chats set active_run_id = null where id = '${chatId}'`);
    }
    return chatId;
  }

  it("finds the user's chats by a word of a message or of the title, with a snippet", async () => {
    const userId = randomUUID();
    await ensureUser(userId);
    const parcel = await chatWith(userId, 'Late delivery', 'The parcel for Grace never arrived, she is waiting since Monday.');
    const refund = await chatWith(userId, 'Refund order 1007', 'Please refund it.');
    await chatWith(userId, 'Something else', 'Where is order 1001?');

    const byMessage = await searchChatsForUser(userId, 'parcels');
    expect(byMessage.map((c) => c.id)).toEqual([parcel]);
    expect(byMessage[0]!.snippet).toContain('parcel for Grace');

    const byPrefix = await searchChatsForUser(userId, 'Mond');
    expect(byPrefix.map((c) => c.id)).toEqual([parcel]);
    // Half a word that is longer than the word's stem: "waitin" of "waiting" (stem "wait").
    expect((await searchChatsForUser(userId, 'waitin')).map((c) => c.id)).toEqual([parcel]);
    expect((await searchChatsForUser(userId, 'never arriv')).map((c) => c.id)).toEqual([parcel]);
    // A stop word still counts as written.
    expect((await searchChatsForUser(userId, 'since')).map((c) => c.id)).toEqual([parcel]);

    const byTitle = await searchChatsForUser(userId, '1007');
    expect(byTitle).toEqual([expect.objectContaining({ id: refund, title: 'Refund order 1007', snippet: null })]);

    expect(await searchChatsForUser(userId, 'order')).toHaveLength(2);
    expect(await searchChatsForUser(userId, 'nothing like this')).toEqual([]);
  });

  it("never finds another user's chats, nor deleted ones", async () => {
    const [owner, stranger] = [randomUUID(), randomUUID()];
    await ensureUser(owner);
    await ensureUser(stranger);
    const chatId = await chatWith(owner, 'Gift wrapping', 'Can the teapot be gift wrapped?');
    expect(await searchChatsForUser(stranger, 'teapot')).toEqual([]);
    expect((await searchChatsForUser(owner, 'teapot')).map((c) => c.id)).toEqual([chatId]);
    await markChatDeleted(chatId, owner);
    expect(await searchChatsForUser(owner, 'teapot')).toEqual([]);
  });

  it('uses the GIN indexes it was built for', async () => {
    const explain = async (where: string) => {
      await database.db.execute('set enable_seqscan = off');
      const result = (await database.db.execute(`explain select 1 from ${where}`)) as unknown as { rows: Record<string, string>[] };
      await database.db.execute('set enable_seqscan = on');
      return result.rows.map((row) => Object.values(row)[0]).join('\n');
    };
    const messageVector = `(to_tsvector('simple', jsonb_path_query_array("parts", '$[*] ? (@.type == "text").text')) || to_tsvector('english', jsonb_path_query_array("parts", '$[*] ? (@.type == "text").text')))`;
    expect(await explain(`messages where ${messageVector} @@ to_tsquery('simple', 'parcel:*')`)).toContain('messages_text_search_idx');
    const titleVector = `(to_tsvector('simple', "title") || to_tsvector('english', "title"))`;
    expect(await explain(`chats where ${titleVector} @@ to_tsquery('simple', 'refund:*')`)).toContain('chats_title_search_idx');
  });
});
