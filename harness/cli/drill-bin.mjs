#!/usr/bin/env node
// `npx drill` entry: loads the TypeScript CLI through tsx's loader, in this same process.
import { register } from 'tsx/esm/api';

register();
await import('./drill.ts');
