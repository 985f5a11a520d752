/** The `p`th percentile (0-100) of `values`, nearest-rank: always one of the values; NaN when empty. */
export declare const percentile: (values: Iterable<number> | ArrayLike<number>, p: number) => number

/** The median of `values` (the mean of the middle two for an even count); NaN when empty. */
export declare const median: (values: Iterable<number> | ArrayLike<number>) => number
