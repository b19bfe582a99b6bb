// Regenerates the transition diagrams in README.md from src/domain/transitions.ts.
import { readFileSync, writeFileSync } from 'node:fs';
import { withDiagram } from '../src/domain/diagram.js';

const path = new URL('../README.md', import.meta.url);
writeFileSync(path, withDiagram(readFileSync(path, 'utf8')));
console.log('README.md transition diagrams regenerated');
