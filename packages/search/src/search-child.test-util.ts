// Run by search-run.test.ts as a separate process that the test kills with SIGKILL mid-run:
// regularised evolution on the additive objective, the log rewritten after every step.
import { regularisedEvolution } from './regularised-evolution.js';
import { additiveEvaluator } from './synthetic-evaluator.test-util.js';

const [logPath] = process.argv.slice(2);
const inner = additiveEvaluator();
const slow = { ...inner, evaluate: async (flats: readonly string[]) => (await new Promise((r) => setTimeout(r, 15)), inner.evaluate(flats)) };
await regularisedEvolution(slow, 120, { seeds: [1, 2], populationSize: 12, sampleSize: 4, logPath: logPath!, checkpointIntervalMs: 0 });
