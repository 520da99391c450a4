import { initRuntime } from '@opnas/runtime';
import { ENAS_VOCABULARY } from '@opnas/dag';
import { beforeAll, describe, expect, it } from 'vitest';
import { embeddingFromJson, embeddingToJson } from './embedding-json.js';
import { OperationEmbedding } from './operation-embedding.js';

beforeAll(async () => {
  await initRuntime({ backend: 'wasm' });
});

describe('embedding JSON', () => {
  it('round-trips a learned table through text into a new embedding', () => {
    const e = new OperationEmbedding({ seed: 3 });
    const text = JSON.stringify(embeddingToJson(e, { names: ENAS_VOCABULARY.names }));
    const json = embeddingFromJson(text);
    expect(json.names).toEqual(ENAS_VOCABULARY.names);
    const copy = new OperationEmbedding({ init: json.table });
    expect(copy.toArray()).toEqual(e.toArray());
    e.dispose();
    copy.dispose();
  });

  it('names the field that is wrong', () => {
    const good = embeddingToJson([
      [1, 2],
      [3, 4],
    ]);
    expect(() => embeddingFromJson('{')).toThrow(/not valid JSON/);
    expect(() => embeddingFromJson({ ...good, format: 'x' })).toThrow(/format must be 'opnas-operation-embedding'/);
    expect(() => embeddingFromJson({ ...good, version: 2 })).toThrow(/version must be 1, got 2/);
    expect(() => embeddingFromJson({ ...good, table: [[1, 2], [3]] })).toThrow('@opnas/op-embed: embedding JSON: table[1] must have size = 2 numbers');
    expect(() =>
      embeddingFromJson({
        ...good,
        table: [
          [1, 2],
          [3, 'x'],
        ],
      }),
    ).toThrow('table[1][1] must be a finite number, got "x"');
    expect(() => embeddingFromJson({ ...good, names: ['a'] })).toThrow(/names must be 2 strings/);
  });
});
