// Regenerates the README sections that come from the rules as data (src/domain/docs.ts).
import { readFileSync, writeFileSync } from 'node:fs';
import { withGeneratedSections } from '../src/domain/docs.js';

const path = new URL('../README.md', import.meta.url);
writeFileSync(path, withGeneratedSections(readFileSync(path, 'utf8')));
console.log('README.md generated sections updated');
