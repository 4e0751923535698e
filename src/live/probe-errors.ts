/**
 * The two ways a stage of the duplicate probe ends a probe before any duplicate is counted: the
 * probe cannot decide (`Undecidable`, the verdict is `unknown`), or the statement is known to fail
 * with another error first (`OtherError`, the verdict is `fails` with that error). The stages
 * throw them; the two probe paths (src/live/modelled-probe.ts, src/live/scratch-conversion.ts)
 * turn them into a `DuplicateProbeResult`.
 */

/** The probe cannot decide this key; the message is the reason the `unknown` verdict gives. */
export class Undecidable extends Error {}

/** The statement fails with ERROR `errno` (`errorName`) before or instead of ERROR 1062; the message says why. */
export class OtherError extends Error {
  constructor(
    readonly errno: number,
    readonly errorName: string,
    message: string,
  ) {
    super(message);
  }
}
