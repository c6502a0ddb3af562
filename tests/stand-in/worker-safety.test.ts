import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const STAND_IN = join(dirname(fileURLToPath(import.meta.url)), '../../src/stand-in');

// Every module specifier a source file imports from.
function importsOf(file: string): string[] {
  const source = readFileSync(file, 'utf8');
  return [...source.matchAll(/(?:import|export)[^'"]*?from\s+'([^']+)'/g)].map(
    (match) => match[1] ?? '',
  );
}

function reachable(entry: string): Map<string, string[]> {
  const seen = new Map<string, string[]>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    const imports = importsOf(file);
    seen.set(file, imports);
    for (const specifier of imports) {
      if (specifier.startsWith('.')) {
        const target = join(dirname(file), specifier);
        if (!target.endsWith('.json')) visit(`${target}.ts`);
      }
    }
  };
  visit(join(STAND_IN, entry));
  return seen;
}

describe('the stand-in core runs outside Node (workerd)', () => {
  it('imports no Node built-in and no exceljs from SheetsStandIn down', () => {
    const graph = reachable('sheets-stand-in.ts');
    expect(graph.size).toBeGreaterThan(20);
    const offenders = [...graph].flatMap(([file, imports]) =>
      imports
        .filter((specifier) => specifier.startsWith('node:') || specifier === 'exceljs')
        .map((specifier) => `${file}: ${specifier}`),
    );
    expect(offenders).toEqual([]);
  });
});
