// The note-format readers beside the built-in ones of parse-note.ts, in the order they are
// tried on each block (see BlockReader in reader.ts). Adding a format is one file and one
// line here.
import { ankiExporterReader } from './anki-exporter';
import { calloutCardsReader } from './callout-cards';
import { endMarkerCardsReader } from './end-marker-cards';
import { headingCardsReader } from './heading-cards';
import { headingOptionsReader } from './heading-options';
import { mdankiReader } from './mdanki';
import { questionLabelHeadingReader } from './question-label-heading';
import type { BlockReader } from './reader';

export const READERS: readonly BlockReader[] = [
  endMarkerCardsReader,
  ankiExporterReader,
  mdankiReader,
  calloutCardsReader,
  headingOptionsReader,
  questionLabelHeadingReader,
  headingCardsReader,
];
