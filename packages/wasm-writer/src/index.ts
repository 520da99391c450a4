export { FunctionBuilder } from './function-builder.js';
export { sleb, uleb } from './leb128.js';
export { F32, F64, I32, V128 } from './value-type.js';
export type { ValueType } from './value-type.js';
export { encodeModule } from './wasm-module.js';
export type { LocalGroup, SharedMemoryLimits, WasmFunction } from './wasm-module.js';
export { WasmWriterError } from './wasm-writer-error.js';
