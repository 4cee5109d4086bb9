import { getContext, setContext } from 'svelte';

const KEY = Symbol('currency');

/** Makes the currency money is shown in (an ISO code, or null) readable by every view below. */
export function provideCurrency(current: () => string | null): void {
  setContext(KEY, current);
}

/** The currency money is shown in, read when called (so a view redraws when it changes). */
export function useCurrency(): () => string | null {
  return getContext<(() => string | null) | undefined>(KEY) ?? (() => null);
}
