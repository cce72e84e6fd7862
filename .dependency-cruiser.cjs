/** The dependency rule (docs/adr/0001): dependencies point inward; only bootstrap wires adapters. */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    { name: 'domain-is-pure', severity: 'error',
      comment: 'src/domain imports only src/domain: no npm, no node built-ins, no other layer',
      from: { path: '^src/domain/' }, to: { pathNot: '^src/domain/' } },
    { name: 'application-only-inward', severity: 'error',
      comment: 'application may import domain, itself and LangGraph only',
      from: { path: '^src/application/' },
      to: { pathNot: ['^src/(domain|application)/', '^node_modules/@langchain/langgraph/'] } },
    { name: 'adapters-do-not-import-each-other', severity: 'error',
      comment: 'an adapter imports domain, application, npm packages and adapters/shared only',
      from: { path: '^src/adapters/([^/]+)/' },
      to: { path: '^src/adapters/', pathNot: ['^src/adapters/$1/', '^src/adapters/shared/'] } },
    { name: 'shared-adapter-helpers-stay-shared', severity: 'error',
      from: { path: '^src/adapters/shared/' }, to: { path: '^src/adapters/', pathNot: '^src/adapters/shared/' } },
    { name: 'only-bootstrap-imports-bootstrap', severity: 'error',
      from: { path: '^src/', pathNot: '^src/bootstrap/' }, to: { path: '^src/bootstrap/' } },
    { name: 'inversify-only-in-bootstrap', severity: 'error',
      from: { path: '^src/', pathNot: '^src/bootstrap/' }, to: { path: '^node_modules/(inversify|@inversifyjs)/' } },
    { name: 'no-test-code-in-src', severity: 'error', from: { path: '^src/' }, to: { path: '^test/' } },
    { name: 'no-circular', severity: 'error', from: { path: '^src/' }, to: { circular: true } },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'], extensions: ['.ts', '.js', '.mjs'] },
  },
};
