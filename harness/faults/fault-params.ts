/** A numeric fault parameter, its default when absent; a value outside [min, max] is refused loudly. */
export function numberParam(
  fault: string,
  params: Record<string, unknown>,
  key: string,
  fallback: number,
  { min = 0, max = Number.MAX_SAFE_INTEGER, integer = false } = {},
): number {
  const value = params[key] ?? fallback;
  if (
    typeof value !== 'number' ||
    !Number.isFinite(value) ||
    value < min ||
    value > max ||
    (integer && !Number.isInteger(value))
  ) {
    const kind = integer ? 'a whole number' : 'a number';
    throw new Error(
      `${fault}: params.${key} must be ${kind} in [${min}, ${max}], got ${JSON.stringify(value)}`,
    );
  }
  return value;
}
