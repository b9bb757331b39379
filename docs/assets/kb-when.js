/* The period selector: All, each year and Undated; the choice is kept in ?period=. Without
   JavaScript and in print everything shows. Contract (CONTRIBUTING.md, "The period selector"):
   class "kb-when" with data-from (2022, 2022-03, 2022-03-02), data-to (same, or ".." = some time
   after: Undated, in no year) and data-also ("FROM[/TO] ..."); a year hides (kb-off) what none of
   its closed intervals touches. A .kb-when-bar marks the spot, adds data-periods, and counts a
   long list's pages (data-pages="all:40 2022:3;all:7 2026:2"). */
(function () {
  "use strict";
  var U = "undated", $ = function (s, el) { return Array.prototype.slice.call((el || document).querySelectorAll(s)); };

  function parse(t) {
    var p = t.split("/"), a = parseInt(p[0], 10), b = p[1] || "";
    return [a, b === ".." ? Infinity : b ? parseInt(b, 10) : a];
  }

  function spans(el) {
    var out = [], f = el.getAttribute("data-from"), t = el.getAttribute("data-to");
    if (f) out.push(parse(t ? f + "/" + t : f));
    (el.getAttribute("data-also") || "").split(" ").forEach(function (x) { if (x) out.push(parse(x)); });
    return out;
  }

  function fits(list, p) {
    return p === "all" || list.some(function (i) { return p === U ? i[1] === Infinity : i[0] <= p && p <= i[1] && i[1] < Infinity; });
  }

  function link(href, p) {
    var u = new URL(href, location.href);
    if (p === "all") u.searchParams.delete("period"); else u.searchParams.set("period", p);
    return u.pathname + u.search + u.hash;
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text) e.textContent = text;
    return e;
  }

  function setUp() {
    var items = $(".kb-when"), bar = document.querySelector(".kb-when-bar");
    if (!items.length || document.querySelector(".kb-period")) return;
    items.forEach(function (e) { e.kbWhen = spans(e); });
    // Counted: claims, or relations' sentences; else every mark (a map).
    var counted = items.filter(function (e) { return e.matches(".kb-claim, li"); });
    if (!counted.length) counted = items;
    var years = {};
    // The years of the whole list (the bar), and of whatever else the page dates.
    (bar ? bar.getAttribute("data-periods") : "").split(" ").forEach(function (y) { if (y) years[y] = 1; });
    items.forEach(function (e) {
      e.kbWhen.forEach(function (i) { if (i[1] < Infinity) for (var y = i[0]; y <= i[1]; y++) years[y] = 1; });
    });
    // A long list's pages: what each holds, linked through the pager (this page has no link).
    var pager = $(".kb-pager a");
    var pages = bar && bar.getAttribute("data-pages") ? bar.getAttribute("data-pages").split(";").map(function (counts, i) {
      var c = {}, a = pager.filter(function (x) { return x.textContent.trim().replace(/^page /, "") === String(i + 1); })[0];
      counts.split(" ").forEach(function (kv) { kv = kv.split(":"); c[kv[0]] = +kv[1]; });
      return { n: i + 1, href: a && a.getAttribute("href"), c: c };
    }) : [];

    function count(p) {
      return counted.filter(function (e) { return fits(e.kbWhen, isNaN(p) ? p : +p); }).length;
    }

    var box = el("div", "kb-period"), group = el("div", "kb-period__group"), status = el("p", "kb-period__status");
    group.setAttribute("role", "group");
    group.setAttribute("aria-label", "Show what held or was said in a period");
    status.setAttribute("role", "status");
    group.appendChild(el("span", "kb-period__label", "Period:"));
    var values = [];
    ["all"].concat(Object.keys(years).sort(), [U]).forEach(function (p) {
      var n = pages.length ? pages.reduce(function (s, q) { return s + (q.c[p] || 0); }, 0) : count(p);
      if (p === U && !n) return;
      var b = el("button", "kb-filter__item", (p === "all" ? "All" : p === U ? "Undated" : p) + " (" + n + ")");
      b.type = "button";
      b.setAttribute("data-period", p);
      b.addEventListener("click", function () { choose(p, true); });
      group.appendChild(b);
      values.push(p);
    });

    // A heading (and scope line) whose dated items are all hidden is hidden too.
    function headings() {
      $(".md-content h2, .md-content h3").forEach(function (h) {
        var any = 0, on = 0, scope = [], e = h.nextElementSibling;
        for (; e && !/^H[1-3]$/.test(e.tagName); e = e.nextElementSibling) {
          $(".kb-claim", e).concat(e.matches(".kb-when") ? [e] : []).forEach(function (m) { any = 1; on = on || !m.matches(".kb-off"); });
          if (e.matches(".kb-scope")) scope.push(e);
        }
        scope.concat(h).forEach(function (x) { x.classList.toggle("kb-off", any && !on); });
      });
    }

    function say(text) { status.appendChild(document.createTextNode(text)); }

    function choose(p, byReader, missing) {
      var key = isNaN(p) ? p : +p;
      items.forEach(function (e) { e.classList.toggle("kb-off", !fits(e.kbWhen, key)); });
      headings();
      $("button", group).forEach(function (b) { b.setAttribute("aria-pressed", String(b.getAttribute("data-period") === p)); });
      status.textContent = "";
      if (missing) say("The data has nothing for the period \u201c" + missing + "\u201d; showing all periods.");
      else if (p !== "all") {
        say((p === U ? "Showing what dates only from some time after an earlier date (undated sources): "
          : "Showing what held or was said in " + p + ": ") + count(p) + " of " + counted.length + " on this page.");
        var undated = counted.filter(function (e) { return fits(e.kbWhen, U) && !fits(e.kbWhen, key); }).length;
        if (p !== U && undated) say(" Not shown: " + undated + " dated only \u201csome time after\u201d (Undated), which may fall in " + p + ".");
        var others = pages.filter(function (q) { return q.c[p] && q.href; });
        if (others.length) say(" More on ");
        others.forEach(function (q, i) {
          var a = el("a", "", "page " + q.n + " (" + q.c[p] + ")");
          a.href = link(q.href, p);
          if (i) say(", ");
          status.appendChild(a);
          if (i === others.length - 1) say(".");
        });
      }
      pager.forEach(function (a) { a.href = link(a.getAttribute("href"), p); });
      if (byReader) history.replaceState(null, "", link(location.href, p));
    }

    box.appendChild(group);
    box.appendChild(status);
    // At the bar, unless dated items come first (a picture).
    var first = items[0].closest("figure, ul, .kb-claim") || items[0];
    var at = bar && !(bar.compareDocumentPosition(first) & Node.DOCUMENT_POSITION_PRECEDING) ? bar : first;
    at.parentNode.insertBefore(box, at);
    var asked = new URLSearchParams(location.search).get("period");
    if (asked && values.indexOf(asked) < 0) choose("all", false, asked);
    else choose(asked || "all", false);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setUp);
  else setUp();
})();
