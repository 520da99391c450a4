import { F64, FunctionBuilder, I32, V128, encodeModule } from '@opnas/wasm-writer';
import { type WasmModule, compileWasm } from './wasm-runtime.js';

/**
 * Depth of one packed block of B (rows of B per pass). 256 rows × 500 columns of doubles is
 * 1 MB, this machine's L2 per core, so a block stays cached while every 4-row strip of A
 * streams past it; the 4 × 256 packed strip of A (8 KB) stays in L1. Chosen by that
 * arithmetic, not tuned.
 */
export const GEMM_KC = 256;

/** Largest memory the kernels can address: 2 GiB (shared memories must declare a maximum). */
export const MAX_MEMORY_PAGES = 32768;

/**
 * Parameter order of the exported `gemmRows` (all i32 except alpha and beta):
 *   0 a (byte offset of A), 1 lda, 2 transA (0/1), 3 packedB (byte offset), 4 k, 5 panels
 *   (packed B width / 4), 6 c (byte offset of C), 7 ldc, 8 n (columns of C), 9 alpha (f64),
 *   10 beta (f64), 11 rowStart, 12 rowEnd, 13 lowerOnly (0/1), 14 scratch (byte offset).
 *
 * It computes rows [rowStart, rowEnd) of C ← alpha·op(A)·B + beta·C, with B already packed by
 * `packB` in `gemm.ts` into blocks of GEMM_KC rows, each block split into panels of 4 columns
 * (kc × 4, row-major inside a panel, zero-padded past n). With lowerOnly it computes only the
 * 4×4 tiles on or below the diagonal (for symmetric products; the caller mirrors).
 *
 * The 4×4 micro-kernel holds C in eight f64x2 registers and broadcasts one element of A per
 * row: 32 flops per 2 vector loads of B and 4 splat loads of A — about 23 GFLOP/s on one core
 * here, the core's SSE2 peak without FMA. Scratch needs GEMM_KC·4 + 4·ceil(rows/4)·4·panels doubles.
 */
