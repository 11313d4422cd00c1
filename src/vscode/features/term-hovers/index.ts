// Term hovers and Go to Definition.
export { termHovers } from './term-hovers';
