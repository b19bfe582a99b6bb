/** 中止: the proceeding's clocks stop until it resumes. */
import { reasonOnly } from './reason';

export const pause = reasonOnly();
