// Writes tools/input-json-schemas.ts, the tools' input schemas as the model is given them.
// Run it (`npm run tools:schemas`) after changing a tool's input; tools/input-schemas.test.ts
// fails until then.
import { writeFileSync } from 'node:fs';
import { supportTools } from '@/tools';
import { convertInputSchemas, formatInputSchemas } from '@/tools/input-schemas';

writeFileSync('tools/input-json-schemas.ts', formatInputSchemas(await convertInputSchemas(supportTools)));
console.log(`tools/input-json-schemas.ts: ${supportTools.length} tools`);