function buildGemmRows(): FunctionBuilder {
  const f = new FunctionBuilder('gemmRows', [I32, I32, I32, I32, I32, I32, I32, I32, I32, F64, F64, I32, I32, I32, I32]);
  const [a, lda, transA, packedB, k, panels, c, ldc, n, alpha, beta, rowStart, rowEnd, lowerOnly, scratch] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14];
  const ldt = f.local(I32); // temp C leading dimension (panels·4)
  const ct = f.local(I32); // temp C byte offset
  const groups = f.local(I32);
  const k0 = f.local(I32);
  const kc = f.local(I32);
  const pbBlock = f.local(I32);
  const g = f.local(I32);
  const row = f.local(I32);
  const rowsHere = f.local(I32);
  const rr = f.local(I32);
  const p = f.local(I32);
  const src = f.local(I32);
  const stride = f.local(I32);
  const dst = f.local(I32);
  const jp = f.local(I32);
  const jpEnd = f.local(I32);
  const ap = f.local(I32);
  const bp = f.local(I32);
  const cnt = f.local(I32);
  const tile = f.local(I32);
  const j = f.local(I32);
  const colsLimit = f.local(I32);
  const tmp = f.local(I32);
  const acc = Array.from({ length: 8 }, () => f.local(V128));
  const b0 = f.local(V128);
  const b1 = f.local(V128);
  const av = f.local(V128);

  const one = () => f.i32(1);
  // i32 min of two locals-producing thunks
  const min = (x: () => void, y: () => void) => {
    x();
    y();
    x();
    y();
    f.i32LtS().select();
  };

  f.get(panels).i32(4).i32Mul().set(ldt);
  f.get(scratch)
    .i32(GEMM_KC * 4 * 8)
    .i32Add()
    .set(ct);
  // groups = (rowEnd - rowStart + 3) >> 2
  f.get(rowEnd).get(rowStart).i32Sub().i32(3).i32Add().i32(2).i32ShrS().set(groups);

  // zero the temp C: groups·4·ldt doubles, two per v128 store (ldt is a multiple of 4)
  f.get(ct).set(dst);
  f.get(groups).get(ldt).i32Mul().i32(1).i32Shl().set(cnt); // groups·4·ldt doubles / 2 per store
  f.get(cnt)
    .i32Eqz()
    .i32Eqz()
    .ifElse(() => {
      f.countdown(cnt, () => {
        f.get(dst).v128Zero().v128Store(0);
        f.get(dst).i32(16).i32Add().set(dst);
      });
    });

  f.forLoop(
    k0,
    () => f.i32(0),
    () => f.get(k),
    () => f.i32(GEMM_KC),
    () => {
      min(
        () => f.i32(GEMM_KC),
        () => f.get(k).get(k0).i32Sub(),
      );
      f.set(kc);
      // pbBlock = packedB + k0·panels·4·8
      f.get(packedB).get(k0).get(panels).i32Mul().i32(5).i32Shl().i32Add().set(pbBlock);

      f.forLoop(
        g,
        () => f.i32(0),
        () => f.get(groups),
        one,
        () => {
          f.get(rowStart).get(g).i32(2).i32Shl().i32Add().set(row);
          min(
            () => f.i32(4),
            () => f.get(rowEnd).get(row).i32Sub(),
          );
          f.set(rowsHere);

          // pack 4 rows of op(A)[row.., k0..k0+kc) into scratch as kc × 4, zeroing missing rows
          f.get(rowsHere)
            .i32(4)
            .i32LtS()
            .ifElse(() => {
              f.get(scratch).set(dst);
              f.get(kc).i32(1).i32Shl().set(cnt); // kc·4 doubles = kc·2 v128 stores; kc ≥ 1
              f.countdown(cnt, () => {
                f.get(dst).v128Zero().v128Store(0);
                f.get(dst).i32(16).i32Add().set(dst);
              });
            });
          f.forLoop(
            rr,
            () => f.i32(0),
            () => f.get(rowsHere),
            one,
            () => {
              f.get(transA).ifElse(
                () => {
                  // A(r, q) = a[q·lda + r]
                  f.get(a).get(k0).get(lda).i32Mul().get(row).i32Add().get(rr).i32Add().i32(3).i32Shl().i32Add().set(src);
                  f.get(lda).i32(3).i32Shl().set(stride);
                },
                () => {
                  f.get(a).get(row).get(rr).i32Add().get(lda).i32Mul().get(k0).i32Add().i32(3).i32Shl().i32Add().set(src);
                  f.i32(8).set(stride);
                },
              );
              f.get(scratch).get(rr).i32(3).i32Shl().i32Add().set(dst);
              f.get(kc).set(cnt);
              f.countdown(cnt, () => {
                f.get(dst).get(src).f64Load(0).f64Store(0);
                f.get(src).get(stride).i32Add().set(src);
                f.get(dst).i32(32).i32Add().set(dst);
              });
            },
          );

          // panels to compute for this strip
          f.get(lowerOnly).ifElse(
            () => {
              min(
                () => f.get(panels),
                () => f.get(row).i32(2).i32ShrS().i32(1).i32Add(),
              );
              f.set(jpEnd);
            },
            () => {
              f.get(panels).set(jpEnd);
            },
          );
          f.get(pbBlock).set(bp);
          // tile = ct + (g·4·ldt)·8
          f.get(ct).get(g).get(ldt).i32Mul().i32(5).i32Shl().i32Add().set(tile);
          f.forLoop(
            jp,
            () => f.i32(0),
            () => f.get(jpEnd),
            one,
            () => {
              for (const r of acc) f.v128Zero().set(r);
              f.get(scratch).set(ap);
              f.get(kc).set(cnt);
              f.countdown(cnt, () => {
                f.get(bp).v128Load(0).set(b0);
                f.get(bp).v128Load(16).set(b1);
                for (let r = 0; r < 4; r++) {
                  f.get(ap)
                    .f64x2LoadSplat(8 * r)
                    .tee(av)
                    .get(b0)
                    .f64x2Mul()
                    .get(acc[2 * r]!)
                    .f64x2Add()
                    .set(acc[2 * r]!);
                  f.get(av)
                    .get(b1)
                    .f64x2Mul()
                    .get(acc[2 * r + 1]!)
                    .f64x2Add()
                    .set(acc[2 * r + 1]!);
                }
                f.get(ap).i32(32).i32Add().set(ap);
                f.get(bp).i32(32).i32Add().set(bp);
              });
              // add the 4×4 tile into temp C
              for (let r = 0; r < 4; r++) {
                const addr = () =>
                  f
                    .get(tile)
                    .get(ldt)
                    .i32(8 * r)
                    .i32Mul()
                    .i32Add();
                addr();
                addr();
                f.v128Load(0)
                  .get(acc[2 * r]!)
                  .f64x2Add()
                  .v128Store(0);
                addr();
                addr();
                f.v128Load(16)
                  .get(acc[2 * r + 1]!)
                  .f64x2Add()
                  .v128Store(16);
              }
              f.get(tile).i32(32).i32Add().set(tile);
            },
          );
        },
      );
    },
  );

  // write back: C[row, j] = alpha·T + beta·C (beta = 0 never reads C, so NaN garbage is fine)
  f.forLoop(
    g,
    () => f.i32(0),
    () => f.get(groups),
    one,
    () => {
      f.get(rowStart).get(g).i32(2).i32Shl().i32Add().set(row);
      min(
        () => f.i32(4),
        () => f.get(rowEnd).get(row).i32Sub(),
      );
      f.set(rowsHere);
      f.get(lowerOnly).ifElse(
        () => {
          min(
            () => f.get(n),
            () => f.get(row).i32(4).i32Add(),
          );
          f.set(colsLimit);
        },
        () => {
          f.get(n).set(colsLimit);
        },
      );
      f.forLoop(
        rr,
        () => f.i32(0),
        () => f.get(rowsHere),
        one,
        () => {
          f.get(c).get(row).get(rr).i32Add().get(ldc).i32Mul().i32(3).i32Shl().i32Add().set(dst);
          f.get(ct).get(g).i32(2).i32Shl().get(rr).i32Add().get(ldt).i32Mul().i32(3).i32Shl().i32Add().set(src);
          f.get(beta)
            .f64(0)
            .f64Eq()
            .ifElse(
              () => {
                f.forLoop(
                  j,
                  () => f.i32(0),
                  () => f.get(colsLimit),
                  one,
                  () => {
                    f.get(dst).get(j).i32(3).i32Shl().i32Add().set(tmp);
                    f.get(tmp).get(alpha).get(src).get(j).i32(3).i32Shl().i32Add().f64Load(0).f64Mul().f64Store(0);
                  },
                );
              },
              () => {
                f.forLoop(
                  j,
                  () => f.i32(0),
                  () => f.get(colsLimit),
                  one,
                  () => {
                    f.get(dst).get(j).i32(3).i32Shl().i32Add().set(tmp);
                    f.get(tmp);
                    f.get(alpha).get(src).get(j).i32(3).i32Shl().i32Add().f64Load(0).f64Mul();
                    f.get(beta).get(tmp).f64Load(0).f64Mul().f64Add();
                    f.f64Store(0);
                  },
                );
              },
            );
        },
      );
    },
  );
  return f;
}

