import { z } from 'zod';
import { ERROR_CODES, type ErrorData } from './errors';

/**
 * The schemas of errors.ts, apart so that what only needs the codes (the
 * CLI's `--version`, its exit codes) does not load zod.
 */
export const errorCodeSchema = z.enum(ERROR_CODES);

export const errorDataSchema = z.object({
  code: errorCodeSchema,
  message: z.string(),
  hint: z.string().optional(),
}) satisfies z.ZodType<ErrorData>;
