// Type tests of the public API (checked by `tsc`, the root typecheck; vitest runs them with
// `--typecheck`): what compiles and what does not.
import type { Dag, OperationVocabulary } from '@opnas/dag';
import { describe, expectTypeOf, it } from 'vitest';
import type { DvaeModelOptions, GcnModelOptions, GraphVae, ModelName, ModelOptionsOf } from './index.js';
import { createModel, defaultIterations, getModelDefinition, modelNames } from './index.js';

describe('createModel', () => {
  it('takes each built-in name with its own options and returns a GraphVae', () => {
    expectTypeOf(createModel('dvae')).toEqualTypeOf<GraphVae>();
    expectTypeOf(createModel<'dvae-emb'>)
      .parameter(1)
      .toEqualTypeOf<DvaeModelOptions | undefined>();
    expectTypeOf(createModel<'gcn'>)
      .parameter(1)
      .toEqualTypeOf<GcnModelOptions | undefined>();
    // (models registered elsewhere may add names by declaration merging, so this is a lower bound)
    expectTypeOf<'dvae' | 'dvae-emb' | 'gcn' | 'gcn-emb' | 'svae' | 'graphrnn' | 'gin'>().toExtend<ModelName>();
    expectTypeOf<'dvea'>().not.toExtend<ModelName>();
    expectTypeOf<ModelOptionsOf<'gcn-emb'>['update']>().toEqualTypeOf<'in-place' | 'simultaneous' | undefined>();
  });

  it('rejects unknown literal names and unknown options at compile time', () => {
    // @ts-expect-error 'dvea' is not a model name
    createModel('dvea');
    // @ts-expect-error hiddenSzie is not an option
    createModel('dvae', { hiddenSzie: 64 });
    // @ts-expect-error levels belongs to the GCN models
    createModel('dvae', { levels: 2 });
    // @ts-expect-error the sequence models take ENAS only: no vocabulary option
    createModel('svae', { vocabulary: {} as OperationVocabulary });
    // @ts-expect-error hiddenSize is a number
    createModel('gcn', { hiddenSize: '64' });
  });

  it('accepts a name only known at run time (checked when the model is built)', () => {
    const name: string = modelNames()[0]!;
    expectTypeOf(createModel(name, { hiddenSize: 8 })).toEqualTypeOf<GraphVae>();
    expectTypeOf<ModelOptionsOf<string>>().toHaveProperty('vocabulary');
  });

  it('the vocabulary and the T × N default are part of the model definition', () => {
    expectTypeOf<DvaeModelOptions['vocabulary']>().toEqualTypeOf<OperationVocabulary | undefined>();
    expectTypeOf(defaultIterations).toEqualTypeOf<(name: string) => number>();
    expectTypeOf(getModelDefinition('dvae').options).toEqualTypeOf<readonly string[] | undefined>();
    expectTypeOf<GraphVae['decode']>().returns.toEqualTypeOf<Dag[]>();
  });
});
