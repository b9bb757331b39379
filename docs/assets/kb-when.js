/* The period selector: one row of buttons (All, and one per year) that shows only what held or
   was said in the chosen year, on every page that has dated items. Without JavaScript, and in
   print, every item stays visible.

   The contract (CONTRIBUTING.md, "The period selector"; macros/kb/periods.py writes it): any
   element with the class "kb-when" and
     data-from="2022" | "2022-03" | "2022-03-02"   where its interval starts;
     data-to="…" (same forms) or ".."               where it ends; ".." is open ("some time after",
                                                    an undated source): shown under "Undated", in
                                                    no year; absent: data-from alone;
     data-also="FROM[/TO] …"                        more dates or intervals, space-separated;
   is hidden (class kb-off) when none of its closed intervals touches the chosen year.
   A ".kb-when-bar" element marks where the selector goes; its data-periods lists the years
   offered, and its links (one per page of a long list, data-counts="2022:3 2026:20") say what
   the other pages hold. The choice is kept in the address: ?period=2022. */
(function () {
  "use strict";
  var OPEN = Infinity, UNDATED = "undated";

  function parse(text) {
    var parts = text.split("/"), first = parseInt(parts[0], 10), end = parts[1] || "";
    return [first, end === ".." ? OPEN : end ? parseInt(end, 10) : first];
  }

  function intervalsOf(el) {
    var out = [], from = el.getAttribute("data-from"), to = el.getAttribute("data-to");
    if (from) out.push(parse(to ? from + "/" + to : from));
    (el.getAttribute("data-also") || "").split(" ").forEach(function (t) { if (t) out.push(parse(t)); });
    return out;
  }

  // A year shows what surely held or was said in it; what is known only to date from some time
  // after a date (an undated source) has a period of its own, "undated".
  function touches(list, year) {
    return list.some(function (i) { return year === UNDATED ? i[1] === OPEN : i[0] <= year && year <= i[1] && i[1] !== OPEN; });
  }

  function plural(n, one, many) { return n + " " + (n === 1 ? one : many); }

  function setUp() {
    var items = Array.prototype.slice.call(document.querySelectorAll(".kb-when"));
    var bar = document.querySelector(".kb-when-bar");
    if (!items.length || document.querySelector(".kb-period")) return;
    items.forEach(function (el) { el.kbWhen = intervalsOf(el); });

    // What is counted: the claims, or the relations' sentences; else every mark (a map).
    var counted = items.filter(function (el) { return el.matches(".kb-claim, li"); });
    if (!counted.length) counted = items;

    var years = {};
    if (bar && bar.getAttribute("data-periods")) {
      bar.getAttribute("data-periods").split(" ").forEach(function (y) { if (y) years[y] = true; });
    } else {
      items.forEach(function (el) {
        el.kbWhen.forEach(function (i) { if (i[1] !== OPEN) for (var y = i[0]; y <= i[1]; y++) years[y] = true; });
      });
    }
    var periods = Object.keys(years).map(Number).sort();
    if (!periods.length) return;

    // The other pages of a long list: how many of their items each year has.
    var pages = bar ? Array.prototype.slice.call(bar.querySelectorAll("a[data-page]")).map(function (a) {
      var counts = {};
      a.getAttribute("data-counts").split(" ").forEach(function (pair) {
        if (pair) counts[pair.split(":")[0]] = parseInt(pair.split(":")[1], 10);
      });
      return { number: a.getAttribute("data-page"), href: a.getAttribute("href"), counts: counts };
    }) : [];

    var box = document.createElement("div");
    box.className = "kb-period";
    var group = document.createElement("div");
    group.className = "kb-filter";
    group.setAttribute("role", "group");
    group.setAttribute("aria-label", "Show what held or was said in a period");
    var label = document.createElement("span");
    label.className = "kb-period__label";
    label.textContent = "Period:";
    group.appendChild(label);
    var status = document.createElement("p");
    status.className = "kb-period__status";
    status.setAttribute("role", "status");
    var buttons = [];

    function count(year) {
      if (year === "all") return counted.length;
      return counted.filter(function (el) { return touches(el.kbWhen, year); }).length;
    }

    function addButton(value, text) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "kb-filter__item";
      button.setAttribute("data-period", value);
      button.textContent = text;
      button.addEventListener("click", function () { choose(value, true); });
      group.appendChild(button);
      buttons.push(button);
    }

    periods.unshift("all");
    periods.concat([UNDATED]).forEach(function (year) {
      var total = pages.length ? pages.reduce(function (s, p) { return s + (p.counts[year] || 0); }, 0) : count(year);
      if (total || year !== UNDATED) addButton(String(year), (year === UNDATED ? "Undated" : year === "all" ? "All" : year) + " (" + total + ")");
    });
    var values = buttons.map(function (b) { return b.getAttribute("data-period"); });

    function withPeriod(href, value) {
      var url = new URL(href, location.href);
      if (value === "all") url.searchParams.delete("period"); else url.searchParams.set("period", value);
      return url.pathname + url.search + url.hash;
    }

    function hideEmptyHeadings() {
      document.querySelectorAll(".md-content h2, .md-content h3").forEach(function (heading) {
        var any = false, shown = false, el = heading.nextElementSibling, between = [];
        while (el && !/^H[1-3]$/.test(el.tagName)) {
          var marks = el.classList.contains("kb-when") ? [el] : Array.prototype.slice.call(el.querySelectorAll(".kb-claim.kb-when"));
          if (marks.length) any = true;
          if (marks.some(function (m) { return !m.classList.contains("kb-off"); })) shown = true;
          if (el.classList.contains("kb-scope")) between.push(el);
          el = el.nextElementSibling;
        }
        var off = any && !shown;
        [heading].concat(between).forEach(function (h) { h.classList.toggle("kb-off", off); });
      });
    }

    function choose(value, byReader, missing) {
      var year = value === "all" ? null : value === UNDATED ? UNDATED : parseInt(value, 10);
      items.forEach(function (el) { el.classList.toggle("kb-off", year !== null && !touches(el.kbWhen, year)); });
      hideEmptyHeadings();
      buttons.forEach(function (b) { b.setAttribute("aria-pressed", b.getAttribute("data-period") === value ? "true" : "false"); });
      status.textContent = "";
      if (missing) {
        status.appendChild(document.createTextNode("The data has nothing for the period \u201c" + missing + "\u201d in the address; showing all periods."));
      } else if (year !== null) {
        var shown = counted.filter(function (el) { return touches(el.kbWhen, year); });
        var open = counted.filter(function (el) { return touches(el.kbWhen, UNDATED) && !touches(el.kbWhen, year); }).length;
        var text = year === UNDATED
          ? "Showing what is known only to date from some time after an earlier date (an undated source): " + shown.length + " of " + counted.length + " on this page."
          : "Showing what held or was said in " + year + ": " + shown.length + " of " + counted.length + " on this page.";
        if (open && year !== UNDATED) text += " Not shown: " + open + " known only to date from some time after an earlier date (\u201cUndated\u201d), which may or may not fall in " + year + ".";
        status.appendChild(document.createTextNode(text));
        var others = pages.filter(function (p) { return p.counts[year] && new URL(p.href, location.href).pathname !== location.pathname; });
        if (others.length) {
          status.appendChild(document.createTextNode(" This list continues on other pages, with more on "));
          others.forEach(function (p, index) {
            var a = document.createElement("a");
            a.href = withPeriod(p.href, value);
            a.textContent = "page " + p.number + " (" + p.counts[year] + ")";
            if (index) status.appendChild(document.createTextNode(", "));
            status.appendChild(a);
          });
          status.appendChild(document.createTextNode("."));
        }
      }
      document.querySelectorAll(".kb-pager a").forEach(function (a) { a.href = withPeriod(a.getAttribute("href"), value); });
      if (byReader) history.replaceState(null, "", withPeriod(location.href, value));
    }

    box.appendChild(group);
    box.appendChild(status);
    // The selector goes where the page marks it, unless dated items come first (a picture).
    var first = items[0].closest("figure, ul, .kb-claim") || items[0];
    var anchor = bar && !(bar.compareDocumentPosition(first) & Node.DOCUMENT_POSITION_PRECEDING) ? bar : first;
    anchor.parentNode.insertBefore(box, anchor);

    var asked = new URLSearchParams(location.search).get("period");
    if (asked && values.indexOf(asked) < 0) {
      choose("all", false, asked);
    } else {
      choose(asked || "all", false);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
