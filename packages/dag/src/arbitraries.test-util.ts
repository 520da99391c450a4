// fast-check generators shared by this package's tests (not part of the published API).
import fc from 'fast-check';

/** Random simple directed graphs (any direction, no self loops) as type + edge lists. */
export const arbitraryGraph = (maxVertices = 32) =>
  fc.integer({ min: 1, max: maxVertices }).chain((n) =>
    fc.record({
      types: fc.array(fc.integer({ min: 0, max: 7 }), { minLength: n, maxLength: n }),
      // (a, a + 1 + k mod n) never makes a self loop, and a one-vertex graph gets no edges.
      edges:
        n === 1
          ? fc.constant([] as [number, number][])
          : fc.uniqueArray(
              fc.tuple(fc.integer({ min: 0, max: n - 1 }), fc.integer({ min: 0, max: n - 2 })).map(([a, k]): [number, number] => [a, (a + 1 + k) % n]),
              { selector: ([a, b]) => `${a},${b}`, maxLength: 60 },
            ),
    }),
  );

/** Random well-formed ENAS nested lists with 1..maxLayers layers. */
export const arbitraryEnasLayers = (minLayers = 6, maxLayers = 6) =>
  fc
    .integer({ min: minLayers, max: maxLayers })
    .chain((n) =>
      fc.tuple(
        ...Array.from({ length: n }, (_, i) =>
          fc.tuple(fc.integer({ min: 0, max: 5 }), fc.array(fc.constantFrom(0, 1), { minLength: i, maxLength: i })).map(([op, bits]) => [op, ...bits]),
        ),
      ),
    );