/**
 * `packB(b, ldb, transB, k, n, panels, dst)`: op(B) (k × n, B at byte offset b with leading
 * dimension ldb) into the layout `gemmRows` reads — blocks of GEMM_KC rows, each split into
 * panels of 4 columns stored kc × 4 row-major, zero-padded past column n. In WebAssembly
 * because the same copy in JavaScript was ≈ 5 % of an SGP step (bounds-checked typed arrays).
 */
function buildPackB(): FunctionBuilder {
  const f = new FunctionBuilder('packB', [I32, I32, I32, I32, I32, I32, I32]);
  const [b, ldb, transB, k, n, panels, dst] = [0, 1, 2, 3, 4, 5, 6];
  const npad = f.local(I32);
  const k0 = f.local(I32);
  const kc = f.local(I32);
  const jp = f.local(I32);
  const jj = f.local(I32);
  const col = f.local(I32);
  const w = f.local(I32);
  const src = f.local(I32);
  const stride = f.local(I32);
  const cnt = f.local(I32);
  const one = () => f.i32(1);
  f.get(panels).i32(2).i32Shl().set(npad);
  f.forLoop(
    k0,
    () => f.i32(0),
    () => f.get(k),
    () => f.i32(GEMM_KC),
    () => {
      f.i32(GEMM_KC).get(k).get(k0).i32Sub().i32(GEMM_KC).get(k).get(k0).i32Sub().i32LtS().select().set(kc);
      f.forLoop(
        jp,
        () => f.i32(0),
        () => f.get(panels),
        one,
        () => {
          f.forLoop(
            jj,
            () => f.i32(0),
            () => f.i32(4),
            one,
            () => {
              f.get(jp).i32(2).i32Shl().get(jj).i32Add().set(col);
              // w = dst + (k0·npad + jp·kc·4 + jj)·8
              f.get(dst).get(k0).get(npad).i32Mul().get(jp).get(kc).i32Mul().i32(2).i32Shl().i32Add().get(jj).i32Add().i32(3).i32Shl().i32Add().set(w);
              f.get(kc).set(cnt);
              f.get(col)
                .get(n)
                .i32LtS()
                .ifElse(
                  () => {
                    f.get(transB).ifElse(
                      () => {
                        f.get(b).get(col).get(ldb).i32Mul().get(k0).i32Add().i32(3).i32Shl().i32Add().set(src);
                        f.i32(8).set(stride);
                      },
                      () => {
                        f.get(b).get(k0).get(ldb).i32Mul().get(col).i32Add().i32(3).i32Shl().i32Add().set(src);
                        f.get(ldb).i32(3).i32Shl().set(stride);
                      },
                    );
                    f.countdown(cnt, () => {
                      f.get(w).get(src).f64Load(0).f64Store(0);
                      f.get(src).get(stride).i32Add().set(src);
                      f.get(w).i32(32).i32Add().set(w);
                    });
                  },
                  () => {
                    f.countdown(cnt, () => {
                      f.get(w).f64(0).f64Store(0);
                      f.get(w).i32(32).i32Add().set(w);
                    });
                  },
                );
            },
          );
        },
      );
    },
  );
  return f;
}

let cachedModule: WasmModule | undefined;

/** The compiled kernel module (compiled once; instances in every thread share one memory). */
export function simdKernelModule(): WasmModule {
  cachedModule ??= compileWasm(encodeModule([buildGemmRows(), buildPackB()], { initial: 1, maximum: MAX_MEMORY_PAGES }));
  return cachedModule;
}

/** The exported kernels of an instance. */
export interface SimdKernels {
  gemmRows(
    a: number,
    lda: number,
    transA: number,
    packedB: number,
    k: number,
    panels: number,
    c: number,
    ldc: number,
    n: number,
    alpha: number,
    beta: number,
    rowStart: number,
    rowEnd: number,
    lowerOnly: number,
    scratch: number,
  ): void;
}

export interface SimdKernels {
  packB(b: number, ldb: number, transB: number, k: number, n: number, panels: number, dst: number): void;
}

/** Scratch doubles `gemmRows` needs for `rows` rows of C and `panels` packed panels. */
export function gemmScratchDoubles(rows: number, panels: number): number {
  return GEMM_KC * 4 + Math.ceil(rows / 4) * 4 * panels * 4;
}
