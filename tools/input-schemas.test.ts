import { readFileSync } from 'node:fs';
import { asSchema } from 'ai';
import { FatalError } from 'workflow';
import { describe, expect, it } from 'vitest';
import { agentTools, inputJsonSchemas, supportTools } from '@/tools';
import { parseToolInput } from './parse-input';
import { getCustomerInput } from './get-customer';
import { getOrderInput } from './get-order';
import { convertInputSchemas, formatInputSchemas } from './input-schemas';

describe("the tools' input schemas", () => {
  it('are committed as the AI SDK converts the zod schemas (run `npm run tools:schemas` after changing one)', async () => {
    expect(readFileSync('tools/input-json-schemas.ts', 'utf8')).toBe(formatInputSchemas(await convertInputSchemas(supportTools)));
  });

  it('are what the agent gives the model, with every field described', async () => {
    const tools = agentTools();
    for (const tool of supportTools) {
      const given = await (tools[tool.name]!.inputSchema as { jsonSchema: unknown }).jsonSchema;
      expect(given).toEqual(inputJsonSchemas[tool.name]);
      const properties = Object.values((given as { properties: Record<string, { description?: string }> }).properties);
      expect(properties.length).toBeGreaterThan(0);
      for (const property of properties) expect(property.description).toBeTruthy();
    }
  });

  it('leave the check to the tool: the agent passes the input on as the model sent it', async () => {
    const schema = agentTools().getOrder!.inputSchema as { validate: (value: unknown) => Promise<unknown> | unknown };
    expect(await schema.validate({ orderNumber: 'soon' })).toEqual({ success: true, value: { orderNumber: 'soon' } });
  });
});

describe('the tools of a turn started before version 4', () => {
  it('are checked by the agent with the zod schema, as those turns first ran', async () => {
    const schema = asSchema(agentTools('agent').getCustomer!.inputSchema);
    expect(await schema.validate!({ name: '  Ada ' })).toEqual({ success: true, value: { name: 'Ada' } });
    expect(await schema.validate!({})).toMatchObject({ success: false });
    expect(await schema.jsonSchema).toEqual(inputJsonSchemas.getCustomer);
  });
});

describe('parseToolInput (inside the tool’s step)', () => {
  it('returns the input as the schema reads it (trimmed)', () => {
    expect(parseToolInput('getCustomer', getCustomerInput, { name: '  Ada ' })).toEqual({ name: 'Ada' });
  });

  it('refuses a wrong input for good, naming the tool and each field', () => {
    const refuse = () => parseToolInput('getOrder', getOrderInput, { orderNumber: 'soon' });
    expect(refuse).toThrow(FatalError);
    expect(refuse).toThrow(/^Invalid input for getOrder: orderNumber: .*expected number/);
    expect(() => parseToolInput('getCustomer', getCustomerInput, {})).toThrow('Invalid input for getCustomer: Give an email or a name.');
  });
});
