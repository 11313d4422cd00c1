// The Statistics panel.
export { statisticsPanel } from './statistics-feature';
