// Exam dates and the readiness status bar item.
export { examDates, type ExamSnapshot } from './exam-feature';
