// The query page's script, served at /assets/query.js: starts YASGUI on this server's endpoint and wires the example buttons.

// Plain ES2017 for the browser. Autocompleters that call outside services (prefix.cc, Linked Open
// Vocabularies) are switched off and nothing is persisted, so the editor makes no request off the site.
export const QUERY_JS = `'use strict';
(function () {
  var configEl = document.getElementById('query-config');
  var host = document.getElementById('yasgui');
  if (!configEl || !host) return;
  if (typeof window.Yasgui !== 'function') {
    host.textContent = 'The query editor could not load; queries can still be sent to the endpoint directly.';
    return;
  }
  var config = JSON.parse(configEl.textContent || '{}');
  var endpoint = new URL(config.endpoint || '/sparql', window.location.href).href;
  var examples = Array.isArray(config.examples) ? config.examples : [];
  var yasgui = new window.Yasgui(host, {
    requestConfig: { endpoint: endpoint, method: 'POST' },
    autofocus: false,
    copyEndpointOnNewTab: true,
    persistenceId: null,
    populateFromUrl: false,
    endpointCatalogueOptions: { getData: function () { return [{ endpoint: endpoint }]; }, keys: [] },
    yasqe: { autocompleters: ['variables'], persistenceId: null },
    yasr: { persistenceId: null }
  });
  var tab = yasgui.getTab();
  if (tab) tab.setEndpoint(endpoint);
  function run(name) {
    var ex = examples.find(function (e) { return e.name === name; });
    var current = yasgui.getTab();
    if (!ex || !current) return;
    current.setQuery(ex.query);
    current.query();
    document.body.setAttribute('data-last-example', name);
  }
  document.querySelectorAll('button[data-example]').forEach(function (b) {
    b.addEventListener('click', function () { run(b.getAttribute('data-example')); });
  });
  var wanted = new URLSearchParams(window.location.search).get('example');
  if (wanted) run(wanted);
  // Nothing is persisted, so the editor would open on the package's generic query: start from the first example.
  else if (examples.length > 0 && tab) tab.setQuery(examples[0].query);
})();
`;
