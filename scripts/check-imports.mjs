/**
 * Every package the code imports is declared in package.json. Scans main/, shared/, renderer/,
 * tests/, bench/, scripts/ and the config files at the root with TypeScript's parser (comments and
 * strings are not imports) for `import`/`export … from`, `import()`, `import('x').T` types,
 * `require()`, `require.resolve()`, `import.meta.resolve()`, `vi.mock()` and
 * `/// <reference types>`, and fails on a bare package that is neither in dependencies nor in
 * devDependencies (a type-only import may be covered by its @types package). Node built-ins are
 * exempt. A package that only happens to be in node_modules (as some other package's dependency)
 * can vanish or change version with any install; declaring it pins what the code was written for.
 *
 * Run by `npm run lint`; on its own: `node scripts/check-imports.mjs`. Prints, for each finding,
 * the command that declares the version installed now.
 */
import fs from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** Folders scanned (recursively), and the generated or vendored folders skipped inside them. */
export const SCANNED = ['main', 'shared', 'renderer', 'tests', 'bench', 'scripts'];
const SKIPPED = new Set(['node_modules', 'out', 'dist', 'output', 'results', 'test-results']);
const SOURCE = /\.(ts|tsx|mts|cts|js|jsx|mjs|cjs)$/;
const CALLS = new Set(['require', 'require.resolve', 'import.meta.resolve', 'vi.mock', 'vi.doMock', 'vi.importActual', 'vi.importMock']);

/** The package a bare specifier names (`@scope/name/sub` → `@scope/name`), or null when it is not bare or is a Node built-in. */
export function packageOf(specifier) {
  if (/^(\.|\/|[a-zA-Z]:[\\/]|node:|file:|data:|virtual:|\0|#)/.test(specifier)) return null;
  const parts = specifier.split('/');
  const name = specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
  if (builtinModules.includes(name)) return null;
  return name;
}

/** Module specifiers one source file names, with their line numbers (1-based). */
export function importsOf(fileName, text) {
  const kind = /\.(tsx|jsx)$/.test(fileName) ? ts.ScriptKind.TSX : /\.(js|mjs|cjs)$/.test(fileName) ? ts.ScriptKind.JS : ts.ScriptKind.TS;
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, kind);
  const found = [];
  const add = (node, specifier, typeOnly) => found.push({ specifier, line: source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1, typeOnly });
  const isString = (n) => n && (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n));
  const visit = (node) => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && isString(node.moduleSpecifier)) {
      const typeOnly = ts.isImportDeclaration(node) ? Boolean(node.importClause?.isTypeOnly) : node.isTypeOnly;
      add(node, node.moduleSpecifier.text, typeOnly);
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference) && isString(node.moduleReference.expression)) {
      add(node, node.moduleReference.expression.text, node.isTypeOnly);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && isString(node.argument.literal)) {
      add(node, node.argument.literal.text, true);
    } else if (ts.isCallExpression(node) && isString(node.arguments[0])) {
      const callee = node.expression.kind === ts.SyntaxKind.ImportKeyword ? 'import' : node.expression.getText(source);
      if (callee === 'import' || CALLS.has(callee)) add(node, node.arguments[0].text, false);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  for (const ref of ts.preProcessFile(text, false, false).typeReferenceDirectives) {
    found.push({ specifier: ref.fileName, line: source.getLineAndCharacterOfPosition(ref.pos).line + 1, typeOnly: true, typesReference: true });
  }
  return found;
}

/** `@types/…` package that carries the types of `name` (`@scope/name` → `@types/scope__name`). */
function typesPackage(name) {
  return `@types/${name.startsWith('@') ? name.slice(1).replace('/', '__') : name}`;
}

/** Files under the scanned folders and the root's config files, relative to `root`. */
export function sourceFiles(root = ROOT) {
  const out = fs.readdirSync(root).filter((f) => SOURCE.test(f) && fs.statSync(path.join(root, f)).isFile());
  const walk = (dir) => {
    for (const entry of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
      const rel = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED.has(entry.name) && !entry.name.startsWith('.')) walk(rel);
      } else if (SOURCE.test(entry.name)) out.push(rel);
    }
  };
  for (const dir of SCANNED) if (fs.existsSync(path.join(root, dir))) walk(dir);
  return out.sort();
}

/** Imports of packages that package.json does not declare: `{ file, line, specifier, pkg }`. */
export function undeclaredImports(root = ROOT) {
  const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  const declared = new Set(
    ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies'].flatMap((k) => Object.keys(manifest[k] ?? {})),
  );
  const findings = [];
  for (const file of sourceFiles(root)) {
    for (const imp of importsOf(file, fs.readFileSync(path.join(root, file), 'utf8'))) {
      const pkg = packageOf(imp.specifier);
      if (!pkg || declared.has(pkg)) continue;
      if ((imp.typeOnly || imp.typesReference) && declared.has(typesPackage(pkg))) continue;
      if (pkg === manifest.name) continue;
      findings.push({ file: file.replaceAll('\\', '/'), line: imp.line, specifier: imp.specifier, pkg: imp.typesReference ? typesPackage(pkg) : pkg });
    }
  }
  return findings;
}

function installedVersion(root, pkg) {
  try {
    return JSON.parse(fs.readFileSync(path.join(root, 'node_modules', pkg, 'package.json'), 'utf8')).version;
  } catch {
    return null;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const findings = undeclaredImports();
  if (findings.length === 0) {
    console.log('check-imports: every imported package is declared in package.json');
  } else {
    console.error('Imported but not declared in package.json (dependencies / devDependencies):');
    for (const f of findings) console.error(`  ${f.file}:${f.line}  '${f.specifier}'  → ${f.pkg}`);
    const pkgs = [...new Set(findings.map((f) => f.pkg))];
    const specs = pkgs.map((p) => (installedVersion(ROOT, p) ? `${p}@${installedVersion(ROOT, p)}` : p));
    console.error(`Declare them (runtime code: without --save-dev):\n  npm install --save-exact --save-dev ${specs.join(' ')}`);
    process.exitCode = 1;
  }
}
