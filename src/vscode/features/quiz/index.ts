// The quiz panel, its service and lenses; and the webview plumbing the mock exam and
// Statistics panels share with it.
export { quizPanel } from './quiz-feature';
export { QuizService } from './quiz-service';
export { QuizItemsSource } from './quiz-items-source';
export type { GradedCard, GradeResult, QuizGrader } from './grader';
export { NoteHtmlRenderer } from './note-html';
export { extensionRoots, quizWebviewOptions, webviewPageHtml } from './quiz-page';
