export { decodeSafetensors, encodeSafetensors } from './codec.js';
export type { DecodeOptions, SafetensorsContents, TensorEntry } from './codec.js';
export type { SafetensorsDtype, TensorData } from './dtype.js';
export { SafetensorsError } from './errors.js';
export { readSafetensorsFile, writeSafetensorsFile } from './file.js';
export { toFloat32 } from './to-float32.js';
