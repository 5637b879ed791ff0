// Analyzer plugins that make custom-elements.json describe what a user of the element can
// touch, and say it in words a tool can act on: Storybook's controls, editors' completions and
// wrapper generators all read it.

/** Drops private and protected members (the analyzer lists every class field, with `privacy`). */
export function publicMembersOnly() {
  const isPublic = (member) =>
    member.privacy !== 'private' && member.privacy !== 'protected' && !/^[_#]/.test(member.name);
  return {
    name: 'public-members-only',
    packageLinkPhase({ customElementsManifest }) {
      for (const declaration of elementDeclarations(customElementsManifest)) {
        if (declaration.members) declaration.members = declaration.members.filter(isPublic);
      }
    },
  };
}

/**
 * Writes a type alias of string literals out where a member or attribute names it
 * (`announce: RunProgressAnnounce` becomes `'all' | 'end' | 'none'`), so a reader of the
 * manifest sees the values without our sources. Only aliases declared in analyzed modules,
 * and only unions of string literals (plus `undefined`), are expanded.
 */
export function literalUnionTypes() {
  const aliases = new Map();
  const expand = (text) =>
    text
      ?.split('|')
      .map((part) => aliases.get(part.trim()) ?? part.trim())
      .join(' | ');
  return {
    name: 'literal-union-types',
    collectPhase({ ts, node }) {
      if (!ts.isTypeAliasDeclaration(node) || !ts.isUnionTypeNode(node.type)) return;
      const literals = node.type.types.map((t) =>
        ts.isLiteralTypeNode(t) && ts.isStringLiteral(t.literal) ? `'${t.literal.text}'` : undefined,
      );
      if (literals.every(Boolean)) aliases.set(node.name.text, literals.join(' | '));
    },
    packageLinkPhase({ customElementsManifest }) {
      for (const declaration of elementDeclarations(customElementsManifest)) {
        for (const item of [...(declaration.members ?? []), ...(declaration.attributes ?? [])]) {
          if (item.type?.text) item.type.text = expand(item.type.text);
        }
      }
    },
  };
}

function elementDeclarations(manifest) {
  return manifest.modules.flatMap((m) => m.declarations ?? []).filter((d) => d.customElement || d.tagName);
}
