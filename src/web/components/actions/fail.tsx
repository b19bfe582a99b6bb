/** 调解不成: the mediation ends without an agreement. */
import { reasonOnly } from './reason';

export const fail = reasonOnly();
