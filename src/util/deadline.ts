/**
 * Settles as `promise` does, or rejects with `onTimeout()` once `ms` have passed without it
 * settling. `promise` itself is not stopped (a Redis command stays queued in its client); its
 * late rejection is handled here, so it never surfaces as unhandled.
 */
export function withTimeout<T>(
  promise: Promise<T>,
  ms: number,
  onTimeout: () => Error,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(onTimeout()), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}
