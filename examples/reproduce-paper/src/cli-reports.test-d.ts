import type { BoRoundRecord, BoSummary, summariseBayesOpt } from '@opnas/bayesopt';
import type { BoReport, MeanSd, PlotReport, SgpReport, SgpSeedResult } from '@opnas/cli';
import type { accuracyPredictionMetrics } from '@opnas/sgp';
import type { FigureFiles } from '@opnas/viz';
import { describe, expectTypeOf, it } from 'vitest';
import type { BoResult } from './bo-stage.js';
import type { Table2Result } from './table2-stage.js';

// The stages read `opnas … --json` through the report types @opnas/cli writes them with; these
// pin what those reports are made of (the library's own types) and that what each stage keeps fits.
describe('the reproduction reads what the commands write', () => {
  it('opnas bo: the log records and the summary of @opnas/bayesopt, and top entries the stage copies', () => {
    expectTypeOf<BoReport['rounds']>().toEqualTypeOf<readonly BoRoundRecord[]>();
    expectTypeOf<BoReport['summary']>().toEqualTypeOf<ReturnType<typeof summariseBayesOpt>>();
    expectTypeOf<BoReport['summary']>().toEqualTypeOf<BoSummary>();
    expectTypeOf<BoReport['top'][number]>().toMatchTypeOf<BoResult['top'][number]>();
    expectTypeOf<BoSummary['rounds'][number]['bo']['bestSoFar']>().toMatchTypeOf<BoResult['rounds'][number]['boBestSoFar']>();
    expectTypeOf<BoSummary['rounds'][number]['testRmse']>().toMatchTypeOf<BoResult['rounds'][number]['testRmse']>();
  });

  it('opnas sgp: per-seed metrics of accuracyPredictionMetrics, summarised as Table 2 reports them', () => {
    type Metric = keyof Omit<SgpSeedResult, 'seed' | 'fitSeconds'>;
    expectTypeOf<Pick<ReturnType<typeof accuracyPredictionMetrics>, Metric>>().toEqualTypeOf<Pick<SgpSeedResult, Metric>>();
    expectTypeOf<SgpReport['summary'][Metric]>().toEqualTypeOf<MeanSd>();
    expectTypeOf<SgpReport['summary']['rmse']>().toEqualTypeOf<Table2Result['rmse']>();
    expectTypeOf<SgpReport['seeds'][number]['fitSeconds']>().toEqualTypeOf<Table2Result['fitSeconds']>();
  });

  it('opnas plot: the files writeFigure returns', () => {
    expectTypeOf<PlotReport['figures'][number]['files']>().toEqualTypeOf<FigureFiles>();
    expectTypeOf<FigureFiles>().toMatchTypeOf<{ readonly svg: string; readonly png?: string }>();
  });
});
