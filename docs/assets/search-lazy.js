/* Fetch the search index and start the search worker only when the reader opens search.
 *
 * Material's bundle requests search/search_index.json with XMLHttpRequest and starts its search
 * worker as soon as a page loads, although most readers never search. This script runs before
 * the bundle and holds both back: the index request is opened as usual but only sent, and the
 * worker only created, when the reader focuses the search box, clicks the search button or
 * presses a search shortcut (/, s, f). Material then builds its index and answers the query
 * typed meanwhile. A page reached from a search result (?h=… highlights the terms) needs the
 * index at once, so there nothing is held back.
 */
(function () {
  "use strict";
  var INDEX = /(^|\/)search\/search_index\.json(\?|$)/;
  var held = [];
  var opened = /[?&]h=/.test(location.search);

  function open() {
    if (opened) return;
    opened = true;
    held.splice(0).forEach(function (send) { send(); });
  }

  var xhrOpen = XMLHttpRequest.prototype.open;
  var xhrSend = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.open = function (method, url) {
    this.__kbSearchIndex = INDEX.test(String(url));
    return xhrOpen.apply(this, arguments);
  };
  XMLHttpRequest.prototype.send = function () {
    var request = this;
    var args = arguments;
    if (!request.__kbSearchIndex || opened) return xhrSend.apply(request, args);
    held.push(function () { xhrSend.apply(request, args); });
  };

  // Until search opens, Material gets a stand-in for its worker: messages and listeners are
  // kept and handed to the real worker when it starts.
  var RealWorker = window.Worker;
  var WORKER = /\/workers\/search\.[0-9a-f]+\.min\.js(\?|$)/;
  function LazyWorker(url, options) {
    var self = this;
    var worker = null;
    var messages = [];
    var listeners = [];
    self.postMessage = function (message) {
      if (worker) worker.postMessage(message); else messages.push(message);
    };
    self.addEventListener = function (type, listener, opts) {
      if (worker) worker.addEventListener(type, listener, opts); else listeners.push([type, listener, opts]);
    };
    self.removeEventListener = function (type, listener, opts) {
      if (worker) { worker.removeEventListener(type, listener, opts); return; }
      listeners = listeners.filter(function (l) { return l[0] !== type || l[1] !== listener; });
    };
    self.terminate = function () { if (worker) worker.terminate(); messages = []; listeners = []; };
    held.push(function () {
      worker = new RealWorker(url, options);
      listeners.forEach(function (l) { worker.addEventListener(l[0], l[1], l[2]); });
      messages.forEach(function (m) { worker.postMessage(m); });
      messages = listeners = [];
    });
  }
  window.Worker = function (url, options) {
    if (opened || !WORKER.test(String(url))) return new RealWorker(url, options);
    return new LazyWorker(url, options);
  };
  window.Worker.prototype = RealWorker.prototype;

  document.addEventListener("focusin", function (event) {
    if (event.target.closest && event.target.closest(".md-search")) open();
  }, true);
  document.addEventListener("change", function (event) {
    if (event.target.id === "__search" && event.target.checked) open();
  }, true);
  document.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest("label[for='__search'], .md-search")) open();
  }, true);
  document.addEventListener("keydown", function (event) {
    var field = event.target.closest && event.target.closest("input, textarea, select, [contenteditable]");
    if (!field && !event.ctrlKey && !event.metaKey && !event.altKey && /^[/sf]$/i.test(event.key)) open();
  }, true);
})();
