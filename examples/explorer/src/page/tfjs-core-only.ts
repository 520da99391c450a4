// The page's stand-in for the @tensorflow/tfjs umbrella that @opnas/runtime imports: tfjs-core
// with the gradients and chained ops the umbrella registers, without layers, converter, data
// (whose Node stream polyfills need `buffer`) and the webgl backend the page does not use.
// The bundle aliases '@tensorflow/tfjs' to this file (see build-page.ts).
import '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import '@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops';

export * from '@tensorflow/tfjs-core';
