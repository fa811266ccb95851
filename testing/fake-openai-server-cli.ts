// Runs the fake OpenAI-compatible server on its own, for the browser tests' web servers.
import { startFakeOpenAIServer } from './fake-openai-server';

const server = await startFakeOpenAIServer(Number(process.env.FAKE_OPENAI_PORT ?? 3199));
console.log(`fake OpenAI-compatible server on ${server.baseURL}`);
