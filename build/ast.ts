/**
 * Reading the syntax trees that the bundler's parser (`this.parse` in a plugin) gives for a module: the helpers the
 * plugins of build/ share.
 */
export type Node = { type?: string; start: number; end: number; [key: string]: unknown };

export function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && typeof (value as Node).type === 'string';
}

/** The names a module declares at its top level (imports too), with the declaration (without `export`). */
export function topLevel(program: { body: Node[] }): [string, Node][] {
  return program.body.flatMap((n): [string, Node][] => {
    const d = n.type === 'ExportNamedDeclaration' && n.declaration ? (n.declaration as Node) : n;
    if (d.type === 'ImportDeclaration') return (d.specifiers as Node[]).map((sp) => [(sp.local as Node).name as string, d]);
    if (d.type === 'VariableDeclaration') return (d.declarations as Node[]).map((v) => [(v.id as Node).name as string, d]);
    return (d.type === 'ClassDeclaration' || d.type === 'FunctionDeclaration') && d.id ? [[(d.id as Node).name as string, d]] : [];
  });
}

/** The methods named `names` of the class `className` declared at the top level of `program`. */
export function classMethods(program: unknown, className: string, names: readonly string[]): Node[] {
  const body = (program as { body: Node[] }).body;
  const declaration = body.map((n) => (n.type === 'ExportNamedDeclaration' ? (n.declaration as Node | null) : n)).find((n) => n?.type === 'ClassDeclaration' && (n.id as Node | null)?.name === className);
  const members = declaration ? (((declaration.body as Node).body as Node[]) ?? []) : [];
  return members.filter((m) => m.type === 'MethodDefinition' && (m.key as Node).type === 'Identifier' && names.includes((m.key as Node).name as string));
}
