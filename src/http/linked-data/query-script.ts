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
  var newQuery = typeof config.newQuery === 'string' ? config.newQuery : '';
  // Result links to the graph's canonical IRIs lead to the same page on this server (config.links: [prefix, path] pairs).
  var links = Array.isArray(config.links) ? config.links : [];
  function localHref(href) {
    for (var i = 0; i < links.length; i++) {
      var prefix = links[i][0];
      if (href.indexOf(prefix) === 0) return links[i][1] + href.slice(prefix.length);
    }
    return null;
  }
  function relink(root) {
    if (!root.querySelectorAll) return;
    var anchors = root.querySelectorAll('a[href]');
    for (var i = 0; i < anchors.length; i++) {
      var a = anchors[i];
      var iri = a.getAttribute('href') || '';
      var to = localHref(iri);
      if (to === null) continue;
      a.setAttribute('href', to);
      a.setAttribute('title', iri);
      a.removeAttribute('target');
    }
  }
  if (links.length > 0 && typeof MutationObserver === 'function') {
    var pending = false;
    new MutationObserver(function () {
      if (pending) return;
      pending = true;
      setTimeout(function () { pending = false; relink(host); }, 0);
    }).observe(host, { childList: true, subtree: true });
  }
  var yasgui = new window.Yasgui(host, {
    requestConfig: { endpoint: endpoint, method: 'POST' },
    autofocus: false,
    copyEndpointOnNewTab: true,
    persistenceId: null,
    populateFromUrl: false,
    endpointCatalogueOptions: { getData: function () { return [{ endpoint: endpoint }]; }, keys: [] },
    yasqe: { autocompleters: ['variables'], persistenceId: null, value: newQuery },
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
    if (host.scrollIntoView) host.scrollIntoView({ block: 'start' });
    document.body.setAttribute('data-last-example', name);
  }
  document.querySelectorAll('button[data-example]').forEach(function (b) {
    b.addEventListener('click', function () { run(b.getAttribute('data-example')); });
  });
  var wanted = new URLSearchParams(window.location.search).get('example');
  if (wanted) run(wanted);
  // Nothing is persisted; a new tab starts with the PREFIX lines of the vocabularies the graph uses.
  else if (tab && newQuery) tab.setQuery(newQuery);
})();
`;
