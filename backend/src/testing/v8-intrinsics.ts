/**
 * V8's own answers about an object's layout, for tests of issue 16's hidden classes
 * (docs/performance.md "Twenty-fourth session"): whether two objects share one hidden class, and
 * whether an object keeps fast properties rather than a dictionary.
 */
import { setFlagsFromString } from 'node:v8';

setFlagsFromString('--allow-natives-syntax');
// Parsed after the flag is set: V8's intrinsics are syntax only in code compiled from then on.
export const haveSameMap = new Function('a', 'b', 'return %HaveSameMap(a, b)') as (a: object, b: object) => boolean;
export const hasFastProperties = new Function('o', 'return %HasFastProperties(o)') as (o: object) => boolean;
