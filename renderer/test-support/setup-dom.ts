/**
 * Screen tests wait for what the cashier would see (findBy…, waitFor) by condition, not by the
 * clock: testing-library's 1 s default made a slow or busy machine fail a screen that was
 * merely late (seen once in six full runs on two busy cores). Ten seconds is a bound on a hang,
 * not an expectation of speed. Only DOM test files load testing-library.
 */
if (typeof document !== 'undefined') {
  const { configure } = await import('@testing-library/react');
  configure({ asyncUtilTimeout: 10_000 });
}

export {};
