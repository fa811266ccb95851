// Environment every test process starts with: no keys, no network, a fast demo model.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

process.env.AUTH_SECRET ??= 'test-secret-that-is-long-enough-for-hs256-signing';
process.env.DEMO_MODEL_DELAY_MS ??= '0';
process.env.DATA_DIR ??= mkdtempSync(path.join(tmpdir(), 'chat-test-'));
delete process.env.AI_GATEWAY_API_KEY;
delete process.env.OPENAI_COMPATIBLE_BASE_URL;
delete process.env.CHAT_MODEL;
