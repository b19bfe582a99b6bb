/** 调解不成: the mediation ends without an agreement. */
import { reasonOnly } from './reason';
import { withPrevailed } from './prevailed';

export const fail = withPrevailed(reasonOnly());
