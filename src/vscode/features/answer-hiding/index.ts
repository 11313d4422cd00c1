// Answer hiding: masks over answers, their code lenses and commands.
export { answerHiding } from './answer-hiding';
export type { PaintedMasks } from './answer-mask-decorator';
