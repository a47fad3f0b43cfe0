import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ne } from './accords.ts';

test('« né », « née » selon la civilité ; « né(e) » seulement si elle est inconnue', () => {
  assert.deepEqual(['M.', 'Mme', 'Madame', '', null].map(ne), ['né', 'née', 'née', 'né(e)', 'né(e)']);
});
