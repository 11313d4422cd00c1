// The Sections view.
export { sectionsView, type SectionsSnapshot } from './sections-view';
