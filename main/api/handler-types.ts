import type { OpName, OpOutput, OpParsedInput } from '../../shared/api/contract';
import type { ServiceContext } from '../services/context';

export type Handler<K extends OpName> = (ctx: ServiceContext, input: OpParsedInput<K>) => Promise<OpOutput<K>> | OpOutput<K>;
export type HandlerMap = { [K in OpName]: Handler<K> };
export type PartialHandlers<K extends OpName> = { [P in K]: Handler<P> };
