import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

/** One module of src/ and what it imports: other modules (paths relative to src/) and packages. */
export interface ModuleImports {
  path: string;
  modules: string[];
  packages: string[];
}

/**
 * The import graph of a source tree, read with the TypeScript compiler's own pre-processor:
 * static imports, re-exports, `import type`, `import()` (types included) and `require()`. Test
 * files are left out; they may reach anywhere.
 */
export function importGraph(root: string, skip: (path: string) => boolean = () => false): Map<string, ModuleImports> {
  const graph = new Map<string, ModuleImports>();
  for (const file of sourceFiles(root)) {
    const path = relative(root, file);
    if (skip(path)) continue;
    const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    const modules: string[] = [];
    const packages: string[] = [];
    for (const { fileName } of info.importedFiles) {
      if (!fileName.startsWith('.')) {
        packages.push(fileName);
        continue;
      }
      const target = resolveModule(resolve(dirname(file), fileName));
      // Outside src/ (migrations/) or not TypeScript (assets): not part of the layering.
      if (target && target.startsWith(root + '/')) modules.push(relative(root, target));
    }
    graph.set(path, { path, modules, packages });
  }
  return graph;
}

/** Every import cycle, each as the list of modules around it (first module repeated at the end). */
export function findCycles(graph: Map<string, { modules: string[] }>): string[][] {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  const visit = (node: string) => {
    state.set(node, 'open');
    stack.push(node);
    for (const next of graph.get(node)?.modules ?? []) {
      if (state.get(next) === 'open') cycles.push([...stack.slice(stack.indexOf(next)), next]);
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(node, 'done');
  };
  for (const node of [...graph.keys()].sort()) if (!state.has(node)) visit(node);
  return cycles;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) && !name.endsWith('.d.ts') ? [full] : [];
  });
}

function resolveModule(base: string): string | null {
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts')]) {
    if (existsSync(candidate) && statSync(candidate).isFile() && /\.tsx?$/.test(candidate)) return candidate;
  }
  return null;
}
