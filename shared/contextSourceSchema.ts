import { z } from 'zod';
import { CONTEXT_SOURCES } from './contextSource';

/** The schema of contextSource.ts, apart so that what only needs the words (`punie status`) does not load zod. */
export const contextSourceSchema = z.enum(CONTEXT_SOURCES);
