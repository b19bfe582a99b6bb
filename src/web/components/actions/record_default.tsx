/** 登记未按期履行: the agreement was not performed as agreed. */
import { reasonOnly } from './reason';

export const record_default = reasonOnly('未履行的情况');
