/**
 * A convention with a measured cost behind it: every field of a class in the core, the Node edge and the
 * service worker gets a value when the object is built (an initializer, or an assignment at the top level
 * of the constructor). With `useDefineForClassFields: false` (Lit's reactive properties need it), a field
 * declared without one does not exist until first assigned, so objects of one class end up with several
 * hidden classes and V8 throws away the optimized code that reads them ("wrong map"). Initializing the
 * ingest's fields (ChainAppender.head, the pack store's batch, …) took ~7% off an ingest.
 * The app's Lit components are not scanned: their decorated fields must stay uninitialized.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'
import { packageRoot } from './package-root.ts'

function sources (dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return sources(path)
    return name.endsWith('.ts') && !name.endsWith('.test.ts') && !name.includes('test-support') ? [path] : []
  })
}

/** `file:line Class.field` for each field no initializer and no top-level constructor assignment sets. */
function unsetFields (file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true)
  const found: string[] = []
  const visit = (node: ts.Node): void => {
    if (ts.isClassLike(node)) {
      const assigned = new Set<string>()
      for (const statement of node.members.find(ts.isConstructorDeclaration)?.body?.statements ?? []) {
        if (!ts.isExpressionStatement(statement) || !ts.isBinaryExpression(statement.expression)) continue
        const { left, operatorToken } = statement.expression
        if (operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isPropertyAccessExpression(left) && left.expression.kind === ts.SyntaxKind.ThisKeyword) assigned.add(left.name.text)
      }
      for (const member of node.members) {
        if (!ts.isPropertyDeclaration(member) || member.initializer != null) continue
        const skip = [ts.SyntaxKind.DeclareKeyword, ts.SyntaxKind.StaticKeyword, ts.SyntaxKind.AbstractKeyword]
        if (member.modifiers?.some(m => skip.includes(m.kind)) === true) continue
        const name = member.name.getText(source)
        if (!assigned.has(name)) found.push(`${file}:${source.getLineAndCharacterOfPosition(member.getStart()).line + 1} ${node.name?.text ?? '(class)'}.${name}`)
      }
    }
    ts.forEachChild(node, visit)
  }
  visit(source)
  return found
}

describe('class fields', () => {
  it('are all set when an object is built, in the core, the Node edge and the service worker', () => {
    const root = packageRoot()
    const files = ['src/core', 'src/node', 'sw'].flatMap(dir => sources(join(root, dir)))
    expect(files.length).toBeGreaterThan(100)
    expect(files.flatMap(unsetFields).map(f => f.replace(root, ''))).toEqual([])
  })
})
