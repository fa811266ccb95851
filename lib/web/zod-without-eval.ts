import { z } from 'zod';

// zod compiles object parsers with `new Function` after probing whether eval works; under the
// page's Content-Security-Policy (no 'unsafe-eval') the probe is a reported violation each time
// a page first parses (the AI SDK checks stream chunks with zod). Parse without it.
z.config({ jitless: true });
